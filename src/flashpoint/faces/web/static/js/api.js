// Talking to the HTTP API: JSON in, JSON out. A failed request is an ApiError naming the
// parameter the server refused (400s say which), for the panel that asked to show beside its form.

export class ApiError extends Error {
  constructor(message, { status = 0, param = null } = {}) {
    super(message);
    this.status = status;
    this.param = param;
  }
}

// The URL of /api/<path> with query parameters; arrays repeat the key (quad=1&quad=4).
export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
  }
  const qs = query.toString();
  return `/api/${path}${qs ? "?" + qs : ""}`;
}

export async function get(path, params = {}, { signal } = {}) {
  return request(apiUrl(path, params), { headers: { Accept: "application/json" }, signal });
}

export async function post(path, body) {
  return request(`/api/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
}

async function request(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(`cannot reach the server (${error.message})`);
  }
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) {
    const message = (data && data.error) || `${response.status} ${response.statusText}`;
    const param = data && data.detail && data.detail[0] ? data.detail[0].param : null;
    throw new ApiError(message, { status: response.status, param });
  }
  return data;
}

// One question at a time per panel: a newer request aborts the one still running, so a slow
// answer never overwrites a newer one.
export class Latest {
  constructor() { this.controller = null; }

  signal() {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }
}

export const aborted = (error) => error && error.name === "AbortError";

// The page-wide banner, for what belongs to no panel (the store cannot be read at all).
export function showError(error) {
  if (aborted(error)) return error;
  const node = document.getElementById("error");
  if (node) {
    node.textContent = error.message;
    node.hidden = false;
  }
  return error;
}
