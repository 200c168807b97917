// The code glossary: what quad classes, sectors, PLOVER types, CAMEO codes and actor codes mean,
// searchable ("SDN", "rebels", "190", "ASSAULT").

import { clear, el } from "./dom.js";
import { actorLabel, data } from "./labels.js";

export function setupGlossary(search, list, count) {
  const entries = glossaryEntries();
  const show = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const found = entries.filter((entry) => words.every((word) => entry.text.includes(word)));
    const code = search.value.trim().toUpperCase();
    if (/^[A-Z-]{3}[A-Z]{3}$/.test(code) && !found.some((entry) => entry.code === code)) {
      found.unshift({ code, name: actorLabel(code), kind: "actor code: country and sector" });
    }
    count.textContent = `${found.length} of ${entries.length} entries`;
    clear(list, found.slice(0, 200).map((entry) => el("div", { class: "entry" },
      el("dt", {}, el("code", {}, entry.code), " ", el("span", { class: "muted" }, entry.kind)), el("dd", {}, entry.name))));
  };
  search.addEventListener("input", show);
  show();
}

function glossaryEntries() {
  const g = data();
  const entries = [];
  const add = (code, name, kind) => entries.push({ code, name, kind, text: `${code} ${name} ${kind}`.toLowerCase() });
  for (const [quad, name] of Object.entries(g.quad)) add(quad, name, "quad class");
  for (const [sector, name] of Object.entries(g.sectors)) {
    add(`---${sector}`, `${name}, country unknown (the sector block after a country: PAK${sector} = Pakistan's ${name})`, "sector");
  }
  for (const [type, roots] of Object.entries(g.plover)) add(type, `PLOVER event type; CAMEO roots ${roots.join(", ")}`, "PLOVER");
  for (const code of g.cameo) {
    add(code.code, `${code.name} (Goldstein ${code.goldstein > 0 ? "+" : ""}${code.goldstein}, ${g.quad[code.quad_class]}` +
      `${code.plover ? ", PLOVER " + code.plover : ""})`, "CAMEO");
  }
  for (const [code, name] of Object.entries(g.countries)) add(code, name, "country");
  for (const [code, name] of Object.entries(g.organisations)) add(code, name, "organisation");
  return entries;
}
