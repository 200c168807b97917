// An article with its marks: the text is cut at every span boundary and each piece becomes a
// text node inside a <span> whose classes name the marks covering it. Overlapping marks (an
// actor inside an evidence sentence) simply give a piece several classes.

import { el } from "./dom.js";

// text: the article; spans: [{kind, start, end, label, events}] (offsets into text);
// focus: an event id whose marks stand out. Returns a <div class="article">.
export function highlighted(text, spans, focus = null) {
  const cuts = new Set([0, text.length]);
  const usable = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end)
    && s.start >= 0 && s.end <= text.length && s.start < s.end);
  for (const span of usable) { cuts.add(span.start); cuts.add(span.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const root = el("div", { class: "article" });
  let focusNode = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i], end = points[i + 1];
    const piece = text.slice(start, end);
    const over = usable.filter((s) => s.start <= start && s.end >= end);
    if (!over.length) { root.append(piece); continue; }
    const classes = new Set();
    const labels = [];
    let focused = false;
    for (const span of over) {
      const mine = focus && span.events.includes(focus);
      if (focus && !mine) { classes.add("other-" + span.kind); continue; }
      classes.add("m-" + span.kind);
      if (mine) focused = true;
      if (span.kind !== "evidence" && span.label) labels.push(`${span.kind}: ${span.label}`);
    }
    if (focused) classes.add("focus");
    const node = el("span", { class: [...classes].join(" "), title: labels.join("\n") || null }, piece);
    if (focused && !focusNode) focusNode = node;
    root.append(node);
  }
  root.focusNode = focusNode;
  return root;
}
