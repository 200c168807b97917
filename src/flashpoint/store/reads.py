"""Reading without writing: one SQL statement that SQLite itself forbids to write.

The analysis, the web's pages and what merging asks of the analysis all read the store through
:func:`read`. It runs the statement under ``PRAGMA query_only``, so a read that would write (a
mistake, or SQL built from a request) fails instead of changing the store, and optionally within a
time budget, after which SQLite interrupts it: a page can then fall back to another plan, or say
"too many to count in time", instead of making its reader wait.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from flashpoint.store.errors import StoreError

#: SQLite virtual-machine steps between two checks of the time budget.
_STEPS = 10_000


class QueryTimeout(StoreError):
    """A read ran past its time budget and was interrupted."""


def read(conn: sqlite3.Connection, sql: str, params: Sequence[object] = (), budget: float | None = None) -> list[tuple]:
    """The rows of ``sql``; SQLite refuses any write in it. With ``budget`` (seconds), the
    statement is interrupted when it runs longer, raising :class:`QueryTimeout`."""
    with _query_only(conn), _budget(conn, budget):
        return conn.execute(sql, params).fetchall()


def is_query_only(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


@contextmanager
def _query_only(conn: sqlite3.Connection) -> Iterator[None]:
    """``PRAGMA query_only`` for the block, restored after (a connection that is read-only for
    good stays so)."""
    if is_query_only(conn):
        yield
        return
    conn.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        conn.execute("PRAGMA query_only = OFF")


@contextmanager
def _budget(conn: sqlite3.Connection, seconds: float | None) -> Iterator[None]:
    """Interrupt the statements run in the block after ``seconds``."""
    if seconds is None:
        yield
        return
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: time.monotonic() > deadline, _STEPS)
    try:
        yield
    except sqlite3.OperationalError as error:
        if "interrupt" not in str(error):
            raise
        raise QueryTimeout(f"interrupted after {seconds} s") from None
    finally:
        conn.set_progress_handler(None, 0)
