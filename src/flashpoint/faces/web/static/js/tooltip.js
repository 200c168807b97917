// One tooltip for every chart, map and network mark: shown on hover, on keyboard focus and on
// touch (a tap), since SVG's own <title> never appears on a phone.

import { clear, el } from "./dom.js";

let tip = null;
let owner = null;  // the mark the tip belongs to

function node() {
  if (!tip) {
    tip = el("div", { id: "tip", class: "tip", role: "tooltip", hidden: true });
    document.body.append(tip);
  }
  return tip;
}

// lines: strings (the first bold); at: the element to show it by, or {x, y} page coordinates.
export function showTip(lines, at) {
  const box = node();
  owner = at.getBoundingClientRect ? at : null;
  clear(box, lines.map((line, index) => el("div", { class: index ? null : "tip-head" }, line)));
  box.hidden = false;
  const rect = at.getBoundingClientRect ? at.getBoundingClientRect() : null;
  const x = rect ? rect.left + rect.width / 2 : at.x;
  const y = rect ? rect.top : at.y;
  const width = box.offsetWidth, height = box.offsetHeight;
  const left = Math.min(Math.max(4, x - width / 2), document.documentElement.clientWidth - width - 4);
  const top = y - height - 8 >= 0 ? y - height - 8 : y + (rect ? rect.height : 0) + 8;
  box.style.left = `${left + window.scrollX}px`;
  box.style.top = `${top + window.scrollY}px`;
}

// Hide the tip; with a scope (a panel being redrawn), only when it belongs to a mark in it.
export function hideTip(scope = null) {
  if (!tip || (scope && owner && owner.isConnected && !scope.contains(owner))) return;
  tip.hidden = true;
}

// Wire a mark: hover and focus show its lines, leaving hides them; a touch shows them too.
export function withTip(mark, lines) {
  const show = () => showTip(typeof lines === "function" ? lines() : lines, mark);
  mark.addEventListener("pointerenter", show);
  mark.addEventListener("pointerdown", (event) => { if (event.pointerType !== "mouse") show(); });
  mark.addEventListener("focus", show);
  mark.addEventListener("pointerleave", (event) => { if (event.pointerType === "mouse") hideTip(mark); });
  mark.addEventListener("blur", () => hideTip(mark));
  return mark;
}

window.addEventListener("scroll", () => hideTip(), { passive: true });
