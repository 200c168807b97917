"""Query parameters: validated, then turned into an :class:`~flashpoint.store.EventQuery`.

Every value a client sends is checked against a tight pattern or range before it reaches SQL
(where it is still only ever a bound parameter), and a bad one is a 400 naming the parameter,
the value and what is expected — never a 500 or a silent empty result.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Annotated

from fastapi import Query

from flashpoint.datafiles import data_path
from flashpoint.errors import FlashpointError
from flashpoint.store import EventQuery
from flashpoint.store.pages import PAGE_SORTS

ACTOR = re.compile(r"^[A-Za-z0-9\-]{1,15}$")  # a code prefix: USA, PAKMIL, ---, IGOUNO
COUNTRY = re.compile(r"^[A-Za-z]{3}$")
CAMEO = re.compile(r"^\d{1,4}$")
ROOT = re.compile(r"^\d{1,2}$")
PLOVER = re.compile(r"^[A-Za-z_]{1,32}$")
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_TEXT = 200
MAX_DOC_ID = 500


class BadParameter(FlashpointError, ValueError):
    """A client error in one parameter; the API answers 400 with this message."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def actor(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not ACTOR.match(value):
        raise BadParameter(name, f"{value[:40]!r} is not an actor code (letters, digits or '-', at most 15)")
    return value.upper()


def date(value: str | None, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None
    if not EARLIEST <= day <= LATEST:
        raise BadParameter(name, f"{value} is outside {EARLIEST}..{LATEST}")
    return day


def _match(value: str | None, pattern: re.Pattern[str], name: str, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not pattern.match(value):
        raise BadParameter(name, f"{value[:40]!r} is not {what}")
    return value


def date_range(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    first, last = date(since, "since"), date(until, "until")
    if first and last and first > last:
        raise BadParameter("since", f"{first} is after until={last}")
    return first, last


def dyad(value: str | None) -> tuple[str, str] | None:
    if value is None or value == "":
        return None
    parts = value.replace(",", ":").split(":")
    if len(parts) != 2 or not all(parts):
        raise BadParameter("dyad", f"{value[:40]!r} is not two actor codes A:B (e.g. IND:PAK)")
    return actor(parts[0], "dyad"), actor(parts[1], "dyad")  # type: ignore[return-value]


@cache
def countries() -> frozenset[str]:
    """The ISO alpha-3 codes of the actor knowledge base (read from its file, without building
    the coder's knowledge base)."""
    codes = set()
    for line in data_path("actors", "countries.tsv").read_text(encoding="utf-8").splitlines():
        code = line.split("\t", 1)[0].strip()
        if len(code) == 3 and code.isalpha() and code.isupper():
            codes.add(code)
    return frozenset(codes)


@dataclass(slots=True)
class WebQuery(EventQuery):
    """An :class:`EventQuery` whose dyad of two *countries* is read from the merge groups.

    ``dyad=IND:PAK`` then means the events between India and Pakistan by country, as the dyad
    timeline counts them (merge groups ``IND>PAK`` and ``PAK>IND``), and the dyad index answers
    it: a dyad of 100,000 events pages in milliseconds instead of testing both code prefixes of
    every candidate row. Other dyads (``INDMIL:PAK``) keep the prefix rule of ``flashpoint events``.
    """

    groups: tuple[str, ...] = ()

    def where(self, alias: str = "e") -> tuple[str, list[object]]:
        # One article: through its row id, which events are indexed by (its doc_id is not).
        doc_id, self.doc_id = self.doc_id, None
        try:
            sql, params = EventQuery.where(self, alias)
        finally:
            self.doc_id = doc_id
        clauses, first = [], []
        if self.groups:
            clauses.append(f"{alias}.group_key IN ({', '.join('?' * len(self.groups))})")
            first.extend(self.groups)
        if doc_id:
            clauses.append(f"{alias}.doc IN (SELECT id FROM documents WHERE doc_id = ?)")
            first.append(doc_id)
        if sql != "1":
            clauses.append(sql)
        return " AND ".join(clauses) or "1", [*first, *params]


@dataclass(slots=True)
class EventFilters:
    """The filters of ``flashpoint events``, as query parameters (FastAPI fills this class)."""

    dyad: Annotated[str | None, Query(description="Two actor code prefixes A:B, either direction (IND:PAK)")] = None
    actor: Annotated[str | None, Query(description="Source or target actor code prefix (PAKMIL, USA)")] = None
    source: Annotated[str | None, Query(description="Source actor code prefix")] = None
    target: Annotated[str | None, Query(description="Target actor code prefix")] = None
    country: Annotated[str | None, Query(description="Source or target country, ISO alpha-3")] = None
    cameo: Annotated[str | None, Query(description="CAMEO code prefix: 19, 042, 0874")] = None
    root: Annotated[str | None, Query(description="CAMEO root, two digits")] = None
    quad: Annotated[list[int] | None, Query(description="Quad class 1-4 (repeatable)")] = None
    plover: Annotated[str | None, Query(description="PLOVER event type (ASSAULT)")] = None
    since: Annotated[str | None, Query(description="Events on or after this date (YYYY-MM-DD)")] = None
    until: Annotated[str | None, Query(description="Events on or before this date (YYYY-MM-DD)")] = None
    text: Annotated[str | None, Query(description="Words in the evidence sentence; scans every sentence, "
                                                  "so slow on a large store without other filters")] = None
    doc: Annotated[str | None, Query(description="Events of one document id")] = None

    def query(self, limit: int | None = None) -> WebQuery:
        """The validated :class:`EventQuery`; raises :class:`BadParameter`."""
        since, until = date_range(self.since, self.until)
        quads = tuple(self.quad or ())
        if len(quads) > 4:
            raise BadParameter("quad", f"{len(quads)} values; give each quad class (1-4) at most once")
        for quad in quads:
            if quad not in (1, 2, 3, 4):
                raise BadParameter("quad", f"{quad} is not a quad class (1-4)")
        if self.text is not None and len(self.text) > MAX_TEXT:
            raise BadParameter("text", f"longer than {MAX_TEXT} characters")
        if self.doc is not None and len(self.doc) > MAX_DOC_ID:
            raise BadParameter("doc", f"longer than {MAX_DOC_ID} characters")
        country = _match(self.country, COUNTRY, "country", "an ISO alpha-3 country code (IND)")
        plover = _match(self.plover, PLOVER, "plover", "a PLOVER event type (ASSAULT)")
        pair = dyad(self.dyad)
        groups: tuple[str, ...] = ()
        if pair and all(side in countries() for side in pair) and pair[0] != pair[1]:
            groups, pair = (f"{pair[0]}>{pair[1]}", f"{pair[1]}>{pair[0]}"), None
        return WebQuery(
            groups=groups, dyad=pair, actor=actor(self.actor, "actor"), source=actor(self.source, "source"),
            target=actor(self.target, "target"), country=country.upper() if country else None,
            cameo=_match(self.cameo, CAMEO, "cameo", "a CAMEO code prefix (1-4 digits)"),
            root=_match(self.root, ROOT, "root", "a CAMEO root (1-2 digits)"),
            quad_class=quads, plover=plover.upper() if plover else None, since=since, until=until,
            text=self.text or None, doc_id=self.doc or None, limit=limit,
        )


@dataclass(frozen=True, slots=True)
class Sort:
    column: str  # a key of PAGE_SORTS
    descending: bool

    @classmethod
    def parse(cls, value: str) -> Sort:
        descending = value.startswith("-")
        column = value.lstrip("-+")
        if column not in PAGE_SORTS:
            choices = ", ".join(f"{column}, -{column}" for column in PAGE_SORTS)
            raise BadParameter("sort", f"{value[:40]!r} is not one of {choices}")
        return cls(column, descending)

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.column


def encode_cursor(sort: Sort, value: object, rowid: int) -> str:
    """An opaque token for "the rows after this one": the sort, its value and the rowid."""
    raw = json.dumps([str(sort), value, rowid], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, sort: Sort) -> tuple[object, int]:
    """The (value, rowid) of a cursor made for the same sort; raises :class:`BadParameter`."""
    bad = BadParameter("cursor", "not a cursor from this API (take next_cursor from a page)")
    if len(token) > 400:
        raise bad
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError):
        raise bad from None
    if not (isinstance(data, list) and len(data) == 3 and isinstance(data[2], int)
            and (data[1] is None or isinstance(data[1], (str, int, float)))):
        raise bad
    if data[0] != str(sort):
        raise BadParameter("cursor", f"made for sort={data[0]}, not sort={sort}")
    return data[1], data[2]
