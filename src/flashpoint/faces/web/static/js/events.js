// The event table: filters, a page of rows, and Previous/Next through cursors (the server pages
// a million events in constant time; the browser keeps the cursors of the pages it has seen).

import { get } from "./api.js";
import { clear, el, fmt } from "./dom.js";

export class EventTable {
  constructor({ form, body, caption, prev, next, info, onOpen }) {
    Object.assign(this, { form, body, caption, prev, next, info, onOpen });
    this.cursors = [null]; // cursor of each page seen; [0] is the first page
    this.page = 0;
    this.filters = {};
    this.selected = null;
    prev.addEventListener("click", () => this.go(this.page - 1));
    next.addEventListener("click", () => this.go(this.page + 1));
    form.addEventListener("submit", (event) => { event.preventDefault(); this.filter(this.readForm()); });
  }

  readForm() {
    const data = new FormData(this.form);
    const filters = {};
    for (const [key, value] of data.entries()) {
      if (value === "") continue;
      if (key === "quad") (filters.quad = filters.quad || []).push(value);
      else filters[key] = value;
    }
    return filters;
  }

  // Set the form from filters (from the chart or an alert) and show the first page.
  setFilters(filters) {
    for (const input of this.form.elements) {
      if (!input.name) continue;
      if (input.type === "checkbox") input.checked = (filters.quad || []).includes(input.value);
      else if (input.name in filters) input.value = filters[input.name];
      else if (input.tagName === "INPUT") input.value = "";
    }
    return this.filter(this.readForm());
  }

  filter(filters) {
    this.filters = filters;
    this.cursors = [null];
    return this.go(0);
  }

  async go(page) {
    if (page < 0 || page >= this.cursors.length) return;
    const cursor = this.cursors[page];
    const params = { ...this.filters, cursor };
    const began = performance.now();
    this.caption.textContent = "loading…";
    const answer = await get("events", params);
    this.page = page;
    this.cursors.length = page + 1;
    if (answer.next_cursor) this.cursors.push(answer.next_cursor);
    this.render(answer, Math.round(performance.now() - began));
    return answer;
  }

  render(answer, ms) {
    const rows = answer.items.map((record) => this.row(record));
    clear(this.body, rows.length ? rows : el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No events match.")));
    const first = this.page * answer.limit + 1;
    const last = this.page * answer.limit + answer.items.length;
    const total = answer.count === null ? "many" : `${fmt(answer.count)}${answer.count_capped ? "+" : ""}`;
    this.caption.textContent = `${total} events match · sorted ${answer.sort} · ${ms} ms`;
    this.info.textContent = answer.items.length ? `${fmt(first)}–${fmt(last)} of ${total}` : "";
    this.prev.disabled = this.page === 0;
    this.next.disabled = !answer.next_cursor;
  }

  row(record) {
    const source = record.source || {};
    const target = record.target || {};
    const evidence = record.evidence || {};
    const place = record.location ? record.location.name : "";
    const tr = el("tr", { class: `q${record.quad_class}`, tabindex: 0, "data-event": record.event_id },
      el("td", {}, record.date || "—"),
      el("td", { title: source.text || "" }, source.code || "—"),
      el("td", { title: record.cameo_name || "" }, `${record.cameo} ${record.cameo_name || ""}`),
      el("td", { title: target.text || "" }, target.code || "—"),
      el("td", { title: evidence.sentence || "" }, evidence.trigger || ""),
      el("td", {}, place || ""),
      el("td", { title: record.merged_id ? "reports of this real-world event" : "not merged yet" },
        record.num_mentions ? fmt(record.num_mentions) : "—"));
    const open = () => {
      if (this.selected) this.selected.classList.remove("selected");
      tr.classList.add("selected");
      this.selected = tr;
      this.onOpen(record.event_id);
    };
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (event) => { if (event.key === "Enter") open(); });
    return tr;
  }
}
