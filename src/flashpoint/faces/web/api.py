"""Read routes: events, one event, documents, dyads, store counts and the map.

Every route borrows one read-only store from the pool for the length of the request and runs only
the parameterised SQL of :mod:`flashpoint.store.pages`. Routes are plain ``def`` functions: FastAPI
runs them in worker threads, so a slow query never blocks the event loop.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from flashpoint import analysis
from flashpoint.analysis.names import actor_label
from flashpoint.faces.web import params
from flashpoint.faces.web.config import WebConfig
from flashpoint.faces.web.models import (
    DocumentOut,
    Dyad,
    EventDetail,
    EventPage,
    MapOut,
    Place,
    Stats,
)
from flashpoint.faces.web.params import VIEW_HELP, Sort, ViewName, event_query
from flashpoint.faces.web.reader import ReaderPool
from flashpoint.faces.web.rules import rule_sentence
from flashpoint.faces.web.spans import document_spans
from flashpoint.store import Store
from flashpoint.store import pages as sql
from flashpoint.store.query import MAX_DOC_ID, EventQuery, QueryError, read_country

router = APIRouter(prefix="/api")
MAP_RECENT = 5_000
MAX_DOCUMENT_EVENTS = 2_000


def pool(request: Request) -> ReaderPool:
    return request.app.state.pool


def config(request: Request) -> WebConfig:
    return request.app.state.config


Pool = Annotated[ReaderPool, Depends(pool)]
Config = Annotated[WebConfig, Depends(config)]
Filters = Annotated[EventQuery, Depends(event_query)]
View = Annotated[ViewName, Query(description=VIEW_HELP)]


@router.get("/stats", response_model=Stats, summary="What the store holds")
def stats(pool: Pool, cfg: Config) -> Stats:
    with pool.borrow() as reader:
        return pool.cached("stats", reader, lambda r: _stats(r, cfg))


def _stats(reader: Store, cfg: WebConfig) -> Stats:
    counts = reader.counts()
    first, last = analysis.period(reader)  # the days merged events are dated by, as the report's period
    return Stats(documents=counts.documents, coded=counts.coded, failed=counts.failed, events=counts.events,
                 merged=counts.merged, schema_version=counts.schema_version,
                 first_date=first.isoformat() if first else None, last_date=last.isoformat() if last else None,
                 writable=cfg.allow_writes, max_code_bytes=cfg.max_code_bytes)


@router.get("/events", response_model=EventPage, summary="Events matching filters, a page at a time")
def events(pool: Pool, cfg: Config, query: Filters, view: View = "events",
           sort: Annotated[str, Query(description="date, goldstein (or reports, view=merged); '-' first for "
                                                  "descending")] = "-date",
           limit: Annotated[int, Query(ge=1, description="events per page (at most the server's page_limit)")] = 50,
           offset: Annotated[int, Query(ge=0, description="rows to skip (first page only; then use cursor)")] = 0,
           cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None) -> EventPage:
    """Events in the store, filtered as ``flashpoint events`` filters them: reports (``view=events``)
    or real-world events (``view=merged``: each merged event once, by its representative's record,
    dated by ``day``). Pages follow ``next_cursor`` (constant time however deep); ``offset``
    jumps, up to max_offset rows. ``notes`` say which names were read as codes and which codes
    no event has."""
    if limit > cfg.page_limit:
        raise QueryError("limit", f"{limit} is over the largest page, {cfg.page_limit}")
    if offset > cfg.max_offset:
        raise QueryError("offset", f"{offset} is over {cfg.max_offset}; follow next_cursor to go deeper")
    merged = view == "merged"
    order = Sort.parse(sort, merged)
    after = params.decode_cursor(cursor, order) if cursor else None
    if after is not None and offset:
        raise QueryError("offset", "give offset or cursor, not both")
    with pool.borrow() as reader:
        count, capped = sql.count_events(reader, query, cfg.count_cap, cfg.count_budget, merged=merged)
        # Many matches (or too many to count in time): walking the sort's index finds a page
        # soonest. Few: the filter's own index finds them all at once (flashpoint.store.pages).
        walk = cfg.walk_budget if count is None or count > cfg.walk_threshold else None
        rows = sql.event_page(reader, query, sort=order.column, descending=order.descending,
                              limit=limit + 1, after=after, offset=offset, walk_budget=walk, merged=merged)
        notes = query_notes(reader, query) if count == 0 or query.named else []
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_item(row) for row in rows]
    next_cursor = params.encode_cursor(order, rows[-1].key, rows[-1].rowid) if more and rows else None
    return EventPage(items=items, count=count, count_capped=capped, sort=str(order), limit=limit, view=view,
                     next_cursor=next_cursor, notes=notes)


def _item(row: sql.PageRow) -> dict[str, Any]:
    return {**json.loads(row.record), "merged_id": row.merged_id, "num_mentions": row.num_mentions,
            "num_sources": row.num_sources, "num_articles": row.num_articles, "day": row.day}


def query_notes(reader: Store, query: EventQuery) -> list[str]:
    """What an analyst should know about their filters: the names read as codes, and the codes
    no event of the store has (so "0 events" is not a mystery)."""
    notes = [f"{param.partition(':')[0]}: read “{name}” as {code} ({actor_label(code)})"
             for param, (name, code) in query.named.items()]
    for param, codes in query.codes().items():
        for code in codes:
            if not sql.has_actor(reader, code):
                notes.append(f"{param}: no actor code in this store starts with {code}; type a country code "
                             f"(IND), a code prefix (PAKMIL) or a name (Pakistan)")
    return notes


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event, its article and its mentions")
def event(event_id: str, pool: Pool) -> EventDetail:
    """The event record (with its evidence), the article it was coded from, and the merged event
    it belongs to with every mention (other reports of the same real-world event)."""
    if len(event_id) > 100:
        raise QueryError("event_id", "longer than 100 characters")
    with pool.borrow() as reader:
        found = sql.event_by_id(reader, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        record, doc, merged_id = found
        document = sql.document_by(reader, row_id=doc)
        merged = _merged(reader, merged_id) if merged_id else None
    info = None
    if document:
        info = {key: document[key] for key in ("doc_id", "title", "url", "outlet", "published")}
    event = json.loads(record)
    return EventDetail(event={**event, "merged_id": merged_id, "rule_text": rule_sentence(event.get("rule"))},
                       document=info, merged=merged)


def _merged(reader: Store, merged_id: str) -> dict[str, Any] | None:
    counts = sql.merged_counts(reader, merged_id)
    if counts is None:
        return None
    mentions = []
    for record_json, doc_id, title, url, outlet, published in sql.merged_mentions(reader, merged_id):
        record = json.loads(record_json)
        evidence = record.get("evidence") or {}
        mentions.append({"event_id": record["event_id"], "doc_id": doc_id, "title": title, "url": url,
                         "outlet": outlet, "published": published, "date": record.get("date"),
                         "cameo": record.get("cameo", ""), "trigger": evidence.get("trigger", ""),
                         "sentence": evidence.get("sentence", "")})
    return {"merged_id": merged_id, "num_mentions": counts[0], "num_sources": counts[1], "num_articles": counts[2],
            "date_first": counts[3], "date_last": counts[4], "representative": counts[5], "day": counts[6],
            "mentions": mentions}


@router.get("/documents/{doc_id:path}", response_model=DocumentOut, summary="An article with its marked spans")
def document(doc_id: str, pool: Pool) -> DocumentOut:
    """The stored text and the spans of its actors, triggers, dates, places and evidence
    sentences (character offsets into ``text``), with the events coded from it."""
    if len(doc_id) > MAX_DOC_ID:
        raise QueryError("doc_id", f"longer than {MAX_DOC_ID} characters")
    with pool.borrow() as reader:
        found = sql.document_by(reader, doc_id=doc_id)
        if found is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        records = [json.loads(raw) for raw in sql.document_records(reader, found["id"], MAX_DOCUMENT_EVENTS)]
    records.sort(key=lambda r: ((r.get("evidence") or {}).get("char_start") or 0, r.get("event_id", "")))
    text = found["text"] or ""
    spans = [span.to_dict() for span in document_spans(text, records)]
    fields = {key: value for key, value in found.items() if key != "id"}
    return DocumentOut(**fields, spans=spans, events=records)


@router.get("/dyads", response_model=list[Dyad], summary="Country pairs with the most events")
def dyads(pool: Pool, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
          country: Annotated[str | None, Query(description="only dyads with this country (ISO alpha-3)")] = None
          ) -> list[Dyad]:
    """Undirected country dyads (IND–PAK counts both directions), most events first."""
    wanted = read_country(country, "country")
    with pool.borrow() as reader:
        every = all_dyads(pool, reader)
    if wanted:
        every = [d for d in every if wanted in (d.a, d.b)]
    return every[:limit]


def all_dyads(pool: ReaderPool, reader: Store) -> list[Dyad]:
    """Every country dyad, busiest first (cached until the store changes)."""
    return pool.cached("dyads", reader, _all_dyads)


def _all_dyads(reader: Store) -> list[Dyad]:
    merged: dict[tuple[str, str], list] = {}
    for key, n, conflict, first, last in sql.group_counts(reader):
        source, _, target = key.partition(">")
        if not (_is_country(source) and _is_country(target)) or source == target:
            continue
        pair = tuple(sorted((source, target)))
        entry = merged.setdefault(pair, [0, 0, None, None])
        entry[0] += n
        entry[1] += conflict or 0
        entry[2] = min(filter(None, (entry[2], first)), default=None)
        entry[3] = max(filter(None, (entry[3], last)), default=None)
    rows = [Dyad(a=a, b=b, events=e[0], conflict=e[1], first=e[2], last=e[3]) for (a, b), e in merged.items()]
    return sorted(rows, key=lambda d: (-d.events, d.a, d.b))


def _is_country(key: str) -> bool:
    return len(key) == 3 and key.isalpha() and key.isupper()


@router.get("/map", response_model=MapOut, summary="Where the latest matching events happened")
def event_map(pool: Pool, cfg: Config, query: Filters, view: View = "events",
              places: Annotated[int, Query(ge=1, le=5000, description="at most this many places")] = 2000) -> MapOut:
    """Places of the latest 5,000 located events (or real-world events, ``view=merged``) matching
    the filters, with event counts. A place taken from a report's dateline (where it was filed)
    is not where its event happened, and is left out."""
    key = ("map", repr(query), places, view)
    with pool.borrow() as reader:
        return pool.cached(key, reader, lambda r: _places(r, cfg, query, places, view == "merged"))


def _places(reader: Store, cfg: WebConfig, query, places: int, merged: bool) -> MapOut:
    count, _ = sql.count_events(reader, query, cfg.count_cap, cfg.count_budget, merged=merged)
    walk = cfg.walk_budget if count is None or count > cfg.walk_threshold else None
    rows = sql.located_places(reader, query, MAP_RECENT, places, walk_budget=walk, merged=merged)
    return MapOut(recent=MAP_RECENT, places=[
        Place(lat=r[0], lon=r[1], name=r[2], country=r[3], events=r[4], conflict=r[5] or 0,
              goldstein=round(r[6], 2) if r[6] is not None else None) for r in rows])
