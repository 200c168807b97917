"""The context stage: the countries the report is about, and its unowned actors grounded in them.

It runs after the actors and places stages (it reads both) and before the events stage, so every
event takes its actors already grounded."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.context import (
    credited_outlets,
    drop_places_read_as_people,
    drop_unsupported_acronyms,
    ground,
    report_countries,
    states_read_as_places,
    telltale,
)
from flashpoint.stages.report import Report


@dataclass(frozen=True, slots=True)
class ContextStage:
    def run(self, report: Report) -> None:
        report.mentions = drop_unsupported_acronyms(report.mentions, report.places)
        report.mentions = drop_places_read_as_people(report.doc, report.mentions, report.places)
        states_read_as_places(report.mentions, report.places)
        outlets = credited_outlets(report.doc, report.mentions)
        report.mentions = [m for m in report.mentions if m not in outlets]
        report.countries = report_countries(report.mentions, report.places, outlets, telltale(report.document.text))
        ground(report.doc, report.mentions, report.places, report.countries)
