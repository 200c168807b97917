"""The dates stage: the report's time expressions, and the date of every candidate event."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.stages.report import Report
from flashpoint.time import Dater


@dataclass(frozen=True, slots=True)
class DateStage:
    dater: Dater

    def run(self, report: Report) -> None:
        """Reads the report's time expressions only when it has an event to date: two BBC reports in
        five have none, and only the dates and non-event stages read the times."""
        if not report.candidates:
            return
        report.times = self.dater.prepare(report.doc, report.document, report.mentions)
        for candidate in report.candidates:
            candidate.event.date = self.dater.date(report.times, candidate.trigger)
