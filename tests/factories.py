"""Actors and events for tests, built one way.

``event("d1", actor("INDMIL"), "190", actor("PAK"), day="2025-05-07")`` is an asserted event
whose code's root, name, Goldstein weight, quad class and PLOVER type and mode come from the
ontology; keyword arguments override any :class:`~flashpoint.records.Event` field, so a test
states only what it is about (its own weights, evidence, place, confidence).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flashpoint.ontology import ontology
from flashpoint.records import Actor, Event, EventDate, Evidence, Span


def actor(code: str | None, start: int = 0, *, text: str | None = None, span: Span | None = None,
          name: str | None = None, rule: str = "") -> Actor | None:
    """An actor of ``code`` (a country, or a country and a sector: ``INDMIL``, ``---REB``) named by
    ``text`` (default: the code in lower case) at ``start``; None for no actor (None or "-")."""
    if code is None or code == "-":
        return None
    text = code.lower() if text is None else text
    return Actor(code=code, text=text, span=span or (start, start + len(text)),
                 country=code[:3] if code[:3].isalpha() else None, sector=code[3:] or None, name=name, rule=rule)


def evidence(sentence: str, trigger: str | None = None, *, index: int = 0, start: int = 0) -> Evidence:
    """The ``index``-th sentence of a document, starting at character ``start``, and its trigger
    (default: its second word), with offsets into the document."""
    trigger = sentence.split()[1] if trigger is None else trigger
    at = start + sentence.index(trigger)
    return Evidence(index, sentence, start, start + len(sentence), trigger, (at, at + len(trigger)))


def event(doc_id: str, source: Actor | None, cameo: str, target: Actor | None = None, *,
          day: dt.date | str | None = None, **fields: Any) -> Event:
    """An asserted event of ``cameo`` from ``source`` to ``target`` on ``day`` (a date or
    YYYY-MM-DD; undated when None); ``fields`` override any other :class:`Event` field."""
    values: dict[str, Any] = {"cameo_root": cameo[:2], "evidence": evidence("Someone did something.", "did"),
                              "modality": "asserted", "confidence": 0.8, "rule": "test"}
    if cameo in ontology():
        code = ontology()[cameo]
        values.update(cameo_root=code.root, cameo_name=code.name, goldstein=code.goldstein,
                      quad_class=code.quad_class, plover_type=code.plover_type, plover_mode=code.plover_mode)
    if day is not None:
        values["date"] = EventDate(dt.date.fromisoformat(day) if isinstance(day, str) else day)
    values.update(fields)
    return Event(doc_id=doc_id, source=source, target=target, cameo=cameo, **values)
