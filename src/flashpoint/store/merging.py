"""Keeping merged events up to date: re-cluster only the merge groups that received events.

Storing a batch marks its events' merge groups (directed dyads by country) dirty in the same
transaction. :func:`refresh` then re-clusters each dirty group from all of its mentions and
replaces its merged events, a few hundred groups per transaction. Recomputing a whole group is
cheap (a group holds one dyad's events) and makes the result independent of ingest order; the
dirty list living in the database means a run killed between storing and merging is repaired by
the next one. Changing the :class:`MergeRule` marks every group dirty.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from flashpoint.merge.cluster import cluster
from flashpoint.merge.rule import Mention, MergeRule, Role
from flashpoint.store.db import transaction

GROUPS_PER_TRANSACTION = 200
_MENTION_SQL = """
    SELECT e.event_id, e.doc, d.outlet_key, d.seen_date, e.date, e.group_key, e.cameo_root, e.confidence,
           e.source_code, e.source_country, e.source_sector, e.source_name,
           e.target_code, e.target_country, e.target_sector, e.target_name,
           e.loc_country, e.loc_feature, e.loc_lat, e.loc_lon, e.loc_origin
    FROM events e JOIN documents d ON d.id = e.doc
    WHERE e.group_key = ?
"""


def refresh(conn: sqlite3.Connection, rule: MergeRule) -> int:
    """Re-merge every dirty group; return how many groups were re-merged."""
    _apply_rule(conn, rule)
    done = 0
    while True:
        groups = [row[0] for row in conn.execute(
            "SELECT group_key FROM merge_dirty ORDER BY group_key LIMIT ?", (GROUPS_PER_TRANSACTION,))]
        if not groups:
            return done
        with transaction(conn):
            for group in groups:
                _remerge(conn, group, rule)
            conn.executemany("DELETE FROM merge_dirty WHERE group_key = ?", [(g,) for g in groups])
        done += len(groups)


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
    mentions = [_mention(row) for row in conn.execute(_MENTION_SQL, (group,))]
    conn.execute("DELETE FROM merged_mentions WHERE merged_id IN "
                 "(SELECT merged_id FROM merged_events WHERE group_key = ?)", (group,))
    conn.execute("DELETE FROM merged_events WHERE group_key = ?", (group,))
    merged_rows, mention_rows = [], []
    for found in cluster(mentions, rule):
        date_first, date_last = found.dates
        first_seen, last_seen = found.seen
        merged_rows.append((
            found.merged_id, group, found.representative.event_id, date_first, date_last,
            found.num_mentions, found.num_sources, found.num_articles, first_seen, last_seen,
        ))
        mention_rows.extend((m.event_id, found.merged_id) for m in found.members)
    conn.executemany("INSERT INTO merged_events (merged_id, group_key, representative, date_first, date_last, "
                     "num_mentions, num_sources, num_articles, first_seen, last_seen) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", merged_rows)
    conn.executemany("INSERT INTO merged_mentions (event_id, merged_id) VALUES (?, ?)", mention_rows)


def _mention(row: tuple) -> Mention:
    (event_id, doc, outlet, seen, day, group, root, confidence,
     s_code, s_country, s_sector, s_name, t_code, t_country, t_sector, t_name,
     loc_country, loc_feature, lat, lon, loc_origin) = row
    return Mention(
        event_id=event_id,
        article=str(doc),
        outlet=outlet,
        seen=seen,
        date=dt.date.fromisoformat(day) if day else None,
        group=group,
        cameo_root=root,
        confidence=confidence or 0.0,
        source=Role(s_country, s_sector, s_name) if s_code is not None else None,
        target=Role(t_country, t_sector, t_name) if t_code is not None else None,
        loc_country=loc_country,
        loc_feature=loc_feature,
        lat=lat,
        lon=lon,
        loc_origin=loc_origin,
    )
