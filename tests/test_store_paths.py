"""Where a store may live and how it is opened (issue 18): ``--db :memory:`` and ``--db
/dev/null`` are refused instead of swallowing the work, ``ingest .`` never reads the store it
writes, commands that only read open a store on a read-only mount read-only, and a store
truncated under a running server is an error answer, not a SIGBUS."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashpoint.faces.cli import cli
from test_outputs import _fill

CLI = "from flashpoint.faces.cli import main; main()"


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("paths") / "s.db"
    _fill(db, documents=60, per_document=40)
    return db


@pytest.mark.parametrize("db", [":memory:", "file::memory:?cache=shared", os.devnull])
def test_a_db_that_is_not_a_file_is_refused(tmp_path, db):
    journal = Path(f"{db}-journal")
    had_journal = journal.exists()
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "missing.txt"), "--db", db, "--no-fetch"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {db}: not a") and "Traceback" not in result.output
    assert journal.exists() == had_journal  # /dev/null-journal used to be left behind


def test_ingesting_a_folder_never_reads_the_store_it_writes(tmp_path, monkeypatch):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    _fill(folder / "store.db", documents=2, per_document=2)
    os.link(folder / "store.db", tmp_path / "hard.db")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["ingest", ".", "--db", "store.db", "--no-fetch"])
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == ["error: empty.txt: empty file"], result.output
    named = CliRunner().invoke(cli, ["ingest", str(tmp_path / "hard.db"), "--db", "store.db", "--no-fetch"])
    assert "is the store being written" in named.output, named.output


def _read_only_runner(source: Path, tmp_path: Path, code: str = CLI):
    """A way to run a command (``code``, with arguments) with ``source``'s folder read-only: a
    read-only bind mount in a mount namespace of its own (as root), else the folder and file made
    unwritable."""
    if os.geteuid() == 0 and shutil.which("unshare"):
        mount = tmp_path / "ro"
        mount.mkdir()
        probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind -o ro {source.parent} {mount} && "
                                f"touch {mount}/probe"], capture_output=True, text=True)
        if "Read-only file system" in probe.stderr:
            def run(*args: str) -> subprocess.CompletedProcess:
                command = " ".join(f"'{a}'" for a in (sys.executable, "-c", code, *args))
                return subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind -o ro {source.parent} {mount} "
                                       f"&& exec {command}"], capture_output=True, text=True, timeout=300)
            return run, mount / source.name
    if os.geteuid() != 0:
        for path in (source, source.parent):
            path.chmod(path.stat().st_mode & ~0o222)

        def run(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)
        return run, source
    pytest.skip("no way to make a read-only folder here")


def test_reading_commands_open_a_read_only_store_read_only(filled, tmp_path):
    source = tmp_path / "data" / "s.db"
    source.parent.mkdir()
    shutil.copy(filled, source)
    run, db = _read_only_runner(source, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for args in (["events", "--limit", "3"], ["events", "--merged", "--limit", "3"],
                 ["export", "--format", "jsonl", "--out", str(out / "e.jsonl")],
                 ["export", "--format", "gdelt", "--out", str(out / "g.tsv")],
                 ["timeline", "IND", "PAK"], ["alerts"], ["report", "--out", str(out / "r.html")]):
        result = run(*args, "--db", str(db))
        assert result.returncode == 0, (args, result.stderr)
    assert len((out / "e.jsonl").read_text().splitlines()) == 2400
    written = run("ingest", str(out / "e.jsonl"), "--db", str(db), "--no-fetch")
    assert written.returncode == 2 and written.stderr.startswith(f"error: {db}: cannot open the store for writing")


SERVE = """
import pathlib, sys
from fastapi.testclient import TestClient
from flashpoint.faces.web import WebConfig, create_app
app = create_app(WebConfig(db=pathlib.Path(sys.argv[1]), allowed_hosts=("testserver",)))
with TestClient(app) as client:
    assert app.state.warmer.done.wait(60)
    for path in ("/api/stats", "/api/events?limit=3", "/api/events?view=merged&limit=3", "/api/dyads",
                 "/api/timeline?a=IND&b=PAK", "/api/alerts", "/api/map", "/api/network"):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])
    assert not client.get("/api/stats").json()["writable"]
print("served")
"""


def test_the_server_reads_a_read_only_store(filled, tmp_path):
    """``serve`` among the reading commands: its readers and its warm-up over a read-only mount."""
    source = tmp_path / "data" / "s.db"
    source.parent.mkdir()
    shutil.copy(filled, source)
    run, db = _read_only_runner(source, tmp_path, SERVE)
    result = run(str(db))
    assert result.returncode == 0 and result.stdout.strip() == "served", result.stderr[-2000:]


def test_a_store_truncated_under_a_reader_is_an_error_not_a_crash(filled, tmp_path):
    """The web server's readers used to memory-map the store: a store truncated (or replaced)
    while a query read it ended the whole server with SIGBUS. Now the query fails, as an error."""
    db = tmp_path / "served.db"
    shutil.copy(filled, db)
    script = ("import os, sys\n"
              "import flashpoint.analysis\n"
              "from flashpoint.store import Store, StoreError\n"
              "store = Store(sys.argv[1], create=False, readonly=True)\n"
              "rows = store._conn.execute('SELECT record FROM events')\n"
              "rows.fetchmany(10)\n"
              "os.truncate(sys.argv[1], os.path.getsize(sys.argv[1]) // 3)\n"
              "try:\n"
              "    print(len(rows.fetchall()))\n"
              "except Exception as error:\n"
              "    print(type(error).__name__, error)\n")
    run = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"the reader died (status {run.returncode}): {run.stderr[-500:]}"
