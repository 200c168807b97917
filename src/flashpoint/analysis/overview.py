"""Which dyads matter in a store, and its most reported events: the report's front page."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flashpoint.analysis import queries
from flashpoint.analysis.models import DyadSummary, EscalationParams, EventSummary

if TYPE_CHECKING:
    from flashpoint.store import Store


def dyads(store: Store, since: dt.date | None = None, until: dt.date | None = None,
          limit: int | None = None) -> list[DyadSummary]:
    """Country pairs (undirected) by their number of merged events, most active first."""
    queries.prepare(store)
    span, params = queries.day_range(since, until)
    sql = ("SELECT dyad_key, sum(events), sum(mentions), sum(quad1 + quad2), sum(quad3 + quad4), total(goldstein), "
           f"min(day), max(day) FROM merged_days WHERE {queries.country_pair('dyad_key')} AND {span} "
           "GROUP BY 1")
    found = []
    for key, n, mentions, coop, conflict, gsum, first, last in queries.rows(store, sql, params):
        a, _, b = key.partition(">")
        found.append(DyadSummary(a, b, n, mentions or 0, coop or 0, conflict or 0, gsum or 0.0,
                                 dt.date.fromisoformat(first) if first else None,
                                 dt.date.fromisoformat(last) if last else None))
    ranked = sorted(found, key=lambda item: (-item.events, -item.mentions, item.a, item.b))
    return ranked[:limit] if limit is not None else ranked


def top_events(store: Store, a: str | None = None, b: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, limit: int = 10,
               params: EscalationParams | None = None) -> list[EventSummary]:
    """The most reported merged events (ties: the strongest Goldstein weight), each with the
    evidence sentence of its representative report; of the dyad A–B when both are given."""
    queries.prepare(store)
    dyad = queries.DyadFilter.of(a, b) if a and b else None
    return queries.top_events(store, dyad, since, until, limit, params or EscalationParams())


def period(store: Store, since: dt.date | None = None, until: dt.date | None = None
           ) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of the store's merged events (the days every count dates them by),
    within ``since`` and ``until`` when given: the period the report and the dashboard show."""
    queries.prepare(store)
    span, params = queries.day_range(since, until)
    first = queries.rows(store, f"SELECT min(day) FROM merged_events WHERE day IS NOT NULL AND {span}", params)[0][0]
    last = queries.rows(store, f"SELECT max(day) FROM merged_events WHERE day IS NOT NULL AND {span}", params)[0][0]
    return (dt.date.fromisoformat(first) if first else None, dt.date.fromisoformat(last) if last else None)
