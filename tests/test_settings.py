"""Settings from the environment and the command line are checked in one place
(:mod:`flashpoint.settings`): a value Flashpoint cannot use is one clear error naming the
setting, never a traceback and never silently lost work (issue 18)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from flashpoint import settings
from flashpoint.faces.cli import cli
from flashpoint.ingest.fetch import FetchPolicy

BAD_ENVIRONMENT = [
    ("FLASHPOINT_BATCH_SIZE", "0"),
    ("FLASHPOINT_BATCH_SIZE", "-3"),
    ("FLASHPOINT_BATCH_SIZE", "abc"),
    ("FLASHPOINT_BATCH_SIZE", "1e9"),
    ("FLASHPOINT_MAX_TEXT_CHARS", "lots"),
    ("FLASHPOINT_MAX_TEXT_CHARS", "-1"),
    ("FLASHPOINT_DB_TIMEOUT", "inf"),
    ("FLASHPOINT_DB_TIMEOUT", "nan"),
    ("FLASHPOINT_DB_TIMEOUT", "-1"),
    ("FLASHPOINT_DB_TIMEOUT", "soon"),
    ("FLASHPOINT_FETCH_TIMEOUT", "inf"),
    ("FLASHPOINT_FETCH_TIMEOUT", "0"),
    ("FLASHPOINT_FETCH_TIMEOUT", "abc"),
    ("FLASHPOINT_FETCH_MAX_BYTES", "-1"),
    ("FLASHPOINT_FETCH_MAX_BYTES", "big"),
    ("FLASHPOINT_FETCH", "maybe"),
    ("FLASHPOINT_ALLOW_PRIVATE", "sure"),
    ("FLASHPOINT_GAZETTEER", "cities42"),
    ("FLASHPOINT_MODEL", "no_such_model_anywhere"),
    ("FLASHPOINT_DOC_SECONDS", "inf"),
]


@pytest.mark.parametrize(("name", "value"), BAD_ENVIRONMENT)
def test_a_bad_environment_setting_is_one_error_line(tmp_path, name, value):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "s.db"),
                                      "--no-fetch"], env={name: value})
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith(f"error: {name}: "), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "s.db").exists()  # refused before anything is touched


def test_batch_size_zero_used_to_code_nothing(tmp_path):
    """FLASHPOINT_BATCH_SIZE=0 coded nothing and said '0 events from 1 documents', exit 0."""
    report = tmp_path / "report.txt"
    report.write_text("Pakistan closed its airspace to Indian airlines on Thursday.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", str(report), "--date", "2025-04-24"],
                                env={"FLASHPOINT_BATCH_SIZE": "0"})
    assert result.exit_code == 2 and "FLASHPOINT_BATCH_SIZE" in result.output, result.output


@pytest.mark.parametrize(("option", "value"), [
    ("--timeout", "inf"), ("--timeout", "nan"), ("--timeout", "-1"), ("--timeout", "0"), ("--timeout", "x"),
    ("--max-bytes", "-5"), ("--max-bytes", "0"), ("--max-bytes", "many"), ("--max-bytes", str(10**12)),
])
def test_a_bad_option_is_a_usage_error(tmp_path, option, value):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "s.db"),
                                      option, value])
    assert result.exit_code == 2, result.output
    assert option in result.output and "Traceback" not in result.output
    assert not (tmp_path / "s.db").exists()


def test_the_python_api_refuses_them_too(monkeypatch):
    monkeypatch.setenv("FLASHPOINT_BATCH_SIZE", "0")
    with pytest.raises(settings.SettingError, match="FLASHPOINT_BATCH_SIZE: 0 is out of range"):
        settings.batch_size()
    with pytest.raises(settings.SettingError, match="timeout"):
        FetchPolicy(timeout=float("inf"))
    with pytest.raises(settings.SettingError, match="max_bytes"):
        FetchPolicy(max_bytes=0)
    monkeypatch.setenv("FLASHPOINT_BATCH_SIZE", " 64 ")
    assert settings.batch_size() == 64


def test_good_values_pass():
    assert settings.seconds("x", "2.5", 0, 10) == 2.5
    assert settings.flag("x", "Off") is False and settings.flag("x", "1") is True
    assert settings.whole("x", "1_000", 0, 10_000) == 1000
