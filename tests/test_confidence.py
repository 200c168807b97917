"""Calibrated confidence: the step function, the coder's --min-confidence, and the filter."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flashpoint.confidence import STRATA, Calibration, calibration, stratum_of, validate
from flashpoint.faces.cli import cli
from flashpoint.pipeline import Pipeline
from flashpoint.store.query import EventQuery, QueryError

TEXT = "India accused Pakistan of sheltering militants. Officials accused them of supporting the attack."


def test_the_shipped_calibration_is_valid_and_never_falls():
    assert validate() == []
    steps = calibration()
    assert set(steps.by_stratum) == set(STRATA)
    for stratum in STRATA:
        values = [steps.probability(raw / 100, stratum) for raw in range(101)]
        assert values == sorted(values) and all(0 <= v <= 1 for v in values)


def test_an_event_of_the_lead_is_its_own_stratum(pipeline):
    """The same raw score means more for an event told in the report's lead (its first three sentences)."""
    text = ("Kenyan police arrested four robbers in Nairobi on Monday. Officials said the city was calm. "
            "Shops opened again. Later, India accused Pakistan of sheltering militants.")
    strata = {e.cameo_root: stratum_of(e) for e in pipeline.code_text(text, published="2025-05-01")}
    assert strata == {"17": "lead", "11": "other"}
    assert calibration().probability(0.8, "lead") > calibration().probability(0.8, "other")


def test_between_pools_the_confidence_rises_linearly_and_barely_beyond():
    steps = Calibration((0.2, 0.6, 0.8), (0.1, 0.4, 0.7))
    assert [round(steps.probability(x), 3) for x in (0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 1.0)] == [0.09, 0.1, 0.25, 0.4, 0.55, 0.7, 0.71]


def test_the_coder_leaves_out_events_below_the_wanted_confidence(pipeline):
    every = pipeline.code_text(TEXT, published="2025-05-01")
    assert every
    least = max(e.confidence for e in every)
    strict = Pipeline(min_confidence=least)
    kept = strict.code_text(TEXT, published="2025-05-01")
    assert kept and all(e.confidence >= least for e in kept)
    assert len(kept) <= len(every)
    with pytest.raises(ValueError):
        Pipeline(min_confidence=1.5)


def test_code_takes_min_confidence_and_refuses_bad_values(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["code", str(path), "--date", "2025-05-01", "--min-confidence", "1.0",
                               "--format", "jsonl"]).output.strip() == ""
    bad = runner.invoke(cli, ["code", str(path), "--min-confidence", "2"])
    assert bad.exit_code == 2 and "min-confidence" in bad.output


def test_the_filter_is_one_field_of_the_query():
    query = EventQuery.parse({"min-confidence": "0.5"})
    where, params = query.where()
    assert "confidence >= ?" in where and params == [0.5]
    assert EventQuery.parse({"min_confidence": 0.7}).min_confidence == 0.7  # as the CLI passes it
    merged, _ = query.where(merged=True)
    assert "merged_mentions" in merged
    for bad in ("high", "1.5", "-0.1"):
        with pytest.raises(QueryError, match="min-confidence"):
            EventQuery.parse({"min-confidence": bad})
