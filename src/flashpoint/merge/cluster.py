"""Grouping mentions into merged events, deterministically.

Mentions are taken in date order (on one day, those whose report dates the act first, then by
event id) and each joins the open merged event it is compatible with in full (complete linkage),
or starts a new one. The result depends only on the
set of mentions, never on the order documents were ingested in, so a store ingested in pieces, or
killed and resumed, merges exactly like one ingested in a single run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from flashpoint.merge.rule import Mention, MergeRule


@dataclass(slots=True)
class Cluster:
    """A merged event: its mentions, the first (earliest) of which names it."""

    members: list[Mention] = field(default_factory=list)
    #: One member per distinct :func:`signature`: a newcomer compatible with these is compatible
    #: with every member, so joining costs the cluster's kinds of mention, not its size (10,000
    #: reports of one event took 200 s to merge, checked against every member).
    kinds: dict[tuple, Mention] = field(default_factory=dict)

    def add(self, mention: Mention, rule: MergeRule) -> None:
        self.members.append(mention)
        self.kinds.setdefault(signature(mention, rule), mention)

    @property
    def anchor(self) -> Mention:
        return self.members[0]

    @property
    def merged_id(self) -> str:
        """Stable while the earliest mention stays the earliest: ``m`` + its event id."""
        return "m" + self.anchor.event_id

    @property
    def representative(self) -> Mention:
        """The most confident mention (ties: earliest date, then event id): its evidence stands
        for the merged event."""
        return min(self.members, key=lambda m: (-m.confidence, m.date or dt.date.max, m.event_id))

    @property
    def num_mentions(self) -> int:
        return len(self.members)

    @property
    def num_articles(self) -> int:
        """Distinct articles: each document once per outlet that published it (a wire story
        three outlets ran word for word is three articles, stored once)."""
        return len({(m.article, outlet) for m in self.members for outlet in m.outlets})

    @property
    def num_sources(self) -> int:
        return len({outlet for m in self.members for outlet in m.outlets})

    @property
    def dates(self) -> tuple[str | None, str | None]:
        days = sorted(m.date for m in self.members if m.date)
        return (days[0].isoformat(), days[-1].isoformat()) if days else (None, None)

    @property
    def seen(self) -> tuple[str | None, str | None]:
        days = sorted(day for m in self.members for day in (m.seen, *(seen for _, seen in m.carried)) if day)
        return (days[0], days[-1]) if days else (None, None)


def signature(mention: Mention, rule: MergeRule) -> tuple:
    """Everything :meth:`MergeRule.compatible` reads of a mention: two mentions of one signature
    are compatible with the same mentions."""
    return (mention.group, rule.family(mention.cameo_root), mention.date, mention.date_exact, mention.source,
            mention.target, mention.loc_country, mention.lat, mention.lon, mention.loc_feature, mention.loc_origin)


def cluster(mentions: Iterable[Mention], rule: MergeRule | None = None) -> list[Cluster]:
    """Merge mentions into clusters under ``rule`` (see :mod:`flashpoint.merge.rule`)."""
    rule = rule or MergeRule()
    ordered = sorted(mentions, key=lambda m: (m.date is None, m.date or dt.date.min, not m.date_exact, m.event_id))
    done: list[Cluster] = []
    open_: list[Cluster] = []
    for mention in ordered:
        if mention.date is None:
            done.append(Cluster([mention]))
            continue
        horizon = mention.date - dt.timedelta(days=rule.reach)
        still_open = []
        for candidate in open_:
            (still_open if candidate.anchor.date >= horizon else done).append(candidate)  # type: ignore[operator]
        open_ = still_open
        fits = [c for c in open_ if all(rule.compatible(mention, m) for m in c.kinds.values())]
        if fits:
            best = min(fits, key=lambda c: ((mention.date - c.anchor.date).days, -len(c.members), c.anchor.event_id))  # type: ignore[operator]
            best.add(mention, rule)
        else:
            fresh = Cluster()
            fresh.add(mention, rule)
            open_.append(fresh)
    done.extend(open_)
    return sorted(done, key=lambda c: (c.anchor.date is None, c.anchor.date or dt.date.min, c.anchor.event_id))
