// One event: what was coded, in words, from which words, in which article (evidence highlighted),
// and the other reports of the same real-world event.

import { get } from "./api.js";
import { clear, el, fmt, safeLink } from "./dom.js";
import { actorLabel, longDate, quadName } from "./labels.js";
import { highlighted } from "./highlight.js";

export async function showEvent(container, eventId, onOpen, signal) {
  clear(container, el("p", { class: "muted" }, "loading…"));
  const detail = await get(`events/${encodeURIComponent(eventId)}`, {}, { signal });
  const event = detail.event;
  const doc = detail.document;
  const article = doc && doc.doc_id ? await get(`documents/${encodePath(doc.doc_id)}`, {}, { signal }) : null;
  clear(container,
    el("h3", { class: "event-title" }, headline(event)),
    summary(event),
    doc ? source(doc) : null,
    detail.merged ? mentions(detail.merged, event.event_id, onOpen) : null,
    article ? articleBlock(article, event.event_id) : null);
  // Bring the evidence into view inside the article box only: the page itself never scrolls.
  const box = container.querySelector(".article");
  const focus = box && box.focusNode;
  if (focus) box.scrollTop = Math.max(0, focus.offsetTop - box.clientHeight / 3);  // .article is positioned
}

function encodePath(docId) {
  return docId.split("/").map(encodeURIComponent).join("/");
}

function headline(event) {
  const who = event.source ? actorLabel(event.source.code) : "someone";
  const whom = event.target ? ` → ${actorLabel(event.target.code)}` : "";
  return `${who}${whom}: ${(event.cameo_name || event.cameo).toLowerCase()}`;
}

function actorText(actor) {
  if (!actor) return "—";
  return `${actor.code} · ${actorLabel(actor.code)}${actor.name ? " · " + actor.name : ""}` +
    `${actor.text ? " (“" + actor.text + "”)" : ""}`;
}

function place(location) {
  if (!location) return "—";
  const where = `${location.name}${location.country ? " (" + location.country + ")" : ""}`;
  if (location.origin === "dateline") return `none found; the report was filed from ${where} (its dateline)`;
  return location.origin === "document" ? `${where}, named elsewhere in the report` : where;
}

function summary(event) {
  const rows = [
    ["date", `${event.date ? longDate(event.date) : "undated"}${event.date_text ? " (“" + event.date_text + "”)" : ""}`],
    ["who", actorText(event.source)],
    ["did what", `${event.cameo} ${event.cameo_name || ""}`],
    ["to whom", actorText(event.target)],
    ["kind", `${quadName(event.quad_class)} · Goldstein ${event.goldstein > 0 ? "+" : ""}${event.goldstein}`],
    ["PLOVER", event.plover ? `${event.plover.type}${event.plover.mode ? " / " + event.plover.mode : ""}` : "—"],
    ["where", place(event.location)],
    ["confidence", `${event.confidence} · ${event.modality}`],
    ["words", event.evidence ? event.evidence.trigger : ""],
    ["why", event.rule_text || event.rule || ""],
  ];
  return el("dl", { class: "fields", "data-event": event.event_id },
    rows.flatMap(([key, value]) => [el("dt", {}, key), el("dd", { title: key === "why" ? event.rule : null }, value)]));
}

function source(doc) {
  return el("p", { class: "source" },
    el("strong", {}, doc.title || doc.doc_id || "untitled"), " ",
    el("span", { class: "muted" }, [doc.outlet, doc.published ? longDate(doc.published) : null].filter(Boolean).join(" · ")),
    " ", doc.url ? safeLink(doc.url, "open the article") : null);
}

function articleBlock(article, eventId) {
  const text = article.text || "";
  const marked = highlighted(text, article.spans || [], eventId);
  marked.setAttribute("tabindex", "0");
  marked.setAttribute("role", "region");
  marked.setAttribute("aria-label", "the article, with this event's words marked");
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
    const when = m.date ? longDate(m.date) : "undated";
    const item = el("li", {},
      el("span", { class: "muted" }, [when, m.outlet || m.doc_id].filter(Boolean).join(" · ")), " ",
      m.event_id === current ? el("strong", {}, m.sentence) : el("button", { type: "button", class: "linkish",
        onclick: () => onOpen && onOpen(m.event_id) }, m.sentence));
    list.append(item);
  }
  const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;
  return el("div", { class: "merged" },
    el("h3", {}, `Reports of this event: ${plural(merged.num_mentions, "mention")}, ${plural(merged.num_sources, "source")}, ` +
      `${plural(merged.num_articles, "article")}`),
    merged.day ? el("p", { class: "muted" }, `Counted on ${longDate(merged.day)}, the day most of its reports give.`) : null,
    list);
}
