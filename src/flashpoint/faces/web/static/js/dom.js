// Building the page from data. Every string from the store (article text, titles, actor names,
// URLs) goes in as a text node or an attribute value, never as markup: nothing here parses HTML.

const SVG_NS = "http://www.w3.org/2000/svg";

// el("td", {class: "x", title: name}, "text", childNode): an element with attributes and children.
// Strings become text nodes; "on*" keys add listeners.
export function el(tag, attrs = {}, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function clear(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return node;
}

// A link only for http(s) URLs; anything else (javascript:, data:, relative paths) is shown as
// plain text, so a stored URL can never run script when clicked.
export function safeLink(url, label) {
  let parsed = null;
  try { parsed = new URL(url); } catch { parsed = null; }
  if (parsed && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
    return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer nofollow" }, label || parsed.href);
  }
  return el("span", { class: "muted" }, label ? `${label} (${url})` : String(url));
}

export function fmt(n) {
  return typeof n === "number" ? n.toLocaleString("en-US") : String(n ?? "");
}

export const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
