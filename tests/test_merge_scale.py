"""Merging costs what the kinds of report cost, not the square of one event's reports: 10,000
reports of one event took 200 s to merge (each checked against every report already merged),
a hang for anyone ingesting a wire story carried everywhere (issue 18, cases not listed)."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest

from flashpoint.merge.cluster import cluster
from flashpoint.merge.rule import Mention, MergeRule, Role


def test_twenty_thousand_reports_of_one_event_merge_in_a_moment():
    india, pakistan = Role("IND", "MIL", None), Role("PAK", None, None)
    mentions = [Mention(event_id=f"e{n:05d}", article=str(n), outlet=f"outlet {n % 300}", seen="2025-05-07",
                        date=dt.date(2025, 5, 7) + dt.timedelta(days=n % 2), group="IND>PAK", cameo_root="19",
                        confidence=0.8, source=india, target=pakistan, loc_country="PAK", lat=34.4, lon=73.5,
                        loc_feature="city", loc_origin="clause") for n in range(20_000)]
    began = time.process_time()
    found = cluster(mentions, MergeRule())
    assert time.process_time() - began < 5
    assert len(found) == 1 and found[0].num_mentions == 20_000 and found[0].num_sources == 300


def test_reports_that_differ_still_split():
    base = dict(article="a", outlet="o", seen=None, group="IND>PAK", cameo_root="19", confidence=0.5,
                source=Role("IND", None, None), target=Role("PAK", None, None), loc_country="PAK",
                loc_feature="city", loc_origin="clause")
    near = Mention(event_id="e1", date=dt.date(2025, 5, 7), lat=34.0, lon=73.0, **base)
    far = Mention(event_id="e2", date=dt.date(2025, 5, 7), lat=24.9, lon=67.0, **base)  # Karachi
    again = Mention(event_id="e3", date=dt.date(2025, 5, 8), lat=34.1, lon=73.1, **base)
    groups = sorted(sorted(m.event_id for m in c.members) for c in cluster([near, far, again]))
    assert groups == [["e1", "e3"], ["e2"]]


def _every_member(mentions: list[Mention], rule: MergeRule) -> list[list[str]]:
    """Complete linkage as it was before kinds: a newcomer checked against every member."""
    ordered = sorted(mentions, key=lambda m: (m.date, not m.date_exact, m.event_id))
    done: list[list[Mention]] = []
    open_: list[list[Mention]] = []
    for mention in ordered:
        horizon = mention.date - dt.timedelta(days=rule.reach)
        done += [c for c in open_ if c[0].date < horizon]
        open_ = [c for c in open_ if c[0].date >= horizon]
        fits = [c for c in open_ if all(rule.compatible(mention, m) for m in c)]
        if fits:
            min(fits, key=lambda c: ((mention.date - c[0].date).days, -len(c), c[0].event_id)).append(mention)
        else:
            open_.append([mention])
    return sorted(sorted(m.event_id for m in c) for c in done + open_)


@pytest.mark.parametrize("dated_days", [0, 1, 2])
def test_kinds_merge_as_checking_every_member_does(dated_days):
    """Whether a report dates the act is part of a mention's kind: without it, a cluster of an
    undated report and a dated one of the same day kept only one of them to check newcomers
    against, and with ``dated_days`` above 0 merged what every member would have kept apart."""
    rule = MergeRule(dated_days=dated_days)
    places = [("PAK", 34.4, 73.5), ("PAK", 24.9, 67.0), (None, None, None)]
    for seed in range(300):
        draw = random.Random(seed)
        mentions = []
        for n in range(draw.randrange(2, 10)):
            country, lat, lon = draw.choice(places)
            mentions.append(Mention(
                event_id=f"e{n}", article=str(n), outlet="o", seen=None,
                date=dt.date(2025, 5, 1) + dt.timedelta(days=draw.randrange(5)), group="IND>PAK",
                cameo_root=draw.choice(["19", "20", "14"]), confidence=0.5, source=Role("IND", None, None),
                target=Role("PAK", None, None), loc_country=country, lat=lat, lon=lon, loc_feature="city",
                loc_origin="clause", date_exact=draw.random() < 0.5))
        found = sorted(sorted(m.event_id for m in c.members) for c in cluster(mentions, rule))
        assert found == _every_member(mentions, rule), seed
