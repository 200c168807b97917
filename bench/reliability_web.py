"""Web load: 20 concurrent clients x 500 requests each against `flashpoint serve` on 127.0.0.1,
no errors allowed; reports p50/p99 latency, throughput and the server's peak memory.

Run: python bench/reliability_web.py [--clients 20] [--requests 500] [--events 100000]

The store is synthetic (bench/web_bench.py's generator: documents of ten events, every offset
pointing at its words) plus the web tests' hand-made documents, built once per run in a
temporary folder. The server is the real command (`flashpoint serve --no-preload`) in its own
process; each client is a thread with its own keep-alive connection, cycling through the
dashboard's requests (stats, event pages with filters and sorts, one event, one article,
dyads, timeline, alerts, map, network, the page and a script). Bounded: clients x requests
requests, then the server is stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from test_reliability_web import MIX, load  # noqa: E402
from web_bench import build  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=500, help="requests per client")
    parser.add_argument("--events", type=int, default=100_000, help="synthetic events in the store")
    parser.add_argument("--no-text-search", action="store_true",
                        help="leave /api/events?text=... out of the mix (a scan of every evidence sentence)")
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flashpoint-web-load-") as tmp:
        db = Path(tmp) / "load.db"
        began = time.monotonic()
        build(db, options.events)
        from test_web_api import corpus

        from flashpoint.store import Store

        with Store(db) as store:
            store.add(corpus())
            store.refresh_merges()
        print(f"store: {options.events:,} synthetic events + the web tests' documents, "
              f"built in {time.monotonic() - began:.0f} s", flush=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-c", "from flashpoint.faces.cli import main; main()", "serve",
                                   "--db", str(db), "--port", str(port), "--no-preload"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/api/stats", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.2)
            with httpx.Client(base_url=url, timeout=30) as client:
                first = client.get("/api/events", params={"limit": 1, "dyad": "IND:PAK"}).json()["items"][0]
            paths = MIX + [f"/api/events/{first['event_id']}", f"/api/documents/{first['doc_id']}",
                           "/api/events?country=RUS&sort=-goldstein&limit=100", "/api/events?cameo=19&limit=50",
                           "/api/timeline?a=RUS&b=UKR&interval=week"]
            if options.no_text_search:
                paths = [path for path in paths if "text=" not in path]
            figures = load(url, options.clients, options.requests, paths)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                _, status, usage = os.wait4(server.pid, 0)
            except ChildProcessError:
                usage = None
        figures["server_peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1) if usage else None
        figures.update(clients=options.clients, per_client=options.requests, store_events=options.events,
                       distinct_requests=len(paths))
        print(json.dumps(figures, indent=1))
        if options.json:
            options.json.write_text(json.dumps(figures, indent=1) + "\n")
        sys.exit(1 if figures["errors"] else 0)


if __name__ == "__main__":
    main()
