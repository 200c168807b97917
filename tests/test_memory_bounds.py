"""Memory bounds for every input path (issue 18): a ``.jsonl.gz`` is streamed line by line like a
plain ``.jsonl``, standard input is streamed and a text on it bounded, compressed texts, pages
and feeds are capped by kind, and a batch never holds more text than the parser can take.
Each reader runs in a child process whose own peak resident set is measured (``wait4``), under
an address-space limit, so a regression fails instead of swapping the machine.
bench/reliability.py ``memory`` runs the same shapes at 10 MB compressed through the coder."""

from __future__ import annotations

import gzip
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from flashpoint.runner import BATCH_CHARS, batch_full, overflows

READ = ("import sys\n"
        "from flashpoint.ingest import read_sources\n"
        "from flashpoint.ingest.fetch import FetchPolicy\n"
        "from flashpoint.records import Failure\n"
        "items = read_sources(sys.argv[1:], policy=FetchPolicy(enabled=False))\n"
        "count = failures = 0\n"
        "last = ''\n"
        "for item in items:\n"
        "    count += 1\n"
        "    if isinstance(item, Failure):\n"
        "        failures += 1; last = item.reason\n"
        "print(count, failures, last)\n")
LIMIT = 1_500_000_000  # address space: the model-free readers need far less


def run_child(args: list[str], stdin=None, feed=None, timeout: float = 120) -> tuple[str, float, float]:
    """Run a Python child; return its output, peak RSS (MB) and wall seconds. The child reports
    its own peak (``VmHWM``, of its own address space): ``wait4``'s figure would count the pages of
    this (large) test process, which a forked child holds until it execs."""
    limit = f"import resource\nresource.setrlimit(resource.RLIMIT_AS, ({LIMIT}, {LIMIT}))\n"
    report = "\nimport sys\nprint(open('/proc/self/status').read().split('VmHWM:')[1].split()[0], file=sys.stderr)\n"
    began = time.monotonic()
    child = subprocess.Popen([sys.executable, "-c", limit + args[0] + report, *args[1:]], stdin=stdin,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if feed is not None:
        threading.Thread(target=feed, args=(child.stdin,), daemon=True).start()
    try:
        child.wait(timeout=timeout)  # its output is a line or two: the pipes never fill
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        pytest.fail(f"{args[1:]} still running after {timeout} s")
    out, err = child.stdout.read(), child.stderr.read()
    assert child.returncode == 0, err.decode()[-2000:]
    peak = int(err.decode().split()[-1]) / 1024
    return out.decode(), peak, time.monotonic() - began


def _gz(path: Path, unit: bytes, total: int) -> Path:
    with gzip.open(path, "wb", compresslevel=9) as stream:
        block = unit * (1_000_000 // len(unit))
        for _ in range(total // len(block)):
            stream.write(block)
    return path


def test_compressed_newlines_are_streamed(tmp_path):
    """250 KB of compressed newlines (256 MB) took 2.5 GB: the file was decompressed and split whole."""
    path = _gz(tmp_path / "blank.jsonl.gz", b"\n", 256_000_000)
    assert path.stat().st_size < 400_000
    out, peak, seconds = run_child([READ, str(path)])
    assert out.split(maxsplit=2)[:2] == ["1", "1"] and "no records" in out
    assert peak < 150, f"{peak:.0f} MB"


def test_compressed_empty_records_stop_after_a_run_of_failures(tmp_path):
    """245 KB of compressed '{}' lines raised MemoryError; now 10,000 failures in a row end it."""
    path = _gz(tmp_path / "empty.jsonl.gz", b"{}\n", 255_000_000)
    out, peak, seconds = run_child([READ, str(path)])
    count, failures, reason = out.split(maxsplit=2)
    assert count == failures == "10001" and "unusable lines in a row" in reason
    assert peak < 150, f"{peak:.0f} MB"


def test_endless_stdin_is_bounded(tmp_path):
    """`yes "..." | flashpoint code -` reached 3.6 GB in 5 s: stdin was read whole."""
    def endless(stream) -> None:
        line = b"Pakistan closed its airspace to Indian airlines.\n" * 1000
        try:
            while True:
                stream.write(line)
        except (BrokenPipeError, ValueError, OSError):
            pass

    code = READ.replace("read_sources(sys.argv[1:], ", "read_sources(['-'], ")
    out, peak, seconds = run_child([code], stdin=subprocess.PIPE, feed=endless)
    assert out.startswith("1 1 text is too long") and "standard input" in out
    assert peak < 200, f"{peak:.0f} MB"


def test_endless_json_lines_on_stdin_stream(tmp_path):
    def records(stream) -> None:
        line = b'{"id": "x", "text": "India expelled two diplomats."}\n'
        try:
            for _ in range(200_000):
                stream.write(line)
            stream.close()
        except (BrokenPipeError, ValueError, OSError):
            pass

    code = READ.replace("read_sources(sys.argv[1:], ", "read_sources(['-'], ")
    out, peak, seconds = run_child([code], stdin=subprocess.PIPE, feed=records)
    assert out.split()[:2] == ["200000", "0"]
    assert peak < 200, f"{peak:.0f} MB"


@pytest.mark.parametrize(("name", "unit", "reason"), [
    ("text.txt.gz", b"India expelled diplomats. ", "too long"),
    ("page.html.gz", b"<p>India expelled diplomats.</p>", "too large for an HTML page"),
    ("feed.rss.gz", b"<item><title>x</title></item>", "too large for a feed"),
])
def test_compressed_texts_pages_and_feeds_are_capped_by_kind(tmp_path, name, unit, reason):
    head = {"page": b"<html><body>", "feed": b'<?xml version="1.0"?><rss version="2.0"><channel>'}.get(
        name.split(".")[0], b"")
    path = tmp_path / name
    with gzip.open(path, "wb", compresslevel=9) as stream:
        stream.write(head)
        stream.write(unit * (250_000_000 // len(unit)))
    out, peak, seconds = run_child([READ, str(path)])
    assert out.startswith("1 1 ") and reason in out, out
    assert peak < 200, f"{peak:.0f} MB"


def test_a_batch_closes_at_its_characters():
    """Eight texts of 99,000 characters in one parser batch took 2.5 GB, two of them 1 GB."""
    assert not batch_full(1, 0, 32, 99_000)
    assert batch_full(2, 0, 32, BATCH_CHARS)
    assert overflows(99_000, 2_000) and not overflows(0, 150_000) and not overflows(50_000, 50_000)


def test_the_runner_never_codes_more_than_a_batch_of_text(tmp_path):
    import flashpoint.analysis  # noqa: F401
    from concurrency import FakePipeline
    from flashpoint.ingest import make_document
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    sizes: list[int] = []

    class Recording(FakePipeline):
        def code(self, documents, batch_size=None):
            sizes.append(sum(len(d.text) for d in documents))
            return super().code(documents, batch_size)

    documents = [make_document(f"Report {n}. " + "India expelled diplomats. " * 2400, doc_id=f"d{n}", source="s")
                 for n in range(5)]
    with Store(tmp_path / "s.db") as store:
        ingest(store, documents, pipeline=Recording(), batch_size=32)
    assert len(sizes) == 5 and max(sizes) <= BATCH_CHARS, sizes  # two of them would pass the limit


# -- what coding leaves alive (issue 17: peak memory flat in corpus size) -----------------------

def _live_docs() -> int:
    import gc

    from spacy.tokens import Doc

    return sum(1 for item in gc.get_objects() if type(item) is Doc)


def _texts(count: int) -> list[str]:
    """Distinct short reports, two sentences each."""
    return [f"Report {n}: Pakistan closed its airspace to Indian airlines on day {n}. "
            f"India expelled {n + 2} diplomats from Islamabad." for n in range(count)]


def test_coding_leaves_no_doc_for_the_garbage_collector(pipeline):
    """A Doc coded was kept alive by a reference cycle (its cached sentences are Spans, which hold
    the Doc) until CPython's rare full collection: hundreds of Docs, 60-110 MB more at 4x the
    corpus than at 1x. Coded now, no Doc is left, even while the CodedDocuments are kept."""
    import gc

    from flashpoint.ingest import make_document

    documents = [make_document(text, doc_id=f"m{n}", source="memory") for n, text in enumerate(_texts(12))]
    list(pipeline.code(documents[:2], batch_size=2))  # warm: the first call fills the knowledge caches
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()  # the cycle collector would hide a cycle: only reference counts may free the Docs
    try:
        before = _live_docs()
        coded = list(pipeline.code(documents[2:], batch_size=4))  # three batches
        after = _live_docs()
    finally:
        if enabled:
            gc.enable()
    assert len(coded) == 10 and sum(len(c.events) for c in coded) > 0
    assert after == before, f"{after - before} Docs alive after coding 10 documents"


def test_code_parsed_drops_its_caches_from_a_callers_doc(pipeline):
    """A Doc parsed by a caller comes back without the coder's caches, also when a stage raises,
    and is freed by its reference count alone."""
    import gc
    import weakref

    from flashpoint.ingest import make_document
    from flashpoint.pipeline import Pipeline

    class Failing:
        def run(self, report) -> None:
            from flashpoint import language

            assert language.sentences(report.doc)  # the stage fills the cache, then fails
            raise RuntimeError("stage failed")

    text = _texts(1)[0]
    document = make_document(text, doc_id="one", source="memory")
    doc = pipeline.parse(text)
    assert pipeline.code_parsed(document, doc).sentences
    assert not [key for key in doc.user_data if str(key).startswith("flashpoint.")]
    with pytest.raises(RuntimeError, match="stage failed"):
        Pipeline(stages=[Failing()]).code_parsed(document, doc)
    assert not [key for key in doc.user_data if str(key).startswith("flashpoint.")]
    gone = weakref.ref(doc)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del doc
        assert gone() is None, "the Doc is held by a cycle"
    finally:
        if enabled:
            gc.enable()
