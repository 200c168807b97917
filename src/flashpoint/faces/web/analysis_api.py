"""Analysis routes: dyad timelines, escalation alerts and the actor network.

Thin: parameters are validated here, the work is :mod:`flashpoint.analysis`'s (the same
functions the CLI and the report use), and its records' ``to_dict()`` is the answer. Importing
the analysis here, before any store is opened, also registers the alerts merging keeps, so a
store the server upgrades on start gets its alerts.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response

from flashpoint import analysis
from flashpoint.faces.web.reader import ReaderPool
from flashpoint.store import Store
from flashpoint.store.query import read_actor, read_span

router = APIRouter(prefix="/api")
ALERTS_LIMIT = 200


def pool(request: Request) -> ReaderPool:
    return request.app.state.pool


Pool = Annotated[ReaderPool, Depends(pool)]


def timeline_json(pool: ReaderPool, reader: Store, a: str, b: str, interval: str = "day",
                  since: dt.date | None = None, until: dt.date | None = None) -> bytes:
    """The timeline answer, from the cache when the store has not changed since it was made."""
    return pool.cached(("timeline", a, b, interval, since, until), reader, lambda r: orjson.dumps(
        analysis.timeline(r, a, b, interval=interval, since=since, until=until).to_dict()))


def alerts_json(pool: ReaderPool, reader: Store, since: dt.date | None = None, until: dt.date | None = None,
                limit: int = ALERTS_LIMIT) -> bytes:
    """The alerts answer (newest first), from the cache when the store has not changed."""

    def compute(r: Store) -> bytes:
        count, newest = analysis.newest_alerts(r, since=since, until=until, limit=limit)
        return orjson.dumps({"since": since.isoformat() if since else None,
                             "until": until.isoformat() if until else None,
                             "count": count, "alerts": [alert.to_dict() for alert in newest]})

    return pool.cached(("alerts", since, until, limit), reader, compute)


@router.get("/timeline", summary="A dyad's events per day or week, with its alerts")
def timeline(pool: Pool,
             a: Annotated[str, Query(description="actor code: a country (IND) or a code prefix (USAGOV)")],
             b: Annotated[str, Query(description="the other actor code")],
             interval: Annotated[Literal["day", "week"], Query()] = "day",
             since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
             until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None) -> Response:
    """Merged events of the dyad (both directions) per bucket: quad-class counts, Goldstein sum,
    conflict score and baseline, and the alerts raised in the range (``flashpoint.analysis.timeline``)."""
    first, second = read_actor(a, "a"), read_actor(b, "b")
    start, end = read_span(since, until)
    with pool.borrow() as reader:
        return _json(timeline_json(pool, reader, first, second, interval, start, end))


@router.get("/alerts", summary="Escalation alerts of every country dyad")
def alerts(pool: Pool, since: Annotated[str | None, Query(description="alerts on or after (YYYY-MM-DD)")] = None,
           until: Annotated[str | None, Query(description="alerts on or before (YYYY-MM-DD)")] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = ALERTS_LIMIT) -> Response:
    """Days a dyad escalated, newest first, each with why and its weightiest events
    (``flashpoint.analysis.alerts``)."""
    start, end = read_span(since, until)
    with pool.borrow() as reader:
        return _json(alerts_json(pool, reader, start, end, limit))


@router.get("/network", summary="Who acts on whom: the actor network")
def network(pool: Pool, since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
            until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None) -> Response:
    """Actors (countries, organisations) as nodes; directed edges with cooperation and
    conflict counts and the Goldstein sum of merged events (``flashpoint.analysis.network``)."""
    start, end = read_span(since, until)
    with pool.borrow() as reader:
        return _json(pool.cached(("network", start, end), reader,
                                 lambda r: orjson.dumps(analysis.network(r, since=start, until=end).to_dict())))


def _json(body: bytes) -> Response:
    """Answers are serialised once, with orjson, and cached as bytes: they are large (a timeline
    of two years of days is ~0.5 MB), and FastAPI's generic encoder walks every value in Python."""
    return Response(body, media_type="application/json")
