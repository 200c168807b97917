"""Time: when each event happened, resolved against the report's date.

This first version dates every event with the report date (marked ``origin="report"``). The
time-expression resolver (explicit dates, weekdays, relative expressions) plugs in behind the same
two calls: :meth:`Dater.prepare` once per document, :meth:`Dater.date` once per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from flashpoint.records import Document, EventDate


@dataclass(slots=True)
class DocTimes:
    """The time expressions of one report, resolved."""

    document: Document
    expressions: list = field(default_factory=list)


class Dater:
    def prepare(self, doc: Doc, document: Document) -> DocTimes:
        return DocTimes(document)

    def date(self, times: DocTimes, trigger: Token) -> EventDate:
        day = times.document.report_date
        return EventDate(day, "day" if day else None, None, "report")
