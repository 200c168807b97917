"""Filters over stored events, as SQL on the indexed columns.

Actor and CAMEO filters are prefixes, so ``PAK`` matches ``PAKGOV`` and ``PAKMIL`` and CAMEO
``19`` matches every code under root 19; they are written as ranges (``col >= 'PAK' AND col <
'PAK\\uffff'``) so SQLite answers them from the indexes.
"""

from __future__ import annotations

import datetime as dt
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
