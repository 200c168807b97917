"""Keeping merged events up to date: re-cluster only the merge groups that received events.

Storing a batch marks its events' merge groups (directed dyads by country) dirty in the same
transaction. :func:`refresh` then re-clusters each dirty group from all of its mentions and
replaces its merged events, a few hundred groups per transaction. Recomputing a whole group is
cheap (a group holds one dyad's events) and makes the result independent of ingest order; the
dirty list living in the database means a run killed between storing and merging is repaired by
the next one. Changing the :class:`MergeRule` marks every group dirty.

Each merged event is written with what the analysis reads (schema migration 5): its date (the
date most of its reports give), its representative's actors and code, and the group's daily
sums in ``merged_days``, so a dyad's timeline never re-reads mentions or JSON records. The
escalation alerts of each country dyad whose groups were re-merged are recomputed from its daily
sums in the same transaction (``merged_alerts``, by the keeper the analysis registers: see
:mod:`flashpoint.store.alerts`), so the alerts of a store of millions of events are a lookup.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections import Counter

from flashpoint.merge.cluster import Cluster, cluster
from flashpoint.merge.rule import Mention, MergeRule, Role
from flashpoint.ontology import ontology
from flashpoint.store import alerts
from flashpoint.store.alerts import COUNTRY_PAIR
from flashpoint.store.carriers import carried
from flashpoint.store.db import transaction

GROUPS_PER_TRANSACTION = 200
#: The use of force in ``merged_days``: CAMEO roots 18-20 but for codes 191 (blockade) and 192
#: (occupation), as :class:`flashpoint.analysis.EscalationParams` defines it by default. The
#: analysis reads the daily sums only when its parameters agree (else it sums merged events).
FORCE_ROOTS = ontology().marked("force")
NOT_FORCE = ontology().marked("force", False)
#: :func:`report_weight` as an SQL expression of a ``num_sources`` column (``{sources}``).
REPORT_WEIGHT_SQL = "(1.0 + ln(max(1, coalesce({sources}, 1))))"
_MENTION_SQL = """
    SELECT e.event_id, e.doc, d.outlet_key, d.seen_date, e.date, e.group_key, e.cameo_root, e.confidence,
           e.source_code, e.source_country, e.source_sector, e.source_name,
           e.target_code, e.target_country, e.target_sector, e.target_name,
           e.loc_country, e.loc_feature, e.loc_lat, e.loc_lon, e.loc_origin,
           e.cameo, e.quad_class, e.goldstein, e.plover_type,
           coalesce(e.date_exact, json_extract(e.record, '$.date_origin') = 'expression'
                                  AND json_extract(e.record, '$.date_precision') = 'day')
    FROM events e JOIN documents d ON d.id = e.doc
    WHERE e.group_key = ?
"""
_INSERT_MERGED = (
    "INSERT INTO merged_events (merged_id, group_key, representative, date_first, date_last, num_mentions, "
    "num_sources, num_articles, first_seen, last_seen, day, source_code, source_country, target_code, "
    "target_country, cameo, cameo_root, quad_class, goldstein, plover_type) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_DAY = ("INSERT INTO merged_days (dyad_key, day, group_key, source, target, events, mentions, quad1, quad2, "
               "quad3, quad4, goldstein, conflict, force, cooperation, force_roots, plover) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def refresh(conn: sqlite3.Connection, rule: MergeRule) -> int:
    """Re-merge every dirty group; return how many groups were re-merged. Both directions of a
    dyad (``IND>PAK``, ``PAK>IND``) are merged in one transaction with the dyad's alerts."""
    _apply_rule(conn, rule)
    if alerts.outdated(conn):
        with transaction(conn):
            alerts.refresh_alerts(conn, everything=True)
    dirty = sorted((dyad_key(row[0]), row[0]) for row in conn.execute("SELECT group_key FROM merge_dirty"))
    done = 0
    while done < len(dirty):
        end = min(done + GROUPS_PER_TRANSACTION, len(dirty))
        while end < len(dirty) and dirty[end][0] == dirty[end - 1][0]:
            end += 1
        batch = dirty[done:end]
        with transaction(conn):
            for _key, group in batch:
                _remerge(conn, group, rule)
            alerts.refresh_alerts(conn, {key for key, _group in batch})
            conn.executemany("DELETE FROM merge_dirty WHERE group_key = ?", [(group,) for _key, group in batch])
        done = end
    return done


def _apply_rule(conn: sqlite3.Connection, rule: MergeRule) -> None:
    """When the rule differs from the one the merged events were made with, re-merge everything."""
    fingerprint = rule.fingerprint()
    row = conn.execute("SELECT value FROM meta WHERE key = 'merge_rule'").fetchone()
    if row and row[0] == fingerprint:
        return
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO merge_dirty (group_key) SELECT DISTINCT group_key FROM events")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('merge_rule', ?)", (fingerprint,))


def _remerge(conn: sqlite3.Connection, group: str, rule: MergeRule) -> None:
    mentions, rows = [], {}
    dates: dict[str, dt.date] = {}
    roles: dict[tuple, Role] = {}
    carriers = carried(conn, group)
    for row in conn.execute(_MENTION_SQL, (group,)):
        mention = _mention(row, dates, roles)
        if carriers:
            mention.carried = tuple(carriers.get(row[1], ()))
        mentions.append(mention)
        rows[row[0]] = row  # the actors and the code a merged event takes from its representative
    key = dyad_key(group)
    conn.execute("DELETE FROM merged_mentions WHERE merged_id IN "
                 "(SELECT merged_id FROM merged_events WHERE group_key = ?)", (group,))
    conn.execute("DELETE FROM merged_events WHERE group_key = ?", (group,))
    conn.execute("DELETE FROM merged_days WHERE dyad_key = ? AND group_key = ?", (key, group))
    merged_rows, mention_rows = [], []
    days: dict[tuple[str, str, str], list[tuple]] = {}
    parties: dict[tuple, tuple[str | None, str | None]] = {}
    # A group of two countries (IND>PAK) is its actors' countries: every merged event's pair.
    pair = (group[:3], group[4:]) if COUNTRY_PAIR.match(group) else None
    for found in cluster(mentions, rule):
        members = found.members
        if len(members) == 1 and not members[0].carried:  # most: one report, nothing to count or vote
            representative = members[0]
            merged_id = "m" + representative.event_id
            row = rows[representative.event_id]
            date_first = date_last = day = row[4] or None  # as stored: date.isoformat()
            first_seen = last_seen = representative.seen or None
            counts = (1, 1, 1)
            mention_rows.append((representative.event_id, merged_id))
        else:
            representative = found.representative
            merged_id = found.merged_id
            row = rows[representative.event_id]
            date_first, date_last = found.dates
            first_seen, last_seen = found.seen
            day = voted_day(found, date_first, date_last)
            counts = (len(members), found.num_sources, found.num_articles)
            mention_rows.extend((m.event_id, merged_id) for m in members)
        s_code, s_country, t_code, t_country = row[8], row[9], row[12], row[13]
        cameo, quad, goldstein, plover = row[21:25]
        merged_rows.append((merged_id, group, representative.event_id, date_first, date_last, *counts,
                            first_seen, last_seen, day, s_code, s_country, t_code, t_country, cameo,
                            representative.cameo_root, quad, goldstein, plover))
        if day is not None:
            if pair is None:  # not two countries: each merged event's actors name its pair
                actors = (s_country, s_code, t_country, t_code)
                found_pair = parties.get(actors)
                if found_pair is None:
                    found_pair = parties[actors] = (_party(s_country, s_code), _party(t_country, t_code))
                if found_pair[0] is None or found_pair[1] is None:
                    continue
                at = (day, *found_pair)
            else:
                at = (day, *pair)
            force = _FORCE.get((representative.cameo_root, cameo))
            if force is None:
                force = _force_root(representative.cameo_root, cameo)
            days.setdefault(at, []).append((counts[0], quad, goldstein, force, plover, counts[1]))
    conn.executemany(_INSERT_MERGED, merged_rows)
    conn.executemany("INSERT INTO merged_mentions (event_id, merged_id) VALUES (?, ?)", mention_rows)
    conn.executemany(_INSERT_DAY, _day_rows(key, group, days))


def _day_rows(key: str, group: str, days: dict[tuple[str, str, str], list[tuple]]) -> list[tuple]:
    """The ``merged_days`` rows of a group from its dated merged events per (day, source, target);
    what :data:`flashpoint.store.schema.MERGED_DAYS_SQL` computes in SQL."""
    return [(key, day, group, source, target, *day_sums(events)) for (day, source, target), events in days.items()]


def day_sums(events: list[tuple]) -> tuple:
    """The sums ``merged_days`` keeps (events, mentions, quad classes 1-4, Goldstein, conflict,
    force, cooperation, force roots, PLOVER counts as JSON) of merged events given as (mentions,
    quad class, Goldstein, force root or '', PLOVER type, outlets). Conflict, force and
    cooperation weigh each event by its outlets (:func:`report_weight`)."""
    if len(events) == 1:  # most days of most dyads
        mentions, quad, goldstein, force, plover, sources = events[0]
        g = 0.0 if goldstein is None else 0.0 + goldstein
        w = g * _weight(sources)
        return (1, mentions, quad == 1, quad == 2, quad == 3, quad == 4, g, -w if g < 0 and not force else 0.0,
                -w if g < 0 and force else 0.0, w if g > 0 else 0.0, force, _json_counts({plover: 1} if plover else {}))
    sums = [0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0]
    roots: set[str] = set()
    plovers: dict[str, int] = {}
    for mentions, quad, goldstein, force, plover, sources in events:
        sums[0] += 1
        sums[1] += mentions
        if quad in _QUADS:
            sums[1 + quad] += 1
        if force:
            roots.add(force)
        if goldstein is not None:
            sums[6] += goldstein
            if goldstein < 0:
                sums[8 if force else 7] -= goldstein * _weight(sources)
            elif goldstein > 0:
                sums[9] += goldstein * _weight(sources)
        if plover:
            plovers[plover] = plovers.get(plover, 0) + 1
    return (*sums, ",".join(sorted(roots)), _json_counts(plovers))


def report_weight(num_sources: int | None) -> float:
    """How much a merged event counts in the conflict score: 1 when one outlet carried it, plus
    the natural log of the number of outlets. A strike four outlets report outweighs a border
    skirmish one outlet reports, as GDELT weighs by its NumSources; the log keeps a story every
    outlet repeats from drowning the rest. :data:`REPORT_WEIGHT_SQL` is the same in SQL."""
    return 1.0 + math.log(max(1, num_sources or 1))


def _weight(sources: int | None) -> float:
    return 1.0 if sources is None or sources <= 1 else report_weight(sources)


_QUADS = frozenset((1, 2, 3, 4))
_FORCE: dict[tuple[str, str | None], str] = {}


def _force_root(root: str, cameo: str | None) -> str:
    """``root`` when the code is the use of force (:data:`FORCE_ROOTS`), else ''."""
    found = _FORCE.get((root, cameo))
    if found is None:
        found = _FORCE[(root, cameo)] = root if root in FORCE_ROOTS and not (cameo or "").startswith(NOT_FORCE) else ""
    return found


_JSON: dict[tuple, str] = {}


def _json_counts(counts: dict[str, int]) -> str:
    """Counts per PLOVER type as a JSON object, keys sorted (most days repeat a few of them)."""
    items = tuple(sorted(counts.items())) if len(counts) > 1 else tuple(counts.items())
    found = _JSON.get(items)
    if found is None:
        found = json.dumps(dict(items), separators=(",", ":"))
        if len(_JSON) < 100_000:
            _JSON[items] = found
    return found


def _party(country: str | None, code: str | None) -> str | None:
    """An actor as ``merged_days`` (and the network) sees it: its country, else its code unless
    the code is of unknown country (``---MIL``); None for no actor."""
    if country and country != "---":
        return country
    if code is not None and not code.startswith("---"):
        return code
    return None


def voted_day(found: Cluster, date_first: str | None, date_last: str | None) -> str | None:
    """The merged event's date: the date most of its reports give (ties: the representative's
    date, then the earliest), counting only the reports that date the act itself when there are
    any ("on Wednesday" outweighs the day a report was filed). The representative is the most
    confidently coded report, which says nothing about its date."""
    if date_first == date_last:
        return date_first
    votes = (Counter(m.date for m in found.members if m.date and m.date_exact)
             or Counter(m.date for m in found.members if m.date))
    own = found.representative.date
    best = min(votes.items(), key=lambda item: (-item[1], item[0] != own, item[0]))[0]
    return best.isoformat()


def dyad_key(group: str) -> str:
    """The undirected dyad of a merge group: its two sides in alphabetical order (``PAK>IND`` and
    ``IND>PAK`` are both ``IND>PAK``)."""
    source, found, target = group.partition(">")
    return group if not found or source <= target else f"{target}>{source}"


def _mention(row: tuple, dates: dict[str, dt.date], roles: dict[tuple, Role]) -> Mention:
    (event_id, doc, outlet, seen, day, group, root, confidence,
     s_code, s_country, s_sector, s_name, t_code, t_country, t_sector, t_name,
     loc_country, loc_feature, lat, lon, loc_origin) = row[:21]
    date = None
    if day:
        date = dates.get(day)
        if date is None:
            date = dates[day] = dt.date.fromisoformat(day)
    source = _shared_role(roles, s_country, s_sector, s_name) if s_code is not None else None
    target = _shared_role(roles, t_country, t_sector, t_name) if t_code is not None else None
    return Mention(
        event_id=event_id,
        article=str(doc),
        outlet=outlet,
        seen=seen,
        date=date,
        group=group,
        cameo_root=root,
        confidence=confidence or 0.0,
        source=source,
        target=target,
        loc_country=loc_country,
        loc_feature=loc_feature,
        lat=lat,
        lon=lon,
        loc_origin=loc_origin,
        date_exact=bool(row[25]),
    )


def _shared_role(roles: dict[tuple, Role], country: str | None, sector: str | None, name: str | None) -> Role:
    """One :class:`Role` per distinct actor of a group (most of its mentions repeat a few)."""
    key = (country, sector, name)
    found = roles.get(key)
    if found is None:
        found = roles[key] = Role(country, sector, name)
    return found
