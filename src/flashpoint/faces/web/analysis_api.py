"""Analysis routes: dyad timelines, escalation alerts and the actor network.

Thin: parameters are validated here, the work is :mod:`flashpoint.analysis`'s (the same
functions the CLI and the report use), and its records' ``to_dict()`` is the answer.
"""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from flashpoint.faces.web import params
from flashpoint.faces.web.reader import ReaderPool

router = APIRouter(prefix="/api")


def pool(request: Request) -> ReaderPool:
    return request.app.state.pool


Pool = Annotated[ReaderPool, Depends(pool)]


def _analysis():
    try:
        import flashpoint.analysis as analysis
    except ImportError as error:  # pragma: no cover - the package ships it
        raise HTTPException(503, f"the analysis module is not available ({error})") from None
    return analysis


@router.get("/timeline", summary="A dyad's events per day or week, with its alerts")
def timeline(pool: Pool,
             a: Annotated[str, Query(description="actor code: a country (IND) or a code prefix (USAGOV)")],
             b: Annotated[str, Query(description="the other actor code")],
             interval: Annotated[Literal["day", "week"], Query()] = "day",
             since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
             until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None) -> Response:
    """Merged events of the dyad (both directions) per bucket: quad-class counts, Goldstein sum,
    conflict score and baseline, and the alerts raised in the range."""
    first, second = params.actor(a, "a"), params.actor(b, "b")
    start, end = params.date_range(since, until)
    analysis = _analysis()
    key = ("timeline", first, second, interval, start, end)
    with pool.borrow() as reader:
        return _json(pool.cached(key, reader, lambda r: orjson.dumps(analysis.timeline(
            r.store, first, second, interval=interval, since=start, until=end).to_dict())))


@router.get("/alerts", summary="Escalation alerts of every country dyad")
def alerts(pool: Pool, since: Annotated[str | None, Query(description="alerts on or after (YYYY-MM-DD)")] = None,
           until: Annotated[str | None, Query(description="alerts on or before (YYYY-MM-DD)")] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Response:
    """Days a dyad escalated, newest first, each with why and its weightiest events."""
    start, end = params.date_range(since, until)
    analysis = _analysis()

    def compute(reader) -> bytes:
        found = analysis.alerts(reader.store, since=start, until=end)
        items = sorted((alert.to_dict() for alert in found), key=lambda a: (a["date"], a["dyad"]), reverse=True)
        return orjson.dumps({"since": start.isoformat() if start else None,
                             "until": end.isoformat() if end else None, "count": len(items), "alerts": items[:limit]})

    with pool.borrow() as reader:
        return _json(pool.cached(("alerts", start, end, limit), reader, compute))


@router.get("/network", summary="Who acts on whom: the actor network")
def network(pool: Pool, since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
            until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None) -> Response:
    """Actors (countries, organisations) as nodes; directed edges with cooperation and
    conflict counts and the Goldstein sum of merged events."""
    start, end = params.date_range(since, until)
    analysis = _analysis()
    with pool.borrow() as reader:
        return _json(pool.cached(("network", start, end), reader,
                                 lambda r: orjson.dumps(analysis.network(r.store, since=start, until=end).to_dict())))


def _json(body: bytes) -> Response:
    """Answers are serialised once, with orjson, and cached as bytes: they are large (a timeline
    of two years of days is ~0.5 MB), and FastAPI's generic encoder walks every value in Python."""
    return Response(body, media_type="application/json")
