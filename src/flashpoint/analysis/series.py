"""A dyad's timeline: merged events per day or week, both directions, with the escalation index."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from flashpoint.analysis import names, queries
from flashpoint.analysis.alerts import dyad_alerts
from flashpoint.analysis.escalation import baselines, days_between, score
from flashpoint.analysis.models import Bucket, Counts, EscalationParams, Interval, Timeline
from flashpoint.store.query import EventQuery

if TYPE_CHECKING:
    from flashpoint.store import Store

INTERVALS = ("day", "week")


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
    buckets: list[Bucket] = []
    for day in days_between(_bucket_start(first, interval), last):
        if not buckets or day > buckets[-1].end:
            end = day + dt.timedelta(days=_length(interval) - 1)
            buckets.append(Bucket(start=day, end=end, totals=Counts(),
                                  directions={dyad.forward: Counts(), dyad.backward: Counts()}))
        bucket = buckets[-1]
        if day in daily and interval == "day":  # one day a bucket: its sums are the day's
            bucket.totals = daily[day]
            bucket.directions.update(directions[day])
        elif day in daily:
            bucket.totals.add(daily[day])
            for key, counts in directions[day].items():
                bucket.directions.setdefault(key, Counts()).add(counts)
    scores = [score(bucket.totals, params) for bucket in buckets]
    window = params.window if interval == "day" else params.week_window
    for bucket, value, baseline in zip(buckets, scores, baselines(scores, window), strict=True):
        bucket.score, bucket.baseline = value, baseline
    return buckets


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
    query = EventQuery.parse({"dyad": f"{series.a}:{series.b}", "since": series.buckets[0].start.isoformat(),
                              "until": series.buckets[-1].end.isoformat()}, countries=names.countries())
    where, params = query.where("e")
    sql = f"SELECT e.date, e.quad_class, count(*), total(e.goldstein) FROM events e WHERE {where} GROUP BY 1, 2"
    by_day: dict[str, list[tuple[int, int, float]]] = {}
    for day, quad, n, goldstein in queries.rows(store, sql, params):
        by_day.setdefault(day, []).append((quad, n, goldstein))
    answer = []
    for bucket in series.buckets:
        counts = {"events": 0, "quad": {str(q): 0 for q in (1, 2, 3, 4)}, "goldstein_sum": 0.0}
        for day in days_between(bucket.start, bucket.end):
            for quad, n, goldstein in by_day.get(day.isoformat(), ()):
                counts["events"] += n
                counts["quad"][str(quad)] = counts["quad"].get(str(quad), 0) + n
                counts["goldstein_sum"] = round(counts["goldstein_sum"] + goldstein, 2)
        answer.append(counts)
    return answer
