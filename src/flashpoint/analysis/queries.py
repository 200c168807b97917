"""The SQL behind the analysis: aggregation happens in SQLite, Python only assembles the results.

Every analysis counts **merged events** (one per real-world event), so forty reports of one
strike weigh as one strike; ``mentions`` keeps how many reports stood behind them.

A merged event is dated by the **date most of its reports give** (ties: the representative's
date, then the earliest). The representative is the most *confidently coded* mention, which says
nothing about its date: a mis-dated background sentence coded with high confidence would
otherwise move a strike to the wrong day.

Merging writes that date and the representative's actors and code into ``merged_events``, and
each merge group's daily sums into ``merged_days`` (store schema migration 5), so nothing here
re-reads mentions or JSON records but the few events an alert or a top list shows:

- a country pair (``IND``, ``PAK``) is the merge groups ``IND>PAK`` and ``PAK>IND``, one
  ``merged_days.dyad_key`` (``IND>PAK``): its timeline is one range of at most two rows a day;
- alerts, the dyad list and the network sum ``merged_days`` (a row per group and day), in
  SQLite: store-wide alerts receive one conflict score per dyad and day;
- actor-code prefixes (``INDMIL``, ``IGOUNSC``) select merged events by their representative's
  codes (index ``merged_codes``), and escalation parameters whose use of force differs from the
  one ``merged_days`` was summed with (:func:`summed_force`) sum merged events: both slower, both
  the same numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flashpoint.analysis import names
from flashpoint.analysis.escalation import FirstDays
from flashpoint.analysis.models import Counts, EscalationParams, EventSummary
from flashpoint.store.merging import FORCE_ROOTS, NOT_FORCE, REPORT_WEIGHT_SQL, day_sums, dyad_key, report_weight
from flashpoint.store.query import EventQuery

if TYPE_CHECKING:
    from flashpoint.store import Store

def country_pair(column: str) -> str:
    """SQL: the merge group or dyad key in ``column`` is two different known countries ("IND>PAK";
    not "IND>-", "?gunmen>IND", nor "IND>IND": events inside one country belong to no country
    pair, as in the network; their actors' codes still make dyads, "NGAGOV" and "NGAREB")."""
    return f"({column} GLOB '[A-Z][A-Z][A-Z]>[A-Z][A-Z][A-Z]' AND substr({column}, 1, 3) <> substr({column}, 5, 3))"


#: Most (pair, day) rows per query when looking up the events of many alerts at once.
_CHUNK = 2_000
_ALL = 1 << 62


def prepare(store: Store) -> None:
    """Bring merged events up to date (a no-op when nothing is pending), so an analysis never
    sees a half-merged store. Every public analysis function calls it once, first."""
    store.refresh_merges()


def rows(store: Store, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple]:
    """Run one read-only query (:meth:`Store.query`): every query of the analysis goes through
    here, so a test can record their plans."""
    return store.query(sql, params)


def summed_force(params: EscalationParams) -> bool:
    """Whether ``merged_days`` split force from other conflict as ``params`` do (the default)."""
    return set(params.force_roots) == set(FORCE_ROOTS) and set(params.not_force) == set(NOT_FORCE)


def day_range(since: dt.date | None, until: dt.date | None, column: str = "day") -> tuple[str, list[Any]]:
    """The condition ``since <= column <= until`` (``1`` when open), for ISO date columns."""
    clauses, params = [], []
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since.isoformat())
    if until:
        clauses.append(f"{column} <= ?")
        params.append(until.isoformat())
    return " AND ".join(clauses) or "1", params


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

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys([self.forward, self.backward]))

    @property
    def key(self) -> str:
        """The dyad's ``merged_days.dyad_key``: its two countries in alphabetical order."""
        return dyad_key(self.forward)

    def where(self) -> tuple[str, list[Any]]:
        """The condition on the merged event ``m`` (its denormalised representative's codes)."""
        if self.by_group:
            return f"m.group_key IN ({', '.join('?' * len(self.groups))})", self.groups
        return EventQuery(dyad=(self.a, self.b)).where("m")


def _force_root(params: EscalationParams) -> tuple[str, list[Any]]:
    """An SQL expression: the merged event's CAMEO root when it is the use of force
    (EscalationParams.is_force), else ''."""
    roots = ", ".join("?" * len(params.force_roots))
    condition, condition_params = f"m.cameo_root IN ({roots})", list(params.force_roots)
    if params.not_force:
        excluded = " OR ".join("substr(m.cameo, 1, ?) = ?" for _ in params.not_force)
        condition += f" AND NOT ({excluded})"
        condition_params += [value for code in params.not_force for value in (len(code), code)]
    return f"(CASE WHEN {condition} THEN m.cameo_root ELSE '' END)", condition_params


_DAY_COLUMNS = ("events, mentions, quad1, quad2, quad3, quad4, goldstein, conflict, force, cooperation, "
                "force_roots, plover")


def day_counts(events: int, mentions: int, q1: int, q2: int, q3: int, q4: int, goldstein: float, conflict: float,
               force: float, cooperation: float, force_roots: str, plover: str | dict[str, int]) -> Counts:
    """One ``merged_days`` row (or the same sums over merged events) as :class:`Counts`."""
    return Counts(events=events, mentions=int(mentions), quad={1: q1, 2: q2, 3: q3, 4: q4},
                  plover=json.loads(plover) if isinstance(plover, str) else plover,
                  goldstein_sum=goldstein, conflict=conflict, force=force, cooperation=cooperation,
                  force_roots=set(force_roots.split(",")) if force_roots else set())


def dyad_days(store: Store, dyad: DyadFilter, since: dt.date | None, until: dt.date | None,
              params: EscalationParams, computed: Computed | None = None) -> Iterator[tuple[dt.date, str, Counts]]:
    """(day, direction, counts) for each day and direction of the dyad: a country pair's daily
    sums (one index range of ``merged_days``), else its merged events summed (``computed``, when
    the caller has them)."""
    if computed is None and dyad.by_group and summed_force(params):
        span, span_params = day_range(since, until, "m.day")
        sql = (f"SELECT m.day, m.group_key, {_DAY_COLUMNS} FROM merged_days m WHERE m.dyad_key = ? AND {span} "
               f"ORDER BY m.day")
        for day, key, *values in rows(store, sql, [dyad.key, *span_params]):
            yield dt.date.fromisoformat(day), key, day_counts(*values)
        return
    yield from (computed or Computed(store, dyad)).days(since, until, params)


def undated(store: Store, dyad: DyadFilter) -> int:
    """Merged events of the dyad with no dated report (they fall in no bucket)."""
    where, params = dyad.where()
    return rows(store, f"SELECT count(*) FROM merged_events m WHERE {where} AND m.day IS NULL", params)[0][0]


class Computed:
    """One dyad's merged events, read once, for what the stored sums do not answer: dyads of
    actor-code prefixes (``INDMIL``, ``IGOUNSC``: one read of ``merged_events``, as no index
    serves code prefixes) and parameters whose use of force differs from the one ``merged_days``
    was summed with. Summed by the code merging sums with (:func:`merging.day_sums`)."""

    def __init__(self, store: Store, dyad: DyadFilter) -> None:
        where, params = dyad.where()
        self.dyad = dyad
        self.rows = rows(store, "SELECT m.merged_id, m.day, m.group_key, m.source_code, m.cameo, m.cameo_root, "
                                f"m.quad_class, m.goldstein, m.plover_type, m.num_mentions, m.num_sources FROM merged_events m "
                                f"WHERE {where}", params)

    def _direction(self, group: str, source_code: str | None) -> str:
        if self.dyad.by_group:
            return group
        a = self.dyad.a
        return self.dyad.forward if source_code is not None and a <= source_code < a + "\uffff" else self.dyad.backward

    def days(self, since: dt.date | None, until: dt.date | None,
             params: EscalationParams) -> Iterator[tuple[dt.date, str, Counts]]:
        low, high = since.isoformat() if since else None, until.isoformat() if until else None
        grouped: dict[tuple[str, str], list[tuple]] = {}
        for _id, day, group, source_code, cameo, root, quad, goldstein, plover, mentions, sources in self.rows:
            if day is None or (low and day < low) or (high and day > high):
                continue
            grouped.setdefault((day, self._direction(group, source_code)), []).append(
                (mentions, quad, goldstein, _force(params, root, cameo), plover, sources))
        for (day, key), events in sorted(grouped.items()):
            yield dt.date.fromisoformat(day), key, day_counts(*day_sums(events))

    def undated(self) -> int:
        return sum(1 for row in self.rows if row[1] is None)

    def first_days(self, params: EscalationParams) -> FirstDays:
        first = FirstDays()
        for _id, day, _group, _source, cameo, root, quad, _g, _plover, _mentions, _sources in sorted(
                self.rows, key=lambda row: row[1] or "~"):
            if day is None:
                break
            if quad == 4 and first.conflict is None:
                first.conflict = dt.date.fromisoformat(day)
            force = _force(params, root, cameo)
            if force and force not in first.force:
                first.force[force] = dt.date.fromisoformat(day)
        return first

    def weightiest(self, days: Iterable[dt.date], params: EscalationParams, limit: int | None) -> list[str]:
        """The merged ids of the events that raised the score of each of ``days``, most weighty
        first, at most ``limit`` a day."""
        wanted = {day.isoformat() for day in days}
        scored: dict[str, list[tuple[float, str]]] = {}
        for merged_id, day, _group, _source, cameo, _root, _quad, goldstein, _plover, _mentions, sources in self.rows:
            if day in wanted:
                score = contribution(goldstein or 0.0, cameo, params, sources)
                if score > 0:
                    scored.setdefault(day, []).append((-score, merged_id))
        return [merged_id for found in scored.values() for _score, merged_id in sorted(found)[:limit or None]]


def _force(params: EscalationParams, root: str | None, cameo: str | None) -> str:
    """The CAMEO root of a merged event of force (:meth:`EscalationParams.is_force` by its root),
    else ''; as the SQL of :func:`_force_root`."""
    if root in params.force_roots and not (cameo or "").startswith(tuple(params.not_force)):
        return root  # type: ignore[return-value]
    return ""


def pair_scores(store: Store, since: dt.date | None, until: dt.date | None,
                params: EscalationParams) -> list[tuple[str, str, float]]:
    """(dyad key, day, conflict score) of every country pair (both directions) and day with
    events, by dyad and day: the daily series of all dyads. SQLite sums the directions and
    weighs the score (:meth:`EscalationParams.score`, the same arithmetic)."""
    span, span_params = day_range(since, until, "day")
    weights = [params.force_weight, params.cooperation_weight]
    if summed_force(params):
        sql = ("SELECT dyad_key, day, total(conflict) + ? * total(force) - ? * total(cooperation) "
               f"FROM merged_days WHERE {country_pair('dyad_key')} AND {span} "
               "GROUP BY dyad_key, day ORDER BY dyad_key, day")
        return rows(store, sql, weights + span_params)
    force, force_params = _force_root(params)
    key = ("CASE WHEN substr(m.group_key, 1, 3) <= substr(m.group_key, 5, 3) THEN m.group_key "
           "ELSE substr(m.group_key, 5, 3) || '>' || substr(m.group_key, 1, 3) END")
    sql = (f"SELECT key, day, total(CASE WHEN goldstein < 0 AND root = '' THEN -goldstein * w ELSE 0 END) "
           f"+ ? * total(CASE WHEN goldstein < 0 AND root <> '' THEN -goldstein * w ELSE 0 END) "
           f"- ? * total(CASE WHEN goldstein > 0 THEN goldstein * w ELSE 0 END) FROM ("
           f"SELECT {key} AS key, m.day AS day, m.goldstein AS goldstein, {force} AS root, "
           f"{REPORT_WEIGHT_SQL.format(sources='m.num_sources')} AS w FROM merged_events m "
           f"WHERE {country_pair('m.group_key')} AND m.day IS NOT NULL AND {span}) GROUP BY key, day ORDER BY key, day")
    return rows(store, sql, weights + force_params + span_params)


def alerts_stored(store: Store, params: EscalationParams) -> bool:
    """Whether the store keeps the alerts these parameters give (``merged_alerts``: the default
    parameters, as merging computed them)."""
    found = rows(store, "SELECT value FROM meta WHERE key = 'alert_params'")
    return bool(found) and found[0][0] == params.fingerprint()


def _alert_filter(since: dt.date | None, until: dt.date | None, key: str | None,
                  kinds: Iterable[str] = ()) -> tuple[str, list[Any]]:
    """The condition on ``merged_alerts``: days, one dyad, any of some kinds."""
    span, params = day_range(since, until)
    if key is not None:
        span += " AND dyad_key = ?"
        params.append(key)
    kinds = list(kinds)
    if kinds:
        span += " AND (" + " OR ".join("instr(',' || kinds || ',', ?) > 0" for _ in kinds) + ")"
        params.extend(f",{kind}," for kind in kinds)
    return span, params


def stored_alerts(store: Store, since: dt.date | None, until: dt.date | None, key: str | None = None,
                  newest: int | None = None, kinds: Iterable[str] = ()) -> list[tuple[str, str, float, float, str, str]]:
    """(dyad key, day, score, baseline, kinds, roots) of the stored alerts from ``since`` to
    ``until`` (of one dyad; of any of ``kinds``), by day and dyad; ``newest``: only that many,
    newest first."""
    span, params = _alert_filter(since, until, key, kinds)
    order = " ORDER BY day DESC, dyad_key DESC LIMIT ?" if newest is not None else " ORDER BY day, dyad_key"
    sql = f"SELECT dyad_key, day, score, baseline, kinds, roots FROM merged_alerts WHERE {span}{order}"
    return rows(store, sql, params + ([newest] if newest is not None else []))


def count_stored_alerts(store: Store, since: dt.date | None, until: dt.date | None, key: str | None = None,
                        kinds: Iterable[str] = ()) -> int:
    span, params = _alert_filter(since, until, key, kinds)
    return rows(store, f"SELECT count(*) FROM merged_alerts WHERE {span}", params)[0][0]


def _first_columns(params: EscalationParams, quad: str, root: str) -> tuple[str, list[Any]]:
    """min(day) of material conflict and of each root of force (``params.force_roots``)."""
    columns = [f"min(CASE WHEN {quad} THEN day END)"]
    columns += [f"min(CASE WHEN {root} THEN day END)" for _ in params.force_roots]
    return ", ".join(columns), list(params.force_roots)


def _first(values: Iterable[str | None], params: EscalationParams) -> FirstDays:
    conflict, *roots = values
    first = FirstDays(conflict=dt.date.fromisoformat(conflict) if conflict else None)
    for root, day in zip(params.force_roots, roots, strict=True):
        if day:
            first.force[root] = dt.date.fromisoformat(day)
    return first


def first_days(store: Store, dyad: DyadFilter, params: EscalationParams) -> FirstDays:
    """The dyad's first days on record (the whole store) of material conflict and of each root
    of force, by merged events and their dates."""
    if dyad.by_group and summed_force(params):
        columns, column_params = _first_columns(params, "quad4 > 0", "instr(',' || force_roots || ',', ?) > 0")
        column_params = [f",{root}," for root in column_params]
        sql = f"SELECT {columns} FROM merged_days WHERE dyad_key = ?"
        return _first(rows(store, sql, column_params + [dyad.key])[0], params)
    return Computed(store, dyad).first_days(params)


def pair_first_days(store: Store, params: EscalationParams) -> dict[str, FirstDays]:
    """:func:`first_days` of every country pair (by dyad key), one query over merged events."""
    force, force_params = _force_root(params)
    columns, column_params = _first_columns(params, "quad_class = 4", "root = ?")
    sql = (f"SELECT group_key, {columns} FROM (SELECT m.group_key AS group_key, m.day AS day, "
           f"m.quad_class AS quad_class, {force} AS root FROM merged_events m "
           f"WHERE {country_pair('m.group_key')} AND m.day IS NOT NULL) GROUP BY group_key")
    found: dict[str, FirstDays] = {}
    for group, *values in rows(store, sql, column_params + force_params):
        first = _first(values, params)
        both = found.setdefault(dyad_key(group), FirstDays())
        if first.conflict:
            both.conflict = min(first.conflict, both.conflict or first.conflict)
        for root, day in first.force.items():
            both.force[root] = min(day, both.force.get(root, day))
    return found


def _score_sql(params: EscalationParams) -> tuple[str, list[Any]]:
    """An SQL expression: what the merged event ``m`` adds to its day's conflict score
    (:func:`contribution`, the same arithmetic)."""
    roots = ", ".join("?" * len(params.force_roots))
    force, force_params = f"substr(m.cameo, 1, 2) IN ({roots})", list(params.force_roots)
    if params.not_force:
        force += " AND NOT (" + " OR ".join("substr(m.cameo, 1, ?) = ?" for _ in params.not_force) + ")"
        force_params += [value for code in params.not_force for value in (len(code), code)]
    weight = REPORT_WEIGHT_SQL.format(sources="m.num_sources")
    sql = (f"(CASE WHEN m.goldstein < 0 THEN -m.goldstein * (CASE WHEN {force} THEN ? ELSE 1.0 END) "
           f"ELSE -? * m.goldstein END) * {weight}")
    return sql, [*force_params, params.force_weight, params.cooperation_weight]


_SUMMARY = ("SELECT t.merged_id, t.day, e.record, t.num_mentions, t.num_sources, t.num_articles, d.url, d.outlet, "
            "d.title{extra} "
            "FROM ({picked}) t JOIN events e ON e.event_id = t.representative JOIN documents d ON d.id = e.doc")


def day_events(store: Store, dyad: DyadFilter, days: list[dt.date], params: EscalationParams,
               limit: int | None = None, computed: Computed | None = None) -> dict[dt.date, list[EventSummary]]:
    """The dyad's merged events on each of ``days`` that raised the day's conflict score, most
    weighty first, at most ``limit`` a day (with their evidence: the only records read)."""
    if not days:
        return {}
    if dyad.by_group:
        found = pair_events(store, {(dyad.a, dyad.b): days}, params, limit)
        return {day: events for (_pair, day), events in found.items()}
    ids = (computed or Computed(store, dyad)).weightiest(days, params, limit)
    by_day: dict[dt.date, list[EventSummary]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        picked = f"SELECT * FROM merged_events m WHERE m.merged_id IN ({', '.join('?' * len(chunk))})"
        for row in rows(store, _SUMMARY.format(extra="", picked=picked), chunk):
            event = summary(row, params)
            by_day.setdefault(event.date, []).append(event)  # type: ignore[arg-type]
    for events in by_day.values():
        events.sort(key=lambda event: (-event.score, event.merged_id))
    return by_day


def pair_events(store: Store, wanted: dict[tuple[str, str], Iterable[dt.date]], params: EscalationParams,
                limit: int | None = None) -> dict[tuple[tuple[str, str], dt.date], list[EventSummary]]:
    """The merged events of several country pairs (both directions) on some of their days that
    raised the day's conflict score, most weighty first, at most ``limit`` per pair and day: the
    events behind alerts, a few queries for any number of alerts."""
    keys = [(group, day.isoformat(), f"{a}>{b}") for (a, b), days in sorted(wanted.items())
            for day in sorted(set(days)) for group in dict.fromkeys((f"{a}>{b}", f"{b}>{a}"))]
    score, score_params = _score_sql(params)
    found: dict[tuple[tuple[str, str], dt.date], list[EventSummary]] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        values = ", ".join("(?, ?, ?)" for _ in chunk)
        # The alerts' days are few; left to itself, SQLite indexes the whole table to join them.
        picked = (f"SELECT * FROM (SELECT m.*, w.pair AS pair, {score} AS score, row_number() OVER ("
                  f"PARTITION BY w.pair, m.day ORDER BY {score} DESC, m.merged_id) AS r "
                  f"FROM wanted w CROSS JOIN merged_events m INDEXED BY merged_group_day "
                  f"ON m.group_key = w.grp AND m.day = w.day "
                  f"WHERE {score} > 0) WHERE r <= ?")
        sql = (f"WITH wanted(grp, day, pair) AS (VALUES {values}) "
               + _SUMMARY.format(extra=", t.pair", picked=picked))
        query_params = [*(value for key in chunk for value in key), *score_params, *score_params, *score_params,
                        limit or _ALL]
        for *row, pair in rows(store, sql, query_params):
            event = summary(tuple(row), params)
            a, _, b = pair.partition(">")
            found.setdefault(((a, b), event.date), []).append(event)  # type: ignore[arg-type]
    for events in found.values():
        events.sort(key=lambda event: (-event.score, event.merged_id))
    return found


def top_events(store: Store, dyad: DyadFilter | None, since: dt.date | None, until: dt.date | None,
               limit: int, params: EscalationParams) -> list[EventSummary]:
    """The most reported merged events (then the most extreme Goldstein), with their evidence."""
    where, where_params = dyad.where() if dyad else ("1", [])
    span, span_params = day_range(since, until, "m.day")
    picked = (f"SELECT * FROM merged_events m WHERE {where} AND m.day IS NOT NULL AND {span} "
              f"ORDER BY m.num_articles DESC, abs(m.goldstein) DESC, m.day, m.merged_id LIMIT ?")
    sql = (_SUMMARY.format(extra="", picked=picked)
           + " ORDER BY t.num_articles DESC, abs(t.goldstein) DESC, t.day, t.merged_id")
    return [summary(row, params) for row in rows(store, sql, where_params + span_params + [limit])]


def contribution(goldstein: float, cameo: str, params: EscalationParams, num_sources: int | None) -> float:
    """What one merged event adds to its day's conflict score."""
    if goldstein < 0:
        weight = params.force_weight if params.is_force(cameo) else 1.0
        return -goldstein * weight * report_weight(num_sources)
    return -params.cooperation_weight * goldstein * report_weight(num_sources)


def summary(row: tuple, params: EscalationParams) -> EventSummary:
    merged_id, day, raw, num_mentions, num_sources, num_articles, url, outlet, title = row
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
        score=contribution(record.get("goldstein") or 0.0, record["cameo"], params, num_sources),
        sentence=sentence, trigger=evidence.get("trigger") or "",
        trigger_start=start, trigger_end=end,
        doc_id=record.get("doc_id", ""), url=url, event_id=record.get("event_id"), outlet=outlet, title=title,
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
