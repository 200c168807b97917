"""The confidence stage: each final event's confidence calibrated, and events below the wanted
confidence left out (``--min-confidence``). It runs last, on the reconcile stage's events."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.confidence import Calibration
from flashpoint.stages.report import Report


@dataclass(frozen=True, slots=True)
class ConfidenceStage:
    calibration: Calibration

    def run(self, report: Report) -> None:
        self.calibration.calibrate(report.events)
        if report.min_confidence > 0:
            report.events = [e for e in report.events if e.confidence >= report.min_confidence]
