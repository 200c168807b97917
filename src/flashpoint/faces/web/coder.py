"""The server's coder: one pipeline, shared, with a bound on the time any one request may take.

Coding is CPU-bound and the pipeline is not thread-safe, so requests take turns. The pipeline
runs in a **worker process** of its own: a request that codes for longer than ``budget`` seconds
has its worker killed (a thread cannot be stopped; a process can), the client is told (413: send
a shorter text), and a fresh worker starts for the next request. The worker uses one thread, so
the wall-clock budget bounds its CPU time too. A request that waits longer than ``budget`` for its
turn is told the coder is busy (503). Loading the model in the worker (a few seconds) is not
counted.

Tests pass a pipeline of their own (``Coder(pipeline)``): it is then used in this process, without
a bound, so they need not load the model twice.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from flashpoint.errors import FlashpointError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from flashpoint.pipeline import Pipeline
    from flashpoint.records import CodedDocument, Document

log = logging.getLogger(__name__)
#: Seconds one request may code for (``flashpoint serve --code-seconds``).
CODE_SECONDS = 10.0
#: Seconds a worker may take to load the language model.
LOAD_SECONDS = 180.0


class CodingTooLong(FlashpointError):
    """The text took longer to code than the server allows."""


class CoderBusy(FlashpointError):
    """Another request kept the coder for longer than the wait allowed."""


class Coder:
    """The process's coder: a worker process (``budget`` seconds a request), or the ``pipeline``
    given, in this process (tests)."""

    def __init__(self, pipeline: Pipeline | None = None, budget: float = CODE_SECONDS) -> None:
        self.budget = budget
        self._lock = threading.Lock()
        self._pipeline = pipeline
        self._worker: _Worker | None = None

    def preload(self) -> threading.Thread:
        """Start the worker (load the model) in the background, so the first request is quick."""
        def load() -> None:
            with self._lock:
                self._ready_worker()

        thread = threading.Thread(target=load, name="flashpoint-coder-start", daemon=True)
        thread.start()
        return thread

    def code_text(self, text: str, published: Any = None, modalities: Iterable[str] = ("asserted",)) -> list[dict]:
        """The records of the events of ``text`` (nothing is stored). Raises :class:`CodingTooLong`
        or :class:`CoderBusy`."""
        with self._turn():
            if self._pipeline is not None:
                return _code_text(self._pipeline, text, published, frozenset(modalities))
            return self._ready_worker().ask(("text", text, published, tuple(modalities)), self.budget)

    @contextmanager
    def ingesting(self) -> Iterator[Any]:
        """A pipeline for :func:`flashpoint.runner.ingest`, ours for the length of the block: each
        batch of documents may take ``budget`` seconds a document."""
        with self._turn():
            yield self._pipeline if self._pipeline is not None else _RemotePipeline(self)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    @contextmanager
    def _turn(self) -> Iterator[None]:
        if not self._lock.acquire(timeout=max(self.budget, 1.0)):
            raise CoderBusy(f"the coder is busy with other texts (each may take up to {self.budget:g} s); try again")
        try:
            yield
        finally:
            self._lock.release()

    def _ready_worker(self) -> _Worker:
        if self._worker is None or not self._worker.alive():
            self._worker = _Worker()
        return self._worker


class _RemotePipeline:
    """What the runner needs of a pipeline (``code``), done by the worker."""

    def __init__(self, coder: Coder) -> None:
        self.coder = coder

    def code(self, documents: Iterable[Document], batch_size: int | None = None) -> Iterator[CodedDocument]:
        batch = list(documents)
        budget = self.coder.budget * max(1, len(batch))
        yield from self.coder._ready_worker().ask(("documents", batch), budget)


class _Worker:
    """A child process holding a pipeline, answering one request at a time."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # the server has threads: never fork it
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), name="flashpoint-coder", daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(LOAD_SECONDS):
            self.stop()
            raise FlashpointError(f"the coder did not start within {LOAD_SECONDS:g} s")
        status, message = self.conn.recv()
        if status != "ready":
            self.stop()
            raise FlashpointError(f"the coder could not start: {message}")

    def alive(self) -> bool:
        return self.process.is_alive()

    def ask(self, request: tuple, budget: float) -> Any:
        self.conn.send(request)
        if not self.conn.poll(budget):
            log.warning("coding took over %.0f s: worker %s stopped", budget, self.process.pid)
            self.stop()
            raise CodingTooLong(f"coding this text took over {budget:g} s, the server's limit (--code-seconds); "
                                "send a shorter text")
        status, answer = self.conn.recv()
        if status != "ok":
            raise FlashpointError(f"the coder failed: {answer}")
        return answer

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the worker process
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"  # one thread: the wall-clock budget bounds CPU time
    try:
        from flashpoint.pipeline import Pipeline

        pipeline = Pipeline()
    except Exception as error:  # noqa: BLE001 - any failure to load is reported to the server
        conn.send(("error", f"{error.__class__.__name__}: {error}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", _answer(pipeline, request)))
        except Exception as error:  # noqa: BLE001 - a coder bug: reported, the worker lives on
            conn.send(("error", f"{error.__class__.__name__}: {error}"))


def _answer(pipeline: Pipeline, request: tuple) -> Any:
    if request[0] == "text":
        _kind, text, published, modalities = request
        return _code_text(pipeline, text, published, frozenset(modalities))
    return list(pipeline.code(request[1], batch_size=len(request[1])))


def _code_text(pipeline: Pipeline, text: str, published: Any, modalities: frozenset[str]) -> list[dict]:
    previous = pipeline.modalities
    pipeline.modalities = modalities
    try:
        return [event.to_dict() for event in pipeline.code_text(text, published=published, doc_id="posted")]
    finally:
        pipeline.modalities = previous
