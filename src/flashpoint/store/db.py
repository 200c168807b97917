"""Opening the SQLite file: pragmas, migrations and transactions.

Problems opening it (corrupt, locked, another program's database, a newer schema) are a
:class:`~flashpoint.store.errors.StoreError` naming the file and the remedy.
"""

from __future__ import annotations

import math
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from flashpoint import settings
from flashpoint.store.errors import StoreError, errors
from flashpoint.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

def connect(path: Path, timeout: float | None = None, create: bool = True,
            readonly: bool = False) -> sqlite3.Connection:
    """Open (and, when ``create``, create) the store at ``path`` and bring its schema up to date;
    ``timeout`` seconds (default ``FLASHPOINT_DB_TIMEOUT``) to wait for another process's write.
    A ``readonly`` connection is then switched to ``PRAGMA query_only``: SQLite itself refuses
    any write through it, whatever code path asks for one. A ``readonly`` store that cannot be
    written here (a read-only mount, no write permission) is opened read-only from the start
    (:func:`_connect_read_only`).

    Read connections do not memory-map the file: a store truncated or replaced under a running
    server would then end it with SIGBUS instead of an error on one request."""
    timeout = settings.db_timeout() if timeout is None else settings.seconds("timeout", timeout, 0, 86_400)
    check_path(path, create)
    if readonly and not writable(path):
        return _connect_read_only(path, timeout)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return _open(path, timeout, readonly)
        except StoreError as error:
            # Two processes creating one store at once: switching to WAL or migrating can be
            # refused at once (SQLITE_BUSY without the busy handler); wait as for any other write.
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(LOCK_RETRY_SECONDS)


#: How long to wait before trying again to open a store another process is setting up.
LOCK_RETRY_SECONDS = 0.05


def _open(path: Path, timeout: float, readonly: bool) -> sqlite3.Connection:
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
                conn.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
    return conn


def check_path(path: Path, create: bool = True) -> None:
    """Refuse what cannot hold a store: ``:memory:`` (everything would vanish when the command
    ends, and it would exit 0), a folder, a device, pipe or socket (``/dev/null`` swallowed the
    store and left ``/dev/null-journal`` behind), or, unless ``create``, a missing file."""
    if str(path) == ":memory:" or str(path).startswith("file:"):
        raise StoreError(f"{path}: not a file name; a store is a file on disk (an in-memory or URI database "
                         "would lose everything when the command ends)")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path}: not a regular file (a device, pipe or socket); a store is a file on disk")
    if not create and not path.exists():
        raise StoreError(f"{path}: no store here yet (create one with `flashpoint ingest SOURCE --db {path}`)")


def writable(path: Path) -> bool:
    """Whether this process may write the store at ``path`` (and the folder holding its -wal
    and -shm files): false on a read-only mount or without permission."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """A store this process cannot write, opened read-only (``mode=ro``; where SQLite cannot keep
    its shared-memory file beside it either, as ``immutable``: nothing can change a file on a
    read-only mount). Its schema must be current: it cannot be upgraded here."""
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    with errors(path):
        try:
            conn = _open_uri(uri, path, timeout)
        except sqlite3.OperationalError:  # no -shm and no way to create one
            conn = _open_uri(uri + "&immutable=1", path, timeout)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"{path}: cannot be written here (read-only) and its schema ({version}) is older than "
                             f"this Flashpoint's ({SCHEMA_VERSION}); open it once where it can be written to upgrade it")
    return conn


def _open_uri(uri: str, path: Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        _check_identity(conn, path)
        conn.execute("PRAGMA cache_size = -65536")
        _math_functions(conn)
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
    """Refuse another program's database and a newer schema. The three values are read in one
    statement, so one snapshot: read apart, a store another process was creating at that moment
    showed its tables without its mark, and was refused as "not a Flashpoint store"."""
    app_id, version, tables = conn.execute(
        "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master)").fetchone()
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
