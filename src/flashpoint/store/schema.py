"""The store's SQLite schema, as an ordered list of migrations.

``PRAGMA user_version`` is the number of migrations applied; opening a store applies the missing
ones in order, each in its own transaction, so an old store upgrades itself and a store written
by a newer Flashpoint is refused rather than misread. ``PRAGMA application_id`` marks the file
as a Flashpoint store, so pointing ``--db`` at some other SQLite file fails with a clear error.

To change the schema, append a :class:`Migration`; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from flashpoint.store.alerts import refresh_alerts
from flashpoint.store.carriers import CARRIERS_SQL, rehash

#: "FPNT": marks an SQLite file as a Flashpoint store.
APPLICATION_ID = 0x46504E54


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    summary: str
    sql: str
    #: Run after ``sql``, in the same transaction: for what SQL alone cannot compute.
    python: Callable[[sqlite3.Connection], None] | None = None


def _add_date_exact(conn: sqlite3.Connection) -> None:
    """``events.date_exact``: 1 when the report dates the act itself ("on Wednesday"), which
    merging compares (:mod:`flashpoint.merge.rule`). Events stored before are NULL and read from
    their record when merged, so adding the column rewrites nothing. (SQLite has no ``ADD COLUMN
    IF NOT EXISTS``: the column is added only when missing.)"""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    if "date_exact" not in columns:
        conn.execute("ALTER TABLE events ADD COLUMN date_exact INTEGER")


def _store_alerts(conn: sqlite3.Connection) -> None:
    refresh_alerts(conn, everything=True)


def _migration_7(conn: sqlite3.Connection) -> None:
    """``documents.notes`` (what ingest changed or noticed: JSON list of strings, NULL for none),
    then content hashes recomputed (:func:`flashpoint.store.carriers.rehash`).

    Migration 6 is made sure of first (each of its steps is skipped where it ran): a store written
    by the reliability branch before it met migration 6 of main numbered its carriers and notes 6,
    so it would otherwise skip main's 6 and miss ``events.date_exact`` and the merged indexes."""
    for statement in _MIGRATION_6.split(";"):
        if statement.strip():
            conn.execute(statement)
    _add_date_exact(conn)
    if "notes" not in {row[1] for row in conn.execute("PRAGMA table_info(documents)")}:
        conn.execute("ALTER TABLE documents ADD COLUMN notes TEXT")
    rehash(conn)


_MIGRATION_6 = """
        -- The dashboard lists real-world events newest or most conflictual first, as it lists
        -- reports: pages walk these indexes (store/pages.py) instead of sorting every merged
        -- event, and a store's period is the two ends of the first.
        CREATE INDEX IF NOT EXISTS merged_day ON merged_events (day);
        CREATE INDEX IF NOT EXISTS merged_goldstein ON merged_events (goldstein)
"""


#: The daily sums of merged events (``merged_days``), as the migration fills them for every group
#: and merging (:mod:`flashpoint.store.merging`) for one (``group``: ``AND group_key = ?``). The
#: use of force is CAMEO roots 18-20 but codes 191 and 192 (``merging.FORCE_ROOTS``); an actor is
#: its country, else its code unless the code is of unknown country (``---``).
MERGED_DAYS_SQL = """
        INSERT INTO merged_days
        SELECT CASE WHEN instr(group_key, '>') = 0 THEN group_key
                    WHEN substr(group_key, 1, instr(group_key, '>') - 1) <= substr(group_key, instr(group_key, '>') + 1)
                    THEN group_key
                    ELSE substr(group_key, instr(group_key, '>') + 1) || '>' || substr(group_key, 1, instr(group_key, '>') - 1)
               END,
               day, group_key, source, target, sum(n), sum(mentions), sum(q1), sum(q2), sum(q3), sum(q4),
               total(g), total(conflict), total(force), total(cooperation),
               trim(CASE WHEN max(r18) THEN '18,' ELSE '' END || CASE WHEN max(r19) THEN '19,' ELSE '' END
                    || CASE WHEN max(r20) THEN '20,' ELSE '' END, ','),
               json_group_object(plover_type, n) FILTER (WHERE plover_type IS NOT NULL AND plover_type <> '')
        FROM (
            SELECT group_key, day, source, target, plover_type, count(*) AS n, sum(num_mentions) AS mentions,
                   sum(quad_class IS 1) AS q1, sum(quad_class IS 2) AS q2, sum(quad_class IS 3) AS q3,
                   sum(quad_class IS 4) AS q4, total(goldstein) AS g,
                   total(CASE WHEN goldstein < 0 AND root = '' THEN -goldstein * w ELSE 0 END) AS conflict,
                   total(CASE WHEN goldstein < 0 AND root <> '' THEN -goldstein * w ELSE 0 END) AS force,
                   total(CASE WHEN goldstein > 0 THEN goldstein * w ELSE 0 END) AS cooperation,
                   max(root = '18') AS r18, max(root = '19') AS r19, max(root = '20') AS r20
            FROM (
                SELECT group_key, day, num_mentions, quad_class, goldstein, plover_type,
                       1.0 + ln(max(1, coalesce(num_sources, 1))) AS w,
                       CASE WHEN cameo_root IN ('18', '19', '20') AND substr(cameo, 1, 3) NOT IN ('191', '192')
                            THEN cameo_root ELSE '' END AS root,
                       CASE WHEN source_country IS NOT NULL AND source_country NOT IN ('', '---') THEN source_country
                            WHEN source_code NOT LIKE '---%' THEN source_code END AS source,
                       CASE WHEN target_country IS NOT NULL AND target_country NOT IN ('', '---') THEN target_country
                            WHEN target_code NOT LIKE '---%' THEN target_code END AS target
                FROM merged_events WHERE day IS NOT NULL {group})
            WHERE source IS NOT NULL AND target IS NOT NULL
            GROUP BY group_key, day, source, target, plover_type)
        GROUP BY group_key, day, source, target
"""

_MIGRATION_5 = """
        -- The analysis counts merged events by their date and their representative's code. Both
        -- are written here when merging (flashpoint.store.merging), so a dyad's timeline is an
        -- index range over merged_events or merged_days instead of a vote over every mention and
        -- a random read of every representative in a table of JSON records.
        -- day: the date most of its reports give (ties: the representative's date, then the
        -- earliest); NULL when no report is dated. The rest: the representative's columns.
        ALTER TABLE merged_events ADD COLUMN day TEXT;
        ALTER TABLE merged_events ADD COLUMN source_code TEXT;
        ALTER TABLE merged_events ADD COLUMN source_country TEXT;
        ALTER TABLE merged_events ADD COLUMN target_code TEXT;
        ALTER TABLE merged_events ADD COLUMN target_country TEXT;
        ALTER TABLE merged_events ADD COLUMN cameo TEXT;
        ALTER TABLE merged_events ADD COLUMN cameo_root TEXT;
        ALTER TABLE merged_events ADD COLUMN quad_class INTEGER;
        ALTER TABLE merged_events ADD COLUMN goldstein REAL;
        ALTER TABLE merged_events ADD COLUMN plover_type TEXT;
        UPDATE merged_events AS m
           SET source_code = e.source_code, source_country = e.source_country, target_code = e.target_code,
               target_country = e.target_country, cameo = e.cameo, cameo_root = e.cameo_root,
               quad_class = e.quad_class, goldstein = e.goldstein, plover_type = e.plover_type,
               day = CASE WHEN m.date_first = m.date_last THEN m.date_first END
          FROM events e WHERE e.event_id = m.representative;
        UPDATE merged_events AS m SET day = v.day FROM (
            SELECT merged_id, day FROM (
                SELECT merged_id, day, row_number() OVER (PARTITION BY merged_id ORDER BY n DESC, rep DESC, day) AS r
                FROM (SELECT p.merged_id, x.date AS day, count(*) AS n, max(x.event_id = p.representative) AS rep
                      FROM merged_events p JOIN merged_mentions mm ON mm.merged_id = p.merged_id
                      JOIN events x ON x.event_id = mm.event_id
                      WHERE p.date_first <> p.date_last AND x.date IS NOT NULL
                      GROUP BY p.merged_id, x.date))
            WHERE r = 1) AS v
         WHERE v.merged_id = m.merged_id;
        -- Replaces the group_key index (same leading column, so merging deletes a group the same
        -- way); a dyad's merged events of some days are one range of it.
        DROP INDEX IF EXISTS merged_group;
        CREATE INDEX IF NOT EXISTS merged_group_day ON merged_events (group_key, day);
        -- Dyads of actor-code prefixes (INDMIL-PAK) select their merged events by code (merging
        -- pays ~3% for it; a timeline would otherwise read every merged event).
        CREATE INDEX IF NOT EXISTS merged_codes ON merged_events (source_code, target_code);
        -- Per dyad (the merge group's two sides in alphabetical order: IND>PAK holds IND>PAK and
        -- PAK>IND), day, merge group and pair of network actors (the country, else a code not of
        -- unknown country): the dated merged events summed, as timelines, alerts, the dyad list
        -- and the network read them; a country pair's day is one or two rows. Merged events with
        -- an actor of unknown country are left out (no country dyad and no network edge counts
        -- them). conflict is the sum of -goldstein of conflictual events that are not the use of
        -- force, force the same for the use of force (CAMEO roots 18-20 except codes 191 and 192:
        -- flashpoint.store.merging.FORCE_ROOTS), force_roots the roots of force among them
        -- ("18,19"); cooperation sums positive Goldstein weights; plover is a JSON object of
        -- event counts per PLOVER type. conflict, force and cooperation weigh each merged event
        -- by its outlets, 1 + ln(num_sources) (flashpoint.store.merging.report_weight).
        DROP TABLE IF EXISTS merged_days;
        CREATE TABLE merged_days (
            dyad_key    TEXT NOT NULL,
            day         TEXT NOT NULL,
            group_key   TEXT NOT NULL,
            source      TEXT NOT NULL,
            target      TEXT NOT NULL,
            events      INTEGER NOT NULL,
            mentions    INTEGER NOT NULL,
            quad1       INTEGER NOT NULL,
            quad2       INTEGER NOT NULL,
            quad3       INTEGER NOT NULL,
            quad4       INTEGER NOT NULL,
            goldstein   REAL NOT NULL,
            conflict    REAL NOT NULL,
            force       REAL NOT NULL,
            cooperation REAL NOT NULL,
            force_roots TEXT NOT NULL,
            plover      TEXT NOT NULL,
            PRIMARY KEY (dyad_key, day, group_key, source, target)
        ) WITHOUT ROWID;
        {merged_days};
        -- The escalation alerts of every country dyad (dyad_key of two country codes) under the
        -- default escalation parameters (meta 'alert_params'), recomputed from merged_days when a
        -- dyad's merge groups are merged. kinds: escalation, first_material_conflict,
        -- new_force_root (comma-separated); roots: the roots of force first on record that day.
        DROP TABLE IF EXISTS merged_alerts;
        CREATE TABLE merged_alerts (
            day      TEXT NOT NULL,
            dyad_key TEXT NOT NULL,
            score    REAL NOT NULL,
            baseline REAL NOT NULL,
            kinds    TEXT NOT NULL,
            roots    TEXT NOT NULL,
            PRIMARY KEY (day, dyad_key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS merged_alerts_dyad ON merged_alerts (dyad_key, day);
"""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents and coded events", """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- Every input, coded or failed. content_hash is the document's identity (a failure with no
        -- text gets 'failure:' + a hash of its source and reason), so re-ingesting skips it.
        CREATE TABLE documents (
            id           INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            doc_id       TEXT,
            source       TEXT NOT NULL,
            url          TEXT,
            title        TEXT,
            outlet       TEXT,
            outlet_key   TEXT NOT NULL,      -- outlet, else URL host, else source: counts sources
            published    TEXT,               -- YYYY-MM-DD
            report_date  TEXT,
            date_origin  TEXT,
            seen_date    TEXT NOT NULL,      -- published, else report date, else day ingested
            status       TEXT NOT NULL CHECK (status IN ('coded', 'failed')),
            reason       TEXT,               -- why it failed
            n_events     INTEGER NOT NULL DEFAULT 0,
            text         TEXT,               -- as ingested: evidence offsets point into it
            ingested_at  TEXT NOT NULL       -- UTC, ISO 8601
        );
        CREATE INDEX documents_doc_id ON documents (doc_id);
        CREATE INDEX documents_status ON documents (status);
        -- Every coded event: the full DESIGN.md record as JSON plus indexed columns to query.
        CREATE TABLE events (
            event_id       TEXT PRIMARY KEY,
            doc            INTEGER NOT NULL REFERENCES documents (id),
            doc_id         TEXT NOT NULL,
            date           TEXT,
            source_code    TEXT,
            source_country TEXT,
            source_sector  TEXT,
            source_name    TEXT,
            target_code    TEXT,
            target_country TEXT,
            target_sector  TEXT,
            target_name    TEXT,
            cameo          TEXT NOT NULL,
            cameo_root     TEXT NOT NULL,
            quad_class     INTEGER,
            goldstein      REAL,
            plover_type    TEXT,
            modality       TEXT,
            confidence     REAL,
            loc_name       TEXT,
            loc_country    TEXT,
            loc_feature    TEXT,
            loc_origin     TEXT,               -- clause | sentence | dateline | document
            loc_lat        REAL,
            loc_lon        REAL,
            group_key      TEXT NOT NULL,    -- the merge group (dyad by country), see flashpoint.merge
            record         TEXT NOT NULL
        );
        CREATE INDEX events_doc ON events (doc);
        CREATE INDEX events_date ON events (date);
        CREATE INDEX events_source_code ON events (source_code);
        CREATE INDEX events_target_code ON events (target_code);
        CREATE INDEX events_cameo ON events (cameo);
        CREATE INDEX events_group ON events (group_key);
        -- Few indexes on purpose: each costs bulk-storing speed. Country filters use the code
        -- indexes (a code starts with its country); quad class and PLOVER type filter the rows
        -- the other conditions select.
    """),
    Migration(2, "merged events", """
        -- One row per real-world event: reports of it grouped by flashpoint.merge.
        CREATE TABLE merged_events (
            merged_id      TEXT PRIMARY KEY,
            group_key      TEXT NOT NULL,
            representative TEXT NOT NULL REFERENCES events (event_id),
            date_first     TEXT,
            date_last      TEXT,
            num_mentions   INTEGER NOT NULL,
            num_sources    INTEGER NOT NULL,
            num_articles   INTEGER NOT NULL,
            first_seen     TEXT,
            last_seen      TEXT
        );
        CREATE INDEX merged_group ON merged_events (group_key);
        CREATE INDEX merged_representative ON merged_events (representative);
        CREATE TABLE merged_mentions (
            event_id  TEXT PRIMARY KEY REFERENCES events (event_id),
            merged_id TEXT NOT NULL
        );
        CREATE INDEX merged_mentions_merged ON merged_mentions (merged_id);
        -- Merge groups with new events, written in the same transaction as the events, so a
        -- crash between storing and merging is repaired by the next run.
        CREATE TABLE merge_dirty (
            group_key TEXT PRIMARY KEY
        );
        INSERT OR IGNORE INTO merge_dirty (group_key) SELECT DISTINCT group_key FROM events;
    """),
    Migration(3, "dyad series index", """
        -- Dyad timelines and the dashboard's dyad list read (group_key, date, quad_class,
        -- goldstein) from this index alone, never the table, so a dyad of 100,000 events is
        -- summed in milliseconds in a store of millions. It replaces the group_key index (same
        -- leading column, so merging uses it the same way): storing keeps six indexes.
        CREATE INDEX IF NOT EXISTS events_group_date ON events (group_key, date, quad_class, goldstein);
        DROP INDEX IF EXISTS events_group;
    """),
    Migration(4, "Goldstein index", """
        -- Events "most conflictual first" (the dashboard's sort by Goldstein) walk this index
        -- instead of sorting every event; a small numeric index costs storing about 1%.
        CREATE INDEX IF NOT EXISTS events_goldstein ON events (goldstein);
    """),
    Migration(5, "merged events carry what the analysis reads; daily dyad sums and alerts",
              _MIGRATION_5.format(merged_days=MERGED_DAYS_SQL.format(group="")), python=_store_alerts),
    Migration(6, "merged events by day and by Goldstein weight; whether a report dates its event",
              _MIGRATION_6, python=_add_date_exact),
    Migration(7, "every outlet that carried a text; content hashes that ignore line ends; document notes",
              CARRIERS_SQL, python=_migration_7),
)


SCHEMA_VERSION = MIGRATIONS[-1].version
