"""Which events to return: the event filters, declared once.

Every filter is one field of :class:`EventQuery`, declared with its parameter name, its help, how
a text value is read and checked, and its SQL. The CLI (``flashpoint events|export``: one
``--option`` each) and the HTTP API (``/api/events``, ``/api/map``: one query parameter each) are
built from :data:`FILTERS` and read values with :meth:`EventQuery.parse`, so adding a filter is
adding one field here (docs/architecture.md has a worked example).

Actor and CAMEO filters are prefixes, so ``PAK`` matches ``PAKGOV`` and ``PAKMIL`` and CAMEO
``19`` matches every code under root 19; they are written as ranges (``col >= 'PAK' AND col <
'PAK\\uffff'``) so SQLite answers them from the indexes.

The same query selects **merged events** (real-world events) too: :meth:`EventQuery.where` with
``merged=True`` is its condition on ``merged_events``, which carries its representative's codes,
so a merged event matches by the representative's actors and code and by its own date (the day
its reports vote for, as the analysis dates it); words and an article match when any of its
reports has them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flashpoint.errors import FlashpointError

_TOP = "\uffff"
ACTOR = re.compile(r"[A-Za-z0-9\-]{1,15}\Z")  # a code prefix: USA, PAKMIL, ---, IGOUNO
COUNTRY = re.compile(r"[A-Za-z]{3}\Z")
CAMEO = re.compile(r"\d{1,4}\Z")
ROOT = re.compile(r"\d{1,2}\Z")
PLOVER = re.compile(r"[A-Za-z_]{1,32}\Z")
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_TEXT = 200
MAX_DOC_ID = 500


class QueryError(FlashpointError, ValueError):
    """A filter or parameter value that cannot be read. ``name`` is the parameter: the CLI
    reports ``--name``, the HTTP API answers 400 naming it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


# -- reading one text value (None and "" read as None: no filter) -----------------------------

def read_actor(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if not ACTOR.match(value):
        raise QueryError(name, f"{value[:40]!r} is not an actor code (letters, digits or '-', at most 15)")
    return value.upper()


def read_date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(name, f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None
    if not EARLIEST <= day <= LATEST:
        raise QueryError(name, f"{value} is outside {EARLIEST}..{LATEST}")
    return day


def read_span(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """Two dates, ``since`` on or before ``until``."""
    first, last = read_date(since, "since"), read_date(until, "until")
    if first and last and first > last:
        raise QueryError("since", f"{first} is after until={last}")
    return first, last


def read_country(value: str | None, name: str) -> str | None:
    return _matching(value, name, COUNTRY, "an ISO alpha-3 country code (IND)", upper=True)


def _matching(value: str | None, name: str, pattern: re.Pattern[str], what: str, upper: bool = False) -> str | None:
    if not value:
        return None
    if not pattern.match(value):
        raise QueryError(name, f"{value[:40]!r} is not {what}")
    return value.upper() if upper else value


def read_dyad(value: str, name: str) -> tuple[str, str]:
    parts = value.replace(",", ":").split(":")
    if len(parts) != 2 or not all(parts):
        raise QueryError(name, f"{value[:40]!r} is not two actor codes A:B (e.g. IND:PAK)")
    return read_actor(parts[0], name), read_actor(parts[1], name)  # type: ignore[return-value]


def _read_quads(values: Sequence[str | int], name: str) -> tuple[int, ...]:
    if len(values) > 4:
        raise QueryError(name, f"{len(values)} values; give each quad class (1-4) at most once")
    for value in values:
        if str(value) not in ("1", "2", "3", "4"):
            raise QueryError(name, f"{str(value)[:40]!r} is not a quad class (1-4)")
    return tuple(int(value) for value in values)


def read_confidence(value: str | float | None, name: str) -> float | None:
    """A calibrated confidence, 0 to 1 (the chance an event is right: docs/evaluation.md)."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise QueryError(name, f"{str(value)[:40]!r} is not a number from 0 to 1") from None
    if not 0.0 <= number <= 1.0:
        raise QueryError(name, f"{number} is outside 0..1")
    return number


def _read_length(limit: int) -> Callable[[str, str], str]:
    def read(value: str, name: str) -> str:
        if len(value) > limit:
            raise QueryError(name, f"longer than {limit} characters")
        return value
    return read


# -- each filter's SQL: (value, table alias, parameters to extend) -> condition -----------------

def _prefix(alias: str, column: str, value: str, params: list[object]) -> str:
    params.extend([value, value + _TOP])
    return f"({alias}.{column} >= ? AND {alias}.{column} < ?)"


def _dyad_sql(dyad: tuple[str, str], alias: str, params: list[object]) -> str:
    a, b = (side.upper() for side in dyad)
    first = f"({_prefix(alias, 'source_code', a, params)} AND {_prefix(alias, 'target_code', b, params)})"
    second = f"({_prefix(alias, 'source_code', b, params)} AND {_prefix(alias, 'target_code', a, params)})"
    return f"({first} OR {second})"


def _actor_sql(code: str, alias: str, params: list[object]) -> str:
    code = code.upper()
    return f"({_prefix(alias, 'source_code', code, params)} OR {_prefix(alias, 'target_code', code, params)})"


def _code_sql(column: str) -> Callable[[str, str, list[object]], str]:
    return lambda code, alias, params: _prefix(alias, column, code.upper(), params)


def _country_sql(country: str, alias: str, params: list[object]) -> str:
    # A code starts with its country, so the code indexes find the candidates.
    country = country.upper()
    source = _prefix(alias, "source_code", country, params)
    params.append(country)
    target = _prefix(alias, "target_code", country, params)
    params.append(country)
    return f"(({source} AND {alias}.source_country = ?) OR ({target} AND {alias}.target_country = ?))"


def _equal_sql(column: str, value_of: Callable[[Any], object]) -> Callable[[Any, str, list[object]], str]:
    def sql(value: Any, alias: str, params: list[object]) -> str:
        params.append(value_of(value))
        return f"{alias}.{column} = ?"
    return sql


def _quad_sql(quads: tuple[int, ...], alias: str, params: list[object]) -> str:
    params.extend(quads)
    return f"{alias}.quad_class IN ({','.join('?' * len(quads))})"


def _date_sql(operator: str, column: str = "date") -> Callable[[dt.date, str, list[object]], str]:
    def sql(day: dt.date, alias: str, params: list[object]) -> str:
        params.append(day.isoformat())
        return f"{alias}.{column} {operator} ?"
    return sql


def _text_sql(text: str, alias: str, params: list[object]) -> str:
    params.append("%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    return f"json_extract({alias}.record, '$.evidence.sentence') LIKE ? ESCAPE '\\'"


def _confidence_sql(least: float, alias: str, params: list[object]) -> str:
    params.append(least)
    return f"{alias}.confidence >= ?"


def _doc_sql(doc_id: str, alias: str, params: list[object]) -> str:
    # Through the document's row id, which events are indexed by (their doc_id is not).
    params.append(doc_id)
    return f"{alias}.doc IN (SELECT id FROM documents WHERE doc_id = ?)"


def _in_a_report(event_sql: Callable[[Any, str, list[object]], str]) -> Callable[[Any, str, list[object]], str]:
    """A merged event's condition: one of its reports (mentions) meets ``event_sql``."""
    def sql(value: Any, alias: str, params: list[object]) -> str:
        condition = event_sql(value, "x", params)
        return (f"EXISTS (SELECT 1 FROM merged_mentions mm JOIN events x ON x.event_id = mm.event_id "
                f"WHERE mm.merged_id = {alias}.merged_id AND {condition})")
    return sql


@dataclass(frozen=True, slots=True)
class Filter:
    """One event filter: its parameter (``--name`` on the CLI, ``?name=`` in the HTTP API), what
    it means, how a text value is read (raising :class:`QueryError`) and its SQL condition.
    A ``repeatable`` filter reads a sequence of values (``--quad 3 --quad 4``)."""

    name: str
    help: str
    read: Callable[[Any, str], Any]
    sql: Callable[[Any, str, list[object]], str]
    repeatable: bool = False
    #: Its condition on ``merged_events`` when that differs (``sql`` on its columns otherwise).
    merged_sql: Callable[[Any, str, list[object]], str] | None = None
    #: Whether its values are actor codes (``names`` may give them by name: "Pakistan").
    actors: bool = False


def _filter(name: str, help: str, read: Callable[[Any, str], Any], sql: Callable[[Any, str, list[object]], str],
            repeatable: bool = False, merged_sql: Callable[[Any, str, list[object]], str] | None = None,
            actors: bool = False) -> Any:
    """An :class:`EventQuery` field that is a filter (empty by default: no filter)."""
    return dataclasses.field(default=() if repeatable else None,
                             metadata={"filter": Filter(name, help, read, sql, repeatable, merged_sql, actors)})


@dataclass(slots=True)
class EventQuery:
    """Which events to return. Empty fields do not filter; all given fields must hold."""

    dyad: tuple[str, str] | None = _filter(
        "dyad", "Two actor code prefixes A:B, either direction (IND:PAK, USAGOV:IND); from the CLI and the "
        "HTTP API two countries mean the events between them by their actors' countries, as the dyad "
        "timeline counts them.", read_dyad, _dyad_sql, actors=True)
    actor: str | None = _filter("actor", "Source or target actor code prefix (PAKMIL, USA).", read_actor, _actor_sql,
                                actors=True)
    source: str | None = _filter("source", "Source actor code prefix.", read_actor, _code_sql("source_code"),
                                 actors=True)
    target: str | None = _filter("target", "Target actor code prefix.", read_actor, _code_sql("target_code"),
                                 actors=True)
    country: str | None = _filter("country", "Source or target country (ISO alpha-3).", read_country, _country_sql,
                                  actors=True)
    cameo: str | None = _filter(
        "cameo", "CAMEO code prefix: 19 (a root), 042, 0874.",
        lambda value, name: _matching(value, name, CAMEO, "a CAMEO code prefix (1-4 digits)"),
        lambda code, alias, params: _prefix(alias, "cameo", code, params))
    root: str | None = _filter(
        "root", "CAMEO root (two digits).", lambda value, name: _matching(value, name, ROOT, "a CAMEO root (1-2 digits)"),
        _equal_sql("cameo_root", lambda root: root.zfill(2)))
    quad_class: tuple[int, ...] = _filter(
        "quad", "Quad class 1-4 (repeatable): 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
        "4 material conflict.", _read_quads, _quad_sql, repeatable=True)
    plover: str | None = _filter(
        "plover", "PLOVER event type (ASSAULT).",
        lambda value, name: _matching(value, name, PLOVER, "a PLOVER event type (ASSAULT)", upper=True),
        _equal_sql("plover_type", str.upper))
    since: dt.date | None = _filter(  # noqa: RUF009 - a dataclasses.field, as for every filter
        "since", "Events on or after this date (YYYY-MM-DD).", read_date, _date_sql(">="),
        merged_sql=_date_sql(">=", "day"))
    until: dt.date | None = _filter(  # noqa: RUF009
        "until", "Events on or before this date (YYYY-MM-DD).", read_date, _date_sql("<="),
        merged_sql=_date_sql("<=", "day"))
    text: str | None = _filter(
        "text", "Words in the evidence sentence (case-insensitive); scans every sentence, so slow on a large "
        "store without other filters.", _read_length(MAX_TEXT), _text_sql, merged_sql=_in_a_report(_text_sql))
    doc_id: str | None = _filter("doc", "Events of one document id.", _read_length(MAX_DOC_ID), _doc_sql,
                                 merged_sql=_in_a_report(_doc_sql))
    min_confidence: float | None = _filter(
        "min-confidence", "Events at least this likely to be right (calibrated confidence, 0-1; docs/evaluation.md); "
        "a real-world event when one of its reports is.", read_confidence, _confidence_sql,
        merged_sql=_in_a_report(_confidence_sql))
    #: Merge groups (directed dyads by country, ``IND>PAK``): how :meth:`parse` reads a dyad of two
    #: countries, answered from the dyad index.
    groups: tuple[str, ...] = ()
    limit: int | None = None
    #: Names read as codes by :meth:`parse` (``{"actor": ("Pakistan", "PAK")}``), so a face can say so.
    named: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    @classmethod
    def parse(cls, values: Mapping[str, Any], *, countries: Collection[str] = (),
              names: Callable[[str], str | None] | None = None, limit: int | None = None) -> EventQuery:
        """The query of text values by filter name (CLI options, URL parameters); missing, None and
        empty values do not filter. Raises :class:`QueryError` naming the first bad value.

        A dyad of two of ``countries`` (the faces pass the actor knowledge base's) means the
        events between those countries by their actors' countries: the merge groups ``A>B`` and
        ``B>A``, exactly the events the dyad timeline counts, read from the dyad index.
        ``names`` (the faces pass :func:`flashpoint.analysis.names.resolve`) reads actor names
        as codes: "Pakistan" is ``PAK``, "UN Security Council" ``IGOUNSC``.
        """
        found: dict[str, Any] = {}
        named: dict[str, tuple[str, str]] = {}
        for name, spec in FILTERS.items():
            value = values.get(spec.name, values.get(spec.name.replace("-", "_")))
            if value is None or value == "" or (spec.repeatable and not value):
                continue  # no filter
            if spec.repeatable and isinstance(value, str | int):
                value = (value,)
            if spec.actors and names is not None:
                value = _named(value, spec.name, names, named)
            found[name] = spec.read(value, spec.name)
        query = cls(**found, limit=limit, named=named)
        if query.since and query.until and query.since > query.until:
            raise QueryError("since", f"{query.since} is after until={query.until}")
        pair = query.dyad
        if pair and pair[0] != pair[1] and pair[0] in countries and pair[1] in countries:
            query.groups, query.dyad = (f"{pair[0]}>{pair[1]}", f"{pair[1]}>{pair[0]}"), None
        return query

    def where(self, alias: str = "e", merged: bool = False) -> tuple[str, list[object]]:
        """The SQL condition (``1`` when nothing filters) and its parameters, on the events table
        (``alias``), or with ``merged`` on ``merged_events``."""
        clauses: list[str] = []
        params: list[object] = []
        if self.groups:
            clauses.append(f"{alias}.group_key IN ({', '.join('?' * len(self.groups))})")
            params.extend(self.groups)
        for name, spec in FILTERS.items():
            value = getattr(self, name)
            if _given(value):
                sql = spec.merged_sql if merged and spec.merged_sql else spec.sql
                clauses.append(sql(value, alias, params))
        return (" AND ".join(clauses) or "1"), params

    def codes(self) -> dict[str, list[str]]:
        """The actor codes it filters by, per parameter (a dyad of countries read as merge groups
        included), so a face can tell which of them no event has."""
        found: dict[str, list[str]] = {}
        for name, spec in FILTERS.items():
            value = getattr(self, name)
            if spec.actors and _given(value):
                found[spec.name] = list(value) if isinstance(value, tuple) else [value]
        if self.groups:
            found["dyad"] = self.groups[0].split(">")
        return found

    def limit_sql(self) -> str:
        return f" LIMIT {int(self.limit)}" if self.limit else ""


def _named(value: str, param: str, names: Callable[[str], str | None],
           named: dict[str, tuple[str, str]]) -> str:
    """``value`` with each side (both of a dyad ``A:B``) that is an actor's name replaced by its
    code; what was replaced is noted in ``named``."""
    sides = value.replace(",", ":").split(":") if param == "dyad" else [value]
    codes = []
    for side in sides:
        code = names(side.strip()) if side.strip() else None
        if code:
            named[param if len(sides) == 1 else f"{param}:{len(codes) + 1}"] = (side.strip(), code)
        codes.append(code or side)
    return ":".join(codes)


def _given(value: object) -> bool:
    """Whether a filter's value filters: not None, and not empty (a number, even 0, is given)."""
    return value is not None and (isinstance(value, int | float) or bool(value))


#: The event filters by :class:`EventQuery` field, in declaration order.
FILTERS: dict[str, Filter] = {field.name: field.metadata["filter"] for field in dataclasses.fields(EventQuery)
                              if "filter" in field.metadata}
