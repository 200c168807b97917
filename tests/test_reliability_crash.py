"""Crash and restart: ``flashpoint ingest`` killed with SIGKILL at random moments (start-up,
schema creation, mid-batch, between batches, while merging), several seeds, then run again to
the end: nothing lost, nothing duplicated, the store equal to an uninterrupted run's. And a
corrupt, damaged, foreign or locked store gives one ``error:`` line, a non-zero exit status and
no traceback.

The corpus mixes good reports, bad inputs (recorded failures), equal document ids with
different texts, and a repeated text, over several files, so every kind of row is in flight
when the kill comes. bench/reliability.py runs more seeds.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_store_crash import snapshot

SEEDS = (3, 17, 2024)
BATCH = "4"
CLI = "from flashpoint.faces.cli import main; main()"
SENTENCES = [
    "Pakistan closed its airspace to Indian airlines on {day}.",
    "India expelled two Pakistani diplomats on {day}.",
    "Pakistan suspended all trade with India on {day}.",
    "US Secretary of State Marco Rubio spoke by telephone with Pakistani Prime Minister Shehbaz Sharif on {day}.",
    "Indian troops exchanged fire with Pakistani soldiers along the Line of Control on {day}.",
    "India accused Pakistan of backing the militants behind the attack.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_corpus(folder: Path, documents: int = 48) -> int:
    """Reports in two JSON Lines files and some text files, with failures mixed in; returns the
    number of inputs (documents + failures) an ingest reads."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = 0
    for part in range(2):
        lines = []
        for number in range(documents // 2):
            n = part * 1000 + number
            text = (f"NEW DELHI, May {1 + n % 28} – {SENTENCES[n % len(SENTENCES)].format(day=DAYS[n % 5])} "
                    f"Officials gave no details in report {n}.")
            # every 8th record reuses an id with a new text; every 11th is not JSON
            record_id = f"wire-{number - 1:03d}" if number % 8 == 7 else f"wire-{number:03d}"
            lines.append(json.dumps({"id": record_id, "published": "2025-05-10", "outlet": f"Outlet {n % 5}",
                                     "text": text}))
            if number % 11 == 10:
                lines.append('{"id": "broken", "text": ')
                inputs += 1
            inputs += 1
        (folder / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n")
    for number in range(6):
        (folder / f"report-{number}.txt").write_text(
            f"ISLAMABAD, May {number + 2} – {SENTENCES[number].format(day=DAYS[number % 5])} (file {number})\n")
        inputs += 1
    (folder / "copy-of-report-0.txt").write_text((folder / "report-0.txt").read_text())  # skipped: same text
    (folder / "empty.txt").write_text("")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "hindi.txt").write_text("भारत ने दो पाकिस्तानी राजनयिकों को निष्कासित कर दिया।\n")
    return inputs + 4


def ingest(corpus: Path, db: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CLI, "ingest", str(corpus), "--db", str(db), "--batch-size", BATCH],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)


def run_to_end(corpus: Path, db: Path, cwd: Path) -> tuple[float, str, str]:
    began = time.monotonic()
    process = ingest(corpus, db, cwd)
    out, err = process.communicate(timeout=600)
    assert process.returncode in (0, 1), err  # 1: some inputs failed, as they must
    assert "Traceback" not in err
    return time.monotonic() - began, out, err


def kill_at(corpus: Path, db: Path, cwd: Path, delay: float) -> bool:
    """Start an ingest and SIGKILL it after ``delay`` seconds; False if it finished first."""
    process = ingest(corpus, db, cwd)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        return True
    process.communicate()
    return False


@pytest.fixture(scope="module")
def crash_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    corpus = folder / "corpus"
    inputs = write_corpus(corpus)
    clean = folder / "clean.db"
    seconds, out, err = run_to_end(corpus, clean, folder)
    return {"folder": folder, "corpus": corpus, "clean": snapshot(clean), "seconds": seconds, "inputs": inputs}


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_kill_9_at_random_moments_loses_and_duplicates_nothing(crash_corpus, seed, capsys):
    rng = random.Random(seed)
    folder, corpus = crash_corpus["folder"], crash_corpus["corpus"]
    db = folder / f"killed-{seed}.db"
    kills = []
    for _ in range(2):  # two kills in a row, at random moments of a whole run
        delay = rng.uniform(0.5, crash_corpus["seconds"] * 0.95)
        if kill_at(corpus, db, folder, delay):
            kills.append(round(delay, 1))
    _, out, err = run_to_end(corpus, db, folder)
    resumed, clean = snapshot(db), crash_corpus["clean"]
    assert resumed["duplicates"] == 0
    for part in ("documents", "events", "merged", "mentions", "dirty"):
        assert resumed[part] == clean[part], f"seed {seed}: {part} differ after kills at {kills} s"
    again_seconds, out, _ = run_to_end(corpus, db, folder)
    assert snapshot(db) == clean
    assert "0 documents coded, 0 events, 0 failures" in out
    with capsys.disabled():
        print(f"\nseed {seed}: killed at {kills} s of a {crash_corpus['seconds']:.0f} s run; resumed store has "
              f"{len(resumed['documents'])} rows, {len(resumed['events'])} events, as an uninterrupted run")


# -- a corrupt, damaged or locked store --------------------------------------------------------------


def flashpoint(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]


@pytest.fixture(scope="module")
def one_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    report = folder / "report.txt"
    report.write_text("NEW DELHI, May 2 – India expelled two Pakistani diplomats on Thursday.\n")
    db = folder / "good.db"
    result = flashpoint("ingest", str(report), "--db", str(db))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, so a copy is whole
    conn.close()
    return db


@pytest.fixture
def good_store(one_store, tmp_path) -> Path:
    """A fresh copy of a small good store (one coded report), with its report beside it."""
    import shutil

    shutil.copy(one_store.parent / "report.txt", tmp_path / "report.txt")
    db = tmp_path / "good.db"
    shutil.copy(one_store, db)
    return db


def test_random_bytes_as_a_store(tmp_path):
    db = tmp_path / "random.db"
    db.write_bytes(random.Random(1).randbytes(65536))
    for args in (["events", "--db", str(db)], ["ingest", str(tmp_path / "none.txt"), "--db", str(db)],
                 ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "x.csv")],
                 ["serve", "--db", str(db), "--port", "9", "--no-preload"]):
        assert_one_line_error(flashpoint(*args), str(db))


def test_truncated_store(good_store, tmp_path):
    data = good_store.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(data[: len(data) // 3])
    result = flashpoint("events", "--db", str(truncated), "--format", "jsonl")
    if result.returncode == 0:  # SQLite read only pages that survived: then the answer must be sane
        assert "Traceback" not in result.stderr
    else:
        assert_one_line_error(result, str(truncated))


def test_store_with_damaged_pages(good_store, tmp_path):
    data = bytearray(good_store.read_bytes())
    rng = random.Random(5)
    for page in range(1, len(data) // 4096):  # keep the header page, scribble on every other one
        start = page * 4096
        data[start:start + 4096] = rng.randbytes(4096)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    for args in (["events", "--db", str(damaged)], ["ingest", str(good_store.parent / "report.txt"), "--db", str(damaged)]):
        assert_one_line_error(flashpoint(*args), str(damaged))


def test_store_with_a_garbage_write_ahead_log(good_store):
    wal = Path(str(good_store) + "-wal")
    wal.write_bytes(random.Random(9).randbytes(8192))  # SQLite checks WAL frame checksums: ignored
    result = flashpoint("events", "--db", str(good_store), "--format", "jsonl")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["cameo"]


def test_another_programs_database(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    assert_one_line_error(flashpoint("events", "--db", str(db)), "not a Flashpoint store")


def test_locked_store(good_store):
    new = good_store.parent / "new.txt"
    new.write_text("ISLAMABAD, May 3 – Pakistan closed its airspace to Indian airlines on Friday.\n")
    holder = sqlite3.connect(good_store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another writer holds the store
    try:
        began = time.monotonic()
        result = flashpoint("ingest", str(new), "--db", str(good_store), env={"FLASHPOINT_DB_TIMEOUT": "0.5"})
        assert_one_line_error(result, "locked by another process")
        assert time.monotonic() - began < 60
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_folder_or_a_missing_store(tmp_path):
    assert_one_line_error(flashpoint("events", "--db", str(tmp_path)), "folder")
    assert_one_line_error(flashpoint("events", "--db", str(tmp_path / "missing.db")), "no store here yet")
