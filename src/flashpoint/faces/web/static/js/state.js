// The view, kept in the URL's hash: the dyad, compared dyads, interval, the global date range,
// what is counted (real-world events or reports), the table's filters and sort, the picked bar
// and the open event. Every change goes through the URL, so reload, back and forward restore the
// view, and any view (an open event included) is a link.

export const FILTER_KEYS = ["actor", "source", "target", "cameo", "plover", "quad", "min-confidence", "text", "doc"];
const KEYS = ["dyad", "cmp", "interval", "since", "until", "view", "on", ...FILTER_KEYS, "sort", "limit", "event",
  "akind", "amine"];
export const DEFAULTS = { interval: "day", view: "merged", sort: "-date", limit: "50" };

// The state in the URL (defaults filled in). An old bookmark (#IND:PAK:day) still opens its dyad.
export function readState(hash = location.hash) {
  const raw = hash.replace(/^#/, "");
  const state = { ...DEFAULTS };
  if (/^[A-Za-z0-9-]+:[A-Za-z0-9-]+(:(day|week))?$/.test(raw)) {
    const [a, b, interval] = raw.split(":");
    return { ...state, dyad: `${a}:${b}`.toUpperCase(), interval: interval || "day" };
  }
  const params = new URLSearchParams(raw);
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && value !== "") state[key] = value;
  }
  return state;
}

// The hash of a state: only what differs from the defaults, in a fixed order.
export function hashOf(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = state[key];
    if (value === undefined || value === null || value === "" || value === DEFAULTS[key]) continue;
    params.set(key, value);
  }
  const text = params.toString().replaceAll("%3A", ":").replaceAll("%2C", ",");  // readable links
  return text ? `#${text}` : "#";
}

// Apply changes (null or "" removes a key, undefined keeps it); push a history entry unless
// replace is asked.
export function navigate(changes, { replace = false } = {}) {
  const next = { ...readState() };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null || value === "") delete next[key];
    else next[key] = String(value);
  }
  for (const [key, value] of Object.entries(DEFAULTS)) if (!(key in next)) next[key] = value;
  const hash = hashOf(next);
  if (hash !== (location.hash || "#")) {
    if (replace) history.replaceState(null, "", hash);
    else history.pushState(null, "", hash);
  }
  window.dispatchEvent(new CustomEvent("flashpoint:state"));
  return next;
}

// The event filters of a state, as API parameters (the dyad and the date range included).
export function eventParams(state, { withPick = true } = {}) {
  const params = { view: state.view };
  if (state.dyad) params.dyad = state.dyad;
  for (const key of FILTER_KEYS) if (state[key]) params[key] = key === "quad" ? state[key].split(",") : state[key];
  const [since, until] = withPick && state.on ? pickRange(state.on) : [state.since, state.until];
  if (since) params.since = since;
  if (until) params.until = until;
  return params;
}

// A picked bar: "2025-05-07" (a day) or "2025-05-05..2025-05-11" (a week).
export function pickRange(on) {
  const [start, end] = on.split("..");
  return [start, end || start];
}

// Which parts of the view changed between two states, so only those panels reload.
export function changed(before, after, keys) {
  return !before || keys.some((key) => (before[key] || "") !== (after[key] || ""));
}
