"""`flashpoint ingest`, `events` and `export`: the CLI faces over the store."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashpoint.faces.cli import cli
from flashpoint.formats.gdelt import GDELT_COLUMNS

REPORTS = [
    {"id": "r1", "outlet": "Global Desk", "published": "2025-04-24",
     "text": "Pakistan closed its airspace to Indian airlines on Thursday."},
    {"id": "r2", "outlet": "Deccan Wire", "published": "2025-04-24",
     "text": "Pakistan shut its airspace to Indian airlines on Thursday in response to New Delhi's decisions."},
    {"id": "r3", "outlet": "Capital Ledger", "published": "2025-04-30",
     "text": "US Secretary of State Marco Rubio spoke by telephone with Indian External Affairs Minister "
             "S. Jaishankar on Wednesday."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REPORTS))
    (folder / "more").mkdir()
    (folder / "more" / "trade.txt.gz").write_bytes(gzip.compress(
        b"ISLAMABAD, April 24 - Pakistan suspended all trade with India on Thursday."))
    (folder / "more" / "scripts.html").write_text("<html><script>var a = 1;</script></html>")
    (folder / "more" / "broken.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><ti')
    (folder / "more" / "fake.gz").write_text("not gzip")
    return folder


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpus, runner, pipeline) -> Path:
    """A store made by `flashpoint ingest`, reusing the session's pipeline (loading is slow)."""
    import flashpoint.pipeline

    path = tmp_path_factory.mktemp("db") / "cli.db"
    original = flashpoint.pipeline.Pipeline
    flashpoint.pipeline.Pipeline = lambda *args, **kwargs: pipeline  # type: ignore[assignment]
    try:
        result = runner.invoke(cli, ["ingest", str(corpus), "--db", str(path), "--no-fetch", "--batch-size", "2"])
    finally:
        flashpoint.pipeline.Pipeline = original  # type: ignore[assignment]
    assert result.exit_code == 1, result.output  # some inputs failed: recorded, reported, exit 1
    ingest_output[:] = [result.stdout, result.stderr]
    return path


ingest_output: list[str] = []


@pytest.mark.parametrize("command", ["ingest", "events", "export"])
def test_help_has_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "flashpoint " + command in result.output


def test_ingest_reports_failures_and_progress(db):
    out, err = ingest_output
    assert "4 documents coded" in out and "4 failures" in out
    for reason in ("no main text", "feed XML is broken", "cannot decompress"):
        assert reason in err
    assert "ingest: " in err and "inputs/s" in err  # plain progress lines off a terminal


def test_ingest_again_adds_nothing(db, corpus, runner):
    result = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db), "--no-fetch"])
    assert result.exit_code == 0, result.output
    assert "0 documents coded, 0 events, 0 failures, 8 already stored" in result.stdout


def test_events_as_jsonl_with_filters(db, runner):
    result = runner.invoke(cli, ["events", "--db", str(db), "--format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and len(records) >= 4
    assert {"event_id", "doc_id", "source", "target", "cameo", "evidence"} <= set(records[0])
    result = runner.invoke(cli, ["events", "--db", str(db), "--format", "jsonl", "--dyad", "IND:PAK", "--root", "19"])
    closures = [json.loads(line) for line in result.stdout.splitlines()]
    assert closures and all(r["cameo_root"] == "19" for r in closures)
    result = runner.invoke(cli, ["events", "--db", str(db), "--format", "jsonl", "--actor", "USAGOV",
                                 "--since", "2025-04-30", "--text", "telephone"])
    assert len(result.stdout.splitlines()) == 1


def test_events_table_and_csv(db, runner):
    result = runner.invoke(cli, ["events", "--db", str(db)])
    assert result.exit_code == 0 and "events" in result.stdout
    result = runner.invoke(cli, ["events", "--db", str(db), "--format", "csv", "--quad", "4"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["quad_class"] == "4" for row in rows)


def test_merged_events(db, runner):
    result = runner.invoke(cli, ["events", "--db", str(db), "--merged", "--format", "jsonl", "--root", "19"])
    (airspace,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert airspace["num_mentions"] == 2 and airspace["num_sources"] == 2
    assert len(airspace["mentions"]) == 2 and airspace["representative"]["cameo_root"] == "19"
    result = runner.invoke(cli, ["events", "--db", str(db), "--merged"])
    assert result.exit_code == 0 and "m/s/a" in result.stdout and "2/2/2" in result.stdout
    result = runner.invoke(cli, ["events", "--db", str(db), "--merged", "--format", "csv"])
    assert result.stdout.startswith("merged_id,num_mentions,num_sources,num_articles")


@pytest.mark.parametrize("fmt, name", [("csv", "e.csv"), ("jsonl", "e.jsonl"), ("parquet", "pq"),
                                       ("gdelt", "g.tsv"), ("plover", "p.jsonl")])
def test_export_formats(db, runner, tmp_path, fmt, name):
    out = tmp_path / name
    result = runner.invoke(cli, ["export", "--db", str(db), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "written to" in result.stdout and out.exists()
    if fmt == "gdelt":
        assert out.read_text().splitlines()[0].split("\t") == GDELT_COLUMNS


def test_export_with_a_filter(db, runner, tmp_path):
    out = tmp_path / "f.jsonl"
    runner.invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "--out", str(out), "--cameo", "041"])
    assert all(json.loads(line)["cameo"] == "041" for line in out.read_text().splitlines())


def test_store_errors_are_one_line_and_exit_2(runner, tmp_path):
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"garbage" * 1000)
    for args in (["events", "--db", str(corrupt)], ["export", "--db", str(tmp_path / "none.db"), "--format", "csv",
                                                    "--out", str(tmp_path / "x.csv")],
                 ["ingest", str(tmp_path), "--db", str(corrupt)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("error: ") and "Traceback" not in result.output


def test_bad_filters_are_usage_errors(db, runner):
    assert runner.invoke(cli, ["events", "--db", str(db), "--dyad", "IND"]).exit_code == 2
    assert runner.invoke(cli, ["events", "--db", str(db), "--since", "May 1"]).exit_code == 2
    assert runner.invoke(cli, ["events", "--db", str(db), "--quad", "5"]).exit_code == 2
