"""A dyad's timeline: merged events per day or week, both directions, with the escalation index."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from flashpoint.analysis import names, queries
from flashpoint.analysis.alerts import dyad_alerts
from flashpoint.analysis.escalation import score
from flashpoint.analysis.models import Bucket, Counts, EscalationParams, Interval, Timeline
from flashpoint.store.query import EventQuery

if TYPE_CHECKING:
    from flashpoint.store import Store

INTERVALS = ("day", "week")
#: Buckets a timeline lists in full, quiet ones included (ten years of days); past it, quiet
#: stretches longer than the baseline window are left out (:func:`_buckets`).
MAX_DENSE_BUCKETS = 3_660


def timeline(store: Store, a: str, b: str, interval: Interval = "day", since: dt.date | None = None,
             until: dt.date | None = None, params: EscalationParams | None = None,
             with_alerts: bool = True) -> Timeline:
    """The dyad A–B (both directions) from ``since`` to ``until`` (default: its first and last
    dated event), one bucket per day or ISO week (Monday to Sunday), quiet buckets included.

    ``a`` and ``b`` are country codes (``IND``, ``PAK``: the fast path through the merge groups)
    or actor code prefixes (``USAGOV``, ``IGOUNSC``). Each bucket carries its conflict score and
    its baseline (the mean of the previous ``params.window`` days or ``params.week_window``
    weeks), which the data before ``since`` feeds.
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")
    params = params or EscalationParams()
    dyad = queries.DyadFilter.of(a, b)
    queries.prepare(store)
    window = params.window if interval == "day" else params.week_window
    lookback = _bucket_start(since, interval) - dt.timedelta(days=window * _length(interval)) if since else None
    # A country pair under the stored use of force reads its daily sums; anything else reads its
    # merged events once, for the series, the first days on record and the alerts' events.
    computed = None if dyad.by_group and queries.summed_force(params) else queries.Computed(store, dyad)
    daily, directions = _daily(store, dyad, lookback, until, params, computed)
    start = since or (min(daily) if daily else None)
    end = until or (max(daily) if daily else None)
    result = Timeline(a=dyad.a, b=dyad.b, interval=interval, start=start, end=end, buckets=[], alerts=[],
                      params=params, undated=computed.undated() if computed else queries.undated(store, dyad))
    if start is None or end is None or start > end:
        return result
    buckets = _buckets(daily, directions, dyad, interval, min([start, *daily]), end, params)
    result.buckets = [bucket for bucket in buckets if bucket.end >= start]
    if with_alerts:
        result.alerts = dyad_alerts(store, dyad, since, until, params, daily=daily, computed=computed)
        alert_days = {alert.date for alert in result.alerts}
        for bucket in result.buckets:
            bucket.alert = any(bucket.start <= day <= bucket.end for day in alert_days)
    return result


def _daily(store: Store, dyad: queries.DyadFilter, since: dt.date | None, until: dt.date | None,
           params: EscalationParams, computed: queries.Computed | None
           ) -> tuple[dict[dt.date, Counts], dict[dt.date, dict[str, Counts]]]:
    daily: dict[dt.date, Counts] = {}
    directions: dict[dt.date, dict[str, Counts]] = {}
    for day, key, counts in queries.dyad_days(store, dyad, since, until, params, computed):
        daily.setdefault(day, Counts()).add(counts)
        sides = directions.setdefault(day, {})
        if key in sides:
            sides[key].add(counts)
        else:
            sides[key] = counts  # a fresh object per row: kept, not copied
    return daily, directions


def _buckets(daily: dict[dt.date, Counts], directions: dict[dt.date, dict[str, Counts]], dyad: queries.DyadFilter,
             interval: Interval, first: dt.date, last: dt.date, params: EscalationParams) -> list[Bucket]:
    """The buckets from ``first`` to ``last``: every one while they number at most
    :data:`MAX_DENSE_BUCKETS`, else only those with events and the ``window`` after each (where the
    baseline they raise is not yet back to 0), so a series costs what its events cost, not its
    calendar span (a report dated 2205 made a timeline 190 times slower)."""
    length = _length(interval)
    window = params.window if interval == "day" else params.week_window
    origin = _bucket_start(first, interval)
    buckets: dict[dt.date, Bucket] = {}

    def bucket(start: dt.date) -> Bucket:
        found = buckets.get(start)
        if found is None:
            found = buckets[start] = Bucket(start=start, end=start + dt.timedelta(days=length - 1), totals=Counts(),
                                            directions={dyad.forward: Counts(), dyad.backward: Counts()})
        return found

    for day in sorted(d for d in daily if first <= d <= last):
        target = bucket(_bucket_start(day, interval))
        if interval == "day":  # one day a bucket: its sums are the day's
            target.totals = daily[day]
            target.directions.update(directions[day])
            continue
        target.totals.add(daily[day])
        for key, counts in directions[day].items():
            target.directions.setdefault(key, Counts()).add(counts)
    for start in _quiet(sorted(buckets), origin, last, length, window):
        bucket(start)
    ordered = [buckets[start] for start in sorted(buckets)]
    _score(ordered, origin, length, window, params)
    return ordered


def _quiet(active: list[dt.date], origin: dt.date, last: dt.date, length: int, window: int) -> Iterator[dt.date]:
    """The starts of the quiet buckets to list: all of them when the series is short enough,
    else the ``window`` after each bucket with events."""
    count = (last - origin).days // length + 1
    if count <= MAX_DENSE_BUCKETS:
        starts: Iterable[dt.date] = (origin + dt.timedelta(days=length * n) for n in range(count))
    else:
        starts = (start + dt.timedelta(days=length * n) for start in active for n in range(1, window + 1))
    return (start for start in starts if start <= last)


def _score(buckets: list[Bucket], origin: dt.date, length: int, window: int, params: EscalationParams) -> None:
    """Each bucket's conflict score, and its baseline: the mean score of the ``window`` buckets
    before it on the calendar (those not listed count 0)."""
    recent: deque[tuple[int, float]] = deque()
    for item in buckets:
        index = (item.start - origin).days // length
        while recent and recent[0][0] < index - window:
            recent.popleft()
        item.score = score(item.totals, params)
        item.baseline = sum(value for _, value in recent) / window
        recent.append((index, item.score))


def _bucket_start(day: dt.date, interval: Interval) -> dt.date:
    return day if interval == "day" else day - dt.timedelta(days=day.weekday())


def _length(interval: Interval) -> int:
    return 1 if interval == "day" else 7


def reports_per_bucket(store: Store, series: Timeline) -> list[dict[str, Any]]:
    """For each bucket of ``series``: the dyad's coded events (reports), by their own dates
    rather than their merged events' (``events``, ``quad`` counts, ``goldstein_sum``), the
    events a dashboard lists when it counts reports."""
    if not series.buckets:
        return []
    # The dates are the series' own, not a user's: set, not parsed (parsing refuses dates outside
    # 1900-2100, which a store may hold, and /api/timeline?count=reports answered 400).
    query = dataclasses.replace(EventQuery.parse({"dyad": f"{series.a}:{series.b}"}, countries=names.countries()),
                                since=series.buckets[0].start, until=series.buckets[-1].end)
    where, params = query.where("e")
    sql = f"SELECT e.date, e.quad_class, count(*), total(e.goldstein) FROM events e WHERE {where} GROUP BY 1, 2"
    by_day: dict[str, list[tuple[int, int, float]]] = {}
    for day, quad, n, goldstein in queries.rows(store, sql, params):
        by_day.setdefault(day, []).append((quad, n, goldstein))
    answer = {bucket.start: {"events": 0, "quad": {str(q): 0 for q in (1, 2, 3, 4)}, "goldstein_sum": 0.0}
              for bucket in series.buckets}
    for day in sorted(by_day):  # the days with reports, not every calendar day of the series
        counts = answer.get(_bucket_start(dt.date.fromisoformat(day), series.interval))
        if counts is None:  # a quiet stretch a long series does not list
            continue
        for quad, n, goldstein in by_day[day]:
            counts["events"] += n
            counts["quad"][str(quad)] = counts["quad"].get(str(quad), 0) + n
            counts["goldstein_sum"] = round(counts["goldstein_sum"] + goldstein, 2)
    return list(answer.values())
