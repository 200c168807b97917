// Names for codes, from /api/glossary (loaded once): "PAKMIL" -> "Pakistan (military)",
// "---GOV" -> "government (country unknown)", "190" -> "Use conventional military force".

import { get } from "./api.js";

let glossary = { quad: {}, sectors: {}, countries: {}, organisations: {}, cameo: [], plover: {} };
let cameoByCode = new Map();

export async function loadGlossary() {
  glossary = await get("glossary");
  cameoByCode = new Map(glossary.cameo.map((code) => [code.code, code]));
  return glossary;
}

export const data = () => glossary;

export const QUAD_SHORT = { 1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict" };

export function quadName(quad) {
  return glossary.quad[String(quad)] || QUAD_SHORT[quad] || String(quad ?? "");
}

export function cameoName(code) {
  const found = cameoByCode.get(code);
  return found ? found.name : "";
}

// An actor code in words, as the report writes it.
export function actorLabel(code) {
  if (!code) return "unknown";
  const upper = code.toUpperCase();
  if (glossary.countries[upper]) return glossary.countries[upper];
  if (glossary.organisations[upper]) return glossary.organisations[upper];
  const country = upper.slice(0, 3), sector = upper.slice(3, 6);
  const words = glossary.sectors[sector] || sector.toLowerCase();
  if (glossary.countries[country]) return words ? `${glossary.countries[country]} (${words})` : glossary.countries[country];
  if (country === "---") return words ? `${words} (country unknown)` : "unknown actor";
  return upper;
}

export function dyadLabel(dyad) {
  if (!dyad) return "";
  const [a, b] = dyad.split(":");
  return `${actorLabel(a)} – ${actorLabel(b)}`;
}

// "7 May 2025" (dates are YYYY-MM-DD, read as calendar days, never shifted by a time zone).
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function longDate(day) {
  if (!day) return "undated";
  const [year, month, date] = day.split("-").map(Number);
  return `${date} ${MONTHS[month - 1]} ${year}`;
}

export function shortDate(day) {
  const [, month, date] = day.split("-").map(Number);
  return `${date} ${MONTHS[month - 1]}`;
}
