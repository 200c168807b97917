// The alerts list: each alert names its dyad, day, why, and its weightiest event; clicking one
// shows that dyad's timeline and the day's events.

import { get } from "./api.js";
import { clear, el } from "./dom.js";

export async function loadAlerts(list, since, onPick) {
  clear(list, el("li", { class: "muted" }, "loading…"));
  const answer = await get("alerts", { since });
  const alerts = answer.alerts || [];
  if (!alerts.length) {
    clear(list, el("li", { class: "muted" }, "No alerts."));
    return alerts;
  }
  clear(list, alerts.map((alert) => {
    const top = (alert.events || [])[0];
    const item = el("li", { class: "alert", tabindex: 0, "data-dyad": alert.dyad.join(":"), "data-date": alert.date },
      el("div", {}, el("strong", {}, alert.dyad.join(" – ")), " ", el("span", { class: "muted" }, alert.date), " ",
        (alert.kinds || []).map((kind) => el("span", { class: "badge" }, kind.replaceAll("_", " ")))),
      el("div", { class: "reason" }, (alert.reasons || []).join(" ")),
      top ? el("div", { class: "muted quote" }, `“${top.sentence}”`) : null);
    const pick = () => onPick(alert);
    item.addEventListener("click", pick);
    item.addEventListener("keydown", (event) => { if (event.key === "Enter") pick(); });
    return item;
  }));
  return alerts;
}
