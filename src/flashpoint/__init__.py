"""Flashpoint: code news reports into political events (CAMEO/PLOVER) with their evidence.

The public Python API::

    import flashpoint
    events = flashpoint.code_text("Pakistan closed its airspace to Indian airlines.", published="2025-04-24")
    for event in events:
        print(event.cameo, event.source.code, event.target.code, event.evidence.trigger)

For many documents, build a :class:`Pipeline` once and call :meth:`Pipeline.code`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from flashpoint.records import (
    Actor,
    CodedDocument,
    Document,
    Event,
    EventDate,
    Evidence,
    Failure,
    Mention,
    Place,
)

__version__ = "0.1.0"
__all__ = [
    "Actor",
    "CodedDocument",
    "Document",
    "Event",
    "EventDate",
    "Evidence",
    "Failure",
    "Mention",
    "Pipeline",
    "Place",
    "code_text",
]


def __getattr__(name: str):
    # Import the pipeline lazily so that `import flashpoint` stays cheap (spaCy loads on first use).
    if name == "Pipeline":
        from flashpoint.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


@cache
def _default_pipeline():
    from flashpoint.pipeline import Pipeline

    return Pipeline()


def code_text(text: str, published: dt.date | str | None = None) -> list[Event]:
    """Code one report's text into events (asserted events only)."""
    return _default_pipeline().code_text(text, published=published)
