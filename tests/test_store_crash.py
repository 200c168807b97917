"""Crash safety: kill -9 in the middle of `flashpoint ingest`, rerun, and the store is exactly what
an uninterrupted run makes: every document once, the same events, the same merged events; and
ingesting again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_DOCUMENTS = 300
BATCH = 8
KILL_AFTER = 40  # documents stored before the kill

CITIES = ["NEW DELHI", "ISLAMABAD", "WASHINGTON", "LAHORE", "SRINAGAR"]
SENTENCES = [
    "Pakistan closed its airspace to Indian airlines on {weekday}.",
    "Pakistan suspended all trade with India on {weekday}.",
    "India accused Pakistan of backing the attack near Pahalgam.",
    "US Secretary of State Marco Rubio spoke by telephone with Indian External Affairs Minister "
    "S. Jaishankar on {weekday}.",
    "Pakistan agreed to a ceasefire with India on {weekday}.",
    "India expelled two Pakistani diplomats on {weekday}.",
    "Indian officials accused Pakistan of supporting the militants behind the killings.",
    "Pakistan shut its airspace to Indian airlines on {weekday} in response to New Delhi's decisions.",
    "Islamabad suspended trade with New Delhi on {weekday}.",
    "Pakistan halted all trade with India on {weekday}, including through third countries.",
]


def write_corpus(path: Path) -> None:
    """300 short wire reports: ten phrasings the coder handles, on 30 days, from five cities."""
    start = dt.date(2025, 4, 1)
    with path.open("w") as stream:
        for number in range(N_DOCUMENTS):
            day = start + dt.timedelta(days=number % 30)
            weekday = (day - dt.timedelta(days=1)).strftime("%A")
            city = CITIES[number % len(CITIES)]
            sentence = SENTENCES[(number // 30) % len(SENTENCES)].format(weekday=weekday)
            text = (f"{city}, {day:%B} {day.day} (test wire {number}) – {sentence} "
                    f"Officials gave no further details in report number {number}.")
            record = {"id": f"wire-{number:03d}", "outlet": f"Outlet {number % 7}", "published": day.isoformat(),
                      "text": text}
            stream.write(json.dumps(record) + "\n")


def flashpoint(*args: str, **kwargs) -> subprocess.Popen:
    code = "from flashpoint.faces.cli import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kwargs)


def stored_documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created or migrated yet


def snapshot(db: Path) -> dict:
    """Everything a run leaves behind that must not depend on being interrupted."""
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": sorted(conn.execute("SELECT content_hash, doc_id, status, n_events FROM documents")),
            "duplicates": conn.execute("SELECT count(*) FROM (SELECT content_hash FROM documents "
                                       "GROUP BY content_hash HAVING count(*) > 1)").fetchone()[0],
            "events": dict(conn.execute("SELECT event_id, record FROM events")),
            "merged": sorted(conn.execute("SELECT merged_id, representative, num_mentions, num_sources, num_articles, "
                                          "first_seen, last_seen FROM merged_events")),
            "mentions": sorted(conn.execute("SELECT event_id, merged_id FROM merged_mentions")),
            "dirty": conn.execute("SELECT count(*) FROM merge_dirty").fetchone()[0],
        }
    finally:
        conn.close()


def _difference(a, b) -> str:
    if isinstance(a, dict):
        a, b = sorted(a.items()), sorted(b.items())
    if isinstance(a, list):
        only_a, only_b = [x for x in a if x not in b], [x for x in b if x not in a]
        return f"only after the kill: {only_a[:3]}; only uninterrupted: {only_b[:3]}"
    return f"{a!r} != {b!r}"


@pytest.mark.slow
def test_kill_9_mid_ingest_then_rerun_equals_an_uninterrupted_run(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    db = tmp_path / "killed.db"

    run = flashpoint("ingest", str(corpus), "--db", str(db), "--batch-size", str(BATCH), cwd=tmp_path)
    deadline = time.monotonic() + 240
    while stored_documents(db) < KILL_AFTER and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(run.pid, signal.SIGKILL)
    run.communicate()
    at_kill = stored_documents(db)
    assert run.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert KILL_AFTER <= at_kill < N_DOCUMENTS

    rerun = flashpoint("ingest", str(corpus), "--db", str(db), "--batch-size", str(BATCH), cwd=tmp_path)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{at_kill} already stored" in out

    clean = tmp_path / "clean.db"
    whole = flashpoint("ingest", str(corpus), "--db", str(clean), "--batch-size", str(BATCH), cwd=tmp_path)
    _, err = whole.communicate(timeout=300)
    assert whole.returncode == 0, err

    resumed, uninterrupted = snapshot(db), snapshot(clean)
    assert len(resumed["documents"]) == N_DOCUMENTS and resumed["duplicates"] == 0
    assert all(status == "coded" for _, _, status, _ in resumed["documents"])
    assert len(resumed["events"]) >= N_DOCUMENTS  # the coder finds at least one event per report
    for part in ("documents", "events", "merged", "mentions", "dirty"):
        assert resumed[part] == uninterrupted[part], f"{part} differ: {_difference(resumed[part], uninterrupted[part])}"
    with capsys.disabled():
        print(f"\nkill -9 after {at_kill}/{N_DOCUMENTS} documents; resumed store: "
              f"{len(resumed['documents'])} documents, "
              f"{len(resumed['events'])} events, {len(resumed['merged'])} merged events, equal to an uninterrupted run")

    again = flashpoint("ingest", str(corpus), "--db", str(db), cwd=tmp_path)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert f"0 documents coded, 0 events, 0 failures, {N_DOCUMENTS} already stored" in out
    assert snapshot(db) == uninterrupted
