// Each panel's load from the view: the chart (with compared dyads), the map, the alerts, the
// network. Each shows its own errors beside its own controls; none leaves "loading…" behind.

import { aborted, get, Latest } from "./api.js";
import { clear, el, fmt } from "./dom.js";
import { drawTimeline } from "./chart.js";
import { actorLabel, dyadLabel, longDate } from "./labels.js";
import { drawNetwork } from "./network.js";
import { eventParams, pickRange } from "./state.js";

const $ = (id) => document.getElementById(id);
const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;
const latest = { chart: new Latest(), map: new Latest(), network: new Latest() };

export function panelError(id, error) {
  const node = $(id);
  if (!error) { node.hidden = true; node.textContent = ""; return; }
  if (aborted(error)) return;
  node.textContent = error.message;
  node.hidden = false;
}

// The chart's timeline (and the compared dyads'): what it shows is kept for redrawing on resize.
export const shown = { timeline: null, compare: [], state: null };

export async function loadChart(state, handlers) {
  const caption = $("chart-caption");
  if (!state.dyad) {
    shown.timeline = null;
    caption.textContent = "";
    clear($("chart"), el("p", { class: "muted" }, "Choose a dyad above (or type two actors) to see its timeline."));
    return null;
  }
  const [a, b] = state.dyad.split(":");
  const signal = latest.chart.signal();
  caption.textContent = "loading…";
  const began = performance.now();
  const count = state.view === "events" ? "reports" : "merged";
  let timeline;
  try {
    timeline = await get("timeline", { a, b, interval: state.interval, since: state.since, until: state.until, count },
      { signal });
    panelError("dyad-error", null);
  } catch (error) {
    if (aborted(error)) throw error;
    panelError("dyad-error", error);
    caption.textContent = "";
    clear($("chart"), el("p", { class: "muted" }, "No timeline: fix the dyad or the dates above."));
    throw error;
  }
  const compare = await loadCompare(state, timeline, count, signal);
  Object.assign(shown, { timeline, compare, state, handlers });
  caption.textContent = chartCaption(timeline, state, Math.round(performance.now() - began));
  notes($("dyad-error"), timeline.notes || []);
  drawChart();
  return timeline;
}

async function loadCompare(state, timeline, count, signal) {
  const pairs = (state.cmp || "").split(",").map((s) => s.trim()).filter((s) => s.includes(":"));
  const found = [];
  for (const pair of pairs.slice(0, 3)) {
    const [a, b] = pair.split(":");
    try {
      const other = await get("timeline", { a, b, interval: state.interval, since: timeline.start,
        until: timeline.end, count }, { signal });
      found.push({ dyad: other.dyad.join(":"), timeline: other });
    } catch (error) {
      if (aborted(error)) throw error;
      panelError("dyad-error", new Error(`compare ${pair}: ${error.message}`));
    }
  }
  return found;
}

function chartCaption(timeline, state, ms) {
  const totals = timeline.totals || {};
  const named = timeline.named ? Object.values(timeline.named).map(([name, code]) => `“${name}” read as ${code}`).join(", ") + " · " : "";
  const what = state.view === "events"
    ? `${plural(timeline.buckets.reduce((n, b) => n + ((b.reports && b.reports.events) || 0), 0), "report")}`
    : `${plural(totals.events || 0, "real-world event")} (${plural(totals.mentions || 0, "report")})`;
  const compared = shown.compare.length ? ` · compared with ${shown.compare.map((c) => dyadLabel(c.dyad)).join(", ")}` : "";
  return `${named}${dyadLabel(timeline.dyad.join(":"))}: ${what}, ${plural((timeline.alerts || []).length, "alert")}, ` +
    `${timeline.start ? longDate(timeline.start) : "?"} to ${timeline.end ? longDate(timeline.end) : "?"}${compared} · ${ms} ms`;
}

export function drawChart() {
  if (!shown.timeline) return;
  drawTimeline($("chart"), shown.timeline, { view: shown.state.view, compare: shown.compare, ...shown.handlers });
  markPicked(shown.picked);
  const legend = $("chart-legend");
  legend.querySelectorAll(".compare-key").forEach((node) => node.remove());
  shown.compare.forEach((other, index) => legend.append(el("li", { class: "compare-key" },
    el("i", { class: `ln compare c${index}` }), dyadLabel(other.dyad))));
}

// Outline the bars whose events the table lists (a picked bar: "2025-05-07" or "start..end").
export function markPicked(on) {
  shown.picked = on;
  const [start, end] = on ? pickRange(on) : [null, null];
  for (const bar of document.querySelectorAll("#chart g.bucket")) {
    bar.classList.toggle("picked", Boolean(on) && bar.dataset.start <= end && bar.dataset.end >= start);
  }
}

function notes(node, list) {
  if (!list.length) return;
  node.textContent = list.join(" · ");
  node.hidden = false;
}

export async function loadMap(state, eventMap) {
  const params = eventParams(state);
  let answer;
  try {
    answer = await get("map", params, { signal: latest.map.signal() });
  } catch (error) {
    if (!aborted(error)) $("map-caption").textContent = `No map: ${error.message}`;
    throw error;
  }
  const scope = state.dyad ? ` of ${dyadLabel(state.dyad)}` : "";
  const noun = state.view === "events" ? "reports" : "real-world events";
  const words = `${plural(answer.places.length, "place")} of the latest ${fmt(answer.recent)} located ${noun}${scope}`;
  await eventMap.draw(answer.places, words);
  return answer;
}

export async function loadNetwork(state, onDyad) {
  let network;
  try {
    network = await get("network", { since: state.since, until: state.until }, { signal: latest.network.signal() });
  } catch (error) {
    if (!aborted(error)) clear($("network"), el("p", { class: "field-error" }, error.message));
    throw error;
  }
  shown.network = network;
  shown.onDyad = onDyad;
  drawNetwork($("network"), network, onDyad);
  return network;
}

export function redrawNetwork() {
  if (shown.network) drawNetwork($("network"), shown.network, shown.onDyad);
}

// The scope line above the table: the dyad, the dates and the picked bar, each removable.
export function showScope(state, remove) {
  const parts = [];
  const chip = (text, key, label) => el("span", { class: "chip" }, text,
    el("button", { type: "button", class: "chip-x", "aria-label": label, onclick: () => remove(key) }, "×"));
  if (state.dyad) parts.push(chip(`dyad ${dyadLabel(state.dyad)}`, "dyad", "show every dyad"));
  if (state.since || state.until) {
    parts.push(chip(`${state.since ? longDate(state.since) : "start"} to ${state.until ? longDate(state.until) : "end"}`,
      "range", "show all dates"));
  }
  if (state.on) {
    const [start, end] = pickRange(state.on);
    parts.push(chip(start === end ? `on ${longDate(start)}` : `${longDate(start)} – ${longDate(end)}`, "on",
      "leave the picked bar"));
  }
  clear($("scope"), parts.length ? ["Showing ", ...parts] : "Showing every event of the store.");
}

export function showNotes(list) {
  clear($("notes"), list.map((note) => el("li", {}, note)));
}

export function statsLine(stats) {
  const period = stats.first_date ? ` · ${longDate(stats.first_date)} to ${longDate(stats.last_date)}` : "";
  return `${fmt(stats.merged)} real-world events in ${fmt(stats.events)} reports from ${plural(stats.coded, "article")}` +
    `${period} · ${stats.writable ? "writable" : "read-only"}`;
}

export function dyadOptionLabel(dyad) {
  return `${actorLabel(dyad.a)} – ${actorLabel(dyad.b)} (${fmt(dyad.events)})`;
}
