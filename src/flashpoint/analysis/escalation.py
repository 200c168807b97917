"""The escalation index and the alert rules, as pure functions over a dyad's daily series.

Kept apart from the SQL so the formula can be read, tested and changed in one place; see
docs/analysis.md for why it is built this way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from flashpoint.analysis.models import AlertKind, Counts, EscalationParams

ONE_DAY = dt.timedelta(days=1)
FORCE_NAMES = {
    "18": "assault (CAMEO 18)",
    "19": "military force (CAMEO 19, fight)",
    "20": "mass violence (CAMEO 20)",
}


def score(counts: Counts, params: EscalationParams) -> float:
    """The conflict-weighted Goldstein score of a day (or week) of merged events."""
    return params.score(counts.conflict, counts.force, counts.cooperation)


def baselines(scores: list[float], window: int) -> list[float]:
    """For each position, the mean of the ``window`` scores before it. Positions before the
    series count as 0: the series starts where the dyad's events (or the asked range) start."""
    return [sum(scores[max(0, index - window):index]) / window for index in range(len(scores))]


def is_jump(day_score: float, baseline: float, params: EscalationParams) -> bool:
    """An escalation: the score rises at least ``min_rise`` above the baseline and reaches at
    least ``min_ratio`` times it (a busy dyad needs a bigger jump than a quiet one)."""
    return day_score - baseline >= params.min_rise and day_score >= params.min_ratio * max(baseline, 0.0)


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


@dataclass(slots=True)
class FirstDays:
    """When a dyad first came to material conflict (quad class 4) and to each root of force, over
    the whole store: "first" means first on record."""

    conflict: dt.date | None = None
    force: dict[str, dt.date] = field(default_factory=dict)

    def add(self, root: str, is_force: bool, day: dt.date) -> None:
        self.conflict = min(day, self.conflict or day)
        if is_force:
            self.force[root] = min(day, self.force.get(root, day))


def first_days(daily: Mapping[dt.date, Counts]) -> FirstDays:
    """The first days of material conflict and of each root of force in a daily series."""
    first = FirstDays()
    for day in sorted(daily):
        counts = daily[day]
        if counts.quad.get(4, 0):
            first.conflict = first.conflict or day
        for root in counts.force_roots:
            first.force.setdefault(root, day)
    return first


@dataclass(slots=True)
class Finding:
    """An alert before its events are looked up."""

    day: dt.date
    kinds: list[AlertKind]
    reasons: list[str]
    score: float
    baseline: float


def find_alerts(daily: Mapping[dt.date, Counts], first: FirstDays, names: tuple[str, str],
                params: EscalationParams, since: dt.date | None = None,
                until: dt.date | None = None) -> list[Finding]:
    """The alert days of one dyad from ``since`` to ``until``.

    ``daily`` holds the dyad's merged events per day (both directions, including the baseline
    window before ``since``); ``first`` its first days of material conflict and of force.
    """
    if not daily:
        return []
    days = days_between(min(daily), max(daily))
    scores = [score(daily[day], params) if day in daily else 0.0 for day in days]
    new_roots: dict[dt.date, list[str]] = {}
    for root, day in sorted(first.force.items()):
        new_roots.setdefault(day, []).append(root)
    a, b = names
    findings = []
    for day, day_score, baseline in zip(days, scores, baselines(scores, params.window), strict=True):
        if day not in daily or (since and day < since) or (until and day > until):
            continue
        kinds: list[AlertKind] = []
        reasons: list[str] = []
        if is_jump(day_score, baseline, params):
            kinds.append("escalation")
            reasons.append(f"Conflict score {day_score:.1f}, up {day_score - baseline:.1f} on the mean of the "
                           f"previous {params.window} days ({baseline:.1f}).")
        if day == first.conflict:
            kinds.append("first_material_conflict")
            reasons.append(f"First material conflict between {a} and {b} on record.")
        for root in new_roots.get(day, []):
            if "new_force_root" not in kinds:
                kinds.append("new_force_root")
            reasons.append(f"First {FORCE_NAMES.get(root, 'CAMEO ' + root)} between {a} and {b} on record.")
        if kinds:
            findings.append(Finding(day, kinds, reasons, day_score, baseline))
    return findings
