"""Web API speed on a large store: builds a synthetic store of 1 million events, serves it with
``flashpoint serve``'s app under uvicorn on 127.0.0.1, and times the dashboard's requests.

Run: python bench/web_bench.py [--events 1000000] [--db PATH] [--repeat 15]

The store is built once (storing only, no coding: ``Store.add`` in transactions of 10,000
events, then merging) and kept at --db for reruns (default: bench/.web_bench.db, git-ignored by
being outside the package; delete it to rebuild). Events are spread over two years and 24
countries, with the dyads an analyst watches weighted up (India-Pakistan 12%, Russia-Ukraine
10%, ...) and an India-Pakistan crisis in May 2025, so alerts fire. Each request is timed over
HTTP (client-side wall time, JSON included): the first call ("cold": the server's answer cache
empty, its warm-up thread off, so the answer is computed) and then --repeat calls (median, p95,
max: summaries come from the cache, pages are queried every time). Targets: /api/timeline under
200 ms cold and median; /api/alerts, /api/network and /api/dyads under 1 s cold; /api/events
pages under 300 ms (median). The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

import flashpoint.analysis  # noqa: F401 - registers the alerts merging keeps, as in an ingest
from flashpoint.records import Actor, CodedDocument, Document, Event, EventDate, Evidence, Place
from flashpoint.store import Store

HERE = Path(__file__).resolve().parent
COUNTRIES = {  # code: (name, capital, lat, lon)
    "IND": ("India", "New Delhi", 28.61, 77.21), "PAK": ("Pakistan", "Islamabad", 33.69, 73.05),
    "USA": ("United States", "Washington", 38.90, -77.04), "CHN": ("China", "Beijing", 39.90, 116.41),
    "RUS": ("Russia", "Moscow", 55.76, 37.62), "UKR": ("Ukraine", "Kyiv", 50.45, 30.52),
    "ISR": ("Israel", "Jerusalem", 31.77, 35.21), "IRN": ("Iran", "Tehran", 35.69, 51.39),
    "TUR": ("Turkey", "Ankara", 39.93, 32.86), "SYR": ("Syria", "Damascus", 33.51, 36.29),
    "AFG": ("Afghanistan", "Kabul", 34.56, 69.21), "GBR": ("United Kingdom", "London", 51.51, -0.13),
    "FRA": ("France", "Paris", 48.86, 2.35), "DEU": ("Germany", "Berlin", 52.52, 13.40),
    "JPN": ("Japan", "Tokyo", 35.68, 139.69), "KOR": ("South Korea", "Seoul", 37.57, 126.98),
    "PRK": ("North Korea", "Pyongyang", 39.04, 125.76), "SAU": ("Saudi Arabia", "Riyadh", 24.71, 46.68),
    "EGY": ("Egypt", "Cairo", 30.04, 31.24), "NGA": ("Nigeria", "Abuja", 9.08, 7.40),
    "BRA": ("Brazil", "Brasilia", -15.79, -47.88), "ZAF": ("South Africa", "Pretoria", -25.75, 28.19),
    "ETH": ("Ethiopia", "Addis Ababa", 9.03, 38.74), "SDN": ("Sudan", "Khartoum", 15.50, 32.56),
}
WATCHED = [(("IND", "PAK"), 0.12), (("RUS", "UKR"), 0.10), (("USA", "CHN"), 0.06), (("ISR", "IRN"), 0.05),
           (("PRK", "KOR"), 0.03)]  # the rest: random pairs
SECTORS = [("", ""), ("GOV", "government"), ("MIL", "army"), ("CVL", "civilians"), ("REB", "rebels")]
CODES = [  # cameo, name, quad, goldstein, plover, verb
    ("010", "Make statement", 1, 0.0, "CONSULT", "spoke about"), ("036", "Express intent to meet", 1, 4.0, "CONSULT",
    "offered talks to"), ("042", "Make a visit", 1, 1.9, "CONSULT", "visited"),
    ("057", "Sign formal agreement", 1, 8.0, "AGREE", "signed an accord with"),
    ("070", "Provide aid", 2, 7.0, "AID", "sent aid to"), ("112", "Accuse", 3, -2.0, "ACCUSE", "accused"),
    ("130", "Threaten", 3, -4.4, "THREATEN", "threatened"), ("141", "Demonstrate", 3, -6.5, "PROTEST",
    "protested against"), ("163", "Impose embargo", 4, -8.0, "SANCTION", "imposed an embargo on"),
    ("173", "Arrest", 4, -5.0, "COERCE", "detained citizens of"), ("190", "Use conventional force", 4, -10.0,
    "ASSAULT", "attacked"), ("193", "Fight with small arms", 4, -10.0, "ASSAULT", "exchanged fire with"),
]
START = dt.date(2024, 1, 1)
DAYS = 731
CRISIS = (dt.date(2025, 4, 22), dt.date(2025, 5, 10))


class Synthetic:
    """Documents of ten events each; every offset points at the words it claims to."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)

    def pair(self) -> tuple[str, str]:
        roll = self.rng.random()
        for pair, share in WATCHED:
            if roll < share:
                return pair if self.rng.random() < 0.5 else (pair[1], pair[0])
            roll -= share
        return tuple(self.rng.sample(list(COUNTRIES), 2))  # type: ignore[return-value]

    def day(self, pair: tuple[str, str]) -> dt.date:
        if set(pair) == {"IND", "PAK"} and self.rng.random() < 0.25:
            return CRISIS[0] + dt.timedelta(days=self.rng.randint(0, (CRISIS[1] - CRISIS[0]).days))
        return START + dt.timedelta(days=self.rng.randrange(DAYS))

    def document(self, number: int, per_doc: int) -> CodedDocument:
        doc_id = f"synthetic-{number}"
        parts: list[str] = []
        events: list[Event] = []
        offset = 0
        published = None
        for index in range(per_doc):
            source, target = self.pair()
            day = self.day((source, target))
            published = published or day
            crisis = {source, target} == {"IND", "PAK"} and CRISIS[0] <= day <= CRISIS[1]
            code = self.rng.choice(CODES[5:] if crisis else CODES)
            s_sector, t_sector = self.rng.choice(SECTORS), self.rng.choice(SECTORS)
            s_name = f"{COUNTRIES[source][0]} {s_sector[1]}".strip()
            t_name = f"{COUNTRIES[target][0]} {t_sector[1]}".strip()
            place_name, _, lat, lon = COUNTRIES[self.rng.choice((source, target))][1], None, *COUNTRIES[source][2:]
            when = f"on {day.isoformat()}"
            sentence = f"{s_name} {code[5]} {t_name} near {place_name} {when}. "
            s_span = (offset, offset + len(s_name))
            trigger_start = s_span[1] + 1
            trigger = (trigger_start, trigger_start + len(code[5]))
            t_span = (trigger[1] + 1, trigger[1] + 1 + len(t_name))
            p_start = t_span[1] + len(" near ")
            place = Place(name=place_name, country=source, lat=lat + self.rng.uniform(-0.3, 0.3),
                          lon=lon + self.rng.uniform(-0.3, 0.3), feature="city", text=place_name,
                          span=(p_start, p_start + len(place_name)), origin="clause")
            events.append(Event(
                doc_id=doc_id,
                source=Actor(code=source + s_sector[0], text=s_name, span=s_span, country=source,
                             sector=s_sector[0] or None, rule="bench"),
                target=Actor(code=target + t_sector[0], text=t_name, span=t_span, country=target,
                             sector=t_sector[0] or None, rule="bench"),
                cameo=code[0], cameo_root=code[0][:2], cameo_name=code[1], goldstein=code[3], quad_class=code[2],
                plover_type=code[4], plover_mode=None, modality="asserted",
                evidence=Evidence(index, sentence.strip(), offset, offset + len(sentence) - 1, code[5], trigger),
                confidence=round(self.rng.uniform(0.4, 0.95), 2), rule="bench",
                date=EventDate(day, "day", when, "expression"), location=place if self.rng.random() < 0.7 else None))
            parts.append(sentence)
            offset += len(sentence)
        text = "".join(parts)
        document = Document(doc_id=doc_id, text=text, source="bench", title=f"Synthetic report {number}",
                            url=f"https://example.org/{number}", outlet=f"outlet-{number % 60}",
                            published=published, report_date=published, date_origin="published")
        return CodedDocument(document, events)


def build(path: Path, n_events: int, per_doc: int = 10, batch_events: int = 10_000) -> None:
    if path.exists():
        with Store(path) as store:
            counts = store.counts()
        if counts.events >= n_events and not counts.pending_merge_groups:
            print(f"reusing {path}: {counts.events:,} events, {counts.merged:,} merged")
            return
        path.unlink()
        for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            extra.unlink(missing_ok=True)
    synthetic = Synthetic()
    began = time.perf_counter()
    with Store(path) as store:
        batch: list[CodedDocument] = []
        for number in range(n_events // per_doc):
            batch.append(synthetic.document(number, per_doc))
            if len(batch) * per_doc >= batch_events:
                store.add(batch)
                batch = []
                done = (number + 1) * per_doc
                if done % 100_000 == 0:
                    print(f"  stored {done:,} events ({time.perf_counter() - began:.0f} s)", flush=True)
        if batch:
            store.add(batch)
        stored = time.perf_counter() - began
        began = time.perf_counter()
        store.refresh_merges()
        counts = store.counts()
    print(f"built {path}: {counts.events:,} events in {stored:.0f} s, {counts.merged:,} merged events "
          f"in {time.perf_counter() - began:.0f} s")


def serve(path: Path) -> tuple[str, object]:
    """The app on a free loopback port, in a thread; returns its base URL and the server."""
    import uvicorn

    from flashpoint.faces.web import WebConfig, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(WebConfig(db=path, warm_dyads=-1))  # nothing precomputed: first calls are truly cold
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def measure(client: httpx.Client, url: str, repeat: int) -> tuple[float, list[float], dict]:
    def once() -> tuple[float, dict]:
        began = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - began) * 1000
        response.raise_for_status()
        return elapsed, response.json()

    cold, answer = once()
    return cold, [once()[0] for _ in range(repeat)], answer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=HERE / ".web_bench.db")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    build(args.db, args.events)
    base, server = serve(args.db)
    rows: list[tuple[str, str, float, list[float], float | None, float | None]] = []
    with httpx.Client(base_url=base, timeout=600) as client:
        first = client.get("/api/events", params={"limit": 50}).json()
        cursor = first["next_cursor"]
        deep = client.get("/api/events", params={"limit": 1, "offset": 100_000}).json()["next_cursor"]
        event_id = first["items"][0]["event_id"]
        doc_id = first["items"][0]["doc_id"]
        # (kind, url, median target ms, cold target ms)
        cases: list[tuple[str, str, float | None, float | None]] = [
            ("timeline", "/api/timeline?a=IND&b=PAK&interval=day", 200, 200),
            ("timeline", "/api/timeline?a=IND&b=PAK&interval=week", 200, 200),
            ("timeline", "/api/timeline?a=RUS&b=UKR&interval=day&since=2025-01-01", 200, 200),
            ("timeline", "/api/timeline?a=INDMIL&b=PAK&interval=day", 200, None),
            ("timeline", "/api/timeline?a=USA&b=CHN&interval=week&since=2025-04-01&until=2025-06-30", 200, 200),
            ("events", "/api/events?limit=50", 300, None),
            ("events", f"/api/events?limit=50&cursor={cursor}", 300, None),
            ("events", f"/api/events?limit=50&cursor={deep}", 300, None),
            ("events", "/api/events?limit=50&offset=10000", 300, None),
            ("events", "/api/events?limit=50&sort=date", 300, None),
            ("events", "/api/events?limit=50&dyad=IND:PAK", 300, None),
            ("events", "/api/events?limit=50&dyad=IND:PAK&quad=4&since=2025-05-01&until=2025-05-07", 300, None),
            ("events", "/api/events?limit=50&country=USA&root=19", 300, None),
            ("events", "/api/events?limit=50&actor=PAKMIL&sort=goldstein", 300, None),
            ("events", "/api/events?limit=50&quad=2", 300, None),
            ("events", "/api/events?limit=50&sort=goldstein", 300, None),
            ("events", "/api/events?limit=50&doc=synthetic-4242", 300, None),
            ("events", "/api/events?limit=50&cameo=057&sort=-goldstein", 300, None),
            ("events", "/api/events?limit=50&plover=AID", 300, None),
            ("events", "/api/events?limit=50&dyad=IND:PAK&text=embargo", 300, None),
            # the dashboard's default view: real-world (merged) events
            ("merged", "/api/events?view=merged&limit=50", 300, None),
            ("merged", "/api/events?view=merged&limit=50&sort=goldstein", 300, None),
            ("merged", "/api/events?view=merged&limit=50&sort=-reports", 300, None),
            ("merged", "/api/events?view=merged&limit=50&dyad=IND:PAK", 300, None),
            ("merged", "/api/events?view=merged&limit=50&dyad=IND:PAK&quad=4&since=2025-05-01&until=2025-05-07", 300,
             None),
            ("merged", "/api/events?view=merged&limit=50&actor=Pakistan&sort=goldstein", 300, None),
            ("merged", "/api/events?view=merged&limit=50&dyad=IND:PAK&text=embargo", 300, None),
            ("merged", "/api/map?view=merged&dyad=IND:PAK", None, None),
            ("timeline", "/api/timeline?a=India&b=Pakistan&interval=day&count=reports", 300, None),
            ("other", "/api/actors?q=pak", None, None),
            ("other", f"/api/events/{event_id}", None, None),
            ("other", f"/api/documents/{doc_id}", None, None),
            ("other", "/api/dyads?limit=100", None, 1000),
            ("other", "/api/stats", None, None),
            ("other", "/api/map?dyad=IND:PAK", None, None),
            ("other", "/api/map", None, None),
            ("other", "/api/alerts?since=2025-01-01", None, 1000),
            ("other", "/api/alerts", None, 1000),
            ("other", "/api/network?since=2025-01-01", None, 1000),
            ("other", "/api/network", None, 1000),
        ]
        for kind, url, target, cold_target in cases:
            try:
                cold, times, _ = measure(client, url, args.repeat)
            except httpx.HTTPError as error:
                print(f"{url}: {error}")
                continue
            rows.append((kind, url, cold, times, target, cold_target))
    server.should_exit = True  # type: ignore[attr-defined]
    print(f"\n{'request':<86} {'cold ms':>8} {'median':>7} {'p95':>7} {'max':>7}  targets")
    failed = 0
    for kind, url, cold, times, target, cold_target in rows:
        ordered = sorted(times)
        median = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        verdicts = []
        for name, value, limit in (("cold", cold, cold_target), ("median", median, target)):
            if limit:
                ok = value < limit
                failed += not ok
                verdicts.append(f"{name} < {limit:.0f} ms {'ok' if ok else 'MISSED'}")
        shown = url if len(url) <= 86 else url[:83] + "..."
        print(f"{shown:<86} {cold:>8.1f} {median:>7.1f} {p95:>7.1f} {max(ordered):>7.1f}  {'; '.join(verdicts)}")
    print(f"\ntargets: {'all met' if not failed else f'{failed} missed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
