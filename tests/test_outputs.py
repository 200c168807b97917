"""Output paths and atomic outputs (issue 18): no command writes over the store or its companion
files, however the path names it; exports, reports and plots appear complete or not at all (a
full disk, a kill -9 mid-export), with one error line instead of a traceback."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from factories import actor, event
from flashpoint.faces.cli import cli
from flashpoint.ingest import make_document
from flashpoint.records import CodedDocument
from flashpoint.store import Store, StoreError

CLI = "from flashpoint.faces.cli import main; main()"


def _fill(db: Path, documents: int = 40, per_document: int = 25) -> None:
    import flashpoint.analysis  # noqa: F401 - merging keeps the alerts, as every command's store does

    coded = []
    for number in range(documents):
        document = make_document(f"Report {number} of the border. " * 3, doc_id=f"r{number}", source=f"r{number}.txt")
        events = [event(document.doc_id, actor("IND", 3 * k), "190", actor("PAK", 3 * k + 1),
                        day=f"2025-05-{1 + k % 9:02d}") for k in range(per_document)]
        coded.append(CodedDocument(document, events))
    with Store(db) as store:
        store.add(coded)
        store.refresh_merges()


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("outputs") / "store.html"  # a name --plot accepts too
    _fill(db)
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names_of_the_store(db: Path, tmp: Path) -> dict[str, Path]:
    link, hard = tmp / "link.html", tmp / "hard.html"
    link.unlink(missing_ok=True), hard.unlink(missing_ok=True)
    link.symlink_to(db)
    os.link(db, hard)
    return {"store": db, "wal": db.with_name(db.name + "-wal"), "shm": db.with_name(db.name + "-shm"),
            "journal": db.with_name(db.name + "-journal"), "symlink": link, "hard link": hard,
            "relative": Path(os.path.relpath(db))}


COMMANDS = {
    "export jsonl": lambda db, out: ["export", "--db", str(db), "--format", "jsonl", "--out", str(out)],
    "export gdelt": lambda db, out: ["export", "--db", str(db), "--format", "gdelt", "--out", str(out)],
    "export parquet": lambda db, out: ["export", "--db", str(db), "--format", "parquet", "--out", str(out)],
    "report": lambda db, out: ["report", "--db", str(db), "--out", str(out)],
    "timeline --plot": lambda db, out: ["timeline", "IND", "PAK", "--db", str(db), "--plot", str(out)],
    "demo": lambda db, out: ["demo", "--db", str(db), "--out", str(out)],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_no_output_goes_over_the_store(filled, tmp_path, command):
    with Store(filled) as store:  # leaves the -wal and -shm files in place, as a running server does
        before = _digest(filled)
        for name, out in _names_of_the_store(filled, tmp_path).items():
            existed = out.exists()
            size = out.stat().st_size if existed else None
            result = CliRunner().invoke(cli, COMMANDS[command](filled, out))
            assert result.exit_code == 2, (name, result.output)
            assert "is the store" in result.output and "Traceback" not in result.output, (name, result.output)
            assert out.exists() == existed and (not existed or out.stat().st_size == size), name
        assert store.counts().events == 1000
    assert _digest(filled) == before
    conn = sqlite3.connect(filled)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_full_disk_is_one_error_line_and_no_file(filled, tmp_path):
    """RLIMIT_FSIZE makes every write past 200 KB fail as a full disk does (EFBIG: Python ignores
    SIGXFSZ); the export is 1,000 events, about 1.5 MB."""
    out = tmp_path / "events.jsonl"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    run = subprocess.run([sys.executable, "-c", CLI, "export", "--db", str(filled), "--format", "jsonl",
                          "--out", str(out)], capture_output=True, text=True, preexec_fn=limit, timeout=120,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith(f"error: {out}: cannot write: the disk is full"), run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not out.exists() and os.listdir(tmp_path) == []


def test_an_export_killed_mid_way_leaves_no_file_that_looks_complete(filled, tmp_path):
    out = tmp_path / "events.jsonl"
    script = ("import os, signal, sys\n"
              "from flashpoint import formats\n"
              "write = formats.FORMATS['jsonl'].write\n"
              "class Dying:\n"
              "    def __init__(self, stream): self.stream, self.lines = stream, 0\n"
              "    def write(self, text):\n"
              "        self.stream.write(text); self.lines += text.count('\\n')\n"
              "        if self.lines >= 300: self.stream.flush(); os.kill(os.getpid(), signal.SIGKILL)\n"
              "object.__setattr__(formats.FORMATS['jsonl'], 'write', lambda source, out: write(source, Dying(out)))\n"
              f"{CLI}\n")
    run = subprocess.run([sys.executable, "-c", script, "export", "--db", str(filled), "--format", "jsonl",
                          "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == -9, run.stderr
    assert not out.exists()  # only the hidden partial file, never the export's name


def test_a_failed_write_leaves_nothing_behind(filled, tmp_path, monkeypatch):
    from flashpoint import formats

    def full(source, stream):
        stream.write("half a line")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(formats.FORMATS, "csv", dataclasses.replace(formats.FORMATS["csv"], write=full))
    with Store(filled) as store, pytest.raises(StoreError, match="disk is full"):
        store.export("csv", tmp_path / "e.csv")
    assert os.listdir(tmp_path) == []


def test_writing_to_a_device_still_streams(filled):
    result = CliRunner().invoke(cli, ["export", "--db", str(filled), "--format", "csv", "--out", os.devnull])
    assert result.exit_code == 0, result.output


def test_standard_output_on_a_full_disk_is_one_error_line(filled):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-c", CLI, "events", "--db", str(filled), "--format", "jsonl"],
                             stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 2 and run.stderr.strip().splitlines() == [
        "error: cannot write the output: No space left on device"], run.stderr
