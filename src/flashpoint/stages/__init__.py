"""The coder's stages over one :class:`Report`: actors, places, context, events, dates, non-events,
reconcile, confidence.

Each stage is a small object with one method, ``run(report)``, wrapping the package that does
the work (:mod:`flashpoint.actors`, :mod:`flashpoint.events`, :mod:`flashpoint.time`,
:mod:`flashpoint.places`); the reconcile stage holds its own rules. ``Pipeline(stages=...)``
runs any list of them; :func:`default_stages` gives the coder's own, in order.
"""

from __future__ import annotations

from spacy.language import Language

from flashpoint.actors import get_resolver
from flashpoint.confidence import calibration
from flashpoint.events.extractor import EventExtractor
from flashpoint.places import Placer
from flashpoint.stages.actors import ActorStage
from flashpoint.stages.confidence import ConfidenceStage
from flashpoint.stages.context import ContextStage
from flashpoint.stages.dates import DateStage
from flashpoint.stages.events import EventStage
from flashpoint.stages.nonevents import NonEventStage
from flashpoint.stages.places import PlaceStage
from flashpoint.stages.reconcile import ReconcileStage
from flashpoint.stages.report import Report, Stage
from flashpoint.time import Dater

__all__ = ["ActorStage", "ConfidenceStage", "ContextStage", "DateStage", "EventStage", "NonEventStage", "PlaceStage", "ReconcileStage", "Report", "Stage",
           "default_stages"]


def default_stages(nlp: Language, events: EventExtractor | None = None) -> list[Stage]:
    """The coder's stages in their order, for this spaCy pipeline; ``events`` replaces the
    default event extractor (the lexicon with the learned fallback)."""
    return [
        ActorStage(get_resolver(nlp)),
        PlaceStage(Placer(nlp)),
        ContextStage(),
        EventStage(events or EventExtractor()),
        DateStage(Dater()),
        NonEventStage(),
        ReconcileStage(),
        ConfidenceStage(calibration()),
    ]
