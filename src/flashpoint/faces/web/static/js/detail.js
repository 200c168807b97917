// One event: what was coded, from which words, in which article (evidence highlighted), and
// the other reports of the same real-world event.

import { get } from "./api.js";
import { clear, el, fmt, safeLink, QUAD_NAMES } from "./dom.js";
import { highlighted } from "./highlight.js";

export async function showEvent(container, eventId, onOpen) {
  clear(container, el("p", { class: "muted" }, "loading…"));
  const detail = await get(`events/${encodeURIComponent(eventId)}`);
  const event = detail.event;
  const doc = detail.document;
  const article = doc && doc.doc_id ? await get(`documents/${encodePath(doc.doc_id)}`) : null;
  clear(container,
    summary(event),
    doc ? source(doc) : null,
    article ? articleBlock(article, event.event_id) : null,
    detail.merged ? mentions(detail.merged, event.event_id, onOpen) : null);
  const focus = container.querySelector(".article .focus");
  if (focus) focus.scrollIntoView({ block: "center", inline: "nearest" });
}

function encodePath(docId) {
  return docId.split("/").map(encodeURIComponent).join("/");
}

function actorText(actor) {
  if (!actor) return "—";
  return `${actor.code}${actor.name ? " · " + actor.name : ""}${actor.text ? " (“" + actor.text + "”)" : ""}`;
}

function summary(event) {
  const rows = [
    ["date", `${event.date || "undated"}${event.date_text ? " (“" + event.date_text + "”)" : ""}`],
    ["source", actorText(event.source)],
    ["event", `${event.cameo} ${event.cameo_name || ""}`],
    ["target", actorText(event.target)],
    ["class", `${QUAD_NAMES[event.quad_class] || event.quad_class} · Goldstein ${event.goldstein}`],
    ["PLOVER", event.plover ? `${event.plover.type}${event.plover.mode ? " / " + event.plover.mode : ""}` : "—"],
    ["place", event.location ? `${event.location.name}${event.location.country ? " (" + event.location.country + ")" : ""}` : "—"],
    ["confidence", `${event.confidence} · ${event.modality}`],
    ["trigger", event.evidence ? event.evidence.trigger : ""],
    ["rule", event.rule || ""],
  ];
  return el("dl", { class: "fields", "data-event": event.event_id },
    rows.flatMap(([key, value]) => [el("dt", {}, key), el("dd", {}, value)]));
}

function source(doc) {
  return el("p", { class: "source" },
    el("strong", {}, doc.title || doc.doc_id || "untitled"), " ",
    el("span", { class: "muted" }, [doc.outlet, doc.published].filter(Boolean).join(" · ")), " ",
    doc.url ? safeLink(doc.url, "article") : null);
}

function articleBlock(article, eventId) {
  const text = article.text || "";
  const marked = highlighted(text, article.spans || [], eventId);
  return el("div", { class: "article-box" },
    el("p", { class: "muted" }, `${fmt(article.n_events)} events coded from this article; `,
      el("span", { class: "m-evidence focus key" }, "evidence"), " ",
      el("span", { class: "m-actor focus key" }, "actor"), " ",
      el("span", { class: "m-trigger focus key" }, "trigger"), " ",
      el("span", { class: "m-date focus key" }, "date"), " ",
      el("span", { class: "m-place focus key" }, "place")),
    marked);
}

function mentions(merged, current, onOpen) {
  const list = el("ol", { class: "mentions" });
  for (const m of merged.mentions) {
    const item = el("li", {},
      el("span", { class: "muted" }, [m.date, m.outlet || m.doc_id].filter(Boolean).join(" · ")), " ",
      m.event_id === current ? el("strong", {}, m.sentence) : el("button", { type: "button", class: "linkish",
        onclick: () => onOpen && onOpen(m.event_id) }, m.sentence));
    list.append(item);
  }
  return el("div", { class: "merged" },
    el("h3", {}, `Reports of this event: ${fmt(merged.num_mentions)} mentions, ${fmt(merged.num_sources)} sources, ` +
      `${fmt(merged.num_articles)} articles`), list);
}
