// The alerts list: each alert names its dyad, day, why, and its weightiest event; clicking one
// shows that dyad and day (chart, events, map) without moving the page. Filterable by dyad and kind.

import { aborted, get, Latest } from "./api.js";
import { clear, el } from "./dom.js";
import { dyadLabel, longDate } from "./labels.js";

export const KIND_WORDS = {
  escalation: "escalation", first_material_conflict: "first material conflict", new_force_root: "first use of force",
};
const latest = new Latest();

// params: {since, until, dyad, kind: [...]}; onPick(alert).
export async function loadAlerts(list, caption, params, onPick) {
  clear(list, el("li", { class: "muted" }, "loading…"));
  let answer;
  try {
    answer = await get("alerts", params, { signal: latest.signal() });
  } catch (error) {
    if (!aborted(error)) clear(list, el("li", { class: "field-error", role: "alert" }, error.message));
    throw error;
  }
  const alerts = answer.alerts || [];
  caption.textContent = `${answer.count} alert${answer.count === 1 ? "" : "s"}` +
    (answer.count > alerts.length ? `, the newest ${alerts.length} shown` : "");
  if (!alerts.length) {
    clear(list, el("li", { class: "muted" }, "No alerts in this period."));
    return alerts;
  }
  clear(list, alerts.map((alert) => item(alert, onPick)));
  return alerts;
}

function item(alert, onPick) {
  const top = (alert.events || [])[0];
  const dyad = alert.dyad.join(":");
  const title = `${dyadLabel(dyad)}, ${longDate(alert.date)}`;
  return el("li", { class: "alert", "data-dyad": dyad, "data-date": alert.date },
    el("button", { type: "button", class: "alert-open", "aria-label": `show ${title}`, onclick: () => onPick(alert) },
      el("strong", {}, dyadLabel(dyad)), " ", el("span", { class: "when" }, longDate(alert.date))),
    el("div", {}, (alert.kinds || []).map((kind) => el("span", { class: `badge ${kind}` }, "▲ " + (KIND_WORDS[kind] || kind)))),
    el("div", { class: "reason" }, (alert.reasons || []).join(" ")),
    top ? el("div", { class: "quote" }, `“${top.sentence}”`) : null);
}
