"""Escalation alerts over every country pair (or one dyad), each with the events behind it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from flashpoint.analysis import names, queries
from flashpoint.analysis.escalation import FirstDays, find_alerts, first_days
from flashpoint.analysis.models import Alert, Counts, EscalationParams

if TYPE_CHECKING:
    from flashpoint.store import Store

#: At most this many events listed per alert (the weightiest); the counts stay complete.
EVENTS_PER_ALERT = 25


def alerts(store: Store, since: dt.date | None = None, until: dt.date | None = None,
           dyad: tuple[str, str] | None = None, params: EscalationParams | None = None) -> list[Alert]:
    """Every alert of every country pair (or of ``dyad``) on days from ``since`` to ``until``,
    by date then dyad. Baselines and "first on record" look back before ``since``."""
    params = params or EscalationParams()
    queries.prepare(store)
    if dyad is not None:
        return dyad_alerts(store, queries.DyadFilter.of(*dyad), since, until, params)
    lookback = _lookback(since, params)
    daily: dict[tuple[str, str], dict[dt.date, Counts]] = defaultdict(dict)
    for group, day, counts in queries.pair_days(store, lookback, until, params):
        daily[_pair(group)].setdefault(day, Counts()).add(counts)
    result = []
    for pair in sorted(daily):
        dyad_filter = queries.DyadFilter(*pair)
        result.extend(_dyad_alerts(store, dyad_filter, pair, daily[pair], lookback, since, until, params))
    return sorted(result, key=lambda alert: (alert.date, alert.a, alert.b))


def dyad_alerts(store: Store, dyad: queries.DyadFilter, since: dt.date | None, until: dt.date | None,
                params: EscalationParams, daily: dict[dt.date, Counts] | None = None,
                lookback: dt.date | None = None) -> list[Alert]:
    """The alerts of one dyad. ``daily`` (with the ``lookback`` day it starts from), when the
    caller already has the series, saves a query."""
    if daily is None:
        lookback = _lookback(since, params)
        daily = {}
        for day, _direction, counts in queries.dyad_days(store, dyad, lookback, until, params):
            daily.setdefault(day, Counts()).add(counts)
    pair = tuple(sorted((dyad.a, dyad.b)))
    return _dyad_alerts(store, dyad, pair, daily, lookback, since, until, params)  # type: ignore[arg-type]


def _lookback(since: dt.date | None, params: EscalationParams) -> dt.date | None:
    """Where a daily series must start for the baseline of ``since``."""
    return since - dt.timedelta(days=params.window) if since else None


def _dyad_alerts(store: Store, dyad: queries.DyadFilter, pair: tuple[str, str], daily: dict[dt.date, Counts],
                 lookback: dt.date | None, since: dt.date | None, until: dt.date | None,
                 params: EscalationParams) -> list[Alert]:
    first = _first_on_record(store, dyad, daily, lookback, since, params)
    labels = (names.label(pair[0]), names.label(pair[1]))
    findings = find_alerts(daily, first, labels, params, since, until)
    events = queries.day_events(store, dyad, [finding.day for finding in findings], params)
    return [Alert(a=pair[0], b=pair[1], date=finding.day, kinds=finding.kinds, reasons=finding.reasons,
                  score=finding.score, baseline=finding.baseline,
                  events=[e for e in events.get(finding.day, []) if e.score > 0][:EVENTS_PER_ALERT])
            for finding in findings]


def _first_on_record(store: Store, dyad: queries.DyadFilter, daily: dict[dt.date, Counts], lookback: dt.date | None,
                     since: dt.date | None, params: EscalationParams) -> FirstDays:
    """The series' first days of material conflict and of each root of force, dropped when a
    report older than the series already had them (only asked when the series starts late)."""
    first = first_days(daily)
    if lookback is None or not dyad.by_group:
        return first
    groups = [dyad.forward, dyad.backward]
    if first.conflict and first.conflict >= (since or first.conflict) and \
            queries.seen_before(store, groups, lookback, None, params):
        first.conflict = None
    for root, day in list(first.force.items()):
        if day >= (since or day) and queries.seen_before(store, groups, lookback, root, params):
            del first.force[root]
    return first


def _pair(group: str) -> tuple[str, str]:
    source, _, target = group.partition(">")
    return (source, target) if source <= target else (target, source)
