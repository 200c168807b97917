"""What output formats read: an :class:`EventSource`, and the in-memory one of ``flashpoint code``.

A store is the other source (``flashpoint.store.store.StoreSource``): it adds merged events and
the articles events were coded from. Each writer asks the source for the view it needs, so a
JSON Lines export copies stored text without parsing it, and only GDELT reads merged events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from flashpoint.errors import FlashpointError
from flashpoint.merge.merged import MergedEvent
from flashpoint.records import Event


class FormatError(FlashpointError, ValueError):
    """An output format that does not exist, or cannot be written from this source."""


@dataclass(slots=True)
class LinkedRecord:
    """An event record with where it sits in a store: its merged event and its article."""

    record: dict[str, Any]
    merged_id: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    stored_at: str | None = None  # when its document was stored (UTC ISO 8601)


class EventSource(Protocol):
    """What a writer reads events from; each writer asks for the view it needs."""

    def raw_records(self) -> Iterator[str]:
        """Each event record as JSON text (a store's exactly as stored)."""

    def records(self) -> Iterator[dict[str, Any]]:
        """Each event record."""

    def linked(self) -> Iterator[LinkedRecord]:
        """Each event record with its merged event and article, when known."""

    def merged(self) -> Iterator[MergedEvent]:
        """Each merged event (only a store has them)."""


class CodedEvents:
    """Events just coded, not stored (``flashpoint code``): an :class:`EventSource` without
    merged events or articles. Read once: the events may be coded as they are written, so a
    stream of reports is never held whole."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.events = events

    def raw_records(self) -> Iterator[str]:
        return (json.dumps(record, ensure_ascii=False) for record in self.records())

    def records(self) -> Iterator[dict[str, Any]]:
        return (event.to_dict() for event in self.events)

    def linked(self) -> Iterator[LinkedRecord]:
        return (LinkedRecord(record) for record in self.records())

    def merged(self) -> Iterator[MergedEvent]:
        raise FormatError("merged events come from a store: export them with `flashpoint export`")
