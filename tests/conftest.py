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
