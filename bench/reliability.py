"""Reliability bench: the bad-input corpus with its heavy cases, long texts, kill -9 with many
seeds, and peak memory. The figures in docs/reliability.md come from this script.

Run (each part alone, or all; results also written as JSON with --json PATH):

    python bench/reliability.py corpus            # 69 normal + 2 heavy bad inputs through `flashpoint ingest`
    python bench/reliability.py long              # 200 KB / 1 MB / 2 MB texts coded in segments, 20 MB refused
    python bench/reliability.py long --full-20mb  # ... and the 20 MB text coded whole (slow: ~40 min)
    python bench/reliability.py long --only-20mb  # only that
    python bench/reliability.py stream            # a 256 MB JSON Lines file read in bounded memory (no coding)
    python bench/reliability.py crash --seeds 10  # kill -9 at random moments, then resume
    python bench/reliability.py concurrent        # 2, 4, 8 concurrent ingests vs one serial run (bench/hostile.py)
    python bench/reliability.py memory            # inputs of at most 10 MB compressed: peak RSS each
    python bench/reliability.py budget            # hostile text shapes: time per document vs its budget
    python bench/reliability.py all

Peak memory is the child process's own maximum resident set size (``wait4``'s ru_maxrss), so each
measured step runs in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import hostile  # noqa: E402
from reliability_corpus import check_case, long_line, many_sentences, report, rows_of, write_corpus  # noqa: E402

CLI = "from flashpoint.faces.cli import main; main()"


def run_child(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 7200) -> dict:
    """Run a child process; return its exit status, output, wall time and peak RSS (MB)."""
    out_path, err_path = cwd / ".child.out", cwd / ".child.err"
    began = time.monotonic()
    with out_path.open("w") as out, err_path.open("w") as err:
        process = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd, env={**os.environ, **(env or {})})
        deadline = began + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"returncode": process.returncode, "stdout": out_path.read_text(), "stderr": err_path.read_text(),
            "seconds": round(time.monotonic() - began, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


# -- the corpus ----------------------------------------------------------------------------------


def bench_corpus(work: Path) -> dict:
    """Every case of tests/reliability_corpus.py, heavy ones included, in one `flashpoint ingest`."""
    written = write_corpus(work / "corpus", heavy=True)
    db = work / "corpus.db"
    result = run_child(python(CLI, "ingest", *(str(path) for _, path in written), "--db", str(db), "--no-fetch",
                              "--batch-size", "32", "--no-merge"), work)
    merge = run_child(python("import sys, time; import flashpoint.analysis; from flashpoint.store import Store\n"
                             "began = time.monotonic()\n"
                             "with Store(sys.argv[1]) as store: groups = store.refresh_merges()\n"
                             "print(groups, round(time.monotonic() - began, 1))", str(db)), work)
    conn = sqlite3.connect(db)
    problems = {}
    for case, path in written:
        problem = check_case(case, rows_of(conn, path))
        if problem:
            problems[case.name] = problem
    counts = dict(conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
    events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    duplicates = conn.execute("SELECT count(*) FROM (SELECT content_hash FROM documents GROUP BY content_hash "
                              "HAVING count(*) > 1)").fetchone()[0]
    lost = sum(1 for problem in problems.values() if problem.startswith("nothing stored"))
    conn.close()
    crashed = result["returncode"] not in (0, 1) or "Traceback" in result["stderr"]
    return {
        "cases": len(written), "cases_as_expected": len(written) - len(problems), "problems": problems,
        "documents_coded": counts.get("coded", 0), "failures_recorded": counts.get("failed", 0), "events": events,
        "crashes": int(crashed), "inputs_lost": lost, "duplicates": duplicates,
        "seconds": result["seconds"], "peak_rss_mb": result["peak_rss_mb"], "exit_status": result["returncode"],
        "summary": result["stdout"].strip().splitlines()[-2:],
        "merge": {"seconds": merge["seconds"], "peak_rss_mb": merge["peak_rss_mb"], "out": merge["stdout"].strip(),
                  "crashed": merge["returncode"] != 0},
    }


# -- long texts ----------------------------------------------------------------------------------

CODE_LONG = r"""
import json, sys, time
from flashpoint.ingest import make_item
from flashpoint.pipeline import Pipeline
from flashpoint.records import Failure
text = open(sys.argv[1], encoding="utf-8").read()
began = time.monotonic()
item = make_item(text, doc_id="long", source=sys.argv[1])
if isinstance(item, Failure):
    print(json.dumps({"failure": item.reason, "seconds": round(time.monotonic() - began, 1)}))
    sys.exit(0)
coded = next(Pipeline().code([item]))
bad = 0
for event in coded.events:
    ev = event.evidence
    bad += text[ev.char_start:ev.char_end] != ev.sentence
    bad += "..." not in ev.trigger and text[ev.trigger_span[0]:ev.trigger_span[1]] != ev.trigger
    for actor in (event.source, event.target):
        if actor is not None and actor.span[1] > actor.span[0]:
            bad += text[actor.span[0]:actor.span[1]] != actor.text
print(json.dumps({"chars": len(text), "events": len(coded.events), "sentences": len(coded.sentences),
                  "offsets_wrong": bad, "ids_unique": len({e.event_id for e in coded.events}) == len(coded.events),
                  "seconds": round(time.monotonic() - began, 1)}))
"""


def long_text(chars: int) -> str:
    block = report("long text") + many_sentences(60)
    return (block * (chars // len(block) + 1))[:chars]


def bench_long(work: Path, full_20mb: bool = False, only_20mb: bool = False) -> dict:
    """Long texts coded in segments: time, events, exact offsets, and peak memory per size."""
    out = {}
    sizes = [("200 KB", 200_000, {}), ("1 MB", 1_000_000, {}), ("2 MB", 2_000_000, {}),
             ("200,000-char line", None, {}), ("20 MB (default limit)", 20 * 1024 * 1024, {})]
    if only_20mb:
        sizes = []
    if full_20mb or only_20mb:
        sizes.append(("20 MB (limit lifted)", 20 * 1024 * 1024, {"FLASHPOINT_MAX_TEXT_CHARS": "0"}))
    for label, chars, env in sizes:
        path = work / f"long-{label.split()[0]}.txt"
        path.write_text(long_line(200_000) if chars is None else long_text(chars), encoding="utf-8")
        result = run_child(python(CODE_LONG, str(path)), work, env=env)
        figures = json.loads(result["stdout"].strip().splitlines()[-1]) if result["returncode"] == 0 else {
            "error": result["stderr"][-500:]}
        out[label] = {**figures, "peak_rss_mb": result["peak_rss_mb"], "wall_seconds": result["seconds"]}
        print(f"  {label}: {out[label]}", flush=True)
    return out


# -- streaming a huge JSON Lines file ---------------------------------------------------------------

READ_ONLY = r"""
import sys, time
from flashpoint.ingest import read_sources
from flashpoint.ingest.fetch import FetchPolicy
from flashpoint.records import Failure
began = time.monotonic()
documents = failures = 0
for item in read_sources([sys.argv[1]], policy=FetchPolicy(enabled=False)):
    if isinstance(item, Failure):
        failures += 1
    else:
        documents += 1
print(documents, failures, round(time.monotonic() - began, 1))
"""


def bench_stream(work: Path, megabytes: int = 256) -> dict:
    """A JSON Lines file of ``megabytes`` read (screened, not coded): memory must stay flat."""
    path = work / "huge.jsonl"
    line_count = 0
    with path.open("w", encoding="utf-8") as stream:
        while stream.tell() < megabytes * 1024 * 1024:
            for _ in range(1000):
                stream.write(json.dumps({"id": f"r{line_count}", "text": report(f"stream {line_count}")}) + "\n")
                line_count += 1
            if line_count % 50_000 == 0:
                stream.write("not json\n")
    size = path.stat().st_size
    result = run_child(python(READ_ONLY, str(path)), work)
    documents, failures, seconds = result["stdout"].split()
    path.unlink()
    return {"file_mb": round(size / 1024 / 1024), "records": int(documents), "failures": int(failures),
            "seconds": float(seconds), "peak_rss_mb": result["peak_rss_mb"]}


# -- kill -9 ----------------------------------------------------------------------------------------

SNAPSHOT_PARTS = ("documents", "events", "merged", "mentions", "dirty")


def bench_crash(work: Path, seeds: int = 10) -> dict:
    from test_reliability_crash import write_corpus as write_crash_corpus
    from test_store_crash import snapshot

    corpus = work / "crash-corpus"
    write_crash_corpus(corpus)
    command = python(CLI, "ingest", str(corpus), "--db", "{db}", "--batch-size", "4")

    def ingest(db: Path) -> subprocess.Popen:
        return subprocess.Popen([part.replace("{db}", str(db)) for part in command], cwd=work,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    began = time.monotonic()
    process = ingest(work / "clean.db")
    _, err = process.communicate()
    clean_seconds = time.monotonic() - began
    clean = snapshot(work / "clean.db")
    rows = len(clean["documents"])
    results = []
    for seed in range(seeds):
        rng = random.Random(seed)
        db = work / f"killed-{seed}.db"
        kills = []
        for _ in range(rng.choice((1, 2, 3))):
            delay = rng.uniform(0.3, clean_seconds)
            process = ingest(db)
            try:
                process.wait(timeout=delay)
                process.communicate()
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                kills.append(round(delay, 1))
        process = ingest(db)
        _, err = process.communicate()
        crashed = process.returncode not in (0, 1) or "Traceback" in err
        resumed = snapshot(db)
        have = {row[0] for row in resumed["documents"]}
        want = {row[0] for row in clean["documents"]}
        results.append({"seed": seed, "kills_at_s": kills, "lost": len(want - have),
                        "duplicated": resumed["duplicates"], "extra": len(have - want),
                        "equal_to_clean_run": all(resumed[p] == clean[p] for p in SNAPSHOT_PARTS),
                        "crashed_on_resume": crashed})
        print(f"  seed {seed}: {results[-1]}", flush=True)
    return {"seeds": seeds, "rows_per_run": rows, "clean_run_seconds": round(clean_seconds, 1),
            "kills": sum(len(r["kills_at_s"]) for r in results), "lost": sum(r["lost"] for r in results),
            "duplicated": sum(r["duplicated"] for r in results),
            "all_equal_to_clean_run": all(r["equal_to_clean_run"] for r in results),
            "crashes_on_resume": sum(r["crashed_on_resume"] for r in results), "runs": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["corpus", "long", "stream", "crash", "concurrent", "memory", "budget", "all"])
    parser.add_argument("--seeds", type=int, default=10, help="kill -9 seeds (crash)")
    parser.add_argument("--writer-seeds", type=int, default=3, help="seeds of the concurrent-writer runs")
    parser.add_argument("--stream-mb", type=int, default=256)
    parser.add_argument("--full-20mb", action="store_true", help="also code the 20 MB text with the limit lifted")
    parser.add_argument("--only-20mb", action="store_true", help="only code the 20 MB text with the limit lifted")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    options = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="flashpoint-reliability-") as tmp:
        work = Path(tmp)
        if options.part in ("corpus", "all"):
            print("bad-input corpus (heavy cases included):", flush=True)
            results["corpus"] = bench_corpus(work)
            print(json.dumps(results["corpus"], indent=1), flush=True)
        if options.part in ("long", "all"):
            print("long texts:", flush=True)
            results["long"] = bench_long(work, options.full_20mb, options.only_20mb)
        if options.part in ("stream", "all"):
            print("streaming a large JSON Lines file:", flush=True)
            results["stream"] = bench_stream(work, options.stream_mb)
            print(json.dumps(results["stream"]), flush=True)
        if options.part in ("crash", "all"):
            print(f"kill -9 with {options.seeds} seeds:", flush=True)
            results["crash"] = bench_crash(work, options.seeds)
            print(json.dumps({k: v for k, v in results["crash"].items() if k != "runs"}), flush=True)
        for part, run in (("concurrent", hostile.bench_concurrent), ("memory", hostile.bench_memory),
                          ("budget", hostile.bench_budget)):
            if options.part in (part, "all"):
                print(f"{part}:", flush=True)
                results[part] = run(work) if part != "concurrent" else run(work, options.writer_seeds)
                print(json.dumps({k: v for k, v in results[part].items() if k not in ("runs", "cases", "documents")}),
                      flush=True)
    if options.json:
        options.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
