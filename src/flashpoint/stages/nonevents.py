"""The non-event stage: history, statistics and habits a report restates are not its news, nor
are the acts of a sports or markets report (:mod:`flashpoint.nonevents.topic`).

It runs after the dates stage (one rule reads the event's date) and before the reconcile stage,
which keeps only the wanted modalities: a non-event takes the modality ``background`` or
``generic`` and its reason in its rule (see :mod:`flashpoint.nonevents`)."""

from __future__ import annotations

from dataclasses import dataclass

from flashpoint.nonevents import non_event, reference_date
from flashpoint.nonevents.topic import off_topic, report_topic
from flashpoint.stages.report import Report


@dataclass(frozen=True, slots=True)
class NonEventStage:
    def run(self, report: Report) -> None:
        if not report.candidates:
            return  # nothing to judge (and no times read: see the dates stage)
        assert report.times is not None, "the non-event stage runs after the dates stage"
        reference = reference_date(report.document, report.times)
        topic = report_topic(report.doc)
        for candidate in report.candidates:
            event = candidate.event
            if event.modality != "asserted":
                continue
            found = non_event(event, candidate.trigger, reference)
            if found is not None:
                event.modality = found.modality  # type: ignore[assignment]
                event.rule += f" [{found.modality}: {found.reason}]"
            elif (why := off_topic(event, topic)) is not None:
                event.modality = "generic"
                event.rule += f" [generic: {why}]"
