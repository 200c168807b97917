"""The HTML report: one self-contained file (inline CSS, SVG and a few lines of script, no CDN)
for a reader who is not a programmer: key judgements, a map of where events happened, the alerts,
the dyad timelines, the top events with their evidence and the actor network.

A face over :mod:`flashpoint.analysis`: it gathers the analysis results into
:class:`~flashpoint.faces.report.page.ReportData`, then renders them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint import analysis
from flashpoint.faces.report.page import ReportData, render
from flashpoint.faces.report.worldmap import MapPlace
from flashpoint.outputs import atomic_file, check_output, store_files
from flashpoint.store.pages import located_places
from flashpoint.store.query import EventQuery

if TYPE_CHECKING:
    from flashpoint.store import Store

DEFAULT_TITLE = "Flashpoint report"


def gather(store: Store, since: dt.date | None = None, until: dt.date | None = None, title: str = DEFAULT_TITLE,
           max_dyads: int = 4, max_events: int = 15, max_nodes: int = 12) -> ReportData:
    """Run the analyses the report shows: the busiest dyads' daily timelines, every alert, the most
    reported events and the network of the most active actors."""
    params = analysis.EscalationParams()
    dyads = analysis.dyads(store, since, until)
    chosen = [(d.a, d.b) for d in dyads[:max_dyads]]
    alerts = analysis.alerts(store, since, until, params=params)
    for alert in alerts:  # a pair that escalated gets a timeline, even if it is not among the busiest
        if (alert.a, alert.b) not in chosen and len(chosen) < max_dyads + 2:
            chosen.append((alert.a, alert.b))
    timelines = [analysis.timeline(store, a, b, "day", since, until, params) for a, b in chosen]
    return ReportData(
        title=title, store_name=Path(store.path).name, counts=store.counts(), dyads=dyads,
        timelines=timelines, alerts=alerts,
        top_events=analysis.top_events(store, since=since, until=until, limit=max_events, params=params),
        network=analysis.network(store, since, until, max_nodes=max_nodes), params=params,
        generated=dt.datetime.now(dt.UTC), period=analysis.period(store, since, until),
        places=places(store, since, until),
    )


def places(store: Store, since: dt.date | None = None, until: dt.date | None = None) -> list[MapPlace]:
    """Where the real-world events of the period happened (their representative's place, never a
    dateline), as the dashboard's map shows them."""
    rows = located_places(store, EventQuery(since=since, until=until), recent=20_000, places=500, merged=True)
    return [MapPlace(lat, lon, name, country, events, conflict or 0)
            for lat, lon, name, country, events, conflict, _goldstein in rows]


def write_report(store: Store, out: Path, **options) -> ReportData:
    """Write the report to ``out`` (UTF-8 HTML; atomically, and never over the store: see
    :mod:`flashpoint.outputs`); return what it shows."""
    check_output(out, store_files(store.path))  # before the work, not after
    data = gather(store, **options)
    with atomic_file(out, protect=store_files(store.path)) as stream:
        stream.write(render(data))
    return data


__all__ = ["DEFAULT_TITLE", "ReportData", "gather", "render", "write_report"]
