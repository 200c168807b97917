// Who acts on whom: the actor network of the period (the most active actors on a circle, an
// arrow per direction, its width the number of events; red and dashed when conflict outweighs
// cooperation, green and solid when cooperation does). Click an arrow between two countries to
// show that dyad.

import { clear, el, fmt, svg } from "./dom.js";
import { actorLabel } from "./labels.js";
import { hideTip, withTip } from "./tooltip.js";

const MAX_NODES = 12;

export function drawNetwork(container, network, onDyad) {
  hideTip(container);
  const nodes = [...(network.nodes || [])].sort((a, b) => b.events - a.events).slice(0, MAX_NODES);
  const shown = new Set(nodes.map((n) => n.code));
  const edges = (network.edges || []).filter((e) => shown.has(e.source) && shown.has(e.target));
  if (!edges.length) {
    clear(container, el("p", { class: "muted" }, "No events between two known actors in this period."));
    return;
  }
  const width = Math.max(280, container.clientWidth || 500);
  const height = Math.round(Math.min(width * 0.8, 460));
  const radius = Math.max(40, Math.min(width / 2 - 70, height / 2 - 44));  // room for the names around
  const centre = [width / 2, height / 2];
  const where = new Map(nodes.map((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
    return [node.code, [centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle), angle]];
  }));
  const most = Math.max(1, ...edges.map((e) => e.events));
  const busiest = Math.max(1, ...nodes.map((n) => n.events));
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "network", role: "group",
    "aria-label": `actor network: ${nodes.length} actors, ${edges.length} directions` }, markers());
  for (const edge of edges) root.append(arrow(edge, where, most, onDyad));
  for (const node of nodes) root.append(circle(node, where.get(node.code), busiest));
  clear(container, root);
}

function markers() {
  const defs = svg("defs");
  for (const kind of ["conflict", "coop", "mixed"]) {
    defs.append(svg("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M0 0 L10 5 L0 10 z", class: `head ${kind}` })));
  }
  return defs;
}

function arrow(edge, where, most, onDyad) {
  const [x1, y1] = where.get(edge.source), [x2, y2] = where.get(edge.target);
  const dx = x2 - x1, dy = y2 - y1, length = Math.hypot(dx, dy) || 1;
  const bend = 0.16 * length;  // each direction on its own side
  const mx = (x1 + x2) / 2 - (dy / length) * bend, my = (y1 + y2) / 2 + (dx / length) * bend;
  const kind = edge.goldstein_mean < -1 ? "conflict" : edge.goldstein_mean > 1 ? "coop" : "mixed";
  const trim = (x, y, tx, ty, d) => { const l = Math.hypot(tx - x, ty - y) || 1; return [x + ((tx - x) / l) * d, y + ((ty - y) / l) * d]; };
  const [sx, sy] = trim(x1, y1, mx, my, 20), [ex, ey] = trim(x2, y2, mx, my, 24);
  const words = `${actorLabel(edge.source)} → ${actorLabel(edge.target)}`;
  const d = `M${sx.toFixed(1)} ${sy.toFixed(1)} Q${mx.toFixed(1)} ${my.toFixed(1)} ${ex.toFixed(1)} ${ey.toFixed(1)}`;
  const group = svg("g", { class: `edge ${kind}`, tabindex: 0, role: "button",
    "aria-label": `${words}: ${edge.events} events, ${edge.conflict} conflictual, ${edge.cooperation} cooperative` },
  svg("path", { d, class: "edge-hit" }),  // a wide invisible stroke: thin arrows are easy to hit
  svg("path", { d, class: "edge-line", "stroke-width": (1.5 + 6 * Math.sqrt(edge.events / most)).toFixed(1),
    "marker-end": `url(#arrow-${kind})` }));
  withTip(group, [words, `${fmt(edge.events)} events: ${fmt(edge.cooperation)} cooperative, ${fmt(edge.conflict)} conflictual`,
    `mean Goldstein ${edge.goldstein_mean > 0 ? "+" : ""}${edge.goldstein_mean}`, `${fmt(edge.mentions)} reports`]);
  const pick = () => onDyad(`${edge.source}:${edge.target}`);
  group.addEventListener("click", pick);
  group.addEventListener("keydown", (event) => { if (event.key === "Enter") pick(); });
  return group;
}

function circle(node, [x, y, angle], busiest) {
  const r = 12 + 10 * Math.sqrt(node.events / busiest);
  const above = Math.sin(angle) < -0.3;  // names above the top nodes, below the others: never off the sides
  const group = svg("g", { class: "node", tabindex: 0, role: "img",
    "aria-label": `${actorLabel(node.code)}: ${node.events} events` },
  svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1) }),
  svg("text", { x: x.toFixed(1), y: (y + 4).toFixed(1), "text-anchor": "middle",
    class: node.code.length > 3 ? "code long" : "code" }, node.code),
  svg("text", { x: x.toFixed(1), y: (above ? y - r - 6 : y + r + 14).toFixed(1), "text-anchor": "middle", class: "name" },
    node.label || actorLabel(node.code)));
  withTip(group, [node.label || actorLabel(node.code), `${fmt(node.events)} events: ${fmt(node.acts)} as actor, ` +
    `${fmt(node.receives)} as target`]);
  return group;
}
