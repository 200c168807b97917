"""Escalation alerts over every country pair (or one dyad), each with the events behind it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from flashpoint.analysis import names, queries
from flashpoint.analysis.escalation import Finding, FirstDays, find_alerts
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
        found = dyad_alerts(store, queries.DyadFilter.of(*dyad), since, until, params)
        return sorted(found, key=lambda alert: alert.date)
    lookback = since - dt.timedelta(days=params.window) if since else None
    daily: dict[tuple[str, str], dict[dt.date, Counts]] = defaultdict(dict)
    for group, day, counts in queries.pair_days(store, lookback, until, params):
        daily[_pair(group)].setdefault(day, Counts()).add(counts)
    first: dict[tuple[str, str], FirstDays] = defaultdict(FirstDays)
    for group, root, is_force, day in queries.first_material(store, None, params):
        first[_pair(group)].add(root, is_force, day)
    result = []
    for pair in sorted(daily):
        labels = (names.label(pair[0]), names.label(pair[1]))
        findings = find_alerts(daily[pair], first[pair], labels, params, since, until)
        result.extend(_alert(store, queries.DyadFilter(*pair), pair, finding, params) for finding in findings)
    return sorted(result, key=lambda alert: (alert.date, alert.a, alert.b))


def dyad_alerts(store: Store, dyad: queries.DyadFilter, since: dt.date | None, until: dt.date | None,
                params: EscalationParams, daily: dict[dt.date, Counts] | None = None) -> list[Alert]:
    """The alerts of one dyad (``daily``, when the caller already has the series, saves a query)."""
    if daily is None:
        lookback = since - dt.timedelta(days=params.window) if since else None
        daily = {}
        for day, _direction, counts in queries.dyad_days(store, dyad, lookback, until, params):
            daily.setdefault(day, Counts()).add(counts)
    first = FirstDays()
    for _direction, root, is_force, day in queries.first_material(store, dyad, params):
        first.add(root, is_force, day)
    pair = tuple(sorted((dyad.a, dyad.b)))
    labels = (names.label(pair[0]), names.label(pair[1]))
    findings = find_alerts(daily, first, labels, params, since, until)
    return [_alert(store, dyad, pair, finding, params) for finding in findings]  # type: ignore[arg-type]


def _pair(group: str) -> tuple[str, str]:
    source, _, target = group.partition(">")
    return (source, target) if source <= target else (target, source)


def _alert(store: Store, dyad: queries.DyadFilter, pair: tuple[str, str], finding: Finding,
           params: EscalationParams) -> Alert:
    events = [event for event in queries.day_events(store, dyad, finding.day, params) if event.score > 0]
    return Alert(a=pair[0], b=pair[1], date=finding.day, kinds=finding.kinds, reasons=finding.reasons,
                 score=finding.score, baseline=finding.baseline, events=events[:EVENTS_PER_ALERT])
