"""Concurrent writers (issue 18): two, four and eight ingest processes on one store, over
overlapping and disjoint inputs, leave the same documents, events and merged events as one
serial run over the same inputs; and two real ``flashpoint ingest -`` runs at once keep both
texts and all their events.

The many-process runs use a fake coder (tests/concurrency.py), so they cost process start-ups,
not spaCy; bench/reliability.py ``concurrent`` runs the real coder the same way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from concurrency import FakePipeline, canonical, corpus, share, write_inputs

HERE = Path(__file__).resolve().parent
CLI = "from flashpoint.faces.cli import main; main()"


def _serial(db: Path, files: list[Path]) -> None:
    from flashpoint.ingest import read_sources
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    with Store(db) as store:
        ingest(store, read_sources([str(f) for f in files]), pipeline=FakePipeline(), batch_size=2)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("writers", [2, 4, 8])
def test_concurrent_ingests_equal_one_serial_run(tmp_path, seed, writers):
    files = []
    for number, part in enumerate(share(corpus(seed), writers, seed)):
        files.append(tmp_path / f"writer{number}.jsonl")
        write_inputs(files[-1], part)
    db, go = tmp_path / "concurrent.db", tmp_path / "go"
    processes = [subprocess.Popen([sys.executable, str(HERE / "concurrency.py"), str(db), str(f), str(go), str(i)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i, f in enumerate(files)]
    go.touch()
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    _serial(tmp_path / "serial.db", files)
    together, alone = canonical(db), canonical(tmp_path / "serial.db")
    assert together["dirty"] == alone["dirty"] == 0
    for part in ("documents", "events", "merged"):
        assert together[part] == alone[part], part
    assert len(alone["events"]) > len(alone["documents"]) > 20


@pytest.mark.slow
def test_two_stdin_ingests_at_once_keep_both_texts(tmp_path):
    """Both runs name their document "stdin"; their first sentences (and so their events) are
    the same, the rest differs. The id used to be chosen outside the write transaction: both
    took "stdin", the second text's events collided with the first's and were dropped while its
    n_events still claimed them."""
    db = tmp_path / "two.db"
    texts = [f"Pakistan closed its airspace to Indian airlines on Thursday. Officials said more in note {n}."
             for n in (1, 2)]
    runs = [subprocess.Popen([sys.executable, "-c", CLI, "ingest", "-", "--db", str(db), "--date", "2025-04-24"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=tmp_path) for _ in texts]
    for run, text in zip(runs, texts):
        run.stdin.write(text)
        run.stdin.close()
    for run in runs:
        run.wait(timeout=300)
        assert run.returncode == 0, run.stderr.read()
    state = canonical(db)  # checks ids are unique and every n_events is true
    documents = state["documents"]
    assert len(documents) == 2 and {d[1] for d in documents} == {"stdin"}
    assert all(d[3] >= 1 for d in documents), documents
    assert len(state["events"]) == sum(d[3] for d in documents)


def test_the_store_gives_a_clashing_id_its_hash_inside_the_write(tmp_path):
    """Whatever the caller checked before, ``Store.add`` renames a text whose id another text
    holds, with its events, and counts what it stored."""
    from flashpoint.ingest import make_document
    from flashpoint.records import CodedDocument
    from flashpoint.store import Store

    def coded(text: str) -> CodedDocument:
        document = make_document(text, doc_id="report", source="report.txt", published=None)
        return CodedDocument(document, list(FakePipeline.events(document)))

    first, second = coded("Wire. IND 190 PAK 2025-05-02"), coded("Wire. IND 190 PAK 2025-05-02. USA 042 IND 2025-05-03")
    assert first.events[0].event_id == second.events[0].event_id  # same id, same first clause
    with Store(tmp_path / "s.db") as store:
        assert store.add([first]) == (1, 1, 0)
        assert store.add([second]) == (1, 2, 0)
        rows = store.query("SELECT doc_id, n_events, (SELECT count(*) FROM events e WHERE e.doc = d.id) "
                           "FROM documents d ORDER BY id")
    assert rows == [("report", 1, 1), (f"report~{second.document.content_hash[:12]}", 2, 2)]
