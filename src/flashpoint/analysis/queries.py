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
DATED_JOIN = "dated m JOIN events e ON e.event_id = m.representative"


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
          until: dt.date | None = None, days: list[dt.date] | None = None,
          vote: bool = True, most_reported: int | None = None) -> tuple[str, list[Any]]:
    """A ``WITH`` clause defining ``dated``: the merged events ``m`` matching ``where`` (which
    may name the representative ``e``), with their ``merged_id``, ``group_key``,
    ``representative``, counts and ``day`` (see the module docstring), restricted to
    ``since``..``until`` or to ``days``. Join it as :data:`DATED_JOIN`.

    The merged event's first and last mention dates bound its voted date, so the range is
    applied to ``merged_events`` before any event is read, and only events whose reports disagree
    on the date (``date_first <> date_last``) need the vote. Without ``vote`` (store-wide
    summaries, where a day more or less changes nothing) the day is the first report's.
    ``most_reported`` keeps only that many merged events, those with the most articles."""
    clauses, extra = [where, "m.date_first IS NOT NULL"], []
    if days:
        since, until = min(days), max(days)
    if since:
        clauses.append("m.date_last >= ?")
        extra.append(since.isoformat())
    if until:
        clauses.append("m.date_first <= ?")
        extra.append(until.isoformat())
    bounds, bound_params = [], []
    if days:
        bounds.append(f"day IN ({', '.join('?' * len(days))})")
        bound_params.extend(day.isoformat() for day in days)
    else:
        if since:
            bounds.append("day >= ?")
            bound_params.append(since.isoformat())
        if until:
            bounds.append("day <= ?")
            bound_params.append(until.isoformat())
    join = "JOIN events e ON e.event_id = m.representative" if "e." in where else ""
    columns = "merged_id, group_key, representative, num_mentions, num_sources, num_articles"
    selected = ", ".join("m." + column for column in columns.split(", "))
    if not vote:
        first_day = [clause.replace("m.date_last >=", "m.date_first >=") for clause in clauses]
        return (f"WITH dated AS (SELECT {selected}, m.date_first AS day FROM merged_events m {join} "
                f"WHERE {' AND '.join(first_day)}) ", params + extra)
    top = ""
    if most_reported:
        top = " ORDER BY m.num_articles DESC, m.merged_id LIMIT ?"
        extra.append(most_reported)
    sql = f"""WITH picked AS (
        SELECT {selected}, m.date_first, m.date_last
        FROM merged_events m {join} WHERE {' AND '.join(clauses)}{top}),
    votes AS (
        SELECT {', '.join('p.' + c for c in columns.split(', '))}, x.date AS day, count(*) AS n,
               max(x.event_id = p.representative) AS rep
        FROM picked p JOIN merged_mentions mm ON mm.merged_id = p.merged_id JOIN events x ON x.event_id = mm.event_id
        WHERE p.date_first <> p.date_last AND x.date IS NOT NULL GROUP BY p.merged_id, x.date),
    ranked AS (
        SELECT {columns}, day, row_number() OVER (PARTITION BY merged_id ORDER BY n DESC, rep DESC, day) AS r
        FROM votes),
    dated AS (
        SELECT * FROM (
            SELECT {columns}, date_first AS day FROM picked WHERE date_first = date_last
            UNION ALL SELECT {columns}, day FROM ranked WHERE r = 1)
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


def _force_root(params: EscalationParams) -> tuple[str, list[Any]]:
    """An SQL expression: the event's CAMEO root when it is the use of force
    (EscalationParams.is_force), else ''."""
    roots = ", ".join("?" * len(params.force_roots))
    condition, condition_params = f"e.cameo_root IN ({roots})", list(params.force_roots)
    if params.not_force:
        excluded = " OR ".join("substr(e.cameo, 1, ?) = ?" for _ in params.not_force)
        condition += f" AND NOT ({excluded})"
        condition_params += [value for code in params.not_force for value in (len(code), code)]
    return f"(CASE WHEN {condition} THEN e.cameo_root ELSE '' END)", condition_params


_SUMS = """count(*), sum(m.num_mentions), sum(e.goldstein),
           sum(CASE WHEN e.goldstein < 0 THEN -e.goldstein ELSE 0 END),
           sum(CASE WHEN e.goldstein > 0 THEN e.goldstein ELSE 0 END)"""


def counts_row(n: int, mentions: int, gsum: float, negative: float, positive: float, force_root: str,
               quad: int | None = None, plover: str | None = None) -> Counts:
    """One aggregated row as :class:`Counts` (the conflict magnitude goes to ``force`` for force)."""
    counts = Counts(events=n, mentions=mentions or 0, goldstein_sum=gsum or 0.0, cooperation=positive or 0.0)
    if force_root:
        counts.force = negative or 0.0
        counts.force_roots.add(force_root)
    else:
        counts.conflict = negative or 0.0
    if quad in counts.quad:
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
    force, force_params = _force_root(params)
    sql = (f"{with_sql} SELECT m.day, {direction}, e.quad_class, e.plover_type, {force}, {_SUMS} "
           f"FROM {DATED_JOIN} GROUP BY 1, 2, 3, 4, 5")
    for day, key, quad, plover, root, *sums in rows(store, sql, with_params + direction_params + force_params):
        yield dt.date.fromisoformat(day), key, counts_row(*sums, force_root=root, quad=quad, plover=plover)


def undated(store: Store, dyad: DyadFilter) -> int:
    """Merged events of the dyad with no dated report (they fall in no bucket)."""
    where, params = dyad.where()
    join = "JOIN events e ON e.event_id = m.representative" if "e." in where else ""
    return rows(store, f"SELECT count(*) FROM merged_events m {join} WHERE {where} AND m.date_first IS NULL",
                params)[0][0]


def pair_days(store: Store, since: dt.date | None, until: dt.date | None,
              params: EscalationParams) -> Iterator[tuple[str, dt.date, Counts]]:
    """(merge group, day, counts) for every country-pair group: the daily series of all dyads."""
    with_sql, with_params = dated(store, COUNTRY_PAIR, [], since, until)
    force, force_params = _force_root(params)
    sql = (f"{with_sql} SELECT m.group_key, m.day, {force}, {_SUMS}, sum(e.quad_class = 4) FROM {DATED_JOIN} "
           f"GROUP BY 1, 2, 3")
    for group, day, root, *sums, material in rows(store, sql, with_params + force_params):
        counts = counts_row(*sums, force_root=root)
        counts.quad[4] = material
        yield group, dt.date.fromisoformat(day), counts


def seen_before(store: Store, groups: list[str], before: dt.date, root: str | None,
                params: EscalationParams) -> bool:
    """Whether any report puts material conflict (``root`` None) or force of CAMEO ``root``
    between these merge groups before ``before``: the history older than a series that starts
    later than the store. Reads the (group, date, quad class) index, and the table only for
    those earlier material-conflict events."""
    marks = ", ".join("?" * len(groups))
    sql = f"SELECT 1 FROM events e WHERE e.group_key IN ({marks}) AND e.date < ? AND e.quad_class = 4"
    query_params: list[Any] = [*groups, before.isoformat()]
    if root is not None:
        force, force_params = _force_root(params)
        sql += f" AND {force} = ?"
        query_params += force_params + [root]
    return bool(rows(store, sql + " LIMIT 1", query_params))


_SUMMARY = ("SELECT m.merged_id, m.day, e.record, m.num_mentions, m.num_sources, m.num_articles, d.url "
            f"FROM {DATED_JOIN} JOIN documents d ON d.id = e.doc")


def day_events(store: Store, dyad: DyadFilter, days: list[dt.date],
               params: EscalationParams) -> dict[dt.date, list[EventSummary]]:
    """The dyad's merged events on each of ``days`` (one query), most weighty for the conflict
    score first."""
    if not days:
        return {}
    where, where_params = dyad.where()
    with_sql, with_params = dated(store, where, where_params, days=sorted(set(days)))
    found: dict[dt.date, list[EventSummary]] = {}
    for row in rows(store, f"{with_sql} {_SUMMARY}", with_params):
        event = summary(row, params)
        found.setdefault(event.date, []).append(event)  # type: ignore[arg-type]
    for events in found.values():
        events.sort(key=lambda event: (-event.score, event.merged_id))
    return found


def top_events(store: Store, dyad: DyadFilter | None, since: dt.date | None, until: dt.date | None,
               limit: int, params: EscalationParams) -> list[EventSummary]:
    """The most reported merged events (then the most extreme Goldstein), with their evidence."""
    where, where_params = dyad.where() if dyad else ("1", [])
    with_sql, with_params = dated(store, where, where_params, since, until, most_reported=4 * limit)
    sql = f"{with_sql} {_SUMMARY} ORDER BY m.num_articles DESC, abs(e.goldstein) DESC, m.day, m.merged_id LIMIT ?"
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
