// The filter form of the event table, and the pickers and suggestions that spare the analyst from
// knowing codes: CAMEO and PLOVER from lists, actor codes suggested as one types a name or code.

import { get } from "./api.js";
import { clear, el, fmt } from "./dom.js";
import { data } from "./labels.js";
import { FILTER_KEYS } from "./state.js";

// Fill the CAMEO and PLOVER pickers from the glossary.
export function fillPickers(form) {
  const glossary = data();
  const cameo = form.elements.cameo;
  const roots = glossary.cameo.filter((code) => code.code.length === 2);
  clear(cameo, el("option", { value: "" }, "any"), roots.map((root) => el("optgroup", { label: `${root.code} ${root.name}` },
    el("option", { value: root.code }, `${root.code} ${root.name} (all)`),
    glossary.cameo.filter((code) => code.root === root.code && code.code !== root.code)
      .map((code) => el("option", { value: code.code }, `${code.code} ${code.name}`)))));
  const plover = form.elements.plover;
  clear(plover, el("option", { value: "" }, "any"), Object.entries(glossary.plover).map(([type, codes]) =>
    el("option", { value: type }, `${type} (CAMEO ${codes.join(", ")})`)));
}

// The form's values as state changes (empty ones remove their key).
export function readFilters(form) {
  const changes = {};
  for (const key of FILTER_KEYS) changes[key] = null;
  const quads = [];
  for (const input of form.elements) {
    if (!input.name || input.type === "submit" || input.type === "button") continue;
    if (input.name === "quad") { if (input.checked) quads.push(input.value); continue; }
    if (input.name === "limit") { changes.limit = input.value; continue; }
    if (FILTER_KEYS.includes(input.name)) changes[input.name] = input.value.trim() || null;
  }
  changes.quad = quads.length ? quads.join(",") : null;
  return changes;
}

// Set the form from the state (after a reload, back or forward).
export function writeFilters(form, state) {
  const quads = (state.quad || "").split(",");
  for (const input of form.elements) {
    if (!input.name) continue;
    if (input.name === "quad") input.checked = quads.includes(input.value);
    else if (input.name === "limit") input.value = state.limit || "50";
    else if (FILTER_KEYS.includes(input.name)) setValue(input, state[input.name] || "");
    input.removeAttribute("aria-invalid");
  }
}

function setValue(input, value) {
  if (input.tagName === "SELECT" && value && ![...input.options].some((o) => o.value === value)) {
    input.append(el("option", { value }, value));  // a code the picker does not list: keep it
  }
  input.value = value;
}

// Mark the input a 400 named, so the error beside the form points at it.
export function markInvalid(form, param) {
  for (const input of form.elements) {
    if (input.name) input.toggleAttribute("aria-invalid", Boolean(param) && input.name === param);
  }
}

// Suggest actor codes and names in a <datalist> as the analyst types in ``input``.
export function suggestActors(input, list) {
  let timer = null;
  let asked = "";
  input.setAttribute("list", list.id);
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const typed = lastSide(input.value);
    if (typed.length < 2 || typed === asked) return;
    timer = setTimeout(async () => {
      asked = typed;
      let found = [];
      try { found = await get("actors", { q: typed, limit: 12 }); } catch { found = []; }
      if (lastSide(input.value) !== typed) return;  // typed on since: a newer answer is coming
      const prefix = input.value.includes(":") ? input.value.slice(0, input.value.lastIndexOf(":") + 1) : "";
      clear(list, found.map((item) => el("option", { value: prefix + item.code },
        [item.label, item.name && item.name !== item.label ? `“${item.name}”` : null,
          item.events ? `${fmt(item.events)} events` : null].filter(Boolean).join(" · "))));
    }, 200);
  });
}

function lastSide(value) {
  return value.split(":").pop().trim();
}
