"""Filters over stored events, as SQL on the indexed columns.

Actor and CAMEO filters are prefixes, so ``PAK`` matches ``PAKGOV`` and ``PAKMIL`` and CAMEO
``19`` matches every code under root 19; they are written as ranges (``col >= 'PAK' AND col <
'PAK\\uffff'``) so SQLite answers them from the indexes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_TOP = "\uffff"


@dataclass(slots=True)
class EventQuery:
    """Which events to return. Empty fields do not filter; all given fields must hold."""

    dyad: tuple[str, str] | None = None  # two actor code prefixes, either direction
    actor: str | None = None  # actor code prefix, source or target
    source: str | None = None  # source actor code prefix
    target: str | None = None  # target actor code prefix
    country: str | None = None  # ISO alpha-3 of the source or target
    cameo: str | None = None  # CAMEO code prefix ("19" is the root, "042" and its children)
    root: str | None = None  # CAMEO root, exactly
    quad_class: tuple[int, ...] = ()
    plover: str | None = None  # PLOVER event type
    since: dt.date | None = None
    until: dt.date | None = None
    text: str | None = None  # words in the evidence sentence (case-insensitive)
    doc_id: str | None = None
    limit: int | None = None

    def where(self, alias: str = "e") -> tuple[str, list[object]]:
        """The SQL condition (``1`` when nothing filters) and its parameters."""
        clauses: list[str] = []
        params: list[object] = []

        def prefix(column: str, value: str) -> str:
            params.extend([value, value + _TOP])
            return f"({alias}.{column} >= ? AND {alias}.{column} < ?)"

        if self.dyad:
            a, b = (side.upper() for side in self.dyad)
            first = f"({prefix('source_code', a)} AND {prefix('target_code', b)})"
            second = f"({prefix('source_code', b)} AND {prefix('target_code', a)})"
            clauses.append(f"({first} OR {second})")
        if self.actor:
            code = self.actor.upper()
            clauses.append(f"({prefix('source_code', code)} OR {prefix('target_code', code)})")
        if self.source:
            clauses.append(prefix("source_code", self.source.upper()))
        if self.target:
            clauses.append(prefix("target_code", self.target.upper()))
        if self.country:
            # A code starts with its country, so the code indexes find the candidates.
            country = self.country.upper()
            source = prefix("source_code", country)
            params.append(country)
            target = prefix("target_code", country)
            params.append(country)
            clauses.append(f"(({source} AND {alias}.source_country = ?) OR ({target} AND {alias}.target_country = ?))")
        if self.cameo:
            clauses.append(prefix("cameo", self.cameo))
        if self.root:
            clauses.append(f"{alias}.cameo_root = ?")
            params.append(self.root.zfill(2))
        if self.quad_class:
            clauses.append(f"{alias}.quad_class IN ({','.join('?' * len(self.quad_class))})")
            params.extend(self.quad_class)
        if self.plover:
            clauses.append(f"{alias}.plover_type = ?")
            params.append(self.plover.upper())
        if self.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append(f"{alias}.date <= ?")
            params.append(self.until.isoformat())
        if self.text:
            clauses.append(f"json_extract({alias}.record, '$.evidence.sentence') LIKE ? ESCAPE '\\'")
            params.append("%" + _escape_like(self.text) + "%")
        if self.doc_id:
            clauses.append(f"{alias}.doc_id = ?")
            params.append(self.doc_id)
        return (" AND ".join(clauses) or "1"), params

    def limit_sql(self) -> str:
        return f" LIMIT {int(self.limit)}" if self.limit else ""


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- read-only helpers for pages of events (the HTTP API and the dashboard) --------------------
#
# A dashboard pages through a million events, so pages are found by *keyset* ("the 50 rows after
# this one in this order"), which an index answers in constant time, instead of ``OFFSET``, which
# counts every skipped row. Ties are broken by rowid, which the indexes carry.

#: Sortable columns of an event page.
PAGE_SORTS: dict[str, str] = {"date": "e.date", "goldstein": "e.goldstein"}

# The page's rowids are chosen first (from the indexes, when they serve), and only then are the
# page's records read and their merged events looked up: sorting never drags records along.
_PAGE_SQL = ("SELECT e.rowid, {column}, e.record, mm.merged_id, e.doc, me.num_mentions FROM ("
             "SELECT e.rowid AS id FROM events e {hint} WHERE {where}{order} LIMIT ? OFFSET ?) page "
             "JOIN events e ON e.rowid = page.id LEFT JOIN merged_mentions mm ON mm.event_id = e.event_id "
             "LEFT JOIN merged_events me ON me.merged_id = mm.merged_id{order}")
#: The index that walks each sort's order (tried first, see :func:`_walk_first`).
_ORDER_INDEX = {"date": "events_date", "goldstein": "events_goldstein"}


@dataclass(frozen=True, slots=True)
class PageRow:
    """One event on a page: its rowid and sort value (the keyset cursor), its stored JSON record,
    its merged event (None before merging), its document's row id and how many reports the
    merged event has."""

    rowid: int
    key: object
    record: str
    merged_id: str | None
    doc: int
    num_mentions: int | None = None


class _OutOfTime(Exception):
    pass


@contextmanager
def _budget(conn: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Interrupt the statements run in the block after ``seconds`` (raising :class:`_OutOfTime`)."""
    if seconds is None:
        yield
        return
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
    try:
        yield
    except sqlite3.OperationalError as error:
        if "interrupt" not in str(error):
            raise
        raise _OutOfTime from None
    finally:
        conn.set_progress_handler(None, 0)


def _walk_first(conn: sqlite3.Connection, sql: Callable[[str], str], params: list[object],
                index: str | None, budget: float | None) -> list[tuple]:
    """Run ``sql(hint)`` walking ``index`` in the sort order for at most ``budget`` seconds, and
    as the planner chooses if that did not finish.

    With a date order and a filter that many events pass (a country, a CAMEO root), walking the
    date index until the page is full reads a few thousand rows; the planner, which cannot know
    how common the filter is, collects every match through the filter's index and sorts them (in
    a store of a million events, a hundred thousand rows). With a rare filter (one article) the
    walk soon runs out of time and the planner's plan is the right one. Trying the walk briefly
    first gets the better of the two.
    """
    if index and budget:
        try:
            with _budget(conn, budget):
                return conn.execute(sql(f"INDEXED BY {index}"), params).fetchall()
        except _OutOfTime:
            pass
    return conn.execute(sql(""), params).fetchall()


def event_page(conn: sqlite3.Connection, query: EventQuery, *, sort: str = "date", descending: bool = True,
               limit: int = 50, after: tuple[object, int] | None = None, offset: int = 0,
               walk_budget: float | None = None) -> list[PageRow]:
    """The events matching ``query`` in ``sort`` order (NULLs first ascending, last descending, as
    SQLite orders them), ``limit`` of them, after the cursor ``after`` = (sort value, rowid) of
    the previous page's last row, or else after skipping ``offset`` rows. ``walk_budget``: see
    :func:`_walk_first`."""
    column = PAGE_SORTS[sort]
    where, params = query.where("e")
    direction = "DESC" if descending else "ASC"
    order = f" ORDER BY {column} {direction}, e.rowid {direction}"
    index = _ORDER_INDEX.get(sort)

    def page(condition: str) -> Callable[[str], str]:
        return lambda hint: _PAGE_SQL.format(column=column, hint=hint, where=condition, order=order)

    if after is None:
        return [PageRow(*row) for row in _walk_first(conn, page(where), [*params, limit, offset], index, walk_budget)]
    rows: list[PageRow] = []
    for condition, extra in _after(column, descending, after):
        found = _walk_first(conn, page(f"({where}) AND {condition}"), [*params, *extra, limit - len(rows), 0],
                            index, walk_budget)
        rows += [PageRow(*row) for row in found]
        if len(rows) >= limit:
            break
    return rows


def _after(column: str, descending: bool, after: tuple[object, int]) -> list[tuple[str, list[object]]]:
    """The conditions, one per segment still to read (values, NULLs), for rows past ``after``.
    Segments are queried one by one so each is a plain index range, never an OR the planner
    cannot seek."""
    value, rowid = after
    if descending:  # values high to low, then NULLs
        if value is None:
            return [(f"{column} IS NULL AND e.rowid < ?", [rowid])]
        return [(f"{column} <= ? AND ({column} < ? OR e.rowid < ?)", [value, value, rowid]),
                (f"{column} IS NULL", [])]
    if value is None:  # NULLs, then values low to high
        return [(f"{column} IS NULL AND e.rowid > ?", [rowid]), (f"{column} IS NOT NULL", [])]
    return [(f"{column} >= ? AND ({column} > ? OR e.rowid > ?)", [value, value, rowid])]


def count_events(conn: sqlite3.Connection, query: EventQuery, cap: int = 10_000,
                 budget: float | None = None) -> tuple[int | None, bool]:
    """How many events match, counting at most ``cap`` (a page header needs "10,000+", not an
    exact count that reads a million rows), within ``budget`` seconds when given: filters no
    index serves (quad class, PLOVER type, words) may have to read much of the table to count,
    and a page must not wait for that. Returns (count, whether more match); the count is None
    when the budget ran out first."""
    where, params = query.where("e")
    sql = f"SELECT count(*) FROM (SELECT 1 FROM events e WHERE {where} LIMIT ?)"
    try:
        with _budget(conn, budget):
            found = conn.execute(sql, [*params, cap + 1]).fetchone()[0]
    except _OutOfTime:
        return None, True
    return min(found, cap), found > cap


def group_counts(conn: sqlite3.Connection) -> list[tuple[str, int, int, str | None, str | None]]:
    """Per merge group (directed dyad by country, ``IND>PAK``): events, conflict events (quad
    class 3 or 4), first and last date. Read from the dyad series index alone."""
    return conn.execute(
        "SELECT group_key, count(*), sum(quad_class >= 3), min(date), max(date) FROM events GROUP BY group_key"
    ).fetchall()


def event_by_id(conn: sqlite3.Connection, event_id: str) -> tuple[str, int, str | None] | None:
    """(record JSON, document row id, merged id) of one event, or None."""
    return conn.execute(
        "SELECT e.record, e.doc, mm.merged_id FROM events e LEFT JOIN merged_mentions mm ON mm.event_id = e.event_id "
        "WHERE e.event_id = ?", (event_id,)).fetchone()


def merged_mentions(conn: sqlite3.Connection, merged_id: str, limit: int = 200) -> list[tuple]:
    """The mentions of a merged event with their articles: (record JSON, doc_id, title, url,
    outlet, published), by date."""
    return conn.execute(
        "SELECT e.record, d.doc_id, d.title, d.url, d.outlet, d.published FROM merged_mentions mm "
        "JOIN events e ON e.event_id = mm.event_id JOIN documents d ON d.id = e.doc "
        "WHERE mm.merged_id = ? ORDER BY e.date, e.event_id LIMIT ?", (merged_id, limit)).fetchall()


def merged_counts(conn: sqlite3.Connection, merged_id: str) -> tuple | None:
    """(num_mentions, num_sources, num_articles, date_first, date_last, representative) or None."""
    return conn.execute(
        "SELECT num_mentions, num_sources, num_articles, date_first, date_last, representative "
        "FROM merged_events WHERE merged_id = ?", (merged_id,)).fetchone()


DOCUMENT_FIELDS = ("id", "doc_id", "title", "url", "outlet", "published", "report_date", "date_origin",
                   "source", "status", "reason", "n_events", "ingested_at", "text")


def document_by(conn: sqlite3.Connection, *, doc_id: str | None = None, row_id: int | None = None) -> dict | None:
    """A stored document by its document id (the coded one first) or row id, with its text."""
    columns = ", ".join(DOCUMENT_FIELDS)
    if row_id is not None:
        row = conn.execute(f"SELECT {columns} FROM documents WHERE id = ?", (row_id,)).fetchone()
    else:
        row = conn.execute(f"SELECT {columns} FROM documents WHERE doc_id = ? ORDER BY status = 'coded' DESC, id "
                           "LIMIT 1", (doc_id,)).fetchone()
    return dict(zip(DOCUMENT_FIELDS, row)) if row else None


def document_records(conn: sqlite3.Connection, row_id: int, limit: int = 2_000) -> list[str]:
    """The stored JSON records of one document's events (by its row id, which is indexed), in
    text order."""
    rows = conn.execute("SELECT record FROM events WHERE doc = ? LIMIT ?", (row_id, limit)).fetchall()
    return [row[0] for row in rows]


def located_places(conn: sqlite3.Connection, query: EventQuery, recent: int = 10_000,
                   places: int = 2_000, walk_budget: float | None = None) -> list[tuple]:
    """Where the latest ``recent`` located events matching ``query`` happened, one row per place:
    (lat, lon, name, country, events, conflict events, mean Goldstein), most events first.
    Bounded by ``recent`` so a map of a million events costs the same as one of ten thousand."""
    where, params = query.where("e")

    def sql(hint: str) -> str:
        return ("SELECT round(lat, 2), round(lon, 2), name, country, count(*), sum(quad >= 3), avg(goldstein) FROM ("
                "  SELECT e.loc_lat AS lat, e.loc_lon AS lon, e.loc_name AS name, e.loc_country AS country,"
                f"         e.quad_class AS quad, e.goldstein AS goldstein FROM events e {hint}"
                f"  WHERE ({where}) AND e.loc_lat IS NOT NULL AND e.loc_lon IS NOT NULL"
                "  ORDER BY e.date DESC LIMIT ?)"
                " GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC LIMIT ?")

    return _walk_first(conn, sql, [*params, recent, places], _ORDER_INDEX["date"], walk_budget)
