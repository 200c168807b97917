"""Escalation alerts over every country pair (or one dyad), each with the events behind it.

Under the default :class:`EscalationParams` the alerts of every country dyad are kept in the
store (``merged_alerts``, recomputed from the daily sums whenever a dyad's events are merged, by
:class:`StoredAlerts`, which the package registers with the store), so listing them is a lookup;
other parameters, and dyads of actor-code prefixes, are computed from the daily series here.
Either way "first on record" means over the whole store, by merged events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flashpoint.analysis import names, queries
from flashpoint.analysis.escalation import Finding, FirstDays, describe, find_alerts, scan
from flashpoint.analysis.models import Alert, Counts, EscalationParams

if TYPE_CHECKING:
    from flashpoint.store import Store
    from flashpoint.store.alerts import AlertRow, Read

#: At most this many events listed per alert (the weightiest); the counts stay complete.
EVENTS_PER_ALERT = 25
Pair = tuple[str, str]


def alerts(store: Store, since: dt.date | None = None, until: dt.date | None = None,
           dyad: tuple[str, str] | None = None, params: EscalationParams | None = None) -> list[Alert]:
    """Every alert of every country pair (or of ``dyad``) on days from ``since`` to ``until``,
    by date then dyad. Baselines look back before ``since``; "first on record" over the store."""
    params = params or EscalationParams()
    queries.prepare(store)
    if dyad is not None:
        return dyad_alerts(store, queries.DyadFilter.of(*dyad), since, until, params)
    if queries.alerts_stored(store, params):
        found = [_stored(row, params) for row in queries.stored_alerts(store, since, until)]
    else:
        found = _pair_findings(store, since, until, params)
        found.sort(key=lambda item: (item[1].day, item[0]))
    return _with_events(store, found, params)


def newest_alerts(store: Store, since: dt.date | None = None, until: dt.date | None = None, limit: int = 200,
                  params: EscalationParams | None = None, dyad: tuple[str, str] | None = None,
                  kinds: Iterable[str] = ()) -> tuple[int, list[Alert]]:
    """How many alerts every country pair (or the country pair ``dyad``) has from ``since`` to
    ``until`` (of any of ``kinds``, when given), and the newest ``limit`` of them (newest first,
    then by dyad, descending), with their events: only those are looked up (what the
    dashboard's alert list shows)."""
    params = params or EscalationParams()
    queries.prepare(store)
    limit, kinds = max(0, limit), list(kinds)
    key = queries.DyadFilter.of(*dyad).key if dyad else None
    if queries.alerts_stored(store, params):
        count = queries.count_stored_alerts(store, since, until, key, kinds)
        found = [_stored(row, params) for row in queries.stored_alerts(store, since, until, key, limit, kinds)]
    else:
        found = [(pair, finding) for pair, finding in _pair_findings(store, since, until, params)
                 if (key is None or f"{pair[0]}>{pair[1]}" == key) and (not kinds or set(kinds) & set(finding.kinds))]
        found.sort(key=lambda item: (item[1].day, item[0]), reverse=True)
        count, found = len(found), found[:limit]
    return count, _with_events(store, found, params)


def dyad_alerts(store: Store, dyad: queries.DyadFilter, since: dt.date | None, until: dt.date | None,
                params: EscalationParams, daily: dict[dt.date, Counts] | None = None,
                computed: queries.Computed | None = None) -> list[Alert]:
    """The alerts of one dyad. ``daily`` (from ``params.window`` days before ``since``) and
    ``computed`` (its merged events, when not a country pair), when the caller already has
    them, save queries."""
    pair: Pair = tuple(sorted((dyad.a, dyad.b)))  # type: ignore[assignment]
    if dyad.by_group and queries.alerts_stored(store, params):
        findings = [_stored(row, params)[1] for row in queries.stored_alerts(store, since, until, key=dyad.key)]
    else:
        if computed is None and not (dyad.by_group and queries.summed_force(params)):
            computed = queries.Computed(store, dyad)
        if daily is None:
            daily = {}
            for day, _direction, counts in queries.dyad_days(store, dyad, _lookback(since, params), until, params,
                                                             computed):
                daily.setdefault(day, Counts()).add(counts)
        first = computed.first_days(params) if computed else queries.first_days(store, dyad, params)
        findings = find_alerts(daily, first, (names.label(pair[0]), names.label(pair[1])), params, since, until)
    events = queries.day_events(store, dyad, [finding.day for finding in findings], params, EVENTS_PER_ALERT,
                                computed)
    return [_alert(pair, finding, events.get(finding.day, [])) for finding in findings]


def _stored(row: tuple, params: EscalationParams) -> tuple[Pair, Finding]:
    """A stored alert (``merged_alerts`` row) as a finding with its reasons."""
    key, day, score, baseline, kinds, roots = row
    a, _, b = key.partition(">")
    kind_list, root_list = kinds.split(","), roots.split(",") if roots else []
    reasons = describe(kind_list, root_list, score, baseline, (names.label(a), names.label(b)), params)  # type: ignore[arg-type]
    return (a, b), Finding(dt.date.fromisoformat(day), kind_list, reasons, score, baseline, root_list)  # type: ignore[arg-type]


def _pair_findings(store: Store, since: dt.date | None, until: dt.date | None,
                   params: EscalationParams) -> list[tuple[Pair, Finding]]:
    """Every country pair's alert days, from one pass over the daily scores of all pairs (when
    the store keeps no alerts for ``params``)."""
    firsts = queries.pair_first_days(store, params)
    rows = queries.pair_scores(store, _lookback(since, params), until, params)
    found: list[tuple[Pair, Finding]] = []
    start = 0
    while start < len(rows):
        key = rows[start][0]
        end = start
        while end < len(rows) and rows[end][0] == key:
            end += 1
        ordinals = [dt.date.fromisoformat(row[1]).toordinal() for row in rows[start:end]]
        scores = [row[2] for row in rows[start:end]]
        start = end
        a, _, b = key.partition(">")
        first = firsts.get(key) or FirstDays()
        findings = scan(params, ordinals, scores, first, (names.label(a), names.label(b)), since, until)
        found.extend(((a, b), finding) for finding in findings)
    return found


def _with_events(store: Store, found: list[tuple[Pair, Finding]], params: EscalationParams) -> list[Alert]:
    """The findings as alerts, in their order, with their events (a few queries for all)."""
    wanted: dict[Pair, list[dt.date]] = {}
    for pair, finding in found:
        wanted.setdefault(pair, []).append(finding.day)
    events = queries.pair_events(store, wanted, params, EVENTS_PER_ALERT) if wanted else {}
    return [_alert(pair, finding, events.get((pair, finding.day), [])) for pair, finding in found]


def _alert(pair: Pair, finding: Finding, events: list) -> Alert:
    return Alert(a=pair[0], b=pair[1], date=finding.day, kinds=finding.kinds, reasons=finding.reasons,
                 score=finding.score, baseline=finding.baseline,
                 events=[event for event in events if event.score > 0][:EVENTS_PER_ALERT])


def _lookback(since: dt.date | None, params: EscalationParams) -> dt.date | None:
    """Where a daily series must start for the baseline of ``since``."""
    return since - dt.timedelta(days=params.window) if since else None


#: A dyad's conflict score of each day (the weights are parameters), whether it saw material
#: conflict, and the roots of force of that day, from its daily sums.
_DYAD_SCORES = ("SELECT CAST(julianday(day) - 1721424.5 AS INTEGER), "
                "total(conflict) + ? * total(force) - ? * total(cooperation), sum(quad4), "
                "coalesce(group_concat(nullif(force_roots, '')), '') FROM merged_days WHERE dyad_key = ? "
                "GROUP BY day ORDER BY day")


class StoredAlerts:
    """The alerts the store keeps (:class:`flashpoint.store.alerts.AlertKeeper`): each country
    dyad's, under the default :class:`EscalationParams`, computed from its daily sums when
    merging rewrites it. "First on record" is over the whole store; baselines are the mean of the
    ``window`` days before."""

    def fingerprint(self) -> str | None:
        """The default parameters' fingerprint; None (keep no alerts) when their use of force is
        not the one the daily sums split off (then the analysis computes alerts itself)."""
        params = EscalationParams()
        return params.fingerprint() if queries.summed_force(params) else None

    def alerts(self, read: Read, dyad_key: str) -> Iterable[AlertRow]:
        params = EscalationParams()
        ordinals, scores, first = [], [], FirstDays()
        for ordinal, day_score, material, roots in read(_DYAD_SCORES, (params.force_weight,
                                                                      params.cooperation_weight, dyad_key)):
            ordinals.append(ordinal)  # date.toordinal(), from SQLite's Julian day
            scores.append(day_score)
            if material and first.conflict is None:
                first.conflict = dt.date.fromordinal(ordinal)
            for root in roots.split(",") if roots else ():
                if root not in first.force:
                    first.force[root] = dt.date.fromordinal(ordinal)
        return [(found.day.isoformat(), found.score, found.baseline, ",".join(found.kinds), ",".join(found.roots))
                for found in scan(params, ordinals, scores, first)]
