// Where events happened: the vendored Natural Earth countries (world-atlas TopoJSON) drawn with
// d3-geo, and the places of the events matching the view's filters, circles sized by events, red
// when mostly conflict, green when mostly cooperation (and hollow, so not by colour alone). Nearby
// places are clustered at the current zoom; + / − / drag / wheel zoom and pan. Works offline.

import { clear, el, fmt, svg } from "./dom.js";
import { hideTip, withTip } from "./tooltip.js";

const CLUSTER_PX = 16;
const MIN_ZOOM = 1, MAX_ZOOM = 24;
let world = null;

async function countries() {
  if (!world) {
    const response = await fetch("/static/vendor/countries-110m.json");
    const topology = await response.json();
    world = topojson.feature(topology, topology.objects.countries);
  }
  return world;
}

// What to frame: the places holding 90% of the events around their weighted centre (a stray
// place, such as a gazetteer mistake half a continent away, does not stretch the map), with a
// margin; the whole globe when there are none or they span more than half of it.
export function focus(places) {
  const sphere = { type: "Sphere" };
  if (!places.length) return sphere;
  const total = places.reduce((n, p) => n + p.events, 0);
  const centre = { lon: median(places, "lon"), lat: median(places, "lat") };
  const near = [...places].sort((a, b) => distance(a, centre) - distance(b, centre));
  const kept = [];
  let covered = 0;
  for (const place of near) {
    kept.push(place);
    covered += place.events;
    if (covered >= 0.9 * total) break;
  }
  const lons = kept.map((p) => p.lon), lats = kept.map((p) => p.lat);
  const padLon = Math.max(6, (20 - (Math.max(...lons) - Math.min(...lons))) / 2);  // at least 20 degrees of context
  const padLat = Math.max(5, (12 - (Math.max(...lats) - Math.min(...lats))) / 2);
  const west = Math.max(-180, Math.min(...lons) - padLon), east = Math.min(180, Math.max(...lons) + padLon);
  const south = Math.max(-85, Math.min(...lats) - padLat), north = Math.min(85, Math.max(...lats) + padLat);
  if (east - west > 180) return sphere;
  return { type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south]] };
}

function median(places, key) {
  const values = places.flatMap((p) => Array(Math.min(p.events, 50)).fill(p[key])).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

function distance(place, centre) {
  return Math.hypot(place.lon - centre.lon, place.lat - centre.lat);
}

export class EventMap {
  constructor(container, caption) {
    Object.assign(this, { container, caption, places: [], zoom: 1, pan: [0, 0] });
  }

  // places: the /api/map answer's; words: the caption.
  async draw(places, words = "") {
    this.places = places;
    this.words = words;
    this.zoom = 1;
    this.pan = [0, 0];
    const land = await countries();
    const width = Math.max(280, this.container.clientWidth || 600);
    const height = Math.round(width * 0.55);
    this.size = [width, height];
    this.projection = d3.geoNaturalEarth1().fitSize([width, height], focus(places));
    const path = d3.geoPath(this.projection);
    this.layer = svg("g", { class: "zoomed" });
    this.layer.append(svg("path", { d: path({ type: "Sphere" }), class: "sphere" }));
    const shapes = svg("g", { class: "countries" });
    const names = svg("g", { class: "country-names", "aria-hidden": "true" });
    for (const feature of land.features) {
      const d = path(feature);
      if (!d) continue;
      shapes.append(svg("path", { d }));
      const [x, y] = path.centroid(feature);
      const area = path.area(feature);
      if (area > width * height * 0.004 && x > 0 && y > 0 && x < width && y < height) {
        names.append(svg("text", { x: x.toFixed(1), y: y.toFixed(1), "text-anchor": "middle" },
          (feature.properties && feature.properties.name) || ""));
      }
    }
    this.layer.append(shapes, names);
    this.names = names;
    this.dots = svg("g", { class: "places" });
    this.layer.append(this.dots);
    const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "worldmap", role: "group",
      "aria-label": `map: ${places.length} places of events` }, this.layer);
    this.root = root;
    this.wire(root);
    clear(this.container, root, this.controls(), legend());
    this.redraw();
    if (!places.length) this.container.append(el("p", { class: "muted" }, "No located events match."));
  }

  controls() {
    const button = (label, text, action) => el("button", { type: "button", "aria-label": label, title: label,
      onclick: action }, text);
    return el("div", { class: "map-controls" },
      button("zoom in", "+", () => this.zoomBy(1.6)), button("zoom out", "−", () => this.zoomBy(1 / 1.6)),
      button("show all places", "⤢", () => { this.zoom = 1; this.pan = [0, 0]; this.redraw(); }));
  }

  zoomBy(factor, at = null) {
    const [width, height] = this.size;
    const [cx, cy] = at || [width / 2, height / 2];
    const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    const ratio = next / this.zoom;
    this.pan = [cx - (cx - this.pan[0]) * ratio, cy - (cy - this.pan[1]) * ratio];
    this.zoom = next;
    if (next === 1) this.pan = [0, 0];
    this.redraw();
  }

  wire(root) {
    root.addEventListener("wheel", (event) => {
      event.preventDefault();
      const box = root.getBoundingClientRect();
      const scale = this.size[0] / box.width;
      this.zoomBy(event.deltaY < 0 ? 1.25 : 0.8, [(event.clientX - box.left) * scale, (event.clientY - box.top) * scale]);
    }, { passive: false });
    let drag = null;
    root.addEventListener("pointerdown", (event) => {
      if (this.zoom > 1 && event.pointerType === "mouse") drag = [event.clientX, event.clientY, ...this.pan];
    });
    root.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const scale = this.size[0] / root.getBoundingClientRect().width;
      this.pan = [drag[2] + (event.clientX - drag[0]) * scale, drag[3] + (event.clientY - drag[1]) * scale];
      this.layer.setAttribute("transform", this.transform());
    });
    const stop = () => { if (drag) { drag = null; this.redraw(); } };
    root.addEventListener("pointerup", stop);
    root.addEventListener("pointerleave", stop);
  }

  transform() {
    return `translate(${this.pan[0].toFixed(1)},${this.pan[1].toFixed(1)}) scale(${this.zoom.toFixed(3)})`;
  }

  // Places closer than CLUSTER_PX on screen become one circle (biggest first, so small places
  // stay visible on top); sizes keep their screen size at any zoom.
  redraw() {
    hideTip(this.container);
    this.layer.setAttribute("transform", this.transform());
    this.names.style.fontSize = `${(11 / this.zoom).toFixed(2)}px`;  // names keep their size when zoomed
    const clusters = cluster(this.places, this.projection, this.zoom);
    const most = Math.max(1, ...clusters.map((c) => c.events));
    clear(this.dots, clusters.sort((a, b) => b.events - a.events).map((c) => this.circle(c, most)));
    const outside = clusters.filter((c) => !this.visible(c)).reduce((n, c) => n + c.places.length, 0);
    this.caption.dataset.outside = String(outside);
    this.caption.textContent = this.words + (outside ? ` · ${outside} place${outside === 1 ? "" : "s"} outside the view` : "");
  }

  visible(c) {
    const x = c.x * this.zoom + this.pan[0], y = c.y * this.zoom + this.pan[1];
    return x >= 0 && y >= 0 && x <= this.size[0] && y <= this.size[1];
  }

  circle(c, most) {
    const r = (3 + 11 * Math.sqrt(c.events / most)) / this.zoom;
    const conflict = c.events ? c.conflict / c.events : 0;
    const kind = conflict >= 0.5 ? "conflict" : "coop";
    const group = svg("g", { class: `place ${kind}`, tabindex: 0, role: "img",
      "aria-label": `${c.names}: ${fmt(c.events)} events, ${fmt(c.conflict)} conflictual` });
    group.append(svg("circle", { cx: c.x.toFixed(1), cy: c.y.toFixed(1), r: r.toFixed(2), "stroke-width": (1.2 / this.zoom).toFixed(3) }));
    if (c.places.length > 1) {
      group.append(svg("text", { x: c.x.toFixed(1), y: (c.y + 3.5 / this.zoom).toFixed(1), class: "cluster-n",
        "font-size": (10 / this.zoom).toFixed(2), "text-anchor": "middle" }, String(c.places.length)));
    }
    withTip(group, () => [c.names, `${fmt(c.events)} events, ${fmt(c.conflict)} conflictual`,
      ...c.places.slice(0, 6).map((p) => `${p.name || "?"} (${p.country || "?"}): ${fmt(p.events)}`)]);
    return group;
  }
}

function cluster(places, projection, zoom) {
  const clusters = [];
  for (const place of [...places].sort((a, b) => b.events - a.events)) {
    const xy = projection([place.lon, place.lat]);
    if (!xy || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) continue;
    const near = clusters.find((c) => Math.hypot((c.x - xy[0]) * zoom, (c.y - xy[1]) * zoom) < CLUSTER_PX);
    if (near) {
      near.places.push(place);
      near.events += place.events;
      near.conflict += place.conflict;
    } else {
      clusters.push({ x: xy[0], y: xy[1], places: [place], events: place.events, conflict: place.conflict });
    }
  }
  for (const c of clusters) {
    c.names = c.places.length === 1 ? `${c.places[0].name || "?"} (${c.places[0].country || "?"})`
      : `${c.places.length} places around ${c.places[0].name || "?"}`;
  }
  return clusters;
}

function legend() {
  return el("ul", { class: "legend map-legend", "aria-label": "map legend" },
    el("li", {}, el("i", { class: "dot conflict" }), "mostly conflict"),
    el("li", {}, el("i", { class: "dot coop" }), "mostly cooperation"),
    el("li", {}, el("i", { class: "dot small" }), el("i", { class: "dot big" }), "size: events"),
    el("li", {}, el("i", { class: "dot cluster" }), "a number: nearby places together"),
    el("li", { class: "muted" }, "Datelines (where a report was filed) are not drawn."));
}
