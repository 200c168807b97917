// The dyad timeline: bars of real-world events (or reports) per day or week, stacked by quad
// class (each with its own pattern, so colour is not the only cue), the Goldstein sum on its own
// axis, the 7-day average, lines for compared dyads, and a triangle over each alert. Hover, focus
// or tap a bar for its numbers; click it for its events; drag across bars to set the date range.

import { clear, el, fmt, svg } from "./dom.js";
import { dyadLabel, longDate, quadName, shortDate } from "./labels.js";
import { hideTip, withTip } from "./tooltip.js";

const QUADS = ["1", "2", "3", "4"];
const COMPARE_STYLES = ["6 3", "2 3", "10 4 2 4"];
const ROLLING_DAYS = 7;

// What a bar counts: real-world events (the bucket itself) or reports (bucket.reports).
function counted(bucket, view) {
  return view === "events" && bucket.reports ? bucket.reports : bucket;
}

function unitWords(view, interval) {
  return `${view === "events" ? "reports" : "real-world events"} per ${interval}`;
}

// opts: {view, compare: [{dyad, timeline}], onPick(bucket), onBrush(start, end)}
export function drawTimeline(container, timeline, opts) {
  const buckets = timeline.buckets || [];
  hideTip(container);
  if (!buckets.length) {
    clear(container, el("p", { class: "muted" }, "No dated events for this dyad in this period."));
    return;
  }
  const phone = container.clientWidth < 560;
  const width = Math.max(300, container.clientWidth || 800);
  const height = phone ? 230 : 290;
  const margin = { top: 24, right: phone ? 40 : 58, bottom: 46, left: phone ? 44 : 56 };
  const inner = { w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
  const step = inner.w / buckets.length;
  const ctx = { buckets, step, inner, view: opts.view, timeline, margin };
  ctx.counts = buckets.map((bucket) => counted(bucket, opts.view));
  ctx.rolling = timeline.interval === "day" ? rollingMean(ctx.counts.map((c) => c.events || 0), ROLLING_DAYS) : null;
  ctx.compare = (opts.compare || []).map((other) => alignCompare(other, buckets, opts.view));
  const tallest = Math.max(1, ...ctx.counts.map((c) => c.events || 0),
    ...ctx.compare.flatMap((other) => other.values.filter((v) => v !== null)));
  ctx.maxCount = niceMax(tallest);
  ctx.y = (n) => inner.h - (n / ctx.maxCount) * inner.h;
  const sums = ctx.counts.map((c) => c.goldstein_sum || 0);
  ctx.gMax = niceMax(Math.max(1, ...sums.map(Math.abs)));
  ctx.gy = (g) => inner.h / 2 - (g / ctx.gMax) * (inner.h / 2);

  const plot = svg("g", { transform: `translate(${margin.left},${margin.top})` });
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "timeline", role: "group",
    "aria-label": `${dyadLabel(timeline.dyad.join(":"))}: ${unitWords(opts.view, timeline.interval)}` },
  patterns(), plot);
  axes(plot, ctx, timeline.interval);
  plot.append(bars(ctx, opts));
  lines(plot, ctx, sums);
  alertMarks(plot, ctx);
  brush(root, plot, ctx, opts);
  clear(container, root);
}

// Patterns for the quad classes: dots, solid, hatching, solid dark (not by colour alone).
function patterns() {
  const defs = svg("defs");
  defs.append(svg("pattern", { id: "p-q1", width: 5, height: 5, patternUnits: "userSpaceOnUse" },
    svg("rect", { width: 5, height: 5, class: "q1-bg" }), svg("circle", { cx: 2.5, cy: 2.5, r: 1.1, class: "q1-fg" })));
  defs.append(svg("pattern", { id: "p-q3", width: 5, height: 5, patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)" },
  svg("rect", { width: 5, height: 5, class: "q3-bg" }), svg("rect", { width: 2, height: 5, class: "q3-fg" })));
  return defs;
}

function axes(plot, ctx, interval) {
  const { inner, maxCount, gMax, y, gy, buckets, step } = ctx;
  plot.append(svg("line", { x1: 0, x2: inner.w, y1: inner.h, y2: inner.h, class: "axis" }));
  plot.append(svg("line", { x1: 0, x2: inner.w, y1: gy(0), y2: gy(0), class: "zero" }));
  for (const tick of [0, maxCount / 2, maxCount].filter(Number.isInteger)) {
    plot.append(svg("line", { x1: -4, x2: 0, y1: y(tick), y2: y(tick), class: "axis" }));
    plot.append(svg("text", { x: -7, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, fmt(tick)));
  }
  for (const g of [gMax, 0, -gMax]) {
    plot.append(svg("text", { x: inner.w + 6, y: gy(g) + 4, class: "tick g" }, `${g > 0 ? "+" : ""}${fmt(g)}`));
  }
  const every = Math.ceil(buckets.length / Math.max(1, Math.floor(inner.w / 64)));
  buckets.forEach((bucket, i) => {
    if (i % every) return;
    const x = i * step + step / 2;
    plot.append(svg("line", { x1: x, x2: x, y1: inner.h, y2: inner.h + 4, class: "axis" }));
    plot.append(svg("text", { x, y: inner.h + 16, class: "tick", "text-anchor": "middle" }, shortDate(bucket.start)));
  });
  plot.append(svg("text", { x: inner.w / 2, y: inner.h + 38, class: "axis-title", "text-anchor": "middle" },
    interval === "week" ? "week (Monday to Sunday)" : "day"));
  plot.append(svg("text", { transform: `translate(${-ctx.margin.left + 14},${inner.h / 2}) rotate(-90)`,
    class: "axis-title", "text-anchor": "middle" }, unitWords(ctx.view, interval)));
  plot.append(svg("text", { transform: `translate(${inner.w + ctx.margin.right - 8},${inner.h / 2}) rotate(90)`,
    class: "axis-title g", "text-anchor": "middle" }, "Goldstein sum"));
}

function bars(ctx, opts) {
  const { buckets, step, y, inner, counts } = ctx;
  const barW = Math.max(1, step * 0.82);
  const group = svg("g", { class: "bars" });
  buckets.forEach((bucket, i) => {
    const count = counts[i];
    const x = i * step + (step - barW) / 2;
    const mark = svg("g", { class: "bucket", "data-start": bucket.start, "data-end": bucket.end,
      "data-count": count.events || 0 });
    let base = 0;
    for (const quad of QUADS) {
      const n = (count.quad && count.quad[quad]) || 0;
      if (!n) continue;
      mark.append(svg("rect", { x, y: y(base + n), width: barW, height: Math.max(0.5, y(base) - y(base + n)),
        class: "q" + quad }));
      base += n;
    }
    const hit = svg("rect", { x: i * step, y: 0, width: step, height: inner.h, class: "hit" });
    mark.prepend(hit);
    if (count.events) {
      const words = describe(bucket, count, ctx);
      Object.assign(mark.dataset, { pick: "1" });
      mark.setAttribute("tabindex", "0");
      mark.setAttribute("role", "button");
      mark.setAttribute("aria-label", words.join("; "));
      mark.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); opts.onPick(bucket); }
      });
      withTip(mark, words);
    }
    group.append(mark);
  });
  return group;
}

function describe(bucket, count, ctx) {
  const when = bucket.start === bucket.end ? longDate(bucket.start) : `${longDate(bucket.start)} – ${longDate(bucket.end)}`;
  const noun = ctx.view === "events" ? "report" : "real-world event";
  const lines = [when, `${fmt(count.events)} ${noun}${count.events === 1 ? "" : "s"}` +
    (ctx.view !== "events" && bucket.mentions ? ` in ${fmt(bucket.mentions)} reports` : "")];
  for (const quad of QUADS) {
    const n = (count.quad && count.quad[quad]) || 0;
    if (n) lines.push(`${quadName(quad)}: ${n}`);
  }
  lines.push(`Goldstein sum ${count.goldstein_sum ?? 0}`);
  lines.push(`conflict score ${(bucket.score ?? 0).toFixed(1)} (usual level ${(bucket.baseline ?? 0).toFixed(1)})`);
  if (bucket.alert) lines.push("escalation alert");
  return lines;
}

function lines(plot, ctx, sums) {
  const { buckets, step, gy, y } = ctx;
  const at = (i) => (i + 0.5) * step;
  plot.append(svg("polyline", { points: buckets.map((_, i) => `${at(i)},${gy(sums[i])}`).join(" "),
    class: "goldstein" }));
  if (ctx.rolling) {
    plot.append(svg("polyline", { points: ctx.rolling.map((v, i) => `${at(i)},${y(v)}`).join(" "), class: "rolling" }));
  }
  ctx.compare.forEach((other, index) => {
    const points = other.values.map((v, i) => (v === null ? null : `${at(i)},${y(v)}`)).filter(Boolean);
    plot.append(svg("polyline", { points: points.join(" "), class: `compare c${index}`,
      "stroke-dasharray": COMPARE_STYLES[index % COMPARE_STYLES.length] }));
  });
}

function alertMarks(plot, ctx) {
  ctx.buckets.forEach((bucket, i) => {
    if (!bucket.alert) return;
    const cx = (i + 0.5) * ctx.step;
    plot.append(svg("path", { d: `M${cx - 5},-14 L${cx + 5},-14 L${cx},-4 Z`, class: "alert-mark",
      "data-date": bucket.start, "aria-hidden": "true" }));
  });
}

// Click a bar: its events. Drag across bars: the range they span becomes the global range.
function brush(root, plot, ctx, opts) {
  const band = svg("rect", { y: 0, height: ctx.inner.h, width: 0, class: "brush", visibility: "hidden" });
  plot.append(band);
  let from = null;
  const index = (event) => {
    const box = root.getBoundingClientRect();
    const x = (event.clientX - box.left) * (root.viewBox.baseVal.width / box.width) - ctx.margin.left;
    return Math.min(ctx.buckets.length - 1, Math.max(0, Math.floor(x / ctx.step)));
  };
  root.addEventListener("pointerdown", (event) => {
    if (event.button > 0) return;
    from = index(event);
  });
  root.addEventListener("pointermove", (event) => {
    if (from === null || !(event.buttons & 1)) return;
    const to = index(event);
    if (to === from) return;
    const [lo, hi] = [Math.min(from, to), Math.max(from, to)];
    band.setAttribute("x", lo * ctx.step);
    band.setAttribute("width", (hi - lo + 1) * ctx.step);
    band.setAttribute("visibility", "visible");
  });
  root.addEventListener("pointerup", (event) => {
    if (from === null) return;
    const to = index(event);
    const start = from;
    from = null;
    band.setAttribute("visibility", "hidden");
    if (to !== start) {
      const [lo, hi] = [Math.min(start, to), Math.max(start, to)];
      opts.onBrush(ctx.buckets[lo].start, ctx.buckets[hi].end);
    } else if ((ctx.counts[to].events || 0) > 0) {
      opts.onPick(ctx.buckets[to]);
    }
  });
  root.addEventListener("pointercancel", () => { from = null; band.setAttribute("visibility", "hidden"); });
}

function alignCompare(other, buckets, view) {
  const byStart = new Map((other.timeline.buckets || []).map((b) => [b.start, counted(b, view).events || 0]));
  return { dyad: other.dyad, values: buckets.map((b) => (byStart.has(b.start) ? byStart.get(b.start) : null)) };
}

export function rollingMean(values, days) {
  return values.map((_, i) => {
    const window = values.slice(Math.max(0, i - days + 1), i + 1);
    return window.reduce((a, b) => a + b, 0) / days;
  });
}

function niceMax(value) {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
