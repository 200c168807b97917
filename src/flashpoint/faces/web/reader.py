"""Read access to the store for the web app: a small pool of read-only stores, and a cache.

The dashboard sends several requests at once (chart, table, map, alerts), and FastAPI runs each
in its own worker thread, so one shared SQLite connection would serialise them. Each reader is a
:class:`~flashpoint.store.Store` of its own, switched to ``PRAGMA query_only`` unless writes are
enabled: the database engine itself then refuses any write, whatever code path asks for one.
"""

from __future__ import annotations

import queue
import sqlite3
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
MMAP_BYTES = 1 << 30


class ReaderBusy(FlashpointError):
    """Every reader stayed busy for the whole wait: the server is overloaded."""


class ReadOnlyStore(Store):
    """A store whose merged events are read as they are. Merging is a write, and the server
    writes nothing unless allowed: merged events are as the last ingest left them (``flashpoint
    ingest`` merges at its end; ``/api/stats`` reports groups still waiting)."""

    def refresh_merges(self) -> int:
        return 0


class Reader:
    """One store and its connection, used by one request at a time."""

    def __init__(self, path: Path, writable: bool) -> None:
        self.store = Store(path, create=False) if writable else ReadOnlyStore(path, create=False)
        self.writable = writable
        # Memory-mapped reads: pages come straight from the OS cache, without copying, which
        # matters for scans and joins over a store of millions of events.
        self.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        if not writable:
            self.conn.execute("PRAGMA query_only = ON")

    @property
    def conn(self) -> sqlite3.Connection:
        # The web's read helpers (flashpoint.store.query) take a connection; the store's own is
        # the one to use, so they see the same database state as the Store methods.
        return self.store._conn  # noqa: SLF001

    def close(self) -> None:
        self.store.close()


class ReaderPool:
    """A fixed number of readers handed out one per request."""

    def __init__(self, path: Path, size: int, writable: bool, wait: float = 30.0) -> None:
        self.path = path
        self.wait = wait
        self._free: queue.Queue[Reader] = queue.Queue()
        self._all = [Reader(path, writable) for _ in range(max(1, size))]
        for reader in self._all:
            self._free.put(reader)
        self._cache: OrderedDict[Hashable, tuple[object, Any]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    @contextmanager
    def borrow(self) -> Iterator[Reader]:
        try:
            reader = self._free.get(timeout=self.wait)
        except queue.Empty:
            raise ReaderBusy(f"all {len(self._all)} store readers busy for {self.wait:.0f} s") from None
        try:
            yield reader
        finally:
            self._free.put(reader)

    def cached(self, key: Hashable, reader: Reader, compute: Callable[[Reader], T]) -> T:
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
    def version(reader: Reader) -> tuple:
        """What changes whenever an ingest or a merge commits."""
        return reader.conn.execute(
            "SELECT (SELECT max(rowid) FROM events), (SELECT max(rowid) FROM documents), "
            "(SELECT max(rowid) FROM merged_events), (SELECT count(*) FROM merge_dirty)").fetchone()

    def close(self) -> None:
        for reader in self._all:
            reader.close()
