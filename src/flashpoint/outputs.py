"""Writing output files safely: never over the store, never half done.

Every file Flashpoint writes for a user (exports, the HTML report, timeline plots) goes through
:func:`atomic_file` or :func:`atomic_folder`:

- **not the store**: an output path that is the store, its ``-wal``, ``-shm`` or ``-journal``
  file, whether named directly, through a symbolic link or as a hard link, is refused
  (:func:`check_output`). Writing there truncated the store and crashed a server reading it;
- **atomic**: the output is written under a hidden temporary name beside it and renamed into
  place only when complete, so a full disk or a ``kill -9`` never leaves a file that looks
  finished (a JSON Lines file cut at a line end looks complete). A failed write removes the
  temporary file and raises :class:`OutputError` naming the file and the cause;
- an existing output that is not a regular file (``/dev/stdout``, a named pipe) is written to
  directly: it cannot be renamed over, and streaming into it is what its user wants.

This module imports nothing of Flashpoint but its errors, so the store and the faces can both
use it.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from flashpoint.errors import FlashpointError

#: The files SQLite keeps beside a database.
COMPANIONS = ("-wal", "-shm", "-journal")


class OutputError(FlashpointError):
    """An output path Flashpoint refuses (the store itself, a folder) or could not write."""


def store_files(db: str | Path) -> list[Path]:
    """The store and the companion files SQLite may keep beside it."""
    db = Path(db)
    return [db, *(db.with_name(db.name + suffix) for suffix in COMPANIONS)]


def check_output(out: str | Path, protected: Iterable[str | Path]) -> None:
    """Refuse ``out`` when it is one of ``protected`` (the store's files): the same path once
    links are resolved, or the same file under another name (a hard link)."""
    out = Path(out)
    real = os.path.realpath(out)
    for path in protected:
        same = os.path.realpath(path) == real
        if not same:
            with suppress(OSError):
                same = os.path.samefile(out, path)
        if same:
            raise OutputError(f"{out}: is the store ({path}) or one of its files; writing there would destroy "
                              "it: choose another output path")


def _reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"the disk is full or the file too large ({error.strerror})"
    return error.strerror or str(error)


@contextmanager
def atomic_file(out: str | Path, *, binary: bool = False, protect: Iterable[str | Path] = ()) -> Iterator[IO]:
    """A stream to write ``out`` through: text (UTF-8, newlines as written) or ``binary``. The
    file appears, complete, when the block ends without error; otherwise it is not touched."""
    out = Path(out)
    check_output(out, protect)
    mode, options = ("wb", {}) if binary else ("w", {"encoding": "utf-8", "newline": ""})
    if out.is_dir():
        raise OutputError(f"{out}: is a folder; give a file name")
    if out.exists() and not out.is_file():  # a device or a pipe: stream into it
        try:
            with open(out, mode, **options) as stream:
                yield stream
        except OSError as error:
            raise OutputError(f"{out}: cannot write: {_reason(error)}") from None
        return
    partial = _partial(out)
    try:
        with os.fdopen(partial[0], mode, **options) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(partial[1], _file_mode(out))
        os.replace(partial[1], out)
    except OSError as error:
        _remove(partial[1])
        raise OutputError(f"{out}: cannot write: {_reason(error)}; nothing was written") from None
    except BaseException:
        _remove(partial[1])
        raise


@contextmanager
def atomic_folder(out: str | Path, *, protect: Iterable[str | Path] = ()) -> Iterator[Path]:
    """A folder to fill for ``out``, which must be new or empty: it takes ``out``'s place, complete,
    when the block ends without error; otherwise it is removed."""
    out = Path(out)
    check_output(out, protect)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OutputError(f"{out}: already exists; this export goes to a new (or empty) folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    except OSError as error:
        raise OutputError(f"{out}: cannot write: {_reason(error)}") from None
    try:
        yield work
        if out.exists():
            out.rmdir()
        os.replace(work, out)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise OutputError(f"{out}: cannot write: {_reason(error)}; nothing was written") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _partial(out: Path) -> tuple[int, str]:
    """A new hidden file beside ``out`` (same file system, so the rename is atomic)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    except OSError as error:
        raise OutputError(f"{out}: cannot write: {_reason(error)}") from None


def _file_mode(out: Path) -> int:
    """The mode ``out`` has (when it exists), else what the umask gives a new file (temporary
    files are created readable by their owner only)."""
    with suppress(OSError):
        return out.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove(path: str) -> None:
    with suppress(OSError):
        os.unlink(path)
