"""glibc's malloc thresholds raised for the parse, once per process (issue 17).

Every batch of the parse allocates large short-lived arrays (the models' activations, a few
hundred KB to a few MB each) and frees them again. With glibc's defaults an array over the mmap
threshold (128 KB at first, raised by glibc as large blocks come back) is mapped and zeroed page
by page by the kernel, and free memory at the top of a heap goes back to the system once it
passes the trim threshold, to be faulted in again by the next batch. In the main thread glibc's
sliding threshold soon holds the parse's arrays in the heap, but a thread other than the main one
(where a Dask worker codes its partitions, and the web server its requests) gets a heap of its
own, which glibc keeps trimming: a second parse of 300 BBC articles there still took 7,000-27,000
page faults and 0.4-0.8 s of system time, and 1.10-1.12x the CPU time it takes with :func:`tune`
(no faults at all). :func:`tune` fixes both thresholds (``mallopt``) at sizes that
keep one batch's arrays in the heap yet bound what a process holds: at most
:data:`TRIM_THRESHOLD` of free memory at the top of a heap, and no allocation over
:data:`MMAP_THRESHOLD` from the heap at all. In the main thread it changes neither the time nor
the peak memory measurably (docs/performance.md, "Issue 17, fourth step").

The trim threshold is one batch's memory: a batch of 32 BBC articles frees 130-250 MB when
it is coded (its Docs, the parser's states), and since its Docs are freed at once (no longer
kept by a reference cycle until a full garbage collection, :func:`flashpoint.language.release`)
that much comes free at the top of the heap together. At 64 MB glibc gave it back after every
batch and the next batch faulted it in again: nine times the page faults, and 1.06-1.15x the
CPU time of coding, in the main thread too. Memory kept for the next batch raises no peak: the
next batch takes it (docs/performance.md, "Issue 17, fifth step").

Linux with glibc only (through ``ctypes``): elsewhere (macOS, Windows, musl) :func:`tune` does
nothing and says so, and it never raises for want of glibc. ``FLASHPOINT_MALLOC=off`` leaves
glibc's own behaviour (and any ``MALLOC_*_`` variables of glibc's) in force. The setting is
process-wide and cannot be undone (``mallopt`` also switches glibc's sliding threshold off for
good), so a before/after comparison is two processes, one with ``FLASHPOINT_MALLOC=off``
(``bench/malloc.py``).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

from flashpoint import settings

#: ``mallopt`` parameter numbers (glibc's malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Allocations up to this size come from the heap (glibc refuses more than 32 MB on 64-bit).
MMAP_THRESHOLD = 32 * 2**20
#: Free memory kept at the top of a heap before it goes back to the system (one batch's worth).
TRIM_THRESHOLD = 256 * 2**20
#: The environment variable that switches the tuning off (on, off; default on).
SETTING = "FLASHPOINT_MALLOC"

#: What :func:`tune` did in this process: None (not asked yet), else why it did or did not act.
state: str | None = None


def enabled() -> bool:
    """``FLASHPOINT_MALLOC`` (default on): whether to raise glibc's thresholds."""
    text = os.environ.get(SETTING, "")
    return settings.flag(SETTING, text) if text.strip() else True


def glibc_mallopt() -> Callable[[int, int], int] | None:
    """glibc's ``mallopt`` in this process, or None off Linux, on another C library (musl's
    ``mallopt`` accepts the call and does nothing), or when it cannot be found."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        version = os.confstr("CS_GNU_LIBC_VERSION") or ""  # "glibc 2.36"; unset on musl
    except (ValueError, OSError):
        return None
    if not version.startswith("glibc"):
        return None
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return None
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt


def tune() -> str:
    """Raise glibc's mmap and trim thresholds in this process, once; return what was done
    ("tuned", "off" by the setting, "no glibc", or "refused" when glibc rejected a value).
    Later calls return the first answer: the setting is the process's, not a pipeline's."""
    global state
    if state is not None:
        return state
    if not enabled():
        state = "off"
    elif (mallopt := glibc_mallopt()) is None:
        state = "no glibc"
    elif mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1:
        state = "tuned"
    else:
        state = "refused"
    return state
