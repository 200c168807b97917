"""Coding documents into a store in batches, safely resumable: the layer above the store.

The store keeps what it is given (:meth:`flashpoint.store.Store.add`) and never imports the
coder; this module brings the two together::

    from flashpoint.ingest import read_sources
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    with Store("crisis.db") as store:
        progress = ingest(store, read_sources(["reports/"]))

Inputs already stored (same content hash) are skipped before any coding, so a rerun costs only
reading. New documents are coded in batches and each batch is stored in one transaction with
its events and failures; a process killed at any moment loses at most the batch in flight, which
the next run codes again. A document that makes the coder raise becomes a failure row naming the
error, so one bad document never stops an ingest.

The rules that decide what is coded, under which id and in which batches (:func:`new_inputs`,
:class:`DocIds`, :func:`batch_full`, :func:`code_documents`) are shared with the Dask runner
(:mod:`flashpoint.distributed`), so a distributed run codes exactly what a single-process run
would. Importing this module loads the analysis, which registers the alerts merging keeps, so an
ingest leaves them up to date.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import flashpoint.analysis  # noqa: F401 - registers the alerts merging keeps
from flashpoint.budget import OverBudget, cpu_budget, seconds_for
from flashpoint.records import CodedDocument, Document, Failure
from flashpoint.store import Store
from flashpoint.store.rows import failure_key, outlet_key

if TYPE_CHECKING:
    from flashpoint.pipeline import Pipeline

DEFAULT_BATCH = 32
PROGRESS_EVERY = 500
#: A batch is also stored once this many failures per batch slot are waiting (many bad inputs in a row).
FAILURES_PER_SLOT = 4
#: A batch is also coded once its texts hold this many characters (longer texts are coded alone,
#: in segments of this size, by the pipeline).
BATCH_CHARS = 100_000


@dataclass(slots=True)
class IngestProgress:
    """Where an ingest is: what the progress bar shows, and the final report."""

    seen: int = 0  # inputs read so far (documents and failures, stored or skipped)
    coded: int = 0  # documents coded and stored in this run
    events: int = 0  # events stored in this run
    failures: int = 0  # failures stored in this run
    skipped: int = 0  # inputs already in the store (same content hash)
    merged_groups: int = 0  # merge groups recomputed at the end
    total: int | None = None  # estimated inputs, when known
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Inputs per second."""
        return self.seen / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, when the total is known."""
        if self.total is None or not self.rate:
            return None
        return max(0.0, (self.total - self.seen) / self.rate)

    def summary(self) -> str:
        return (f"{self.seen} inputs: {self.coded} documents coded, {self.events} events, "
                f"{self.failures} failures, {self.skipped} already stored; {self.elapsed:.1f} s")


def ingest(
    store: Store,
    items: Iterable[Document | Failure],
    *,
    pipeline: Pipeline | None = None,
    pipeline_factory: Callable[[], Pipeline] | None = None,
    batch_size: int = DEFAULT_BATCH,
    total: int | None = None,
    retry_failed: bool = False,
    merge: bool = True,
    on_progress: Callable[[IngestProgress], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    on_note: Callable[[Document, str], None] | None = None,
) -> IngestProgress:
    """Code and store ``items`` (Documents and Failures from :mod:`flashpoint.ingest`) in
    ``store``, then merge (unless ``merge`` is False).

    The pipeline is built only when there is something new to code (loading it is the slow
    part), from ``pipeline_factory`` or as ``Pipeline()``. ``on_progress`` is called after every
    stored batch, ``on_failure`` for every failure stored, ``on_note`` for every note of a document
    coded (:attr:`flashpoint.records.Document.notes`: what ingest changed before coding).
    """
    progress = IngestProgress(total=total)
    batch = _Batch(store, progress, batch_size, pipeline, pipeline_factory, on_progress, on_failure, on_note)
    for item in new_inputs(store, items, progress, retry_failed, on_progress, batch.repeat, batch.pending):
        batch.put(item)
    batch.flush()
    if merge:
        progress.merged_groups = store.refresh_merges()
    if on_progress:
        on_progress(progress)
    return progress


def new_inputs(
    store: Store | None,
    items: Iterable[Document | Failure],
    progress: IngestProgress,
    retry_failed: bool = False,
    on_progress: Callable[[IngestProgress], None] | None = None,
    on_repeat: Callable[[Document], None] | None = None,
    pending: dict[str, str | None] | None = None,
) -> Iterator[Document | Failure]:
    """The inputs that need coding: not seen earlier in this run and not already in ``store``
    (none is, without a store). Counts every input read in ``progress.seen``, skips in ``skipped``.
    A skipped text carried by an outlet not yet recorded for it goes to ``on_repeat``, so the
    store can count that outlet (:mod:`flashpoint.store.carriers`) instead of losing it.

    Inputs seen in this run are remembered in ``pending`` (content hash or failure key -> outlet
    of the first copy). A caller storing as it goes clears it after each stored batch, from then
    on the store answers: memory then holds one batch, not every input of a corpus (a 10 MB gzip
    of small records is millions of them)."""
    first_outlets = {} if pending is None else pending
    for item in items:
        progress.seen += 1
        key = failure_key(item) if isinstance(item, Failure) else item.content_hash
        outlet = None if isinstance(item, Failure) else sys.intern(outlet_key(item.outlet, item.url, item.source))
        if key in first_outlets or (store is not None and store.is_stored(key, retry_failed)):
            progress.skipped += 1
            first = first_outlets.get(key, _STORED)
            if on_repeat and isinstance(item, Document) and _new_outlet(store, item, outlet, first):
                on_repeat(item)
            if on_progress and progress.skipped % PROGRESS_EVERY == 0:
                on_progress(progress)  # a rerun over stored inputs shows progress too
            continue
        first_outlets[key] = outlet
        yield item


_STORED = object()  # a text first seen in the store, not earlier in this run


def _new_outlet(store: Store | None, document: Document, outlet: str | None, first: object) -> bool:
    """Whether a skipped copy of a text comes from an outlet not yet recorded for it: not the
    outlet of its first copy in this run, or (a text stored by an earlier run) not one the
    store records."""
    if first is not _STORED:
        return first != outlet
    return store is not None and store.needs_carrier(document)


class DocIds:
    """Gives each document of one run an id no other text of the run has.

    Event ids derive from doc ids, so two different texts must not share one (two files called
    report.txt): the later one gets its content hash appended. The store applies the same rule
    against what it holds, inside its write transaction (:func:`flashpoint.store.store.own_doc_id`),
    where another process cannot take the id between the check and the write; this class keeps
    a run without a store (a Parquet dataset) unique too.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def assign(self, document: Document) -> Document:
        if document.doc_id in self.taken:
            document.doc_id = f"{document.doc_id}~{document.content_hash[:12]}"
        self.taken.add(document.doc_id)
        return document


def batch_full(documents: int, failures: int, size: int, chars: int = 0) -> bool:
    """Whether a batch of ``documents`` (of ``chars`` characters in all) and ``failures`` is due
    to be coded and stored. The parser holds a whole batch at once, about 3 MB per 1,000
    characters: eight texts of 99,000 characters in one batch took 2.5 GB, so a batch also
    closes at :data:`BATCH_CHARS`, and a text that would take it past them waits for the next
    (:func:`overflows`)."""
    return documents >= size or failures >= size * FAILURES_PER_SLOT or chars >= BATCH_CHARS


def overflows(chars: int, adding: int) -> bool:
    """Whether a batch of ``chars`` characters must be coded before a text of ``adding`` joins it:
    two texts of 99,000 characters in one batch are twice the parser's memory of one (1 GB)."""
    return chars > 0 and chars + adding > BATCH_CHARS


def code_documents(pipeline: Pipeline, documents: list[Document]) -> tuple[list[CodedDocument], list[Failure]]:
    """Code a batch under its time budget (:mod:`flashpoint.budget`); if the coder raises or the
    budget runs out, code one by one, each under its own budget, so only the culprit fails."""
    try:
        with cpu_budget(seconds_for(sum(len(d.text) for d in documents))):
            return list(pipeline.code(documents, batch_size=len(documents))), []
    except OverBudget as error:
        if len(documents) == 1:  # the culprit is known: coding it again would double its time
            return [], [_failure(documents[0], str(error))]
    except Exception:  # noqa: BLE001, S110 - any coder bug becomes a failure row below, not a crash
        pass
    coded: list[CodedDocument] = []
    failures: list[Failure] = []
    for document in documents:
        try:
            with cpu_budget(seconds_for(len(document.text))):
                coded.extend(pipeline.code([document], batch_size=1))
        except OverBudget as error:
            failures.append(_failure(document, str(error)))
        except Exception as error:  # noqa: BLE001
            failures.append(_failure(document, f"coder error: {error.__class__.__name__}: {error}"))
    return coded, failures


def _failure(document: Document, reason: str) -> Failure:
    """A document the coder could not code, with its text and hash (``--retry-failed`` codes it again)."""
    return Failure(document.source, reason, document.doc_id, document.content_hash, document.text)


def code_stream(pipeline: Pipeline, documents: Iterable[Document],
                size: int = DEFAULT_BATCH) -> Iterator[CodedDocument | Failure]:
    """Code documents as they come, without a store (``flashpoint code``): in batches cut by the
    ingest rule (:func:`batch_full`), each under its time budget, a coder error or a document over
    its budget a Failure instead of the end of the run."""
    batch: list[Document] = []
    chars = 0
    for document in documents:
        if overflows(chars, len(document.text)):
            coded, failures = code_documents(pipeline, batch)
            yield from coded
            yield from failures
            batch, chars = [], 0
        batch.append(document)
        chars += len(document.text)
        if batch_full(len(batch), 0, size, chars):
            coded, failures = code_documents(pipeline, batch)
            yield from coded
            yield from failures
            batch, chars = [], 0
    if batch:
        coded, failures = code_documents(pipeline, batch)
        yield from coded
        yield from failures


class _Batch:
    """Documents and failures waiting to be coded and stored together."""

    def __init__(self, store, progress, size, pipeline, factory, on_progress, on_failure, on_note=None) -> None:
        self.store, self.progress, self.size = store, progress, max(1, size)
        self.pipeline, self.factory = pipeline, factory
        self.on_progress, self.on_failure, self.on_note = on_progress, on_failure, on_note
        self.documents: list[Document] = []
        self.failures: list[Failure] = []
        self.repeats: list[Document] = []  # texts stored already, from another outlet
        self.chars = 0
        self.ids = DocIds()
        self.pending: dict[str, str | None] = {}  # inputs read since the last stored batch

    def repeat(self, document: Document) -> None:
        self.repeats.append(document)
        if len(self.repeats) >= self.size * FAILURES_PER_SLOT:
            self.flush()

    def put(self, item: Document | Failure) -> None:
        if isinstance(item, Failure):
            self.failures.append(item)
        else:
            if overflows(self.chars, len(item.text)):
                self.flush()
            self.documents.append(self.ids.assign(item))
            self.chars += len(item.text)
        if batch_full(len(self.documents), len(self.failures), self.size, self.chars):
            self.flush()

    def flush(self) -> None:
        if not self.documents and not self.failures and not self.repeats:
            return
        coded, coder_failures = code_documents(self._pipeline(), self.documents) if self.documents else ([], [])
        failures = self.failures + coder_failures
        docs, events, failed = self.store.add(coded, failures, self.repeats)
        self.progress.coded += docs
        self.progress.events += events
        self.progress.failures += failed
        if self.on_failure:
            for failure in failures:
                self.on_failure(failure)
        if self.on_note:
            for item in coded:
                for note in item.document.notes:
                    self.on_note(item.document, note)
        self.documents, self.failures, self.repeats, self.chars = [], [], [], 0
        self.pending.clear()  # stored now: the store recognises them from here on
        self.ids = DocIds()  # the store keeps ids unique across batches (own_doc_id)
        if self.on_progress:
            self.on_progress(self.progress)

    def _pipeline(self) -> Pipeline:
        if self.pipeline is None:
            if self.factory is not None:
                self.pipeline = self.factory()
            else:
                from flashpoint.pipeline import Pipeline

                self.pipeline = Pipeline()
        return self.pipeline
