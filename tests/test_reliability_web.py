"""The web server under hostile and heavy use, over real HTTP on 127.0.0.1 (uvicorn in a thread):

- SQL-injection strings in every query and path parameter of every GET route (read from the
  server's own /openapi.json) are harmless: 400 or an empty answer, never a 5xx, never more
  rows, and the store is unchanged;
- parameter, URL, header and body limits answer 4xx (never 5xx) and the server keeps serving;
- concurrent clients get no errors (a small run here; 20 clients x 500 requests in
  bench/reliability_web.py, figures in docs/reliability.md).

The store is the web tests' hand-made one (tests/test_web_api.py: no language model needed).
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
uvicorn = pytest.importorskip("uvicorn")

from test_web_api import build_store  # noqa: E402

from flashpoint.faces.web import WebConfig, create_app  # noqa: E402
from flashpoint.faces.web.coding import Coder  # noqa: E402

INJECTIONS = [
    "' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE events; --", '" OR ""="', "1 OR 1=1", "1) OR (1=1",
    "IND' UNION SELECT record, record FROM events --", "IND%' --", "%", "_", "\\", "*", "IND\x00PAK",
    "'; ATTACH DATABASE '/tmp/pwned.db' AS p; --", "IND/**/OR/**/1=1", "0x494e44", "IND;PAK", "IND:PAK' --",
    "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "../../../../etc/passwd", "\u202eDNI", "ü" * 60, "x" * 5000,
]
#: Values that make the other required parameters of a route valid, so the one under test is reached.
VALID = {"a": "IND", "b": "PAK", "dyad": "IND:PAK", "limit": "5", "interval": "day", "q": "pak"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A uvicorn server in a thread of this process, stopped at the end."""

    def __init__(self, app, port: int) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error",
                                                    timeout_keep_alive=30))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"
        self.port = port

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("web-reliability") / "web.db")


@pytest.fixture(scope="module")
def server(store, pipeline):
    app = create_app(WebConfig(db=store, max_code_bytes=20_000), coder=Coder(pipeline))
    with Server(app, _free_port()) as running:
        yield running


def fingerprint(db: Path) -> str:
    """The store's content: every table's rows, in order."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608 - our own table names
            for row in sorted(rows, key=repr):
                digest.update(repr(row).encode())
        digest.update(repr(conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def get_routes(client) -> list[tuple[str, list[dict]]]:
    spec = client.get("/openapi.json").json()
    return [(path, operation.get("parameters", [])) for path, item in spec["paths"].items()
            for method, operation in item.items() if method == "get"]


def test_sql_injection_in_every_parameter_is_harmless(server, store):
    before = fingerprint(store)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        baseline = client.get("/api/events", params={"limit": 500}).json()
        total = len(baseline["items"])
        routes = get_routes(client)
        assert len(routes) >= 8
        tried = 0
        for path, parameters in routes:
            for parameter in parameters:
                for payload in INJECTIONS:
                    params = {p["name"]: VALID[p["name"]] for p in parameters
                              if p.get("required") and p["in"] == "query" and p["name"] != parameter["name"]}
                    url = path
                    if parameter["in"] == "path":
                        url = path.replace("{" + parameter["name"] + "}", quote(payload, safe=""))
                    else:
                        params[parameter["name"]] = payload
                    url = url.replace("{event_id}", "nothing").replace("{doc_id}", "nothing")
                    response = client.get(url, params=params)
                    tried += 1
                    assert response.status_code < 500, (url, parameter["name"], payload, response.text[:300])
                    assert response.status_code in (200, 400, 404, 422), (url, parameter["name"], payload)
                    if response.status_code == 200 and path == "/api/events":
                        items = response.json()["items"]
                        assert len(items) <= total
                        if parameter["name"] == "text":  # matched literally, wildcards included
                            assert all(payload.lower() in item["evidence"]["sentence"].lower() for item in items)
                        if parameter["name"] == "doc":
                            assert all(item["doc_id"] == payload for item in items)
    assert tried >= 300
    assert fingerprint(store) == before, "a request changed the store"
    assert not Path("/tmp/pwned.db").exists()


def test_parameter_limits_are_client_errors(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for params in ({"limit": "99999999999999999999999"}, {"limit": "-1"}, {"limit": "NaN"}, {"limit": "1e3"},
                       {"offset": "-5"}, {"offset": str(10 ** 12)}, {"cursor": "A" * 10_000}, {"cursor": "%%%"},
                       {"since": "2025-02-30"}, {"since": "99999-01-01"}, {"until": "0001-01-01"},
                       {"sort": "date; DROP TABLE events"}, {"quad": "9"}, {"quad": ["1"] * 1000 + ["5"]},
                       {"text": "x" * 201}, {"country": "IN\x00"}):
            response = client.get("/api/events", params=params)
            assert 400 <= response.status_code < 500, (params, response.status_code, response.text[:200])
        for raw in ("/api/events?limit=%FF", "/api/events?actor=%ZZ", "/api/events?%00=1", "/api/events?&&&=&",
                    "/api/events?actor=IND&actor=PAK&actor=" + "A" * 100, "/api/documents/%2e%2e/%2e%2e/etc/passwd",
                    "/api/events/" + "9" * 5000, "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd"):
            response = client.get(raw)
            assert response.status_code < 500, (raw, response.status_code)
            assert "root:" not in response.text
        assert client.get("/api/events", params={"limit": 5}).status_code == 200  # still serving


def _raw(port: int, request: bytes, timeout: float = 10) -> bytes:
    """Send raw bytes to the server; return what it answers (possibly nothing, if it hangs up)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: what it said before hanging up is read below
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError, OSError):
            pass
        return b"".join(chunks)


def _status(answer: bytes) -> int | None:
    if not answer.startswith(b"HTTP/1.1 "):
        return None
    return int(answer[9:12])


def test_huge_urls_headers_and_malformed_requests_do_not_break_the_server(server):
    port = server.port
    cases = {
        "100 KB query": b"GET /api/events?text=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "100 KB header": b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 100_000
                         + b"\r\nConnection: close\r\n\r\n",
        "1000 headers": b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + b"".join(b"X-%d: 1\r\n" % n for n in range(1000)) + b"Connection: close\r\n\r\n",
        "garbage": b"\x00\xff\xfe GARBAGE \r\n\r\n",
        "bad method": b"BREW /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "no host": b"GET /api/stats HTTP/1.1\r\nConnection: close\r\n\r\n",
        "evil host": b"GET /api/stats HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n",
        "negative length": b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           b"Content-Length: -1\r\nConnection: close\r\n\r\n{}",
        "lying length": b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 999999999\r\nConnection: close\r\n\r\n{\"text\": \"India\"}",
        "bad chunking": b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZZ\r\nxx\r\n0\r\n\r\n",
        "http/0.9": b"GET /\r\n\r\n",
    }
    big_but_complete = ("100 KB query", "100 KB header", "1000 headers")  # may be served, or refused
    for name, request in cases.items():
        status = _status(_raw(port, request))
        assert status is None or 400 <= status < 500 or (name in big_but_complete and status == 200), (name, status)
    # headers that keep coming are cut off (h11 refuses an incomplete head over 16 KiB)
    status = _status(_raw(port, b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " + b"h" * 10_000_000
                          + b"\r\n\r\n", timeout=30))
    assert status is None or 400 <= status < 500
    with httpx.Client(base_url=server.url, timeout=30) as client:
        assert client.get("/api/stats").status_code == 200  # still serving


def test_request_bodies_are_limited(server):
    limit = 20_000
    with httpx.Client(base_url=server.url, timeout=120) as client:
        over = client.post("/api/code", json={"text": "India expelled diplomats. " * (limit // 20)})
        assert over.status_code == 413

        def stream():
            for _ in range(100):
                yield b" " * 1000

        chunked = client.post("/api/code", content=stream(), headers={"content-type": "application/json"})
        assert chunked.status_code == 413
        nested = client.post("/api/code", content=b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
                             headers={"content-type": "application/json"})
        assert 400 <= nested.status_code < 500
        for body in (b'{"text": 1e999999}', b'{"text": "\\ud800"}', b'{"text": null}', b"[]", b'"text"',
                     b'{"text": "India", "published": "9999-12-31"}', b'{"text": "India", "modalities": "asserted"}',
                     b'\xff\xfe{"text": "x"}', b'{"text": "' + "ü".encode() * 100 + b'"}'):
            response = client.post("/api/code", content=body, headers={"content-type": "application/json"})
            assert response.status_code < 500, (body[:60], response.status_code, response.text[:300])
        assert client.post("/api/documents", json={"documents": []}).status_code == 403  # read-only
        assert client.put("/api/events").status_code == 405
        assert client.get("/api/stats").status_code == 200


def test_slow_clients_do_not_block_others(server):
    """Connections that send half a request and wait (slowloris) do not stop other clients."""
    idle = []
    try:
        for _ in range(50):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            idle.append(sock)
        began = time.monotonic()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert client.get("/api/events", params={"limit": 5}).status_code == 200
        assert time.monotonic() - began < 10
    finally:
        for sock in idle:
            sock.close()


MIX = ["/api/stats", "/api/events?limit=50", "/api/events?dyad=IND:PAK&limit=20&sort=-goldstein",
       "/api/events?quad=4&since=2025-05-01", "/api/dyads", "/api/timeline?a=IND&b=PAK",
       "/api/alerts", "/api/map", "/api/network", "/api/events?text=Poonch", "/", "/static/js/app.js"]


def load(url: str, clients: int, per_client: int, paths: list[str] = MIX) -> dict:
    """``clients`` threads, each with its own keep-alive connection, ``per_client`` requests each."""
    def worker(number: int) -> tuple[list[tuple[str, float]], list[str]]:
        times, errors = [], []
        with httpx.Client(base_url=url, timeout=60) as client:
            for index in range(per_client):
                path = paths[(number + index) % len(paths)]
                began = time.perf_counter()
                try:
                    response = client.get(path)
                    if response.status_code != 200:
                        errors.append(f"{path}: {response.status_code}")
                except httpx.HTTPError as error:
                    errors.append(f"{path}: {error!r}")
                times.append((path, time.perf_counter() - began))
        return times, errors

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(worker, range(clients)))
    wall = time.perf_counter() - began
    timed = [t for result in results for t in result[0]]
    times = sorted(t for _, t in timed)
    errors = [e for result in results for e in result[1]]
    quantiles = statistics.quantiles(times, n=100)
    by_path = {}
    for path in paths:
        mine = sorted(t for p, t in timed if p == path)
        if len(mine) >= 2:
            by_path[path] = {"p50_ms": round(statistics.median(mine) * 1000, 1),
                             "p99_ms": round(statistics.quantiles(mine, n=100)[98] * 1000, 1)}
    return {"requests": len(times), "errors": len(errors), "first_errors": errors[:5], "seconds": round(wall, 1),
            "per_second": round(len(times) / wall, 1), "p50_ms": round(quantiles[49] * 1000, 1),
            "p99_ms": round(quantiles[98] * 1000, 1), "max_ms": round(times[-1] * 1000, 1), "by_path": by_path}


def test_concurrent_clients_get_no_errors(server, capsys):
    figures = load(server.url, clients=20, per_client=25)
    with capsys.disabled():
        print(f"\n20 clients x 25 requests: {figures}")
    assert figures["requests"] == 500 and figures["errors"] == 0, figures["first_errors"]
