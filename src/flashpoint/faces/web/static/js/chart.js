// The dyad timeline: stacked bars of merged events by quad class per day or week, the Goldstein
// sum as a line on its own axis, and a marker over every bucket with an alert. Plain SVG.

import { clear, el, fmt, svg, QUAD_NAMES } from "./dom.js";

const QUADS = ["1", "2", "3", "4"];
const MARGIN = { top: 18, right: 48, bottom: 26, left: 40 };

// timeline: the /api/timeline answer; onPick(bucket): called when a bucket is clicked.
export function drawTimeline(container, timeline, onPick) {
  const buckets = timeline.buckets || [];
  const width = Math.max(360, container.clientWidth || 800);
  const height = 260;
  const inner = { w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  if (!buckets.length) {
    clear(container, el("p", { class: "muted" }, "No dated events for this dyad."));
    return;
  }
  const maxCount = Math.max(1, ...buckets.map((b) => b.events));
  const sums = buckets.map((b) => b.goldstein_sum || 0);
  const gMax = Math.max(1, ...sums.map(Math.abs));
  const step = inner.w / buckets.length;
  const barW = Math.max(1, step * 0.85);
  const y = (n) => inner.h - (n / maxCount) * inner.h;
  const gy = (g) => inner.h / 2 - (g / gMax) * (inner.h / 2);
  const alertDays = new Set((timeline.alerts || []).map((a) => a.date));

  const plot = svg("g", { transform: `translate(${MARGIN.left},${MARGIN.top})` });
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "img",
    "aria-label": `timeline of ${timeline.dyad.join(" and ")}` }, plot);

  // axes: counts on the left, Goldstein on the right, a zero line for Goldstein
  plot.append(svg("line", { x1: 0, x2: inner.w, y1: inner.h, y2: inner.h, class: "axis" }));
  plot.append(svg("line", { x1: 0, x2: inner.w, y1: gy(0), y2: gy(0), class: "zero" }));
  for (const tick of [0, Math.round(maxCount / 2), maxCount]) {
    plot.append(svg("text", { x: -6, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, fmt(tick)));
  }
  for (const g of [gMax, 0, -gMax]) {
    plot.append(svg("text", { x: inner.w + 6, y: gy(g) + 4, class: "tick g" }, Math.round(g).toString()));
  }
  const labelEvery = Math.ceil(buckets.length / Math.max(1, Math.floor(inner.w / 80)));
  buckets.forEach((bucket, i) => {
    if (i % labelEvery === 0) {
      plot.append(svg("text", { x: i * step, y: inner.h + 16, class: "tick" }, bucket.start));
    }
  });

  // bars
  const bars = svg("g", { class: "bars" });
  buckets.forEach((bucket, i) => {
    const x = i * step + (step - barW) / 2;
    let base = 0;
    const group = svg("g", { class: "bucket", "data-start": bucket.start, "data-end": bucket.end, tabindex: bucket.events ? 0 : null });
    const parts = [];
    for (const quad of QUADS) {
      const n = (bucket.quad && bucket.quad[quad]) || 0;
      if (!n) continue;
      group.append(svg("rect", { x, y: y(base + n), width: barW, height: Math.max(0.5, y(base) - y(base + n)), class: "q" + quad }));
      base += n;
      parts.push(`${QUAD_NAMES[quad]}: ${n}`);
    }
    // a transparent full-height target, so thin bars are easy to hit
    group.append(svg("rect", { x: i * step, y: 0, width: step, height: inner.h, class: "hit" }));
    const when = bucket.start === bucket.end ? bucket.start : `${bucket.start} – ${bucket.end}`;
    group.append(svg("title", {}, `${when}\n${fmt(bucket.events)} events\n${parts.join("\n")}\n` +
      `Goldstein sum ${bucket.goldstein_sum ?? 0}\nconflict score ${bucket.score ?? 0}` +
      (bucket.alert ? "\nALERT" : "")));
    if (bucket.events && onPick) {
      group.addEventListener("click", () => onPick(bucket));
      group.addEventListener("keydown", (event) => { if (event.key === "Enter") onPick(bucket); });
    }
    bars.append(group);
  });
  plot.append(bars);

  // Goldstein line
  const points = buckets.map((b, i) => `${(i + 0.5) * step},${gy(b.goldstein_sum || 0)}`).join(" ");
  plot.append(svg("polyline", { points, class: "goldstein" }));

  // alert markers: a triangle above the bucket
  buckets.forEach((bucket, i) => {
    const hit = bucket.alert || [...alertDays].some((d) => d >= bucket.start && d <= bucket.end);
    if (!hit) return;
    const cx = (i + 0.5) * step;
    const marker = svg("path", { d: `M${cx - 5},${-12} L${cx + 5},${-12} L${cx},${-3} Z`, class: "alert-mark",
      "data-date": bucket.start });
    marker.append(svg("title", {}, `alert ${bucket.start}`));
    if (onPick) marker.addEventListener("click", () => onPick(bucket));
    plot.append(marker);
  });

  clear(container, root);
}
