"""The plain records the store hands back: stored documents and counts (merged events are
:class:`flashpoint.merge.MergedEvent`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class StoredDocument:
    """One row of the documents table: an input, coded or failed."""

    content_hash: str
    doc_id: str | None
    source: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    report_date: str | None
    status: str  # coded | failed
    reason: str | None
    n_events: int
    ingested_at: str
    notes: list[str] = field(default_factory=list)  # what ingest changed or noticed (docs/reliability.md)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class StoreCounts:
    documents: int
    coded: int
    failed: int
    events: int
    merged: int
    pending_merge_groups: int
    schema_version: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
