"""Text shapes the parser crawls on, and the per-document time budget (issue 18).

Runs of apostrophes, ``(``, flag emoji, ``a-``, digits and their kin took 20-123 s per 200 KB
and up to 1 GB; they are blanked before parsing (:mod:`flashpoint.ingest.shapes`), offsets
unchanged, with a note the store keeps. A shape nobody foresaw meets the time budget
(:mod:`flashpoint.budget`): the document becomes a failure naming its budget, and the rest of its
batch is coded. bench/reliability.py ``budget`` runs them at 200 KB through the runner.
"""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from concurrency import FakePipeline
from flashpoint.datafiles import DATA_ROOT
from flashpoint.faces.cli import cli
from flashpoint.ingest import make_document, make_item
from flashpoint.ingest.shapes import tame
from flashpoint.records import Failure
from flashpoint.runner import code_documents

LEAD = "Pakistan closed its airspace to Indian airlines on Thursday.\n\n"
TAIL = "\n\nIndia expelled two Pakistani diplomats on Friday."
SHAPES = {
    "apostrophes": "'", "parentheses": "(", "flags": "\U0001F1EE\U0001F1F3", "a-": "a-", "digits": "1234567890",
    "spaced parentheses": "( ", "spaced apostrophes": "' ", "commas": ", ", "abc-": "abc-", "figures": "12 34 56 78 ",
    "emoji": "🔥 ", "fragments": "a1!b2@c3# ", "words between symbols": "ab ( ( ( ", "words between figures": "ab 1 2 3 ",
    "dots": "the . . . ", "one-word sentences": "abcd. efgh. ",
}


def _text(unit: str, size: int) -> str:
    return LEAD + (unit * (size // len(unit) + 1))[:size] + TAIL


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_hostile_shape_is_blanked_in_place(name):
    text = _text(SHAPES[name], 50_000)
    tamed, notes = tame(text)
    assert len(tamed) == len(text) and tamed.count("\n") == text.count("\n")
    assert len(notes) == 1 and "blanked" in notes[0]
    assert sum(not c.isspace() for c in tamed) < 0.05 * len(text)  # the run is gone (but a few short words)
    assert tamed.endswith(TAIL)  # the words after it are where they were


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_hostile_shape_codes_in_a_moment(pipeline, name):
    """Before blanking, 50,000 characters of most of these took 2-20 s of processor time."""
    document = make_item(_text(SHAPES[name], 50_000), doc_id="x", source="x.txt")
    began = time.process_time()
    coded, failures = code_documents(pipeline, [document])
    assert not failures and time.process_time() - began < 2.0
    assert document.notes and coded[0].document.notes == document.notes
    for event in coded[0].events:  # offsets still index the text
        start, end = event.evidence.trigger_span
        assert document.text[start:end] == event.evidence.trigger


def test_reports_are_left_alone(worked_example):
    texts = [json.loads(line)["text"] for line in (DATA_ROOT / "sample" / "reports.jsonl").open(encoding="utf-8")]
    texts.append(worked_example.read_text(encoding="utf-8"))
    for text in texts:
        assert tame(text) == (text, [])
    assert tame("See https://example.org/a/b?c=1&d=2 and the scores 3-1, 2-2 and 0-0.")[1] == []
    assert tame("a" * 100_000 + " " + LEAD)[1] == []  # one long word: one token, no crawl


class Burning(FakePipeline):
    """A coder that spends processor time on texts containing "slow"."""

    def code(self, documents, batch_size=None):
        for document in documents:
            if "slow" in document.text:
                end = time.process_time() + 3
                while time.process_time() < end:
                    pass
        return super().code(documents, batch_size)


def test_a_document_over_its_time_budget_fails_and_its_batch_is_coded(monkeypatch):
    monkeypatch.setenv("FLASHPOINT_DOC_SECONDS", "0.5")
    documents = [make_document(f"Report {n}. IND 190 PAK 2025-05-0{n + 1}" + (" slow" if n == 1 else ""),
                               doc_id=f"d{n}", source=f"d{n}.txt") for n in range(3)]
    began = time.process_time()
    coded, failures = code_documents(Burning(), documents)
    assert [c.document.doc_id for c in coded] == ["d0", "d2"]
    assert [f.doc_id for f in failures] == ["d1"] and "time budget (0.5 s of processor time" in failures[0].reason
    assert isinstance(failures[0], Failure) and failures[0].text == documents[1].text  # --retry-failed can retry
    assert time.process_time() - began < 2.5


def test_notes_are_stored_and_shown(tmp_path):
    import flashpoint.analysis  # noqa: F401
    from flashpoint.ingest import read_sources
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    path = tmp_path / "junk.txt"
    path.write_text(_text("(", 5_000), encoding="utf-8")
    shown = []
    with Store(tmp_path / "s.db") as store:
        ingest(store, read_sources([str(path)]), pipeline=FakePipeline(), on_note=lambda d, n: shown.append(n))
        [stored] = store.documents()
    assert stored.notes and stored.notes == shown and "blanked 5,000 characters" in shown[0]


@pytest.mark.slow
def test_flashpoint_code_says_what_it_blanked(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_text(_text("'", 20_000), encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", str(path), "--date", "2025-05-01", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert f"note: {path}: blanked 20,000 characters" in result.output


def test_the_web_api_codes_a_hostile_post_in_a_moment(pipeline, tmp_path):
    """POST /api/code took a 100 KB body of such a shape for a minute of a server thread."""
    from fastapi.testclient import TestClient

    from flashpoint.faces.web import WebConfig, create_app
    from flashpoint.faces.web.coding import Coder
    from flashpoint.store import Store

    Store(tmp_path / "s.db").close()
    app = create_app(WebConfig(db=tmp_path / "s.db", max_code_bytes=200_000, warm_dyads=-1, allowed_hosts=("testserver",)), coder=Coder(pipeline))
    with TestClient(app) as client:
        began = time.monotonic()
        answer = client.post("/api/code", json={"text": _text("'", 99_000), "published": "2025-05-01"})
        assert answer.status_code == 200 and time.monotonic() - began < 10
    body = answer.json()
    assert body["notes"] and "blanked 99,000 characters" in body["notes"][0]
    assert len(body["text"]) == len(_text("'", 99_000)) and {e["cameo"] for e in body["events"]}


def test_a_lone_document_over_budget_is_stopped_once(monkeypatch):
    monkeypatch.setenv("FLASHPOINT_DOC_SECONDS", "0.5")
    document = make_document("Report. IND 190 PAK 2025-05-01 slow", doc_id="d", source="d.txt")
    began = time.process_time()
    coded, failures = code_documents(Burning(), [document])
    assert not coded and len(failures) == 1 and time.process_time() - began < 1.0
