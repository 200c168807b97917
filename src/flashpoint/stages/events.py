"""The events stage: lexicon and learned-fallback events of each sentence, as candidates."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.events.context import ParseCache
from flashpoint.events.extractor import EventExtractor
from flashpoint.stages.report import Report


@dataclass(frozen=True, slots=True)
class EventStage:
    extractor: EventExtractor

    def run(self, report: Report) -> None:
        report.cache = ParseCache.of(report.doc, report.mentions)
        report.candidates = self.extractor.extract(report.doc, report.document.doc_id, report.cache,
                                                   report.dateline_chars)
