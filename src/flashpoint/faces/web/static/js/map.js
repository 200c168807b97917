// Where events happened: the vendored Natural Earth countries (world-atlas TopoJSON) drawn with
// d3-geo, and one circle per place, its area the number of events, red for conflict, green for
// cooperation. Works offline: the map file is served by this server.

import { clear, el, fmt, svg } from "./dom.js";

let world = null;

async function countries() {
  if (!world) {
    const response = await fetch("/static/vendor/countries-110m.json");
    const topology = await response.json();
    world = topojson.feature(topology, topology.objects.countries);
  }
  return world;
}

// What to frame: the places' region with a margin of 12 degrees (a dyad's events fill the map),
// or the whole globe when they are spread over more than half of it or there are none.
function focus(places) {
  const sphere = { type: "Sphere" };
  if (!places.length) return sphere;
  const lons = places.map((p) => p.lon), lats = places.map((p) => p.lat);
  const west = Math.max(-180, Math.min(...lons) - 12), east = Math.min(180, Math.max(...lons) + 12);
  const south = Math.max(-85, Math.min(...lats) - 12), north = Math.min(85, Math.max(...lats) + 12);
  if (east - west > 180) return sphere;
  return { type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south]] };
}

export async function drawMap(container, places) {
  const width = Math.max(320, container.clientWidth || 600);
  const height = Math.round(width * 0.5);
  const land = await countries();
  const projection = d3.geoNaturalEarth1().fitSize([width, height], focus(places));
  const path = d3.geoPath(projection);
  const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "worldmap", role: "img",
    "aria-label": "map of event locations" });
  root.append(svg("path", { d: path({ type: "Sphere" }), class: "sphere" }));
  const shapes = svg("g", { class: "countries" });
  for (const feature of land.features) {
    const d = path(feature);
    if (d) shapes.append(svg("path", { d }, svg("title", {}, (feature.properties && feature.properties.name) || "")));
  }
  root.append(shapes);
  const most = Math.max(1, ...places.map((p) => p.events));
  const dots = svg("g", { class: "places" });
  // biggest first, so small places stay visible on top
  for (const place of [...places].sort((a, b) => b.events - a.events)) {
    const xy = projection([place.lon, place.lat]);
    if (!xy || !Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) continue;
    const r = 2 + 12 * Math.sqrt(place.events / most);
    const conflict = place.events ? place.conflict / place.events : 0;
    const circle = svg("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1),
      class: conflict >= 0.5 ? "conflict" : "coop" });
    circle.append(svg("title", {}, `${place.name || "?"} (${place.country || "?"})\n${fmt(place.events)} events, ` +
      `${fmt(place.conflict)} conflict\nmean Goldstein ${place.goldstein ?? "?"}`));
    dots.append(circle);
  }
  root.append(dots);
  clear(container, root);
  if (!places.length) container.append(el("p", { class: "muted" }, "No located events match."));
}
