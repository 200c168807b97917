// The dashboard: the view lives in the URL (state.js); every control changes the URL, and
// render() brings each panel in line with it, reloading only the panels whose inputs changed.
// Panels: the dyad timeline, the alerts, the event table, the event, the map, the network, the
// coding box and the glossary.

import { aborted, apiUrl, get, showError } from "./api.js";
import { el } from "./dom.js";
import { EventTable } from "./events.js";
import { fillPickers, markInvalid, readFilters, suggestActors, writeFilters } from "./filters.js";
import { loadAlerts } from "./alerts.js";
import { setupCoding } from "./code.js";
import { showEvent } from "./detail.js";
import { setupGlossary } from "./glossary.js";
import { loadGlossary } from "./labels.js";
import { EventMap } from "./map.js";
import {
  drawChart, dyadOptionLabel, loadChart, loadMap, loadNetwork, markPicked, panelError, redrawNetwork, showNotes,
  showScope, statsLine,
} from "./panels.js";
import { changed, eventParams, FILTER_KEYS, navigate, readState } from "./state.js";

const $ = (id) => document.getElementById(id);
const TABLE_KEYS = ["dyad", "since", "until", "on", "view", ...FILTER_KEYS, "sort", "limit"];
const MAP_KEYS = ["dyad", "since", "until", "on", "view", ...FILTER_KEYS];
const CHART_KEYS = ["dyad", "cmp", "interval", "since", "until", "view"];
let rendered = null;
let openFirst = false;  // after a bar or an alert: open the table's first (weightiest) event
const eventMap = new EventMap($("map"), $("map-caption"));
const table = new EventTable({
  table: $("events-table"), caption: $("events-caption"), prev: $("page-prev"), next: $("page-next"),
  info: $("page-info"), error: $("filters-error"), onOpen: (id) => navigate({ event: id }),
  onSort: (sort) => navigate({ sort }),
});
const chartHandlers = {
  onPick: (bucket) => pickBucket(bucket),
  onBrush: (start, end) => navigate({ since: start, until: end, on: null }),
};

function pickBucket(bucket) {
  openFirst = true;
  navigate({ on: bucket.start === bucket.end ? bucket.start : `${bucket.start}..${bucket.end}`, event: null,
    sort: "goldstein" });  // the bar's events, most conflictual first
}

// Bring every panel in line with the URL.
async function render() {
  const state = readState();
  const before = rendered;
  rendered = state;
  syncControls(state);
  if (!rangeIsValid(state)) return;
  const jobs = [];
  markPicked(state.on);
  if (changed(before, state, CHART_KEYS)) jobs.push(loadChart(state, chartHandlers).then((t) => canonical(state, t)));
  if (changed(before, state, TABLE_KEYS)) jobs.push(loadTable(state));
  if (changed(before, state, MAP_KEYS)) jobs.push(loadMap(state, eventMap));
  if (changed(before, state, ["since", "until", "akind", "amine", ...(state.amine ? ["dyad"] : [])])) {
    jobs.push(refreshAlerts(state));
  }
  if (changed(before, state, ["since", "until"])) jobs.push(loadNetwork(state, (dyad) => navigate({ dyad, on: null })));
  if (changed(before, state, ["event"])) jobs.push(loadDetail(state));
  const results = await Promise.allSettled(jobs);
  let failed = false;
  for (const result of results) {
    // API errors are shown by their panel; anything else is a bug worth the banner
    if (result.status === "rejected" && !aborted(result.reason) && !("param" in result.reason)) {
      showError(result.reason);
      failed = true;
    }
  }
  if (!failed) $("error").hidden = true;
  document.body.dataset.ready = "1";
}

// Names typed for the dyad ("India:Pakistan") become its codes in the URL once read.
function canonical(state, timeline) {
  if (timeline && timeline.named && timeline.dyad) navigate({ dyad: timeline.dyad.join(":") }, { replace: true });
}

function rangeIsValid(state) {
  const bad = state.since && state.until && state.since > state.until;
  panelError("range-error", bad ? new Error(`From (${state.since}) is after To (${state.until}): nothing to show.`) : null);
  $("range-since").toggleAttribute("aria-invalid", Boolean(bad));
  return !bad;
}

async function loadTable(state) {
  showScope(state, removeScope);
  const params = { ...eventParams(state), sort: state.sort, limit: state.limit };
  exportLinks(params);
  let answer;
  try {
    answer = await table.load(params);
    markInvalid($("filters"), null);
  } catch (error) {
    markInvalid($("filters"), error.param);
    showNotes([]);
    throw error;
  }
  showNotes(answer.notes || []);
  table.select(state.event);
  if (openFirst && answer.items.length) {
    openFirst = false;
    navigate({ event: answer.items[0].event_id }, { replace: true });
  }
  return answer;
}

function exportLinks(params) {
  const { sort, limit, ...filters } = params;
  $("export-csv").href = apiUrl("export", { ...filters, format: "csv" });
  $("export-json").href = apiUrl("export", { ...filters, format: "json" });
}

async function loadDetail(state) {
  const link = $("permalink");
  if (!state.event) {
    link.hidden = true;
    return null;
  }
  link.hidden = false;
  link.querySelector("a").href = location.hash;  // the whole view, this event open
  table.select(state.event);
  try {
    return await showEvent($("detail"), state.event, (id) => navigate({ event: id }));
  } catch (error) {
    if (!aborted(error)) $("detail").replaceChildren(el("p", { class: "field-error", role: "alert" }, error.message));
    throw error;
  }
}

function refreshAlerts(state) {
  const kinds = state.akind ? state.akind.split(",") : [];
  const dyad = state.amine && state.dyad ? state.dyad : null;
  return loadAlerts($("alerts"), $("alerts-caption"), { since: state.since, until: state.until, dyad, kind: kinds },
    (alert) => {
      openFirst = true;
      navigate({ dyad: alert.dyad.join(":"), on: alert.date, sort: "goldstein", event: null });
    });
}

function removeScope(key) {
  if (key === "range") navigate({ since: null, until: null, on: null });
  else navigate({ [key]: null, ...(key === "dyad" ? { on: null } : {}) });
}

// Controls show the URL's state (after a reload, back or forward, or a click elsewhere).
function syncControls(state) {
  $("range-since").value = state.since || "";
  $("range-until").value = state.until || "";
  for (const radio of document.querySelectorAll("#view-toggle input")) radio.checked = radio.value === state.view;
  const [a, b] = (state.dyad || ":").split(":");
  $("dyad-a").value = a || "";
  $("dyad-b").value = b || "";
  $("dyad-interval").value = state.interval;
  $("dyad-compare").value = state.cmp || "";
  const select = $("dyad-select");
  select.value = [...select.options].some((o) => o.value === state.dyad) ? state.dyad : "";
  writeFilters($("filters"), state);
  const alertsForm = $("alerts-form");
  alertsForm.elements.mine.checked = Boolean(state.amine);
  const kinds = (state.akind || "").split(",");
  for (const box of alertsForm.querySelectorAll("input[name=kind]")) box.checked = kinds.includes(box.value);
}

function wire() {
  $("range-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ since: $("range-since").value, until: $("range-until").value, on: null });
  });
  $("range-clear").addEventListener("click", () => navigate({ since: null, until: null, on: null }));
  for (const radio of document.querySelectorAll("#view-toggle input")) {
    radio.addEventListener("change", () => {
      const reportsSort = readState().sort.includes("reports");  // real-world events only
      navigate({ view: radio.value, sort: radio.value === "events" && reportsSort ? null : undefined });
    });
  }
  $("dyad-select").addEventListener("change", (event) => {
    if (event.target.value) navigate({ dyad: event.target.value, on: null, event: null });
  });
  $("dyad-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const a = $("dyad-a").value.trim(), b = $("dyad-b").value.trim();
    if (!a || !b) return panelError("dyad-error", new Error("Give two actors: codes (IND, PAKMIL) or names (India)."));
    navigate({ dyad: `${a}:${b}`, cmp: $("dyad-compare").value.trim(), interval: $("dyad-interval").value, on: null });
  });
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ ...readFilters($("filters")), event: undefined });
  });
  $("filters-clear").addEventListener("click", () => navigate(Object.fromEntries([...FILTER_KEYS, "on"].map((k) => [k, null]))));
  $("alerts-form").addEventListener("change", () => {
    const form = $("alerts-form");
    const kinds = [...form.querySelectorAll("input[name=kind]:checked")].map((box) => box.value);
    navigate({ amine: form.elements.mine.checked ? "1" : null, akind: kinds.join(",") || null });
  });
  suggestActors($("dyad-a"), $("actor-list-a"));
  suggestActors($("dyad-b"), $("actor-list-b"));
  for (const name of ["actor", "source", "target"]) suggestActors($("filters").elements[name], $("actor-list-f"));
  setupCoding({ form: $("code-form"), text: $("code-text"), date: $("code-date"), all: $("code-all"),
    status: $("code-status"), result: $("code-result"), button: $("code-submit") });
  window.addEventListener("popstate", () => render());
  window.addEventListener("flashpoint:state", () => render());
  redrawOnResize();
}

function redrawOnResize() {
  let timer = null;
  let width = $("chart").clientWidth;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if ($("chart").clientWidth === width) return;
      width = $("chart").clientWidth;
      drawChart();
      redrawNetwork();
      if (eventMap.places) eventMap.draw(eventMap.places, eventMap.words).catch(showError);
    }, 250);
  });
}

async function start() {
  wire();
  const [stats, dyads] = await Promise.all([get("stats"), get("dyads", { limit: 200 }), loadGlossary()]);
  $("stats").textContent = statsLine(stats);
  $("dyad-select").append(...dyads.map((dyad) => el("option", { value: `${dyad.a}:${dyad.b}` }, dyadOptionLabel(dyad))));
  fillPickers($("filters"));
  if (matchMedia("(max-width: 700px)").matches && !FILTER_KEYS.some((key) => readState()[key])) {
    $("filters-box").open = false;  // a phone: the table first, the filters one tap away
  }
  setupGlossary($("glossary-search"), $("glossary"), $("glossary-count"));
  if (!location.hash.replace("#", "") && dyads.length) {  // open on the busiest dyad
    history.replaceState(null, "", `#dyad=${dyads[0].a}:${dyads[0].b}`);
  }
  await render();
}

start().catch((error) => { showError(error); document.body.dataset.ready = "1"; });
