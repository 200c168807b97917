"""The marked stretches of a document: actors, triggers, dates, places and evidence sentences.

The store keeps each event's offsets into the document text (DESIGN.md), so a document's marks
are gathered from its events; the dashboard highlights them by slicing the text at these offsets
and inserting text nodes, never markup. A date is stored as its words (``date_text``), so its
offsets are found by looking for those words in the event's sentence first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    kind: str  # actor | trigger | date | place | evidence
    start: int
    end: int
    label: str
    events: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "label": self.label, "events": self.events}


def document_spans(text: str, records: Iterable[dict[str, Any]]) -> list[Span]:
    """Every mark of ``records`` (events of this text) that lies inside the text, merged when
    several events mark the same stretch, in text order (evidence sentences first at a tie)."""
    found: dict[tuple[str, int, int], Span] = {}
    for record in records:
        for kind, start, end, label in _marks(text, record):
            if not (0 <= start < end <= len(text)):
                continue  # offsets from another version of the text, or a zero span
            span = found.setdefault((kind, start, end), Span(kind, start, end, label))
            if record.get("event_id") and record["event_id"] not in span.events:
                span.events.append(record["event_id"])
    order = {"evidence": 0, "actor": 1, "trigger": 2, "date": 3, "place": 4}
    return sorted(found.values(), key=lambda s: (s.start, order.get(s.kind, 9), -s.end))


def _marks(text: str, record: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    marks: list[tuple[str, int, int, str]] = []
    evidence = record.get("evidence") or {}
    start, end = _int(evidence.get("char_start")), _int(evidence.get("char_end"))
    if start is not None and end is not None:
        marks.append(("evidence", start, end, record.get("cameo_name") or ""))
    trigger = evidence.get("trigger_span") or ()
    if len(trigger) == 2:
        marks.append(("trigger", _int(trigger[0]) or 0, _int(trigger[1]) or 0,
                      f"{record.get('cameo', '')} {record.get('cameo_name', '')}".strip()))
    for role in ("source", "target"):
        actor = record.get(role) or {}
        span = actor.get("span") or ()
        if len(span) == 2:
            marks.append(("actor", _int(span[0]) or 0, _int(span[1]) or 0,
                          f"{role} {actor.get('code', '')} {actor.get('name') or ''}".strip()))
    place = record.get("location") or {}
    span = place.get("span") or ()
    if len(span) == 2:
        marks.append(("place", _int(span[0]) or 0, _int(span[1]) or 0, place.get("name") or ""))
    date_text = record.get("date_text")
    if isinstance(date_text, str) and date_text.strip():
        at = _find(text, date_text, start, end)
        if at is not None:
            marks.append(("date", at, at + len(date_text), record.get("date") or ""))
    return marks


def _find(text: str, words: str, start: int | None, end: int | None) -> int | None:
    """Where ``words`` occur: inside the evidence sentence when they do, else anywhere."""
    if start is not None and end is not None:
        at = text.find(words, max(0, start), max(0, end))
        if at >= 0:
            return at
    at = text.find(words)
    return at if at >= 0 else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
