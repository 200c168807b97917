"""Shared test fixtures: one pipeline per test session, and ../shared when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def pipeline():
    from flashpoint.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (dev sets, worked example); tests using it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def worked_example() -> Path:
    """The worked example report, shipped as a project fixture (it may be used as one)."""
    return FIXTURES / "pahalgam-2025-05-01.txt"


@pytest.fixture(scope="session")
def worked_example_gold() -> Path:
    return FIXTURES / "pahalgam-2025-05-01.gold.json"


@pytest.fixture(scope="module")
def pair():
    """Flashpoint's pipeline and a plain spaCy load of the same model (with the same hyphen
    rule), for tests that compare the tag-rules table with spaCy's own components."""
    import spacy

    from flashpoint import language, settings

    fast = language.load()
    reference = spacy.load(settings.model_name())
    language.keep_prefixed_hyphens(reference)
    return fast, reference
