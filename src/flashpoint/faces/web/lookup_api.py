"""Routes that help an analyst ask: actor suggestions as they type, the code glossary, and the
export of what they are looking at.

Thin like the others: the names are :mod:`flashpoint.analysis.names`, the codes the ontology's,
the export formats those of :data:`flashpoint.formats.FORMATS` (the files ``flashpoint export``
writes), the filters :class:`~flashpoint.store.query.EventQuery`.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from functools import cache
from typing import IO, Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from flashpoint.analysis import names
from flashpoint.faces.web.config import WebConfig
from flashpoint.faces.web.params import VIEW_HELP, ViewName, event_query
from flashpoint.faces.web.reader import ReaderPool
from flashpoint.ontology import QUAD_NAMES, ontology
from flashpoint.store import pages as sql
from flashpoint.store.query import ACTOR, EventQuery
from flashpoint.store.reads import QueryTimeout

router = APIRouter(prefix="/api")
#: The file formats of an export, per view: flashpoint.formats names.
EXPORT_FORMATS = {("events", "csv"): "csv", ("events", "json"): "jsonl",
                  ("merged", "csv"): "merged-csv", ("merged", "json"): "merged-jsonl"}
SPOOL_BYTES = 8 * 1024 * 1024


def pool(request: Request) -> ReaderPool:
    return request.app.state.pool


def config(request: Request) -> WebConfig:
    return request.app.state.config


Pool = Annotated[ReaderPool, Depends(pool)]
Config = Annotated[WebConfig, Depends(config)]


@router.get("/actors", summary="Actor codes and names starting with what was typed")
def actors(pool: Pool, q: Annotated[str, Query(min_length=1, max_length=60, description="a name or code prefix")],
           limit: Annotated[int, Query(ge=1, le=30)] = 10) -> list[dict[str, Any]]:
    """Suggestions for an actor box: codes of the store starting with ``q`` (with their events),
    then names the knowledge base knows starting with it ("paki" -> PAK Pakistan)."""
    found: dict[str, dict[str, Any]] = {}
    if ACTOR.match(q):
        with pool.borrow() as reader:
            try:
                codes = sql.actor_codes(reader, q, limit, budget=0.3)
            except QueryTimeout:
                codes = []
        for code, events in codes:
            found[code] = {"code": code, "label": names.actor_label(code), "name": None, "events": events}
    for code, name in names.suggest(q, limit):
        found.setdefault(code, {"code": code, "label": names.actor_label(code), "name": name, "events": None})
    return list(found.values())[:limit]


@router.get("/glossary", summary="What the codes mean: actors, sectors, CAMEO, quad classes, PLOVER")
def glossary() -> Response:
    """Names for every code the dashboard shows: countries and organisations, sector blocks
    (``GOV``: government), CAMEO codes with their Goldstein weight, quad class and PLOVER type,
    the quad classes, and the PLOVER types with the CAMEO roots filed under each."""
    return Response(_glossary(), media_type="application/json", headers={"Cache-Control": "max-age=3600"})


@cache
def _glossary() -> bytes:
    codes = sorted(ontology().codes.values(), key=lambda code: code.code)
    plover: dict[str, list[str]] = {}
    for code in codes:
        if code.plover_type and len(code.code) == 2:
            plover.setdefault(code.plover_type, []).append(code.code)
    return orjson.dumps({
        "quad": {str(number): name for number, name in QUAD_NAMES.items()},
        "sectors": names.SECTORS,
        "countries": names.countries(),
        "organisations": names.organisations(),
        "cameo": [{"code": c.code, "name": c.name, "root": c.root, "goldstein": c.goldstein,
                   "quad_class": c.quad_class, "plover": c.plover_type} for c in codes],
        "plover": {name: sorted(roots) for name, roots in sorted(plover.items())},
    })


@router.get("/export", summary="Download the events matching the filters (CSV or JSON Lines)")
def export(pool: Pool, cfg: Config, query: Annotated[EventQuery, Depends(event_query)],
           view: Annotated[ViewName, Query(description=VIEW_HELP)] = "merged",
           format: Annotated[Literal["csv", "json"], Query(description="csv, or json (JSON Lines)")] = "csv",
           ) -> StreamingResponse:
    """Every event (``view=events``) or real-world event (``view=merged``) matching the filters —
    what the dashboard's table lists, all pages of it, in date order — as a file in the format
    ``flashpoint export`` writes (csv / jsonl; merged-csv / merged-jsonl), at most the server's
    export_limit rows (the ``X-Flashpoint-Capped`` header says when more matched)."""
    name = EXPORT_FORMATS[(view, format)]
    query.limit = cfg.export_limit
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with pool.borrow() as reader:
        _, capped = sql.count_events(reader, query, cfg.export_limit, budget=cfg.count_budget * 10,
                                     merged=view == "merged")
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        rows = reader.export(name, text, query)
        text.flush()
        text.detach()
    spool.seek(0)
    suffix = "csv" if format == "csv" else "jsonl"
    filename = f"flashpoint-{'real-world-events' if view == 'merged' else 'reports'}-{dt.date.today()}.{suffix}"
    return StreamingResponse(_chunks(spool), media_type="text/csv" if format == "csv" else "application/x-ndjson",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                      "X-Flashpoint-Rows": str(rows), "X-Flashpoint-Capped": str(capped).lower()})


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(65_536):
            yield chunk
    finally:
        spool.close()
