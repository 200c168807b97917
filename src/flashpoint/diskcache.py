"""A cache file that is checked before it is trusted, rebuilt on any doubt, and never left half
written: what the gazetteer's compact city index is kept in (:mod:`flashpoint.places.cities`).

A cache file is a header (:data:`MAGIC` and the SHA-256 of the rest) and a pickle. Loading it:

- checks the header and the checksum, so a truncated or scribbled file (20 of 60 corruptions
  used to load silently, with wrong data) is never read as good;
- unpickles with only the classes the caller names allowed, so a crafted file cannot run code;
- on any problem, says so once (a warning naming the file and the reason), removes the file and
  returns None: the caller rebuilds (a corrupt cache used to break every command with a
  ``UnicodeDecodeError`` until someone deleted it).

Saving writes a temporary file beside the cache and renames it into place (parallel workers never
read half a file); a temporary file is removed when saving fails (a cache path that was a folder
leaked 16 MB a run), and ones left by killed processes are removed when old.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import tempfile
import time
from collections.abc import Collection
from contextlib import suppress
from pathlib import Path

MAGIC = b"flashpoint-cache 1\n"
#: Temporary files older than this (seconds) were left by a killed process: removed.
STALE_SECONDS = 3600
log = logging.getLogger("flashpoint.cache")


class _Allowed(pickle.Unpickler):
    def __init__(self, data: bytes, allowed: Collection[tuple[str, str]]) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"refuses {module}.{name}")
        return super().find_class(module, name)


def load(path: Path, allowed: Collection[tuple[str, str]], what: str) -> object | None:
    """The object cached at ``path``, or None when there is none or it cannot be trusted (then
    removed, with a warning). ``allowed``: the (module, name) of every class the pickle may hold."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        return _doubt(path, what, f"cannot be read ({error.strerror or error})")
    head, _, body = data.partition(b"\n")
    if head + b"\n" != MAGIC or len(body) < 65 or body[64:65] != b"\n":
        return _doubt(path, what, "is not a Flashpoint cache file (no header)")
    if hashlib.sha256(body[65:]).hexdigest().encode() != body[:64]:
        return _doubt(path, what, "is corrupt (its checksum does not match)")
    try:
        return _Allowed(body[65:], allowed).load()
    except Exception as error:  # noqa: BLE001 - whatever the pickle raises, the cache is not used
        return _doubt(path, what, f"cannot be loaded ({error.__class__.__name__}: {error})")


def save(path: Path, value: object, what: str) -> None:
    """Write ``value`` to ``path`` atomically (best effort: a cache that cannot be written is
    rebuilt next time, with a warning now)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    partial = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _clean(path)
        fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        with os.fdopen(fd, "wb") as stream:
            stream.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        os.replace(partial, path)
    except OSError as error:
        if partial:
            with suppress(OSError):
                os.unlink(partial)
        log.warning("flashpoint: cannot write the %s cache %s (%s); it is rebuilt on every run until it can be",
                    what, path, error.strerror or error)


def _doubt(path: Path, what: str, why: str) -> None:
    log.warning("flashpoint: the %s cache %s %s; rebuilding it", what, path, why)
    with suppress(OSError):
        if path.is_file():
            path.unlink()
    return None


def _clean(path: Path) -> None:
    """Remove temporary files of ``path`` that killed processes left behind."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.*.partial"):
        with suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
