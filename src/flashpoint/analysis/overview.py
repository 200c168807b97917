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
    with_sql, params = queries.dated(store, queries.COUNTRY_PAIR, [], since, until, vote=False)
    sql = (f"{with_sql} SELECT m.group_key, count(*), sum(m.num_mentions), sum(e.quad_class IN (1, 2)), "
           f"sum(e.quad_class IN (3, 4)), sum(e.goldstein), min(m.day), max(m.day) "
           f"FROM {queries.DATED_JOIN} GROUP BY 1")
    found: dict[tuple[str, str], DyadSummary] = {}
    for group, n, mentions, coop, conflict, gsum, first, last in queries.rows(store, sql, params):
        source, _, target = group.partition(">")
        a, b = sorted((source, target))
        item = found.setdefault((a, b), DyadSummary(a, b, 0, 0, 0, 0, 0.0, None, None))
        item.events += n
        item.mentions += mentions or 0
        item.cooperation += coop or 0
        item.conflict += conflict or 0
        item.goldstein_sum += gsum or 0.0
        for day in (first, last):
            if day:
                day = dt.date.fromisoformat(day)
                item.first = min(item.first or day, day)
                item.last = max(item.last or day, day)
    ranked = sorted(found.values(), key=lambda item: (-item.events, -item.mentions, item.a, item.b))
    return ranked[:limit] if limit is not None else ranked


def top_events(store: Store, a: str | None = None, b: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, limit: int = 10,
               params: EscalationParams | None = None) -> list[EventSummary]:
    """The most reported merged events (ties: the strongest Goldstein weight), each with the
    evidence sentence of its representative report; of the dyad A–B when both are given."""
    queries.prepare(store)
    dyad = queries.DyadFilter.of(a, b) if a and b else None
    return queries.top_events(store, dyad, since, until, limit, params or EscalationParams())
