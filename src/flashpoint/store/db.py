"""Opening the SQLite file: pragmas, migrations and transactions.

Problems opening it (corrupt, locked, another program's database, a newer schema) are a
:class:`~flashpoint.store.errors.StoreError` naming the file and the remedy.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flashpoint import settings
from flashpoint.store.errors import StoreError, errors
from flashpoint.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

#: How much of the file a read-only connection maps into memory: its pages then come straight
#: from the OS cache, without copying, which matters for scans and joins over millions of events.
READER_MMAP_BYTES = 1 << 30


def connect(path: Path, timeout: float | None = None, create: bool = True,
            readonly: bool = False) -> sqlite3.Connection:
    """Open (and, when ``create``, create) the store at ``path`` and bring its schema up to date;
    ``timeout`` seconds (default ``FLASHPOINT_DB_TIMEOUT``, :func:`flashpoint.settings.db_timeout`) to wait for another process's write.
    A ``readonly`` connection is then switched to ``PRAGMA query_only``: SQLite itself refuses
    any write through it, whatever code path asks for one."""
    timeout = settings.db_timeout() if timeout is None else settings.seconds("timeout", timeout, 0, 86_400)
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    if not create and not path.exists():
        raise StoreError(f"{path}: no store here yet (create one with `flashpoint ingest SOURCE --db {path}`)")
    with errors(path):
        # Used by one thread at a time, but not always the one that opened it (pyarrow pulls
        # export batches from its own thread).
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            _check_identity(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")  # readers never block the ingest, and vice versa
            conn.execute("PRAGMA synchronous = NORMAL")  # durable against a killed process (WAL)
            conn.execute("PRAGMA foreign_keys = ON")
            # Bulk storing speed: a 64 MiB page cache keeps the indexes in memory, and checkpointing
            # every ~40 MB of WAL instead of 4 MB saves most fsyncs (see bench/store_bench.py).
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA wal_autocheckpoint = 10000")
            _math_functions(conn)
            migrate(conn)
            if readonly:
                conn.execute(f"PRAGMA mmap_size = {READER_MMAP_BYTES}")
                conn.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
    return conn


def _math_functions(conn: sqlite3.Connection) -> None:
    """SQLite builds without its math functions (an option at compile time) get Python's ``ln``:
    the analysis weighs events by the log of their outlets in SQL."""
    try:
        conn.execute("SELECT ln(1)")
    except sqlite3.OperationalError:
        conn.create_function("ln", 1, math.log, deterministic=True)


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app_id != APPLICATION_ID and (tables or version):
        raise StoreError(f"{path}: an SQLite database, but not a Flashpoint store; choose another --db")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer Flashpoint (schema {version}, this one knows {SCHEMA_VERSION}); upgrade"
        )


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing migrations in order, each in one transaction; return the version reached.
    The version is re-read inside each transaction, so two processes opening a new store at once
    do not both apply the same step."""
    for migration in MIGRATIONS:
        if conn.execute("PRAGMA user_version").fetchone()[0] >= migration.version:
            continue
        with transaction(conn):
            if conn.execute("PRAGMA user_version").fetchone()[0] >= migration.version:
                continue
            for statement in _statements(migration.sql):
                conn.execute(statement)
            if migration.python is not None:
                migration.python(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {migration.version}")
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: everything in the block is stored, or nothing is."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
