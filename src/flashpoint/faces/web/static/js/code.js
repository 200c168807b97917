// "Code this text": post a report to /api/code (nothing is stored) and show its events with the
// coded words highlighted in the text.

import { post } from "./api.js";
import { clear, el } from "./dom.js";
import { highlighted } from "./highlight.js";

export function setupCoding({ form, text, date, all, status, result, button }) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!text.value.trim()) { status.textContent = "paste some text first"; return; }
    button.disabled = true;
    status.textContent = "coding… (the first time loads the language model)";
    try {
      const body = { text: text.value, published: date.value || null };
      if (all.checked) body.modalities = ["asserted", "negated", "hypothetical", "future", "reported", "background", "generic"];
      const answer = await post("code", body);
      status.textContent = `${answer.events.length} events in ${answer.seconds} s (not stored)`;
      render(result, answer);
    } catch (error) {
      status.textContent = `failed: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
}

function render(result, answer) {
  const rows = answer.events.map((e) => el("tr", { class: `q${e.quad_class}` },
    el("td", { "data-label": "date" }, e.date || "—"),
    el("td", { "data-label": "who", title: (e.source && e.source.text) || "" }, e.source ? e.source.code : "—"),
    el("td", { "data-label": "did what" }, `${e.cameo} ${e.cameo_name || ""}`),
    el("td", { "data-label": "to whom", title: (e.target && e.target.text) || "" }, e.target ? e.target.code : "—"),
    el("td", { "data-label": "words" }, e.evidence ? e.evidence.trigger : ""),
    el("td", { "data-label": "modality" }, e.modality)));
  const table = el("table", { class: "events coded" },
    el("thead", {}, el("tr", {}, ["date", "source", "event", "target", "trigger", "modality"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No events found."))));
  clear(result, el("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": "coded events" }, table),
    highlighted(answer.text, answer.spans || []));
}
