"""Query parameters: the event filters as a FastAPI dependency, page sorts and cursors.

The event filters are :data:`flashpoint.store.query.FILTERS`, read by
:meth:`EventQuery.parse <flashpoint.store.query.EventQuery.parse>` as the CLI reads them: every
value is checked against a tight pattern or range before it reaches SQL (where it is still only
ever a bound parameter), and a bad one is a :class:`~flashpoint.store.query.QueryError`, which the
app answers with a 400 naming the parameter, the value and what is expected, never a 500 or a
silent empty result.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Query
from pydantic import Field, create_model

from flashpoint.analysis.names import countries, resolve
from flashpoint.store.pages import PAGE_SORTS, view
from flashpoint.store.query import FILTERS, EventQuery, QueryError

#: The filters as one query-parameter model (FastAPI documents each in the OpenAPI schema).
EventFilters = create_model("EventFilters", **{
    spec.name.replace("-", "_"): (list[str] | None if spec.repeatable else str | None,
                                  Field(None, alias=spec.name, description=spec.help))
    for spec in FILTERS.values()})


def event_query(values: Annotated[EventFilters, Query()]) -> EventQuery:  # type: ignore[valid-type]
    """The validated :class:`EventQuery` of a request's filters (actor names read as codes:
    ``actor=Pakistan`` is ``PAK``); raises :class:`QueryError`."""
    return EventQuery.parse(values.model_dump(by_alias=True), countries=countries(), names=resolve)  # type: ignore[attr-defined]


#: What a page counts: one row per real-world event (merged: its representative report, its
#: reports counted), or one per report (coded event).
ViewName = Literal["events", "merged"]
VIEW_HELP = ("merged: real-world events (one per merged event, dated by the day its reports give, with "
             "their count); events: reports (one per coded event, by its own date)")


@dataclass(frozen=True, slots=True)
class Sort:
    column: str  # a key of PAGE_SORTS
    descending: bool

    @classmethod
    def parse(cls, value: str, merged: bool = False) -> Sort:
        descending = value.startswith("-")
        column = value.lstrip("-+")
        sorts = view(merged).sorts
        if column not in sorts:
            if column in PAGE_SORTS:
                raise QueryError("sort", f"{column} sorts real-world events only (view=merged)")
            choices = ", ".join(f"{column}, -{column}" for column in sorts)
            raise QueryError("sort", f"{value[:40]!r} is not one of {choices}")
        return cls(column, descending)

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.column


def encode_cursor(sort: Sort, value: object, rowid: int) -> str:
    """An opaque token for "the rows after this one": the sort, its value and the rowid."""
    raw = json.dumps([str(sort), value, rowid], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


#: SQLite's integers are signed 64-bit: a larger one cannot even be bound as a parameter.
INT64 = range(-(2 ** 63), 2 ** 63)


def _is_rowid(value: object) -> bool:
    return type(value) is int and 0 <= value < INT64.stop


def _is_sort_value(value: object) -> bool:
    """A value a page's sort column can hold: none, a date (text) or a number SQLite can bind."""
    if value is None or (isinstance(value, str) and len(value) <= 40):
        return True
    if type(value) is int:
        return value in INT64
    return type(value) is float and math.isfinite(value)


def decode_cursor(token: str, sort: Sort) -> tuple[object, int]:
    """The (value, rowid) of a cursor made for the same sort; raises :class:`QueryError`."""
    bad = QueryError("cursor", "not a cursor from this API (take next_cursor from a page)")
    if len(token) > 400:
        raise bad
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError):
        raise bad from None
    if not (isinstance(data, list) and len(data) == 3 and _is_rowid(data[2]) and _is_sort_value(data[1])):
        raise bad
    if data[0] != str(sort):
        raise QueryError("cursor", f"made for sort={data[0]}, not sort={sort}")
    return data[1], data[2]
