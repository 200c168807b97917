"""A merged event: one real-world event, the reports (coded events) of it, and their counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


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
    #: The date most of its reports give (docs/analysis.md, "Dates"): what every count dates it by.
    day: str | None = None

    @property
    def global_event_id(self) -> int:
        """A stable integer id (GDELT's GLOBALEVENTID is an integer): 52 bits of the merged id's
        SHA-1, so it is the same on every machine and fits a double or a signed 64-bit column."""
        return int(hashlib.sha1(self.merged_id.encode("utf-8")).hexdigest()[:13], 16)

    @property
    def date(self) -> str | None:
        """Its date: the voted day, else (made outside a store) its representative's date."""
        return self.day or self.representative.get("date")

    def to_dict(self) -> dict[str, Any]:
        return {
            "merged_id": self.merged_id,
            "date": self.date,
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
