"""Issue 18's heavy checks, run by bench/reliability.py (``concurrent``, ``memory``, ``budget``):

- **concurrent**: two, four and eight ``flashpoint ingest`` processes (the real coder) at once on
  one store, over overlapping and disjoint inputs, several seeds, against one serial run over the
  same files: documents, events and merged events compared as tests/concurrency.py compares them;
- **memory**: inputs of at most 10 MB compressed (gzip bombs of newlines, empty records, long
  records, texts, pages and feeds; a dense 2-million-character report; shapes the parser crawls
  on; an endless stdin; 100,000 small records), each through ``flashpoint ingest`` in a process
  of its own: its peak resident set;
- **budget**: hostile text shapes of 200,000 characters through the runner's coder, one document
  each: processor and wall seconds against the document's time budget, and what became of it.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from concurrency import canonical, share  # noqa: E402

CLI = "from flashpoint.faces.cli import main; main()"
SENTENCES = [
    "Pakistan closed its airspace to Indian airlines on {day}.",
    "India expelled two Pakistani diplomats on {day}.",
    "Pakistan suspended all trade with India on {day}.",
    "Indian troops exchanged fire with Pakistani soldiers along the Line of Control on {day}.",
    "US Secretary of State Marco Rubio spoke by telephone with Pakistani Prime Minister Shehbaz Sharif on {day}.",
    "China urged India and Pakistan to show restraint on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def peak_of(process: subprocess.Popen, timeout: float) -> tuple[int, float]:
    """Wait for a child; its exit status and peak RSS in MB (``wait4``: this parent is small)."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, round(usage.ru_maxrss / 1024, 1)
        if time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return -9, round(usage.ru_maxrss / 1024, 1)
        time.sleep(0.05)


# -- concurrent writers --------------------------------------------------------------------------


def reports(seed: int, count: int = 36) -> list[dict]:
    """English reports with ids two texts share, one text carried by three outlets, a broken record."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        text = (f"NEW DELHI, May {1 + number % 9} – " + rng.choice(SENTENCES).format(day=rng.choice(DAYS))
                + f" Officials gave no further details in note {number % 30}.")
        records.append({"id": f"wire-{number // 2}", "text": text, "outlet": f"Outlet {rng.randint(1, 4)}",
                        "published": "2025-05-10"})
    records += [dict(records[3], id="copy-a", outlet="Dawn"), dict(records[3], id="copy-b", outlet="Geo"),
                {"id": "broken", "text": 7}]
    return records


def bench_concurrent(work: Path, seeds: int = 3, writer_counts: tuple[int, ...] = (2, 4, 8)) -> dict:
    runs = []
    for seed in range(seeds):
        for writers in writer_counts:
            folder = work / f"concurrent-{seed}-{writers}"
            folder.mkdir()
            files = []
            for number, part in enumerate(share(reports(seed), writers, seed)):
                files.append(folder / f"writer{number}.jsonl")
                files[-1].write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
            began = time.monotonic()
            children = [subprocess.Popen([sys.executable, "-c", CLI, "ingest", str(f), "--db", str(folder / "c.db"),
                                          "--batch-size", "4"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                        for f in files]
            results = [peak_of(child, 1800) for child in children]
            seconds = time.monotonic() - began
            serial = subprocess.run([sys.executable, "-c", CLI, "ingest", *map(str, files), "--db",
                                     str(folder / "s.db"), "--batch-size", "4"], capture_output=True, text=True)
            together, alone = canonical(folder / "c.db"), canonical(folder / "s.db")
            runs.append({"seed": seed, "writers": writers, "exit": sorted({code for code, _ in results}),
                         "serial_exit": serial.returncode, "seconds": round(seconds, 1),
                         "peak_rss_mb": max(peak for _, peak in results),
                         "documents": len(alone["documents"]), "events": len(alone["events"]),
                         "merged": len(alone["merged"]),
                         "equal": {part: together[part] == alone[part] for part in ("documents", "events", "merged")}})
            print(f"  {runs[-1]}", flush=True)
    return {"runs": runs, "all_equal": all(all(r["equal"].values()) for r in runs),
            "tracebacks": 0}


# -- memory of hostile inputs ---------------------------------------------------------------------


def _gz(path: Path, unit: bytes, budget: int = 10_000_000, head: bytes = b"") -> Path:
    """``head``, then ``unit`` repeated until the compressed file nears ``budget`` bytes."""
    with gzip.open(path, "wb", compresslevel=9) as stream:
        stream.write(head)
        block = unit * max(1, 4_000_000 // len(unit))
        while path.stat().st_size < budget - 200_000:
            stream.write(block)
            stream.flush()
    return path


def _prose(chars: int) -> str:
    paragraph = " ".join(s.format(day=d) for s, d in zip(SENTENCES * 5, DAYS * 6))
    return ((paragraph + "\n\n") * (chars // len(paragraph) + 1))[:chars]


def memory_cases(folder: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    long_records = "".join(json.dumps({"id": f"long{n}", "text": f"Report {n}. " + _prose(99_000)}) + "\n"
                           for n in range(60))
    (folder / "long-records.jsonl.gz").write_bytes(gzip.compress(long_records.encode(), 9))
    tiny = "".join(json.dumps({"id": n, "text": f"India expelled {n} diplomats."}) + "\n" for n in range(100_000))
    (folder / "small-records.jsonl.gz").write_bytes(gzip.compress(tiny.encode(), 9))
    (folder / "dense.txt").write_text(("India attacked Pakistan. " * 80_000)[:2_000_000], encoding="utf-8")
    junk = "".join(unit * 20_000 for unit in ("'", "( ", "\U0001F1EE\U0001F1F3", "a-", "ab 1 2 3 ", "abcd. efgh. "))
    (folder / "junk.txt").write_text(_prose(20_000) + junk[:1_900_000] + _prose(20_000), encoding="utf-8")
    return {
        "newlines.jsonl.gz": _gz(folder / "newlines.jsonl.gz", b"\n"),
        "empty-records.jsonl.gz": _gz(folder / "empty-records.jsonl.gz", b"{}\n"),
        "long-records.jsonl.gz": folder / "long-records.jsonl.gz",
        "small-records.jsonl.gz": folder / "small-records.jsonl.gz",
        "text.txt.gz": _gz(folder / "text.txt.gz", b"India expelled diplomats. "),
        "page.html.gz": _gz(folder / "page.html.gz", b"<p>India expelled diplomats.</p>", head=b"<html><body>"),
        "feed.rss.gz": _gz(folder / "feed.rss.gz", b"<item><title>x</title><description>India expelled diplomats."
                           b"</description></item>", head=b'<?xml version="1.0"?><rss version="2.0"><channel>'),
        "dense.txt": folder / "dense.txt",
        "junk.txt": folder / "junk.txt",
    }


def bench_memory(work: Path) -> dict:
    results = {}
    for name, path in memory_cases(work / "memory").items():
        results[name] = _ingest_measured([str(path)], work / f"memory-{name}.db")
        results[name]["input_bytes"] = path.stat().st_size
        print(f"  {name}: {results[name]}", flush=True)
    results["endless stdin"] = _ingest_measured(["-"], work / "memory-stdin.db", feed=_endless)
    print(f"  endless stdin: {results['endless stdin']}", flush=True)
    return {"cases": results, "max_peak_rss_mb": max(r["peak_rss_mb"] for r in results.values()),
            "tracebacks": sum(r["traceback"] for r in results.values())}


def _endless(stream) -> None:
    line = b"Pakistan closed its airspace to Indian airlines.\n" * 1000
    try:
        while True:
            stream.write(line)
    except (BrokenPipeError, ValueError, OSError):
        pass


def _ingest_measured(sources: list[str], db: Path, feed=None) -> dict:
    began = time.monotonic()
    err_path = db.with_suffix(".err")
    with err_path.open("w") as err:
        child = subprocess.Popen([sys.executable, "-c", CLI, "ingest", *sources, "--db", str(db), "--no-fetch"],
                                 stdin=subprocess.PIPE if feed else subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=err)
        if feed:
            threading.Thread(target=feed, args=(child.stdin,), daemon=True).start()
        code, peak = peak_of(child, 7200)
    out = child.stdout.read().decode()
    errors = err_path.read_text(errors="replace")
    return {"exit": code, "peak_rss_mb": peak, "seconds": round(time.monotonic() - began, 1),
            "summary": out.strip().splitlines()[-1] if out.strip() else "", "traceback": "Traceback" in errors,
            "first_error": next((line[:160] for line in errors.splitlines() if line.startswith("error:")), None)}


# -- time budget -----------------------------------------------------------------------------------

BUDGET_SHAPES = {
    "apostrophes": "'", "parentheses": "(", "flags": "\U0001F1EE\U0001F1F3", "a-": "a-", "digits": "1234567890",
    "spaced parentheses": "( ", "commas": ", ", "abc-": "abc-", "figures": "12 34 56 78 ", "emoji": "🔥 ",
    "words between symbols": "ab ( ( ( ", "dots": "the . . . ", "one-word sentences": "abcd. efgh. ",
    "URLs": "http://x.com/a?b=c&d=e ", "country names": "India Pakistan China ",
    "a list of countries": "India, Pakistan, China, Russia, Iran and ", "one endless clause": "India attacked Pakistan and ",
    "event after event": "India attacked Pakistan. ", "pronouns": "he said he ", "prose": None,
}
BUDGET_CHILD = """
import json, sys, time
from flashpoint.budget import seconds_for
from flashpoint.ingest import make_item
from flashpoint.pipeline import Pipeline
from flashpoint.records import Failure
from flashpoint.runner import code_documents
pipeline = Pipeline()
for name, text in json.loads(sys.stdin.read()).items():
    item = make_item(text, doc_id=name, source=name)
    cpu, wall = time.process_time(), time.monotonic()
    coded, failures = code_documents(pipeline, [item]) if not isinstance(item, Failure) else ([], [item])
    print(json.dumps({"shape": name, "chars": len(text), "budget_s": seconds_for(len(text)),
                      "cpu_s": round(time.process_time() - cpu, 2), "wall_s": round(time.monotonic() - wall, 2),
                      "outcome": "failed: " + failures[0].reason[:60] if failures else "coded",
                      "events": sum(len(c.events) for c in coded), "blanked": bool(getattr(item, "notes", None))}),
          flush=True)
"""


def bench_budget(work: Path, chars: int = 200_000) -> dict:
    texts = {name: _prose(chars) if unit is None else (unit * (chars // len(unit) + 1))[:chars]
             for name, unit in BUDGET_SHAPES.items()}
    child = subprocess.run([sys.executable, "-c", BUDGET_CHILD], input=json.dumps(texts), capture_output=True,
                           text=True, timeout=7200)
    rows = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    for row in rows:
        print(f"  {row}", flush=True)
    return {"documents": rows, "exit": child.returncode, "traceback": "Traceback" in child.stderr,
            "max_cpu_s": max(r["cpu_s"] for r in rows), "max_wall_s": max(r["wall_s"] for r in rows),
            "over_budget_and_still_running": [r["shape"] for r in rows if r["cpu_s"] > r["budget_s"] * 1.1]}
