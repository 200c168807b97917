"""The CLI on real text: coding, formats, bad inputs and evaluation."""

from __future__ import annotations

import json

from click.testing import CliRunner

from flashpoint.faces.cli import cli


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_every_command_has_help_with_an_example():
    for command in cli.commands:
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.output, command


def test_code_the_worked_example_as_jsonl(worked_example):
    result = run("code", str(worked_example), "--format", "jsonl", "--date", "2025-05-01")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) >= 17
    first = records[0]
    for key in ("event_id", "doc_id", "date", "source", "target", "cameo", "cameo_root", "cameo_name",
                "goldstein", "quad_class", "plover", "modality", "evidence", "confidence", "rule"):
        assert key in first
    text = worked_example.read_text(encoding="utf-8")
    for record in records:
        evidence = record["evidence"]
        start, end = evidence["trigger_span"]
        assert text[start:end] == evidence["trigger"] or "..." in evidence["trigger"]
        assert text[evidence["char_start"]:evidence["char_end"]] == evidence["sentence"]
        assert record["modality"] == "asserted"


def test_code_table_and_csv(worked_example):
    table = run("code", str(worked_example), "--date", "2025-05-01")
    assert table.exit_code == 0 and "Accuse" in table.output
    csv_out = run("code", str(worked_example), "--format", "csv", "--date", "2025-05-01")
    header = csv_out.output.splitlines()[0].split(",")
    assert header[:3] == ["event_id", "doc_id", "date"] and "cameo" in header


def test_stdin():
    result = run("code", "-", "--format", "jsonl", "--date", "2025-04-24",
                 stdin="Pakistan closed its airspace to Indian airlines.")
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    assert record["source"]["code"] == "PAK" and record["target"]["country"] == "IND"
    assert record["cameo_root"] == "19" and record["date"] == "2025-04-24"


def test_bad_inputs_fail_one_line_each_and_the_rest_is_coded(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("India accused Pakistan of supporting the attack on Wednesday.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\nabc")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9".encode("latin-1"))
    records = tmp_path / "records.jsonl"
    records.write_text('{"id": "r1"}\nnot json\n{"id": "r2", "text": "Pakistan closed its airspace to India."}\n')
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(cli, ["code", str(good), str(empty), str(binary), str(latin), str(records),
                                      str(missing), "--format", "jsonl", "--date", "2025-04-24"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 6, result.stderr
    for name in ("empty.txt", "image.txt", "latin.txt", "records.jsonl:1", "records.jsonl:2", "missing.txt"):
        assert any(name in line for line in errors), name
    coded = {json.loads(line)["doc_id"] for line in result.stdout.splitlines()}
    assert coded == {"good", "r2"}


def test_bad_date_option():
    result = CliRunner().invoke(cli, ["code", "-", "--date", "May 1"], input="x")
    assert result.exit_code == 2 and "not a date" in result.output


def test_evaluate_document_gold(worked_example_gold):
    result = run("evaluate", str(worked_example_gold), "--json")
    score = json.loads(result.output)
    assert score["required"] == 17
    assert score["forbidden_hits"] == []


def test_evaluate_sentence_gold_and_event_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in [
        {"id": "s1", "text": "India accused Pakistan of supporting the attack.", "date": "20250501",
         "expected": [{"source": "IND", "target": "PAK", "code": "112"}]},
        {"id": "s2", "text": "The weather was fine in Delhi.", "date": "2025-05-01", "expected": []},
    ]), encoding="utf-8")
    result = run("evaluate", str(gold), "--json")
    score = json.loads(result.output)
    assert score["records"] == 2
    assert score["exact"]["tp"] == 1 and score["exact"]["fn"] == 0
    events = run("code", "-", "--format", "jsonl", "--date", "2025-05-01",
                 stdin="India accused Pakistan of supporting the attack.").output
    lines = [json.loads(line) | {"doc_id": "s1"} for line in events.splitlines()]
    event_file = tmp_path / "events.jsonl"
    event_file.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    result = run("evaluate", str(gold), "--events", str(event_file), "--json")
    assert json.loads(result.output)["exact"]["tp"] == 1


def test_check_reports_problems_in_order():
    result = run("check")
    assert "ontology: ok" in result.output
