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
from flashpoint.analysis.names import actor_label, is_country, resolve
from flashpoint.faces.web.reader import ReaderPool
from flashpoint.store import Store
from flashpoint.store import pages as sql
from flashpoint.store.query import QueryError, read_actor, read_dyad, read_span

router = APIRouter(prefix="/api")
ALERTS_LIMIT = 200


def pool(request: Request) -> ReaderPool:
    return request.app.state.pool


Pool = Annotated[ReaderPool, Depends(pool)]


def timeline_json(pool: ReaderPool, reader: Store, a: str, b: str, interval: str = "day",
                  since: dt.date | None = None, until: dt.date | None = None, reports: bool = False) -> bytes:
    """The timeline answer, from the cache when the store has not changed since it was made;
    with ``reports``, each bucket also counts the dyad's reports by their own dates."""

    def compute(r: Store) -> bytes:
        series = analysis.timeline(r, a, b, interval=interval, since=since, until=until)
        answer = series.to_dict()
        if reports:
            for bucket, counts in zip(answer["buckets"], analysis.reports_per_bucket(r, series), strict=True):
                bucket["reports"] = counts
        return orjson.dumps(answer)

    return pool.cached(("timeline", a, b, interval, since, until, reports), reader, compute)


def alerts_json(pool: ReaderPool, reader: Store, since: dt.date | None = None, until: dt.date | None = None,
                limit: int = ALERTS_LIMIT, dyad: tuple[str, str] | None = None, kinds: tuple[str, ...] = ()) -> bytes:
    """The alerts answer (newest first), from the cache when the store has not changed."""

    def compute(r: Store) -> bytes:
        count, newest = analysis.newest_alerts(r, since=since, until=until, limit=limit, dyad=dyad, kinds=kinds)
        return orjson.dumps({"since": since.isoformat() if since else None,
                             "until": until.isoformat() if until else None,
                             "count": count, "alerts": [alert.to_dict() for alert in newest]})

    return pool.cached(("alerts", since, until, limit, dyad, kinds), reader, compute)


def _actor(value: str, name: str, named: dict[str, list[str]]) -> str:
    """An actor code, or the code of an actor's name ("India" -> IND), noted in ``named``."""
    code = resolve(value.strip())
    if code:
        named[name] = [value.strip(), code]
        return code
    return read_actor(value, name)  # type: ignore[return-value]


@router.get("/timeline", summary="A dyad's events per day or week, with its alerts")
def timeline(pool: Pool,
             a: Annotated[str, Query(description="actor code (IND, USAGOV: a prefix) or name (India)")],
             b: Annotated[str, Query(description="the other actor code or name")],
             interval: Annotated[Literal["day", "week"], Query()] = "day",
             since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
             until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
             count: Annotated[Literal["merged", "reports"], Query(
                 description="reports: each bucket also counts the dyad's reports by their own dates")] = "merged",
             ) -> Response:
    """Merged events of the dyad (both directions) per bucket: quad-class counts, Goldstein sum,
    conflict score and baseline, and the alerts raised in the range (``flashpoint.analysis.timeline``).
    ``named`` says which names were read as codes; ``notes`` which codes no event has."""
    named: dict[str, list[str]] = {}
    first, second = _actor(a, "a", named), _actor(b, "b", named)
    start, end = read_span(since, until)
    with pool.borrow() as reader:
        body = timeline_json(pool, reader, first, second, interval, start, end, count == "reports")
        notes = [f"{side}: no actor code in this store starts with {code}" for side, code in (("a", first),
                 ("b", second)) if not sql.has_actor(reader, code)]
    if not named and not notes:
        return _json(body)
    answer = orjson.loads(body)
    answer["named"] = {side: [name, code, actor_label(code)] for side, (name, code) in named.items()}
    answer["notes"] = notes
    return _json(orjson.dumps(answer))


@router.get("/alerts", summary="Escalation alerts of every country dyad")
def alerts(pool: Pool, since: Annotated[str | None, Query(description="alerts on or after (YYYY-MM-DD)")] = None,
           until: Annotated[str | None, Query(description="alerts on or before (YYYY-MM-DD)")] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = ALERTS_LIMIT,
           dyad: Annotated[str | None, Query(description="only this pair of countries, A:B (IND:PAK or India:Pakistan)")]
           = None,
           kind: Annotated[list[Literal["escalation", "first_material_conflict", "new_force_root"]] | None, Query(
               description="only alerts of these kinds (repeatable)")] = None) -> Response:
    """Days a dyad escalated, newest first, each with why and its weightiest events
    (``flashpoint.analysis.alerts``); of one dyad, of some kinds, when asked."""
    start, end = read_span(since, until)
    pair = _pair(dyad) if dyad else None
    with pool.borrow() as reader:
        return _json(alerts_json(pool, reader, start, end, limit, pair, tuple(sorted(set(kind or ())))))


def _pair(value: str) -> tuple[str, str]:
    named: dict[str, list[str]] = {}
    sides = value.replace(",", ":").split(":")
    if len(sides) != 2:
        read_dyad(value, "dyad")  # raises, naming the parameter
    a, b = (_actor(side, "dyad", named) for side in sides)
    if not (is_country(a) and is_country(b)) or a == b:
        raise QueryError("dyad", f"{value[:40]!r}: alerts are of two different countries (IND:PAK)")
    return a, b


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
