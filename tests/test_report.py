"""report.html as a briefing (issue 16): key judgements first, a map of where events happened (never
a dateline), outlets named as sources, one period with the dashboard, plain counts in plain words,
a layout for phones and print, and a Content-Security-Policy (tests/test_web_security.py)."""

from __future__ import annotations

import re

from test_web_api import build_store

from flashpoint import analysis
from flashpoint.faces.report import gather, write_report
from flashpoint.faces.report.worldmap import MapPlace, frame_of
from flashpoint.store import Store


def test_the_report_is_a_briefing(tmp_path):
    db = build_store(tmp_path / "r.db")
    out = tmp_path / "report.html"
    with Store(db) as store:
        data = write_report(store, out)
        period = analysis.period(store)
    html = out.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert html.index('id="summary"') < html.index('id="where"') < html.index('id="alerts"')
    assert "Key judgements" in text and "India – Pakistan escalated on" in text
    assert "most active third party is United States" in text
    assert "one per report" not in text and not re.search(r"\b1 (events|mentions|reports|alerts)\b", text)
    assert "reported by Global Desk" in text or "reported by Deccan Wire" in text  # outlets, not document ids
    assert "source: wire/" not in text
    assert '<svg class="chart map"' in html and "Poonch" in html
    assert data.period == period and f"{period[0].day} {period[0].strftime('%b %Y')}" in text
    assert "@media print" in html and "@media (max-width: 700px)" in html and "beforeprint" in html


def test_the_map_frames_most_events_not_a_stray_place():
    crisis = [MapPlace(34.0 + n / 10, 74.0 + n / 10, f"p{n}", "IND", 10, 8) for n in range(6)]
    stray = MapPlace(35.9, 50.6, "Nūr", "IRN", 1, 1)  # a gazetteer mistake far to the west
    frame = frame_of([*crisis, stray])
    assert frame.west > 60 and frame.east < 90 and frame.south < 34 < frame.north
    assert frame_of([]).west == -180


def test_gathered_places_skip_datelines(tmp_path):
    db = build_store(tmp_path / "r.db")
    with Store(db) as store:
        data = gather(store)
    assert {place.name for place in data.places} >= {"Poonch", "Washington", "Pahalgam"}
