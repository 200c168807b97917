// The dashboard: wires the dyad picker and chart, the alerts, the event table, the event
// detail, the map and the coding box. State lives in the URL hash (#IND:PAK:day), so a view can
// be bookmarked and reloads where it was.

import { get, showError } from "./api.js";
import { clear, el, fmt } from "./dom.js";
import { drawTimeline } from "./chart.js";
import { drawMap } from "./map.js";
import { showEvent } from "./detail.js";
import { EventTable } from "./events.js";
import { loadAlerts } from "./alerts.js";
import { setupCoding } from "./code.js";

const $ = (id) => document.getElementById(id);
const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;

const table = new EventTable({
  form: $("filters"), body: document.querySelector("#events-table tbody"), caption: $("events-caption"),
  prev: $("page-prev"), next: $("page-next"), info: $("page-info"), onOpen: openEvent,
});

function openEvent(eventId) {
  return showEvent($("detail"), eventId, openEvent).catch(showError);
}

async function loadStats() {
  const stats = await get("stats");
  $("stats").textContent = `${fmt(stats.events)} events · ${fmt(stats.merged)} merged · ${fmt(stats.coded)} articles` +
    (stats.first_date ? ` · ${stats.first_date} to ${stats.last_date}` : "") + (stats.writable ? " · writable" : " · read-only");
  return stats;
}

async function loadDyads() {
  const dyads = await get("dyads", { limit: 200 });
  const select = $("dyad-select");
  for (const dyad of dyads) {
    select.append(el("option", { value: `${dyad.a}:${dyad.b}` }, `${dyad.a} – ${dyad.b} (${fmt(dyad.events)})`));
  }
  return dyads;
}

// Show a dyad: its timeline, its events in the table, its places on the map.
async function showDyad(a, b, interval = "day", extra = {}) {
  $("dyad-a").value = a;
  $("dyad-b").value = b;
  $("dyad-interval").value = interval;
  const pair = `${a}:${b}`;
  $("dyad-select").value = [...$("dyad-select").options].some((o) => o.value === pair) ? pair : "";
  history.replaceState(null, "", `#${pair}:${interval}`);
  const params = { a, b, interval, since: $("dyad-since").value, until: $("dyad-until").value };
  $("chart-caption").textContent = "loading…";
  const began = performance.now();
  const [timeline, page] = await Promise.all([
    get("timeline", params),
    table.setFilters({ dyad: pair, ...extra }),
    refreshMap({ dyad: pair }),
  ]);
  const totals = timeline.totals || {};
  $("chart-caption").textContent = `${timeline.dyad.join(" – ")}: ${fmt(totals.events || 0)} merged events ` +
    `(${fmt(totals.mentions || 0)} reports), ${plural((timeline.alerts || []).length, "alert")}, ` +
    `${timeline.start || "?"} to ${timeline.end || "?"} · ${Math.round(performance.now() - began)} ms`;
  shown.timeline = timeline;
  shown.pair = pair;
  drawChart();
  return { timeline, page };
}

// What the chart and the map show, so a resize redraws them without asking the server again.
const shown = { timeline: null, pair: null, places: null, width: 0 };

// A bar of the chart: that bucket's events, most conflictual first, and the first one opened.
function pickBucket(bucket) {
  table.setFilters({ dyad: shown.pair, since: bucket.start, until: bucket.end, sort: "goldstein" })
    .then((answer) => answer && answer.items.length && openEvent(answer.items[0].event_id))
    .catch(showError);
}

function drawChart() {
  if (shown.timeline) drawTimeline($("chart"), shown.timeline, pickBucket);
}

async function refreshMap(filters) {
  const answer = await get("map", filters);
  const scope = filters.dyad ? ` of ${filters.dyad.replace(":", " – ")}` : "";
  $("map-caption").textContent = `${plural(answer.places.length, "place")} of the latest ${fmt(answer.recent)} located events${scope}`;
  shown.places = answer.places;
  await drawMap($("map"), answer.places);
}

function wire() {
  $("dyad-select").addEventListener("change", (event) => {
    const [a, b] = event.target.value.split(":");
    if (a && b) showDyad(a, b, $("dyad-interval").value).catch(showError);
  });
  $("dyad-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const a = $("dyad-a").value.trim().toUpperCase(), b = $("dyad-b").value.trim().toUpperCase();
    if (a && b) showDyad(a, b, $("dyad-interval").value).catch(showError);
  });
  $("filters-clear").addEventListener("click", () => table.setFilters({}).catch(showError));
  $("alerts-form").addEventListener("submit", (event) => {
    event.preventDefault();
    refreshAlerts().catch(showError);
  });
  setupCoding({ form: $("code-form"), text: $("code-text"), date: $("code-date"), all: $("code-all"),
    status: $("code-status"), result: $("code-result"), button: $("code-submit") });
  // Redraw (never reload) the chart and the map when their width changes.
  let resizeTimer = null;
  shown.width = $("chart").clientWidth;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if ($("chart").clientWidth === shown.width) return;
      shown.width = $("chart").clientWidth;
      drawChart();
      if (shown.places) drawMap($("map"), shown.places).catch(showError);
    }, 300);
  });
}

function refreshAlerts() {
  return loadAlerts($("alerts"), $("alerts-since").value, (alert) => {
    const [a, b] = alert.dyad;
    showDyad(a, b, "day", { since: alert.date, until: alert.date, sort: "goldstein" })
      .then(({ page }) => page && page.items.length && openEvent(page.items[0].event_id))
      .catch(showError);
  });
}

async function start() {
  wire();
  const [stats] = await Promise.all([loadStats(), loadDyads()]);
  const [a, b, interval] = location.hash.slice(1).split(":");
  const jobs = [refreshAlerts().catch(showError)];
  if (a && b) jobs.push(showDyad(a.toUpperCase(), b.toUpperCase(), interval || "day"));
  else jobs.push(table.filter({}), refreshMap({}));
  await Promise.all(jobs);
  document.body.dataset.ready = "1";
  return stats;
}

start().catch(showError);
