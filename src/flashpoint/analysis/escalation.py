"""The escalation index and the alert rules, as pure functions over a dyad's daily series.

Kept apart from the SQL so the formula can be read, tested and changed in one place; see
docs/analysis.md for why it is built this way.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
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
    roots: list[str] = field(default_factory=list)  # the roots of force first on record this day


def find_alerts(daily: Mapping[dt.date, Counts], first: FirstDays, names: tuple[str, str],
                params: EscalationParams, since: dt.date | None = None,
                until: dt.date | None = None) -> list[Finding]:
    """The alert days of one dyad from ``since`` to ``until``.

    ``daily`` holds the dyad's merged events per day (both directions, including the baseline
    window before ``since``); ``first`` its first days of material conflict and of force.
    """
    days = sorted(daily)
    return scan(params, [day.toordinal() for day in days], [score(daily[day], params) for day in days], first,
                names, since, until)


def scan(params: EscalationParams, ordinals: list[int], scores: list[float], first: FirstDays,
         names: tuple[str, str] | None = None, since: dt.date | None = None,
         until: dt.date | None = None) -> list[Finding]:
    """The alert days of one dyad from its days with events (``date.toordinal()``, ascending)
    and their conflict scores; quiet days count 0 in the baselines. Without ``names`` the
    findings have no reasons (the store keeps alerts without words: :func:`describe`)."""
    if not ordinals:
        return []
    window = params.window
    low = since.toordinal() if since else ordinals[0]
    high = until.toordinal() if until else ordinals[-1]
    new_roots: dict[int, list[str]] = {}
    for root, day in sorted(first.force.items()):
        new_roots.setdefault(day.toordinal(), []).append(root)
    first_conflict = first.conflict.toordinal() if first.conflict else None
    findings = []
    recent: deque[tuple[int, float]] = deque()  # the days with events in the window: costs what they cost
    for ordinal, day_score in zip(ordinals, scores, strict=True):
        while recent and recent[0][0] < ordinal - window:
            recent.popleft()
        baseline = sum(value for _, value in recent) / window
        recent.append((ordinal, day_score))
        if ordinal < low or ordinal > high:
            continue
        kinds: list[AlertKind] = []
        if is_jump(day_score, baseline, params):
            kinds.append("escalation")
        if ordinal == first_conflict:
            kinds.append("first_material_conflict")
        roots = new_roots.get(ordinal, [])
        if roots:
            kinds.append("new_force_root")
        if kinds:
            findings.append(Finding(dt.date.fromordinal(ordinal), kinds,
                                    describe(kinds, roots, day_score, baseline, names, params) if names else [],
                                    day_score, baseline, list(roots)))
    return findings


def describe(kinds: list[AlertKind], roots: list[str], day_score: float, baseline: float,
             names: tuple[str, str], params: EscalationParams) -> list[str]:
    """An alert's reasons, one plain sentence per kind (and per new root of force)."""
    a, b = names
    reasons = []
    if "escalation" in kinds:
        reasons.append(f"Conflict score {day_score:.1f}, up {day_score - baseline:.1f} on the mean of the "
                       f"previous {params.window} days ({baseline:.1f}).")
    if "first_material_conflict" in kinds:
        reasons.append(f"First material conflict between {a} and {b} on record.")
    for root in roots:
        reasons.append(f"First {FORCE_NAMES.get(root, 'CAMEO ' + root)} between {a} and {b} on record.")
    return reasons
