"""``flashpoint check``: every knowledge file validated by the stage that owns it."""

from __future__ import annotations

from collections.abc import Callable

from flashpoint.datafiles import Problem


def _validators() -> dict[str, Callable[[], list[Problem]]]:
    from flashpoint import actors, confidence, cues, ontology
    from flashpoint.context import outlets
    from flashpoint.events import lexicon, ranking, typemodel
    from flashpoint.language import tagtable

    found: dict[str, Callable[[], list[Problem]]] = {
        "ontology": ontology.validate,
        "actors": actors.validate,
        "lexicon": lexicon.validate,
        "cues": cues.validate,
        "event model": typemodel.validate,
        "event ranker": ranking.validate,
        "calibration": confidence.validate,
        "time zones and country words": outlets.validate,
        "tag table": tagtable.validate,
    }
    try:
        from flashpoint import places

        if hasattr(places, "validate"):
            found["places"] = places.validate
    except ImportError:  # pragma: no cover - places always ships
        pass
    return found


def validate_all() -> dict[str, list[Problem]]:
    """Problems per knowledge group; empty lists mean the files are sound."""
    return {name: check() for name, check in _validators().items()}
