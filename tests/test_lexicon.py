"""The event lexicon: its size and coverage, its validator, and its self-test."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.events import selftest
from flashpoint.events.lexicon import Lexicon, lexicon, parse_pattern, validate


def test_lexicon_files_validate_cleanly():
    assert validate() == []


def test_coverage_of_roots_codes_and_entries():
    entries = lexicon().entries
    assert {e.code[:2] for e in entries} == {f"{n:02d}" for n in range(1, 21)}
    assert len({e.code for e in entries}) >= 200
    assert len(entries) >= 1500


def test_every_example_codes_to_its_entry(pipeline):
    failures = selftest.run(lexicon().entries, pipeline)
    assert not failures, "\n".join(str(f) for f in failures[:40]) + f"\n({len(failures)} failing)"


@pytest.mark.parametrize(
    "pattern, problem",
    [
        ("", "empty"),
        ("Attack", "lower-case"),
        ("attack obj", "slot:value"),
        ("attack obj:a obj:b", "twice"),
        ("attack sideways:x", "unknown slot"),
        ("urge obj:$E to:$E", "at most one"),
    ],
)
def test_malformed_patterns_are_explained(pattern, problem):
    with pytest.raises(ValueError, match=problem):
        parse_pattern(pattern)


def test_validator_reports_unknown_codes_and_bad_rows(tmp_path: Path):
    bad = tmp_path / "99-bad.tsv"
    bad.write_text("code\tpattern\texample\tnote\n9999\tattack\tX attacked Y.\t\n190\tAttack\tX attacked Y.\t\n"
                   "190\tshell\t\t\n", encoding="utf-8")
    problems = [str(p) for p in Lexicon([bad]).problems]
    assert any("9999 is not a CAMEO code" in p for p in problems)
    assert any("lower-case" in p for p in problems)
    assert any("example is empty" in p for p in problems)
