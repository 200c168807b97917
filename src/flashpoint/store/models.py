"""The plain records the store hands back: stored documents, merged events, counts, progress."""

from __future__ import annotations

import hashlib
import time
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class MergedEvent:
    """A real-world event: its most confident mention stands for it, with the counts of its
    mentions (coded events), distinct sources (outlets) and articles (documents)."""

    merged_id: str
    representative: dict[str, Any]  # the DESIGN.md record of the most confident mention
    num_mentions: int
    num_sources: int
    num_articles: int
    date_first: str | None
    date_last: str | None
    first_seen: str | None  # earliest publication (or report) date among its articles
    last_seen: str | None
    mentions: list[str] = field(default_factory=list)  # event ids
    source_url: str | None = None  # the representative's document URL (else its source)
    added: str | None = None  # when the representative's document was stored (UTC ISO 8601)

    @property
    def global_event_id(self) -> int:
        """A stable integer id (GDELT's GLOBALEVENTID is an integer): 52 bits of the merged id's
        SHA-1, so it is the same on every machine and fits a double or a signed 64-bit column."""
        return int(hashlib.sha1(self.merged_id.encode("utf-8")).hexdigest()[:13], 16)

    def to_dict(self) -> dict[str, Any]:
        return {
            "merged_id": self.merged_id,
            "date": self.representative.get("date"),
            "date_first": self.date_first,
            "date_last": self.date_last,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "num_mentions": self.num_mentions,
            "num_sources": self.num_sources,
            "num_articles": self.num_articles,
            "mentions": list(self.mentions),
            "representative": self.representative,
        }


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


@dataclass(slots=True)
class IngestProgress:
    """Where an ingest is: what the progress bar shows, and the final report."""

    seen: int = 0  # inputs read so far (documents and failures, stored or skipped)
    coded: int = 0  # documents coded and stored in this run
    events: int = 0  # events stored in this run
    failures: int = 0  # failures stored in this run
    skipped: int = 0  # inputs already in the store (same content hash)
    merged_groups: int = 0  # merge groups recomputed at the end
    total: int | None = None  # estimated inputs, when known
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Inputs per second."""
        return self.seen / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, when the total is known."""
        if self.total is None or not self.rate:
            return None
        return max(0.0, (self.total - self.seen) / self.rate)

    def summary(self) -> str:
        return (f"{self.seen} inputs: {self.coded} documents coded, {self.events} events, "
                f"{self.failures} failures, {self.skipped} already stored; {self.elapsed:.1f} s")
