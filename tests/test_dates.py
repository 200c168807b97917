"""Implausible dates (issue 18): a report cannot be dated in the future, and a dyad's series
costs what its events cost, not its calendar span. A record dated 2205 made ``timeline`` 190
times slower; two dated 1000 and 2999 hung it past ten minutes and 5.8 GB, and ``/api/timeline``
returned 345 MB."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from factories import actor, event
from flashpoint.faces.cli import cli
from flashpoint.ingest import document_from_record, read_path
from flashpoint.records import Document, Failure

FUTURE = (dt.date.today() + dt.timedelta(days=3)).isoformat()
REPORT = "Pakistan closed its airspace to Indian airlines on Thursday."


@pytest.mark.parametrize("day", ["2205-01-01", "2999-12-31", FUTURE])
def test_a_record_dated_in_the_future_is_refused(day):
    item = document_from_record({"id": "r", "text": REPORT, "published": day}, source="s", fallback_id="r")
    assert isinstance(item, Failure) and "in the future" in item.reason


def test_today_and_tomorrow_are_fine():
    for day in (dt.date.today(), dt.date.today() + dt.timedelta(days=1)):
        item = document_from_record({"id": "r", "text": REPORT, "published": day.isoformat()}, source="s",
                                    fallback_id="r")
        assert isinstance(item, Document) and item.report_date == day


@pytest.mark.parametrize("command", ["code", "ingest"])
def test_a_report_date_option_in_the_future_is_a_usage_error(tmp_path, command):
    args = [command, str(tmp_path / "missing.txt"), "--date", "2205-05-01"]
    result = CliRunner().invoke(cli, args + (["--db", str(tmp_path / "s.db")] if command == "ingest" else []))
    assert result.exit_code == 2 and "--date" in result.output and "in the future" in result.output


def test_dates_in_a_file_or_its_clock_in_the_future_are_passed_over(tmp_path):
    header = tmp_path / "header.txt"
    header.write_text("Border report\nMay 1, 2205\n\n" + REPORT, encoding="utf-8")
    dated = tmp_path / "dateline.txt"
    dated.write_text("NEW DELHI, May 1, 2205 – " + REPORT, encoding="utf-8")
    touched = tmp_path / "touched.txt"
    touched.write_text(REPORT, encoding="utf-8")
    far = dt.datetime(2205, 1, 1).timestamp()
    os.utime(touched, (far, far))
    for path in (header, dated, touched):
        [item] = list(read_path(path))
        assert isinstance(item, Document) and item.report_date <= dt.date.today(), (path.name, item.report_date)


SERIES = """
import json, sys, time
import flashpoint.analysis as analysis
from flashpoint.store import Store
began = time.monotonic()
with Store(sys.argv[1]) as store:
    day = analysis.timeline(store, "IND", "PAK")
    week = analysis.timeline(store, "IND", "PAK", interval="week")
    alerts = analysis.alerts(store)
print(json.dumps({"seconds": time.monotonic() - began, "buckets": len(day.buckets), "weeks": len(week.buckets),
                  "json": len(json.dumps(day.to_dict())), "gaps": day.to_dict()["gaps"],
                  "events": day.totals.events, "alerts": len(alerts), "start": str(day.start), "end": str(day.end)}))
"""


def _far_flung_store(tmp_path) -> str:
    """Events on 1000-01-01, 2999-12-31 (stored through the API, as an old store may hold them)
    and ten days of May 2025."""
    import flashpoint.analysis  # noqa: F401
    from flashpoint.ingest import make_document
    from flashpoint.records import CodedDocument
    from flashpoint.store import Store

    days = ["1000-01-01", "2999-12-31"] + [f"2025-05-{d:02d}" for d in range(1, 31, 3)]
    coded = []
    for number, day in enumerate(days):
        document = make_document(f"Report {number}. " + REPORT, doc_id=f"r{number}", source=f"r{number}.txt")
        coded.append(CodedDocument(document, [event(document.doc_id, actor("IND"), "190", actor("PAK", 4), day=day)]))
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add(coded)
        store.refresh_merges()
    return str(db)


def _bounded(script: str, *args: str) -> dict:
    """What ``script`` prints (JSON), run in a child limited to 1.5 GB of address space."""
    child = (f"import resource\nresource.setrlimit(resource.RLIMIT_AS, ({1_500_000_000}, {1_500_000_000}))\n"
             + script)
    run = subprocess.run([sys.executable, "-c", child, *args], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-1000:]
    return json.loads(run.stdout.splitlines()[-1])


def test_a_series_costs_what_its_events_cost(tmp_path):
    """The timeline lists the days with events, quiet weeks near them, and the gaps."""
    db = _far_flung_store(tmp_path)
    began = time.monotonic()
    found = _bounded(SERIES, db)
    assert found["events"] == 12 and found["start"] == "1000-01-01" and found["end"] == "2999-12-31"
    assert found["buckets"] < 60 and found["weeks"] < 30 and found["json"] < 100_000, found
    assert ["1000-01-09", "2025-04-30"] in found["gaps"]
    assert time.monotonic() - began < 60


FACES = """
import json, pathlib, sys, time
from click.testing import CliRunner
from fastapi.testclient import TestClient
from flashpoint.faces.cli import cli
from flashpoint.faces.web import WebConfig, create_app

db, out = sys.argv[1], pathlib.Path(sys.argv[2])
sizes, began = {}, time.monotonic()
for name, args in {"report": ["report", "--out", str(out / "report.html")],
                   "timeline": ["timeline", "IND", "PAK", "--plot", str(out / "plot.png")],
                   "timeline json": ["timeline", "IND", "PAK", "--interval", "week", "--format", "json"]}.items():
    result = CliRunner().invoke(cli, [*args, "--db", db])
    assert result.exit_code == 0, (name, result.output[-500:], repr(result.exception))
    sizes[name] = len(result.output)
sizes["report.html"], sizes["plot.png"] = (out / "report.html").stat().st_size, (out / "plot.png").stat().st_size
app = create_app(WebConfig(db=pathlib.Path(db), allowed_hosts=("testserver",)))
with TestClient(app) as client:
    assert app.state.warmer.done.wait(60)
    for query in ("a=IND&b=PAK", "a=IND&b=PAK&count=reports", "a=IND&b=PAK&interval=week&count=reports"):
        response = client.get("/api/timeline?" + query)
        assert response.status_code == 200, response.text[:500]
        sizes[query] = len(response.content)
print(json.dumps({"seconds": time.monotonic() - began, "sizes": sizes}))
"""


def test_every_face_of_a_far_flung_series_is_small(tmp_path):
    """What the issue measured through the faces: ``report`` (its HTML and charts), ``timeline``
    in the terminal, as JSON and as a plot, the web server's warm-up and ``/api/timeline``,
    counting merged events or reports (which counts a dyad's reports per bucket), a day or a week
    a bucket: each answers in seconds and kilobytes over events 2,000 years apart."""
    db = _far_flung_store(tmp_path)
    found = _bounded(FACES, db, str(tmp_path))
    assert found["seconds"] < 60, found
    assert max(found["sizes"].values()) < 1_000_000, found


def test_a_short_series_still_lists_every_quiet_day(tmp_path):
    from flashpoint.analysis.series import _buckets
    from flashpoint.analysis.models import Counts, EscalationParams
    from flashpoint.analysis.queries import DyadFilter

    daily = {dt.date(2025, 5, 1): Counts(events=1), dt.date(2025, 5, 20): Counts(events=1)}
    directions = {day: {} for day in daily}
    buckets = _buckets(daily, directions, DyadFilter.of("IND", "PAK"), "day", dt.date(2025, 5, 1),
                       dt.date(2025, 5, 20), EscalationParams())
    assert [b.start.day for b in buckets] == list(range(1, 21))
