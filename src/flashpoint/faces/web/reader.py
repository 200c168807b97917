"""Read access to the store for the web app: a small pool of read-only stores, and a cache.

The dashboard sends several requests at once (chart, table, map, alerts), and FastAPI runs each
in its own worker thread, so one shared SQLite connection would serialise them. Each reader is a
:class:`~flashpoint.store.Store` of its own, opened ``readonly``: the database engine itself then
refuses any write, whatever code path asks for one, and merged events are read as the last ingest
left them (``flashpoint ingest`` merges at its end; ``/api/stats`` reports groups still waiting).
Routes read through :meth:`Store.query <flashpoint.store.Store.query>` and the page helpers of
:mod:`flashpoint.store.pages`.
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from flashpoint.errors import FlashpointError
from flashpoint.store import Store

T = TypeVar("T")
#: Answers kept by :meth:`ReaderPool.cached` (a timeline of two years of days is ~0.5 MB).
CACHE_SIZE = 64


class ReaderBusy(FlashpointError):
    """Every reader stayed busy for the whole wait: the server is overloaded."""


class ReaderPool:
    """A fixed number of read-only stores handed out one per request."""

    def __init__(self, path: Path, size: int, wait: float = 30.0) -> None:
        self.path = path
        self.wait = wait
        self._free: queue.Queue[Store] = queue.Queue()
        self._all = [Store(path, create=False, readonly=True) for _ in range(max(1, size))]
        for reader in self._all:
            self._free.put(reader)
        self._cache: OrderedDict[Hashable, tuple[object, Any]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        try:
            reader = self._free.get(timeout=self.wait)
        except queue.Empty:
            raise ReaderBusy(f"all {len(self._all)} store readers busy for {self.wait:.0f} s") from None
        try:
            yield reader
        finally:
            self._free.put(reader)

    def cached(self, key: Hashable, reader: Store, compute: Callable[[Store], T]) -> T:
        """``compute(reader)``, remembered until the store changes. Summaries over many events
        (the dyad list, counts, a dyad's timeline, alerts) cost index scans or joins over
        thousands of rows, and the dashboard asks for the same ones again and again (every
        reload, interval switch, analyst), while the store changes only when an ingest commits.
        Events are only ever added and merges only ever rewrite, so the largest rowids and the
        pending merge groups tell the version. Requests for an answer being computed wait for
        it instead of computing it again. At most ``CACHE_SIZE`` answers are kept."""
        version = self.version(reader)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == version:
                self._cache.move_to_end(key)
                return hit[1]  # type: ignore[return-value]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            with self._cache_lock:
                hit = self._cache.get(key)
            if hit is not None and hit[0] == version:
                return hit[1]  # type: ignore[return-value]
            value = compute(reader)
            with self._cache_lock:
                self._cache[key] = (version, value)
                self._cache.move_to_end(key)
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
                self._computing.pop(key, None)
        return value

    @staticmethod
    def version(reader: Store) -> tuple:
        """What changes whenever an ingest or a merge commits."""
        return reader.query(
            "SELECT (SELECT max(rowid) FROM events), (SELECT max(rowid) FROM documents), "
            "(SELECT max(rowid) FROM merged_events), (SELECT count(*) FROM merge_dirty)")[0]

    def close(self) -> None:
        for reader in self._all:
            reader.close()
