"""The places stage: the places the report names, resolved against the gazetteer. Each event is
placed by the reconcile stage, once its actors are final (a border's acting side depends on them)."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.places import Placer
from flashpoint.stages.report import Report


@dataclass(frozen=True, slots=True)
class PlaceStage:
    placer: Placer

    def run(self, report: Report) -> None:
        report.places = self.placer.prepare(report.doc, report.document, report.mentions)
