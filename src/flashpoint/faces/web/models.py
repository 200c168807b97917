"""Request and response shapes of the HTTP API (pydantic), as the OpenAPI schema shows them.

Events are the DESIGN.md record as stored (``dict``): the API hands back exactly what the CLI,
exports and the Python API give, with a few fields added by the web (``merged_id``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

from flashpoint.ingest.links import posted_link_refusal
from flashpoint.records import MODALITIES

Record = dict[str, Any]


class EventPage(BaseModel):
    items: list[Record] = Field(description="DESIGN.md event records (view=merged: each merged event's "
                                            "representative), each with its merged_id, the num_mentions "
                                            "(reports), num_sources and num_articles of that merged event, "
                                            "and its day (the merged event's date)")
    count: int | None = Field(description="events matching the filters, counted up to count_cap; null when "
                                          "counting would take longer than the server's count budget")
    count_capped: bool = Field(description="true when more than count events (may) match")
    sort: str
    limit: int
    view: str = Field("events", description="events (reports) or merged (real-world events)")
    next_cursor: str | None = Field(description="pass as cursor= for the next page; null on the last page")
    notes: list[str] = Field(default_factory=list, description="names read as codes; codes no event has")


class Mention(BaseModel):
    event_id: str
    doc_id: str | None
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    date: str | None
    cameo: str
    trigger: str
    sentence: str


class Merged(BaseModel):
    merged_id: str
    num_mentions: int
    num_sources: int
    num_articles: int
    date_first: str | None
    date_last: str | None
    representative: str
    day: str | None = Field(None, description="the merged event's date: the day most of its reports give")
    mentions: list[Mention]


class DocumentInfo(BaseModel):
    doc_id: str | None
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None


class EventDetail(BaseModel):
    event: Record
    document: DocumentInfo | None
    merged: Merged | None


class SpanOut(BaseModel):
    kind: str = Field(description="actor | trigger | date | place | evidence")
    start: int
    end: int
    label: str
    events: list[str]


class DocumentOut(BaseModel):
    doc_id: str | None
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    report_date: str | None
    date_origin: str | None
    source: str
    status: str
    reason: str | None
    n_events: int
    ingested_at: str
    text: str | None
    spans: list[SpanOut]
    events: list[Record]


class Dyad(BaseModel):
    a: str
    b: str
    events: int
    conflict: int = Field(description="events in quad classes 3 and 4")
    first: str | None
    last: str | None


class Stats(BaseModel):
    documents: int
    coded: int
    failed: int
    events: int
    merged: int
    schema_version: int
    first_date: str | None
    last_date: str | None
    writable: bool
    max_code_bytes: int


class Place(BaseModel):
    lat: float
    lon: float
    name: str | None
    country: str | None
    events: int
    conflict: int
    goldstein: float | None


class MapOut(BaseModel):
    places: list[Place]
    recent: int = Field(description="the latest this many located events matching the filters are mapped")


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, description="the report; its size is limited by the server (max_code_bytes)")
    published: str | None = Field(default=None, description="YYYY-MM-DD: anchors relative dates ('on Wednesday')")
    modalities: list[str] = Field(default_factory=lambda: ["asserted"],
                                  description=", ".join(MODALITIES))


class CodeResult(BaseModel):
    events: list[Record]
    spans: list[SpanOut]
    text: str = Field(description="the text coded: the posted text, with any stretch the parser cannot use blanked")
    notes: list[str] = Field(default_factory=list, description="what was blanked before coding, if anything")
    seconds: float


class DocumentIn(BaseModel):
    id: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = Field(default=None, description="http(s) only, not a loopback or link-local address")
    outlet: str | None = None
    published: str | None = None

    @field_validator("url")
    @classmethod
    def _linkable(cls, url: str | None) -> str | None:
        """The URL becomes a link in the dashboard and the report: refuse what may not be one."""
        if url is not None and url.strip():
            refused = posted_link_refusal(url.strip())
            if refused:
                raise ValueError(f"{url[:80]!r} refused: {refused}")
        return url


class IngestRequest(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=100)


class IngestResult(BaseModel):
    coded: int
    events: int
    failures: int
    skipped: int
    merged_groups: int
