"""Pages of events for the HTTP API and the dashboard, read through :meth:`Store.query`.

A dashboard pages through a million events, so pages are found by *keyset* ("the 50 rows after
this one in this order"), which an index answers in constant time, instead of ``OFFSET``, which
counts every skipped row. Ties are broken by rowid, which the indexes carry.

Every function reads either coded events (one per report) or, with ``merged=True``, merged events
(one per real-world event, dated by the day its reports vote for, with its representative's
record): the two things the dashboard counts (:class:`View`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashpoint.store.query import EventQuery
from flashpoint.store.reads import QueryTimeout

if TYPE_CHECKING:
    from flashpoint.store.store import Store

@dataclass(frozen=True, slots=True)
class View:
    """What a page lists: its table and alias, its sortable columns, the index that walks each
    sort (tried first, see :func:`_walk_first`) and its page's SQL. The page's rowids are chosen
    first (from the indexes, when they serve), and only then are the page's records read and
    their merged events looked up: sorting never drags records along."""

    table: str
    alias: str
    sorts: dict[str, str]
    order_index: dict[str, str]
    page_sql: str
    date: str
    merged: bool


EVENTS = View(
    "events", "e", {"date": "e.date", "goldstein": "e.goldstein"},
    {"date": "events_date", "goldstein": "events_goldstein"},
    "SELECT e.rowid, {column}, e.record, mm.merged_id, e.doc, me.num_mentions, me.num_sources, me.num_articles, "
    "me.day FROM (SELECT e.rowid AS id FROM events e {hint} WHERE {where}{order} LIMIT ? OFFSET ?) page "
    "JOIN events e ON e.rowid = page.id LEFT JOIN merged_mentions mm ON mm.event_id = e.event_id "
    "LEFT JOIN merged_events me ON me.merged_id = mm.merged_id{order}",
    "e.date", merged=False)
MERGED = View(
    "merged_events", "m", {"date": "m.day", "goldstein": "m.goldstein", "reports": "m.num_mentions"},
    {"date": "merged_day", "goldstein": "merged_goldstein"},
    "SELECT m.rowid, {column}, e.record, m.merged_id, e.doc, m.num_mentions, m.num_sources, m.num_articles, "
    "m.day FROM (SELECT m.rowid AS id FROM merged_events m {hint} WHERE {where}{order} LIMIT ? OFFSET ?) page "
    "JOIN merged_events m ON m.rowid = page.id JOIN events e ON e.event_id = m.representative{order}",
    "m.day", merged=True)
#: Sortable columns of an event page (real-world events also sort by their reports).
PAGE_SORTS: dict[str, str] = MERGED.sorts


def view(merged: bool) -> View:
    return MERGED if merged else EVENTS


@dataclass(frozen=True, slots=True)
class PageRow:
    """One row of a page: its rowid and sort value (the keyset cursor), the stored JSON record
    (of the report, or of the merged event's representative), its merged event (None before
    merging), its document's row id, and the merged event's counts and date."""

    rowid: int
    key: object
    record: str
    merged_id: str | None
    doc: int
    num_mentions: int | None = None
    num_sources: int | None = None
    num_articles: int | None = None
    day: str | None = None


def _walk_first(store: Store, sql: Callable[[str], str], params: list[object],
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
            return store.query(sql(f"INDEXED BY {index}"), params, budget=budget)
        except QueryTimeout:
            pass
    return store.query(sql(""), params)


def event_page(store: Store, query: EventQuery, *, sort: str = "date", descending: bool = True,
               limit: int = 50, after: tuple[object, int] | None = None, offset: int = 0,
               walk_budget: float | None = None, merged: bool = False) -> list[PageRow]:
    """The events (``merged``: the merged events) matching ``query`` in ``sort`` order (NULLs
    first ascending, last descending, as SQLite orders them), ``limit`` of them, after the cursor
    ``after`` = (sort value, rowid) of the previous page's last row, or else after skipping
    ``offset`` rows. ``walk_budget``: see :func:`_walk_first`."""
    source = view(merged)
    column = source.sorts[sort]
    where, params = query.where(source.alias, merged=merged)
    direction = "DESC" if descending else "ASC"
    rowid = f"{source.alias}.rowid"
    order = f" ORDER BY {column} {direction}, {rowid} {direction}"
    index = source.order_index.get(sort)

    def page(condition: str) -> Callable[[str], str]:
        return lambda hint: source.page_sql.format(column=column, hint=hint, where=condition, order=order)

    if after is None:
        return [PageRow(*row) for row in _walk_first(store, page(where), [*params, limit, offset], index, walk_budget)]
    rows: list[PageRow] = []
    for condition, extra in _after(column, rowid, descending, after):
        found = _walk_first(store, page(f"({where}) AND {condition}"), [*params, *extra, limit - len(rows), 0],
                            index, walk_budget)
        rows += [PageRow(*row) for row in found]
        if len(rows) >= limit:
            break
    return rows


def _after(column: str, rowid: str, descending: bool, after: tuple[object, int]) -> list[tuple[str, list[object]]]:
    """The conditions, one per segment still to read (values, NULLs), for rows past ``after``.
    Segments are queried one by one so each is a plain index range, never an OR the planner
    cannot seek."""
    value, last = after
    if descending:  # values high to low, then NULLs
        if value is None:
            return [(f"{column} IS NULL AND {rowid} < ?", [last])]
        return [(f"{column} <= ? AND ({column} < ? OR {rowid} < ?)", [value, value, last]),
                (f"{column} IS NULL", [])]
    if value is None:  # NULLs, then values low to high
        return [(f"{column} IS NULL AND {rowid} > ?", [last]), (f"{column} IS NOT NULL", [])]
    return [(f"{column} >= ? AND ({column} > ? OR {rowid} > ?)", [value, value, last])]


def count_events(store: Store, query: EventQuery, cap: int = 10_000,
                 budget: float | None = None, merged: bool = False) -> tuple[int | None, bool]:
    """How many events (``merged``: merged events) match, counting at most ``cap`` (a page
    header needs "10,000+", not an exact count that reads a million rows), within ``budget``
    seconds when given: filters no index serves (quad class, PLOVER type, words) may have to read
    much of the table to count, and a page must not wait for that. Returns (count, whether more
    match); the count is None when the budget ran out first."""
    source = view(merged)
    where, params = query.where(source.alias, merged=merged)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {source.table} {source.alias} WHERE {where} LIMIT ?)"
    try:
        found = store.query(sql, [*params, cap + 1], budget=budget)[0][0]
    except QueryTimeout:
        return None, True
    return min(found, cap), found > cap


def group_counts(store: Store) -> list[tuple[str, int, int, str | None, str | None]]:
    """Per merge group (directed dyad by country, ``IND>PAK``): events, conflict events (quad
    class 3 or 4), first and last date. Read from the dyad series index alone."""
    return store.query(
        "SELECT group_key, count(*), sum(quad_class >= 3), min(date), max(date) FROM events GROUP BY group_key")


def event_by_id(store: Store, event_id: str) -> tuple[str, int, str | None] | None:
    """(record JSON, document row id, merged id) of one event, or None."""
    return _one(store.query(
        "SELECT e.record, e.doc, mm.merged_id FROM events e LEFT JOIN merged_mentions mm ON mm.event_id = e.event_id "
        "WHERE e.event_id = ?", (event_id,)))


def merged_mentions(store: Store, merged_id: str, limit: int = 200) -> list[tuple]:
    """The mentions of a merged event with their articles: (record JSON, doc_id, title, url,
    outlet, published), by date."""
    return store.query(
        "SELECT e.record, d.doc_id, d.title, d.url, d.outlet, d.published FROM merged_mentions mm "
        "JOIN events e ON e.event_id = mm.event_id JOIN documents d ON d.id = e.doc "
        "WHERE mm.merged_id = ? ORDER BY e.date, e.event_id LIMIT ?", (merged_id, limit))


def merged_counts(store: Store, merged_id: str) -> tuple | None:
    """(num_mentions, num_sources, num_articles, date_first, date_last, representative, day) or None."""
    return _one(store.query(
        "SELECT num_mentions, num_sources, num_articles, date_first, date_last, representative, day "
        "FROM merged_events WHERE merged_id = ?", (merged_id,)))


def has_actor(store: Store, code: str) -> bool:
    """Whether some event's source or target code starts with ``code`` (two index probes)."""
    high = code.upper() + "\uffff"
    return bool(store.query("SELECT EXISTS (SELECT 1 FROM events WHERE source_code >= ? AND source_code < ?) "
                            "OR EXISTS (SELECT 1 FROM events WHERE target_code >= ? AND target_code < ?)",
                            (code.upper(), high, code.upper(), high))[0][0])


def actor_codes(store: Store, prefix: str, limit: int = 10, budget: float | None = None) -> list[tuple[str, int]]:
    """The actor codes starting with ``prefix`` and their events (as source or target), most
    first: what to suggest as an analyst types a code."""
    high = prefix.upper() + "\uffff"
    return store.query(
        "SELECT code, sum(n) FROM (SELECT source_code AS code, count(*) AS n FROM events "
        "WHERE source_code >= ? AND source_code < ? GROUP BY 1 UNION ALL SELECT target_code, count(*) FROM events "
        "WHERE target_code >= ? AND target_code < ? GROUP BY 1) GROUP BY code ORDER BY 2 DESC, 1 LIMIT ?",
        (prefix.upper(), high, prefix.upper(), high, limit), budget=budget)


DOCUMENT_FIELDS = ("id", "doc_id", "title", "url", "outlet", "published", "report_date", "date_origin",
                   "source", "status", "reason", "n_events", "ingested_at", "text")


def document_by(store: Store, *, doc_id: str | None = None, row_id: int | None = None) -> dict | None:
    """A stored document by its document id (the coded one first) or row id, with its text."""
    columns = ", ".join(DOCUMENT_FIELDS)
    if row_id is not None:
        row = _one(store.query(f"SELECT {columns} FROM documents WHERE id = ?", (row_id,)))
    else:
        row = _one(store.query(f"SELECT {columns} FROM documents WHERE doc_id = ? ORDER BY status = 'coded' DESC, id "
                               "LIMIT 1", (doc_id,)))
    return dict(zip(DOCUMENT_FIELDS, row)) if row else None


def document_records(store: Store, row_id: int, limit: int = 2_000) -> list[str]:
    """The stored JSON records of one document's events (by its row id, which is indexed), in
    text order."""
    rows = store.query("SELECT record FROM events WHERE doc = ? LIMIT ?", (row_id, limit))
    return [row[0] for row in rows]


#: Where a report was filed (its dateline) is not where its event happened: never a map's place.
NOT_EVENT_PLACES = ("dateline",)


def located_places(store: Store, query: EventQuery, recent: int = 10_000, places: int = 2_000,
                   walk_budget: float | None = None, merged: bool = False) -> list[tuple]:
    """Where the latest ``recent`` located events (``merged``: merged events, at their
    representative's place) matching ``query`` happened, one row per place: (lat, lon, name,
    country, events, conflict events, mean Goldstein), most events first. A place taken from the
    report's dateline is not the event's and is left out. Bounded by ``recent`` so a map of a
    million events costs the same as one of ten thousand."""
    source = view(merged)
    where, params = query.where(source.alias, merged=merged)
    join = " JOIN events e ON e.event_id = m.representative" if merged else ""
    skipped = ", ".join("?" * len(NOT_EVENT_PLACES))

    def sql(hint: str) -> str:
        return ("SELECT round(lat, 2), round(lon, 2), name, country, count(*), sum(quad >= 3), avg(goldstein) FROM ("
                "  SELECT e.loc_lat AS lat, e.loc_lon AS lon, e.loc_name AS name, e.loc_country AS country,"
                f"         {source.alias}.quad_class AS quad, {source.alias}.goldstein AS goldstein"
                f"  FROM {source.table} {source.alias} {hint}{join}"
                f"  WHERE ({where}) AND e.loc_lat IS NOT NULL AND e.loc_lon IS NOT NULL"
                f"  AND coalesce(e.loc_origin, '') NOT IN ({skipped})"
                f"  ORDER BY {source.date} DESC LIMIT ?)"
                " GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC LIMIT ?")

    return _walk_first(store, sql, [*params, *NOT_EVENT_PLACES, recent, places], source.order_index["date"],
                       walk_budget)


def _one(rows: list[tuple]) -> tuple | None:
    return rows[0] if rows else None
