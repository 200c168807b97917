// Talking to the HTTP API: JSON in, JSON out, errors shown in one banner.

const banner = () => document.getElementById("error");

export class ApiError extends Error {}

// GET /api/<path> with query parameters; arrays repeat the key (quad=1&quad=4).
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
  }
  const qs = query.toString();
  return request(`/api/${path}${qs ? "?" + qs : ""}`, { headers: { Accept: "application/json" } });
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
    throw showError(new ApiError(`cannot reach the server (${error.message})`));
  }
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) {
    const message = (data && data.error) || `${response.status} ${response.statusText}`;
    throw showError(new ApiError(message));
  }
  hideError();
  return data;
}

export function showError(error) {
  const node = banner();
  if (node) {
    node.textContent = error.message;
    node.hidden = false;
  }
  return error;
}

export function hideError() {
  const node = banner();
  if (node) node.hidden = true;
}
