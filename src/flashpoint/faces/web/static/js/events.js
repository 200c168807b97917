// The event table: a page of real-world events (or reports) matching the view's filters, sortable
// column headers, Previous/Next through cursors (the server pages a million events in constant
// time; the browser keeps the cursors of the pages it has seen), and a bad filter shown beside the
// form, never as a table that keeps loading.

import { aborted, get, Latest } from "./api.js";
import { clear, el, fmt } from "./dom.js";
import { actorLabel, longDate, quadName, QUAD_SHORT } from "./labels.js";

// Columns: [key, heading, sort (a key of the API's sorts) or null, only in one view].
const COLUMNS = [
  ["date", "date", "date"], ["source", "who"], ["event", "did what"], ["target", "to whom"],
  ["kind", "kind · Goldstein", "goldstein"], ["trigger", "words"], ["place", "where"],
  ["reports", "reports", "reports", "merged"],
];

export class EventTable {
  constructor({ table, caption, prev, next, info, error, onOpen, onSort }) {
    Object.assign(this, { table, caption, prev, next, info, error, onOpen, onSort });
    this.body = table.querySelector("tbody");
    this.cursors = [null];
    this.page = 0;
    this.params = null;
    this.latest = new Latest();
    this.selected = null;
    prev.addEventListener("click", () => this.go(this.page - 1).catch(() => {}));
    next.addEventListener("click", () => this.go(this.page + 1).catch(() => {}));
  }

  // Show the first page for these API parameters (view, filters, sort, limit).
  load(params) {
    this.params = params;
    this.cursors = [null];
    this.header(params.view, params.sort);
    return this.go(0);
  }

  async go(page) {
    if (page < 0 || page >= this.cursors.length) return null;
    const began = performance.now();
    this.caption.textContent = "loading…";
    this.table.setAttribute("aria-busy", "true");
    let answer;
    try {
      answer = await get("events", { ...this.params, cursor: this.cursors[page] }, { signal: this.latest.signal() });
    } catch (error) {
      if (!aborted(error)) this.failed(error);
      throw error;
    } finally {
      this.table.removeAttribute("aria-busy");
    }
    this.page = page;
    this.cursors.length = page + 1;
    if (answer.next_cursor) this.cursors.push(answer.next_cursor);
    this.render(answer, Math.round(performance.now() - began));
    return answer;
  }

  // A refused query: say why beside the form, and show no stale rows.
  failed(error) {
    this.error.textContent = error.message;
    this.error.hidden = false;
    this.error.dataset.param = error.param || "";
    clear(this.body, el("tr", {}, el("td", { colspan: COLUMNS.length, class: "muted" }, "No events: fix the filter above.")));
    this.caption.textContent = "";
    this.info.textContent = "";
    this.prev.disabled = this.next.disabled = true;
  }

  render(answer, ms) {
    this.error.hidden = true;
    this.error.textContent = "";
    const merged = answer.view === "merged";
    const rows = answer.items.map((record) => this.row(record, merged));
    clear(this.body, rows.length ? rows : el("tr", {}, el("td", { colspan: COLUMNS.length, class: "muted" }, "No events match.")));
    const first = this.page * answer.limit + 1;
    const last = this.page * answer.limit + answer.items.length;
    const total = answer.count === null ? "many" : `${fmt(answer.count)}${answer.count_capped ? "+" : ""}`;
    const noun = merged ? "real-world events" : "reports";
    this.caption.textContent = `${total} ${noun} match · ${ms} ms`;
    this.caption.dataset.count = answer.count ?? "";
    this.info.textContent = answer.items.length ? `${fmt(first)}–${fmt(last)} of ${total}` : "";
    this.prev.disabled = this.page === 0;
    this.next.disabled = !answer.next_cursor;
    this.notes = answer.notes || [];
  }

  // Sortable headings: a button each, aria-sort on the sorted one.
  header(view, sort) {
    const row = this.table.querySelector("thead tr");
    const column = (sort || "-date").replace(/^-/, "");
    const descending = (sort || "-date").startsWith("-");
    clear(row, COLUMNS.map(([key, heading, sortKey, only]) => {
      const hidden = only && only !== view;
      const th = el("th", { scope: "col", class: `col-${key}`, hidden: hidden || null });
      if (!sortKey || hidden) {
        th.append(heading);
        return th;
      }
      const active = column === sortKey;
      if (active) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      // date and reports: newest/most first; Goldstein: most conflictual (lowest) first
      const first = sortKey === "goldstein" ? sortKey : `-${sortKey}`;
      const flipped = first.startsWith("-") ? sortKey : `-${sortKey}`;
      const nextSort = active && sort === first ? flipped : first;
      th.append(el("button", { type: "button", class: "sort", "data-sort": nextSort,
        "aria-label": `sort by ${heading}`, onclick: () => this.onSort(nextSort) },
      heading, active ? (descending ? " ▼" : " ▲") : ""));
      return th;
    }));
  }

  row(record, merged) {
    const source = record.source || {};
    const target = record.target || {};
    const evidence = record.evidence || {};
    const location = record.location;
    const filed = location && location.origin === "dateline";
    const date = merged ? record.day : record.date;
    const open = () => this.open(tr, record.event_id);
    const tr = el("tr", { class: `q${record.quad_class}`, "data-event": record.event_id },
      cell("date", date ? longDate(date) : "undated"),
      cell("who", actor(source)),
      cell("did what", el("button", { type: "button", class: "linkish", onclick: (e) => { e.stopPropagation(); open(); },
        title: `open: ${record.cameo} ${record.cameo_name || ""}` }, `${record.cameo} ${record.cameo_name || ""}`)),
      cell("to whom", actor(target)),
      cell("kind", [el("span", { class: `kind k${record.quad_class}`, title: quadName(record.quad_class) },
        QUAD_SHORT[record.quad_class] || ""), " ", el("span", { class: "goldstein", title: "Goldstein weight" },
        record.goldstein > 0 ? `+${record.goldstein}` : String(record.goldstein ?? ""))],
      { "data-goldstein": record.goldstein }),
      cell("words", evidence.trigger || "", { title: evidence.sentence || "" }),
      cell("where", filed ? el("span", { class: "muted", title: "the report's dateline: where it was filed, not where the event happened" },
        `filed from ${location.name}`) : location ? location.name : ""),
      cell("reports", record.num_mentions ? `${fmt(record.num_mentions)}` +
        (record.num_sources > 1 ? ` (${fmt(record.num_sources)} outlets)` : "") : "—",
      { title: record.merged_id ? "reports of this real-world event" : "not merged yet", hidden: !merged || null }));
    tr.addEventListener("click", open);
    return tr;
  }

  open(tr, eventId) {
    this.select(eventId);
    this.onOpen(eventId);
  }

  select(eventId) {
    if (this.selected) this.selected.classList.remove("selected");
    this.selected = this.body.querySelector(`tr[data-event="${CSS.escape(eventId || "")}"]`);
    if (this.selected) this.selected.classList.add("selected");
  }
}

function cell(label, content, attrs = {}) {
  return el("td", { "data-label": label, class: `c-${label.replaceAll(" ", "-")}`, ...attrs }, content);
}

function actor(role) {
  if (!role || !role.code) return el("span", { class: "muted" }, "—");
  return el("span", { title: role.text ? `“${role.text}”` : null },
    el("span", { class: "code" }, role.code), el("span", { class: "label" }, actorLabel(role.code)));
}
