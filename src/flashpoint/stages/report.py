"""The report context and the stage protocol: what flows through the coder.

A :class:`Report` is one document (or one segment of a long one) while the coder works on it.
Each stage reads what earlier stages put on it and adds its own part; stages keep nothing of a
report between calls, so one pipeline (and one set of stages) can code any number of reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc

from flashpoint import language
from flashpoint.context import ReportCountries
from flashpoint.ingest.dateline import headline_end
from flashpoint.language.arrays import ParseArrays, arrays, release
from flashpoint.events.context import Candidate, ParseCache
from flashpoint.places import DocPlaces
from flashpoint.records import CodedDocument, Document, Event, Mention
from flashpoint.time import DocTimes


@dataclass(slots=True, eq=False)
class Report:
    """Everything the coder knows about one document while coding it, stage by stage."""

    document: Document
    doc: Doc
    arrays: ParseArrays  # the parse as per-token lists, built once here, read by every stage's package
    modalities: frozenset[str]  # the modalities to keep (the pipeline's option)
    min_confidence: float = 0.0  # the least calibrated confidence to keep (the pipeline's option)
    dateline_chars: int = 0  # the end of the headline and dateline: characters before it are no sentence to code
    dateline_tokens: tuple[int, int] = (0, 0)  # the same as a token range
    mentions: list[Mention] = field(default_factory=list)  # actors stage
    countries: ReportCountries | None = None  # context stage: the countries the report is about
    cache: ParseCache | None = None  # events stage: its per-parse caches (actor index, slot fillers)
    candidates: list[Candidate] = field(default_factory=list)  # events stage, dated by the dates stage
    times: DocTimes | None = None  # dates stage (left None for a report without candidate events)
    places: DocPlaces | None = None  # places stage
    events: list[Event] = field(default_factory=list)  # reconcile stage: the final events
    named: set[tuple] = field(default_factory=set)  # noun events kept, shared by the segments of a document

    @classmethod
    def start(cls, document: Document, doc: Doc, modalities: frozenset[str], named: set[tuple] | None = None,
              min_confidence: float = 0.0) -> Report:
        """The report of a parsed document, before any stage ran."""
        if len(doc) and len(document.text) == doc[-1].idx + len(doc[-1].text_with_ws):
            doc.user_data.setdefault("flashpoint.text", document.text)  # Doc.text rebuilds it per call
        chars = max(document.dateline.span[1] if document.dateline else 0, headline_end(document.text))
        tokens = (0, language.token_at(doc, chars)) if chars else (0, 0)
        return cls(document, doc, arrays(doc), modalities, min_confidence, chars, tokens,
                   named=set() if named is None else named)

    def coded(self) -> CodedDocument:
        """What the coder hands back for this document (its parse's arrays are no longer needed)."""
        columns = arrays(self.doc)
        sentences = [columns.char_span(start, end) for start, end in language.sentence_bounds(self.doc)]
        release(self.doc)
        return CodedDocument(
            document=self.document,
            events=self.events,
            mentions=self.mentions,
            places=list(self.places.places) if self.places else [],
            sentences=sentences,
        )


class Stage(Protocol):
    """One step of the coder: reads a report and fills in its part. A stage holds knowledge and
    caches keyed on it (lexicon, gazetteer, vocabulary), never anything of one report."""

    def run(self, report: Report) -> None: ...
