"""The SQL behind the analysis: aggregation happens in SQLite, Python only assembles the results.

Every analysis counts **merged events** (one per real-world event), so forty reports of one
strike weigh as one strike; ``mentions`` keeps how many reports stood behind them.

A merged event is dated by the **date most of its reports give** (ties: the representative's
date, then the earliest). The representative is the most *confidently coded* mention, which says
nothing about its date: a mis-dated background sentence coded with high confidence would
otherwise move a strike to the wrong day. Single-report events (most of them) skip the vote.

A country pair is answered from the merge groups (``group_key`` ``IND>PAK``, indexed), so a
dyad's timeline reads that dyad's rows only, even in a store of millions of events.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flashpoint.analysis import names
from flashpoint.analysis.models import Counts, EscalationParams, EventSummary
from flashpoint.store.db import errors
from flashpoint.store.query import EventQuery

if TYPE_CHECKING:
    from flashpoint.store import Store

#: Merge groups whose two sides are both known countries ("IND>PAK"; not "IND>-" or "?gunmen>IND").
COUNTRY_PAIR = "m.group_key GLOB '[A-Z][A-Z][A-Z]>[A-Z][A-Z][A-Z]'"
#: The selected merged events with their dates, their representative (e) and its document (d).
DATED_JOIN = ("dated t JOIN merged_events m ON m.merged_id = t.merged_id "
              "JOIN events e ON e.event_id = m.representative")


def prepare(store: Store) -> None:
    """Bring merged events up to date (a no-op when nothing is pending), so an analysis never
    sees a half-merged store. Every public analysis function calls it once, first."""
    store.refresh_merges()


def rows(store: Store, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple]:
    """Run one read query, turning SQLite errors into the store's clear StoreError. The store has
    no public SQL handle; the analysis only reads through its connection."""
    connection: sqlite3.Connection = store._conn  # noqa: SLF001
    with errors(store.path):
        return connection.execute(sql, params).fetchall()


def dated(store: Store, where: str, params: list[Any], since: dt.date | None = None,
          until: dt.date | None = None) -> tuple[str, list[Any]]:
    """A ``WITH`` clause defining ``dated(merged_id, day)``: the merged events whose
    representative (``e``, joined as ``m``) matches ``where``, each with its date (see the module
    docstring), restricted to ``since``..``until``. The representative's date is within the merge
    window of the voted date, which lets the date index narrow the rows before the vote."""
    margin = dt.timedelta(days=max(store.rule.window_days, 0) + 1)
    clauses, extra = [where, "e.date IS NOT NULL"], []
    if since:
        clauses.append("e.date >= ?")
        extra.append((since - margin).isoformat())
    if until:
        clauses.append("e.date <= ?")
        extra.append((until + margin).isoformat())
    bounds, bound_params = [], []
    if since:
        bounds.append("day >= ?")
        bound_params.append(since.isoformat())
    if until:
        bounds.append("day <= ?")
        bound_params.append(until.isoformat())
    sql = f"""WITH picked AS (
        SELECT m.merged_id, m.representative, m.num_mentions, e.date AS rep_day
        FROM merged_events m JOIN events e ON e.event_id = m.representative WHERE {' AND '.join(clauses)}),
    votes AS (
        SELECT p.merged_id, x.date AS day, count(*) AS n, max(x.event_id = p.representative) AS rep
        FROM picked p JOIN merged_mentions mm ON mm.merged_id = p.merged_id JOIN events x ON x.event_id = mm.event_id
        WHERE p.num_mentions > 1 AND x.date IS NOT NULL GROUP BY 1, 2),
    ranked AS (
        SELECT merged_id, day, row_number() OVER (PARTITION BY merged_id ORDER BY n DESC, rep DESC, day) AS r
        FROM votes),
    dated AS (
        SELECT merged_id, day FROM (
            SELECT merged_id, rep_day AS day FROM picked WHERE num_mentions <= 1
            UNION ALL SELECT merged_id, day FROM ranked WHERE r = 1)
        WHERE {' AND '.join(bounds) or '1'}) """
    return sql, params + extra + bound_params


@dataclass(frozen=True, slots=True)
class DyadFilter:
    """Which merged events belong to a dyad, and which direction each one goes.

    Two country codes (``IND``, ``PAK``) use the merge groups ``IND>PAK`` and ``PAK>IND``; any
    other codes (``USAGOV``, ``IGOUNSC``) are prefixes of the representative's actor codes, either
    direction, as ``--dyad`` does for ``flashpoint events``.
    """

    a: str
    b: str

    @classmethod
    def of(cls, a: str, b: str) -> DyadFilter:
        return cls(a.strip().upper(), b.strip().upper())

    @property
    def by_group(self) -> bool:
        return names.is_country(self.a) and names.is_country(self.b)

    @property
    def forward(self) -> str:
        return f"{self.a}>{self.b}"

    @property
    def backward(self) -> str:
        return f"{self.b}>{self.a}"

    def where(self) -> tuple[str, list[Any]]:
        """The condition on the merged event ``m`` and its representative ``e``."""
        if self.by_group:
            return "m.group_key IN (?, ?)", [self.forward, self.backward]
        return EventQuery(dyad=(self.a, self.b)).where("e")

    def direction(self) -> tuple[str, list[Any]]:
        """An SQL expression naming each event's direction: ``A>B`` or ``B>A``."""
        if self.by_group:
            return "m.group_key", []
        return ("CASE WHEN e.source_code >= ? AND e.source_code < ? THEN ? ELSE ? END",
                [self.a, self.a + "\uffff", self.forward, self.backward])


def _force(params: EscalationParams) -> tuple[str, list[Any]]:
    """An SQL expression: 1 when the event is the use of force (EscalationParams.is_force)."""
    roots = ", ".join("?" * len(params.force_roots))
    if not params.not_force:
        return f"(e.cameo_root IN ({roots}))", list(params.force_roots)
    excluded = " OR ".join("substr(e.cameo, 1, ?) = ?" for _ in params.not_force)
    excluded_params = [value for code in params.not_force for value in (len(code), code)]
    return f"(e.cameo_root IN ({roots}) AND NOT ({excluded}))", list(params.force_roots) + excluded_params


_SUMS = """count(*), sum(m.num_mentions), sum(e.goldstein),
           sum(CASE WHEN e.goldstein < 0 THEN -e.goldstein ELSE 0 END),
           sum(CASE WHEN e.goldstein > 0 THEN e.goldstein ELSE 0 END)"""


def counts_row(n: int, mentions: int, gsum: float, negative: float, positive: float, force: bool,
               quad: int | None = None, plover: str | None = None) -> Counts:
    """One aggregated row as :class:`Counts` (the conflict magnitude goes to ``force`` for force)."""
    counts = Counts(events=n, mentions=mentions or 0, goldstein_sum=gsum or 0.0, cooperation=positive or 0.0)
    if force:
        counts.force = negative or 0.0
    else:
        counts.conflict = negative or 0.0
    if quad is not None:
        counts.quad[quad] = n
    if plover:
        counts.plover[plover] = n
    return counts


def dyad_days(store: Store, dyad: DyadFilter, since: dt.date | None, until: dt.date | None,
              params: EscalationParams) -> Iterator[tuple[dt.date, str, Counts]]:
    """(day, direction, counts) for each day and direction of the dyad, one query."""
    where, where_params = dyad.where()
    with_sql, with_params = dated(store, where, where_params, since, until)
    direction, direction_params = dyad.direction()
    force, force_params = _force(params)
    sql = (f"{with_sql} SELECT t.day, {direction}, e.quad_class, e.plover_type, {force}, {_SUMS} "
           f"FROM {DATED_JOIN} GROUP BY 1, 2, 3, 4, 5")
    for day, key, quad, plover, is_force, *sums in rows(store, sql, with_params + direction_params + force_params):
        yield dt.date.fromisoformat(day), key, counts_row(*sums, force=bool(is_force), quad=quad, plover=plover)


def undated(store: Store, dyad: DyadFilter) -> int:
    """Merged events of the dyad with no dated report (they fall in no bucket)."""
    where, params = dyad.where()
    return rows(store, "SELECT count(*) FROM merged_events m JOIN events e ON e.event_id = m.representative "
                       f"WHERE {where} AND e.date IS NULL", params)[0][0]


def pair_days(store: Store, since: dt.date | None, until: dt.date | None,
              params: EscalationParams) -> Iterator[tuple[str, dt.date, Counts]]:
    """(merge group, day, counts) for every country-pair group: the daily series of all dyads."""
    with_sql, with_params = dated(store, COUNTRY_PAIR, [], since, until)
    force, force_params = _force(params)
    sql = f"{with_sql} SELECT m.group_key, t.day, {force}, {_SUMS} FROM {DATED_JOIN} GROUP BY 1, 2, 3"
    for group, day, is_force, *sums in rows(store, sql, with_params + force_params):
        yield group, dt.date.fromisoformat(day), counts_row(*sums, force=bool(is_force))


def first_material(store: Store, dyad: DyadFilter | None,
                   params: EscalationParams) -> Iterator[tuple[str, str, bool, dt.date]]:
    """(merge group, CAMEO root, is force, first day) of material conflict (quad class 4), for one
    dyad or every country pair: when a dyad first came to material conflict, and to each root of
    force."""
    if dyad is None:
        where, where_params = COUNTRY_PAIR, []
        key, key_params = "m.group_key", []
    else:
        where, where_params = dyad.where()
        key, key_params = dyad.direction()
    with_sql, with_params = dated(store, f"{where} AND e.quad_class = 4", where_params)
    force, force_params = _force(params)
    sql = f"{with_sql} SELECT {key}, e.cameo_root, {force}, min(t.day) FROM {DATED_JOIN} GROUP BY 1, 2, 3"
    for group, root, is_force, day in rows(store, sql, with_params + key_params + force_params):
        yield group, root, bool(is_force), dt.date.fromisoformat(day)


_SUMMARY = ("SELECT m.merged_id, t.day, e.record, m.num_mentions, m.num_sources, m.num_articles, d.url "
            f"FROM {DATED_JOIN} JOIN documents d ON d.id = e.doc")


def day_events(store: Store, dyad: DyadFilter, day: dt.date, params: EscalationParams) -> list[EventSummary]:
    """The dyad's merged events of one day, most weighty for the conflict score first."""
    where, where_params = dyad.where()
    with_sql, with_params = dated(store, where, where_params, day, day)
    found = rows(store, f"{with_sql} {_SUMMARY}", with_params)
    return sorted((summary(row, params) for row in found), key=lambda event: (-event.score, event.merged_id))


def top_events(store: Store, dyad: DyadFilter | None, since: dt.date | None, until: dt.date | None,
               limit: int, params: EscalationParams) -> list[EventSummary]:
    """The most reported merged events (then the most extreme Goldstein), with their evidence."""
    where, where_params = dyad.where() if dyad else ("1", [])
    with_sql, with_params = dated(store, where, where_params, since, until)
    sql = f"{with_sql} {_SUMMARY} ORDER BY m.num_articles DESC, abs(e.goldstein) DESC, t.day, m.merged_id LIMIT ?"
    return [summary(row, params) for row in rows(store, sql, with_params + [limit])]


def contribution(goldstein: float, cameo: str, params: EscalationParams) -> float:
    """What one event adds to its day's conflict score."""
    if goldstein < 0:
        weight = params.force_weight if params.is_force(cameo) else 1.0
        return -goldstein * weight
    return -params.cooperation_weight * goldstein


def summary(row: tuple, params: EscalationParams) -> EventSummary:
    merged_id, day, raw, num_mentions, num_sources, num_articles, url = row
    record = json.loads(raw)
    evidence = record.get("evidence") or {}
    sentence = evidence.get("sentence") or ""
    start, end = _trigger_offsets(evidence, sentence)
    source, target = record.get("source") or {}, record.get("target") or {}
    return EventSummary(
        merged_id=merged_id,
        date=dt.date.fromisoformat(day) if day else None,
        source=source.get("code"), target=target.get("code"),
        source_text=source.get("text"), target_text=target.get("text"),
        cameo=record["cameo"], cameo_name=record.get("cameo_name", ""),
        quad_class=record.get("quad_class") or 0, goldstein=record.get("goldstein") or 0.0,
        plover_type=(record.get("plover") or {}).get("type"),
        num_mentions=num_mentions, num_sources=num_sources, num_articles=num_articles,
        score=contribution(record.get("goldstein") or 0.0, record["cameo"], params),
        sentence=sentence, trigger=evidence.get("trigger") or "",
        trigger_start=start, trigger_end=end,
        doc_id=record.get("doc_id", ""), url=url,
    )


def _trigger_offsets(evidence: dict[str, Any], sentence: str) -> tuple[int, int]:
    """The trigger's span inside the sentence (evidence offsets are into the document)."""
    span = evidence.get("trigger_span") or ()
    base = evidence.get("char_start")
    if len(span) == 2 and base is not None:
        start, end = span[0] - base, span[1] - base
        if 0 <= start < end <= len(sentence):
            return start, end
    trigger = evidence.get("trigger") or ""
    found = sentence.find(trigger) if trigger else -1
    return (found, found + len(trigger)) if found >= 0 else (-1, -1)
