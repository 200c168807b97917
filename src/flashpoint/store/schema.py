"""The store's SQLite schema, as an ordered list of migrations.

``PRAGMA user_version`` is the number of migrations applied; opening a store applies the missing
ones in order, each in its own transaction, so an old store upgrades itself and a store written
by a newer Flashpoint is refused rather than misread. ``PRAGMA application_id`` marks the file
as a Flashpoint store, so pointing ``--db`` at some other SQLite file fails with a clear error.

To change the schema, append a :class:`Migration`; never edit one that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass

#: "FPNT": marks an SQLite file as a Flashpoint store.
APPLICATION_ID = 0x46504E54


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    summary: str
    sql: str


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
)

SCHEMA_VERSION = MIGRATIONS[-1].version
