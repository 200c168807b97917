"""Store errors a user can act on, instead of SQLite's own messages.

SQLite's messages ("file is not a database", "database is locked") do not say what to do, so
every store operation runs under :func:`errors`, which turns them into a :class:`StoreError`
naming the file, the problem and the remedy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flashpoint.errors import FlashpointError


class StoreError(FlashpointError):
    """A store problem a user can act on: corrupt, locked, not a store, or from a newer version."""


@contextmanager
def errors(path: Path | str) -> Iterator[None]:
    """Translate sqlite3 errors raised inside the block into a :class:`StoreError`."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise StoreError(_operational(path, str(error))) from None
    except sqlite3.DatabaseError as error:
        if type(error) is not sqlite3.DatabaseError:  # integrity or programming errors are bugs
            raise
        raise StoreError(
            f"{path}: not a readable Flashpoint store ({error}); the file may be corrupt: "
            "restore a copy or choose another --db"
        ) from None


def _operational(path: Path | str, message: str) -> str:
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return (f"{path}: the store is locked by another process (another ingest running?); "
                "wait for it to finish or choose another --db")
    if "unable to open" in lowered or "readonly" in lowered or "read-only" in lowered:
        return f"{path}: cannot open the store for writing ({message}); check the path and its permissions"
    if "disk i/o" in lowered or "malformed" in lowered:
        return f"{path}: the store is damaged ({message}); restore a copy or choose another --db"
    if "full" in lowered:
        return f"{path}: the disk is full ({message})"
    return f"{path}: {message}"
