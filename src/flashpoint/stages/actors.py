"""The actors stage: every actor mention of the report, resolved to a code."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.actors import ActorResolver
from flashpoint.stages.report import Report


@dataclass(frozen=True, slots=True)
class ActorStage:
    resolver: ActorResolver

    def run(self, report: Report) -> None:
        report.mentions = self.resolver.resolve(report.doc, report.document.report_date, report.dateline_tokens)
