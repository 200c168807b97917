"""The plain records the analysis hands back: timelines, alerts, the actor network, dyad summaries.

Every record has ``to_dict()`` giving JSON-ready values (dates as ``YYYY-MM-DD``, dict keys as
strings), so the CLI, the HTML report and the HTTP API serialise them the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from flashpoint.ontology import ontology

Interval = Literal["day", "week"]
AlertKind = Literal["escalation", "first_material_conflict", "new_force_root"]


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


#: Raise when the alert rules (flashpoint.analysis.escalation) change: stores recompute the alerts
#: they keep. (A change to what ``merged_days`` sums needs a store migration instead.)
ALERT_RULES_VERSION = 1


@dataclass(frozen=True, slots=True)
class EscalationParams:
    """The escalation index and its alert thresholds (see docs/analysis.md, "Escalation index").

    A day's **conflict score** is the conflict-weighted Goldstein sum of the dyad's merged events,
    each weighed by how widely it was reported (:func:`flashpoint.store.merging.report_weight`): each conflictual event
    adds ``-goldstein`` (times ``force_weight`` for the use of force: CAMEO roots 18-20 but for
    blockades and occupation, ``not_force``), each cooperative one subtracts
    ``cooperation_weight * goldstein``. The **baseline** is the mean score of the ``window``
    previous days (days without events count 0; ``week_window`` weeks for weekly timelines); the
    **escalation index** is score minus baseline. An escalation alert needs the index to reach
    ``min_rise`` and the score to reach ``min_ratio`` times the baseline.
    """

    window: int = 7  # days in the trailing baseline
    week_window: int = 4  # weeks in the trailing baseline of weekly timelines
    force_weight: float = 2.0  # Goldstein puts an embargo (-8) and an air strike (-10) almost level
    cooperation_weight: float = 0.5  # a ceasefire eases the score, but does not undo the strikes
    min_rise: float = 10.0  # one use of force above the usual level
    min_ratio: float = 2.0  # at least double the usual level
    force_roots: tuple[str, ...] = ontology().marked("force")  # code property "force"
    not_force: tuple[str, ...] = ontology().marked("force", False)  # blockade, occupation: PLOVER's COERCE

    def is_force(self, cameo: str) -> bool:
        """Whether a CAMEO code is the use of force (PLOVER's ASSAULT)."""
        return cameo[:2] in self.force_roots and not cameo.startswith(self.not_force)

    def score(self, conflict: float, force: float, cooperation: float) -> float:
        """The conflict score from the summed magnitudes of non-force conflict, force conflict and
        cooperation (each a sum of absolute Goldstein values)."""
        return conflict + self.force_weight * force - self.cooperation_weight * cooperation

    def fingerprint(self) -> str:
        """These parameters and the version of the alert rules, as the store records what its
        kept alerts (``merged_alerts``) were computed with; a change to either recomputes them."""
        return json.dumps({**self.to_dict(), "rules": ALERT_RULES_VERSION}, sort_keys=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "window": self.window,
            "week_window": self.week_window,
            "force_weight": self.force_weight,
            "cooperation_weight": self.cooperation_weight,
            "min_rise": self.min_rise,
            "min_ratio": self.min_ratio,
            "force_roots": list(self.force_roots),
            "not_force": list(self.not_force),
        }


@dataclass(slots=True)
class EventSummary:
    """One merged (real-world) event, with the evidence a reader needs to check it: the sentence
    of its representative report, the trigger's place in it, and where the report came from."""

    merged_id: str
    date: dt.date | None
    source: str | None  # actor code, e.g. INDGOV
    target: str | None
    source_text: str | None  # the words that named the actor
    target_text: str | None
    cameo: str
    cameo_name: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    num_mentions: int
    num_sources: int
    num_articles: int
    score: float  # what this event adds to its day's conflict score
    sentence: str
    trigger: str
    trigger_start: int  # offsets of the trigger inside ``sentence`` (-1 when not found)
    trigger_end: int
    doc_id: str
    url: str | None
    event_id: str | None = None  # the representative report's event
    outlet: str | None = None  # the representative report's outlet and title
    title: str | None = None

    @property
    def direction(self) -> str:
        return f"{self.source or '?'} → {self.target or '?'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "merged_id": self.merged_id,
            "date": _day(self.date),
            "source": self.source,
            "target": self.target,
            "source_text": self.source_text,
            "target_text": self.target_text,
            "cameo": self.cameo,
            "cameo_name": self.cameo_name,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover_type": self.plover_type,
            "num_mentions": self.num_mentions,
            "num_sources": self.num_sources,
            "num_articles": self.num_articles,
            "score": _rounded(self.score),
            "sentence": self.sentence,
            "trigger": self.trigger,
            "trigger_start": self.trigger_start,
            "trigger_end": self.trigger_end,
            "doc_id": self.doc_id,
            "url": self.url,
            "event_id": self.event_id,
            "outlet": self.outlet,
            "title": self.title,
        }


@dataclass(slots=True)
class Counts:
    """Merged events of one bucket (or one direction of it), summed."""

    events: int = 0  # merged events: each real-world event once
    mentions: int = 0  # coded events (reports) behind them
    quad: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    plover: dict[str, int] = field(default_factory=dict)
    goldstein_sum: float = 0.0
    # The three magnitudes of the conflict score, each event's weighed by report_weight:
    conflict: float = 0.0  # sum of |goldstein| of conflictual events, outside roots 18-20
    force: float = 0.0  # the same for the use of force (EscalationParams.is_force)
    cooperation: float = 0.0  # sum of goldstein of cooperative events
    force_roots: set[str] = field(default_factory=set)  # CAMEO roots of the force among them

    @property
    def goldstein_mean(self) -> float | None:
        return self.goldstein_sum / self.events if self.events else None

    def add(self, other: Counts) -> None:
        self.events += other.events
        self.mentions += other.mentions
        for quad, n in other.quad.items():
            self.quad[quad] = self.quad.get(quad, 0) + n
        for kind, n in other.plover.items():
            self.plover[kind] = self.plover.get(kind, 0) + n
        self.goldstein_sum += other.goldstein_sum
        self.conflict += other.conflict
        self.force += other.force
        self.cooperation += other.cooperation
        self.force_roots |= other.force_roots

    def to_dict(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "mentions": self.mentions,
            "quad": {str(k): v for k, v in sorted(self.quad.items())},
            "plover": dict(sorted(self.plover.items())),
            "goldstein_sum": _rounded(self.goldstein_sum),
            "goldstein_mean": _rounded(self.goldstein_mean),
        }


@dataclass(slots=True)
class Bucket:
    """One day (or week, Monday to Sunday) of a dyad's timeline, both directions together, with
    each direction's counts in ``directions`` ("IND>PAK", "PAK>IND")."""

    start: dt.date
    end: dt.date  # inclusive
    totals: Counts
    directions: dict[str, Counts]
    score: float = 0.0  # conflict score (EscalationParams.score)
    baseline: float = 0.0  # mean score of the trailing window
    alert: bool = False  # an alert was raised on a day in this bucket

    @property
    def escalation(self) -> float:
        """The escalation index: how far the score stands above its trailing baseline."""
        return self.score - self.baseline

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            **self.totals.to_dict(),
            "score": _rounded(self.score),
            "baseline": _rounded(self.baseline),
            "escalation": _rounded(self.escalation),
            "alert": self.alert,
            "directions": {key: counts.to_dict() for key, counts in self.directions.items()},
        }


@dataclass(slots=True)
class Alert:
    """A dyad escalated on a day: why (one or more kinds, each with a plain sentence) and the
    merged events that caused it, most weighty first."""

    a: str  # the dyad, in alphabetical order
    b: str
    date: dt.date
    kinds: list[AlertKind]
    reasons: list[str]
    score: float
    baseline: float
    events: list[EventSummary]

    @property
    def escalation(self) -> float:
        return self.score - self.baseline

    @property
    def dyad(self) -> str:
        return f"{self.a}–{self.b}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "dyad": [self.a, self.b],
            "date": self.date.isoformat(),
            "kinds": list(self.kinds),
            "reasons": list(self.reasons),
            "score": _rounded(self.score),
            "baseline": _rounded(self.baseline),
            "escalation": _rounded(self.escalation),
            "events": [event.to_dict() for event in self.events],
        }


@dataclass(slots=True)
class Timeline:
    """A dyad's time series: one bucket per day or week from ``start`` to ``end`` (empty
    buckets included, so charts and baselines see the quiet days, but for the long quiet
    stretches of a series over ten years: :attr:`gaps`), and the dyad's alerts."""

    a: str
    b: str
    interval: Interval
    start: dt.date | None
    end: dt.date | None
    buckets: list[Bucket]
    alerts: list[Alert]
    params: EscalationParams
    undated: int = 0  # merged events of the dyad without a date (not in any bucket)

    @property
    def totals(self) -> Counts:
        total = Counts()
        for bucket in self.buckets:
            total.add(bucket.totals)
        return total

    @property
    def gaps(self) -> list[tuple[dt.date, dt.date]]:
        """Quiet stretches left out of a long series (first and last day of each): a timeline of
        more than ten years of buckets lists only those near its events (analysis.series)."""
        day = dt.timedelta(days=1)
        return [(before.end + day, after.start - day)
                for before, after in zip(self.buckets, self.buckets[1:]) if after.start > before.end + day]

    def peak(self) -> Bucket | None:
        """The most conflictual bucket: the highest conflict score (ties: the earliest)."""
        busy = [bucket for bucket in self.buckets if bucket.totals.events]
        return max(busy, key=lambda bucket: (bucket.score, -bucket.start.toordinal()), default=None)

    def to_dict(self) -> dict[str, Any]:
        peak = self.peak()
        return {
            "dyad": [self.a, self.b],
            "interval": self.interval,
            "start": _day(self.start),
            "end": _day(self.end),
            "totals": self.totals.to_dict(),
            "peak": peak.start.isoformat() if peak else None,
            "undated": self.undated,
            "params": self.params.to_dict(),
            "buckets": [bucket.to_dict() for bucket in self.buckets],
            "gaps": [[first.isoformat(), last.isoformat()] for first, last in self.gaps],
            "alerts": [alert.to_dict() for alert in self.alerts],
        }


@dataclass(slots=True)
class Node:
    """An actor of the network: a country (ISO alpha-3), or an organisation's code (IGOUNSC)."""

    code: str
    label: str
    events: int = 0  # merged events it takes part in, as source or target
    acts: int = 0  # as source
    receives: int = 0  # as target

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "events": self.events,
                "acts": self.acts, "receives": self.receives}


@dataclass(slots=True)
class Edge:
    """Who acts on whom: the merged events from ``source`` to ``target``, split into cooperation
    (quad classes 1-2) and conflict (3-4), with their Goldstein sum."""

    source: str
    target: str
    events: int
    mentions: int
    cooperation: int
    conflict: int
    goldstein_sum: float

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "events": self.events,
                "mentions": self.mentions, "cooperation": self.cooperation, "conflict": self.conflict,
                "goldstein_sum": _rounded(self.goldstein_sum), "goldstein_mean": _rounded(self.goldstein_mean)}


@dataclass(slots=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [node.to_dict() for node in self.nodes], "edges": [edge.to_dict() for edge in self.edges]}


@dataclass(slots=True)
class DyadSummary:
    """One undirected country pair over the whole store (or a date range): how much happened."""

    a: str
    b: str
    events: int
    mentions: int
    cooperation: int  # merged events in quad classes 1-2
    conflict: int  # 3-4
    goldstein_sum: float
    first: dt.date | None
    last: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {"dyad": [self.a, self.b], "events": self.events, "mentions": self.mentions,
                "cooperation": self.cooperation, "conflict": self.conflict,
                "goldstein_sum": _rounded(self.goldstein_sum), "first": _day(self.first), "last": _day(self.last)}
