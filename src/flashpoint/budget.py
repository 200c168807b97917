"""A time budget for coding a document: processor seconds per 100,000 characters.

A text shape the parser crawls on (:mod:`flashpoint.ingest.shapes` blanks the ones we know)
must not hold an ingest for minutes. Coding a batch runs under :func:`cpu_budget`: when the
process has spent the batch's budget of processor time (``FLASHPOINT_DOC_SECONDS``, default 10,
per 100,000 characters begun), :class:`OverBudget` is raised in the middle of the work, and the
runner codes the batch's documents again one by one, each under its own budget, so only the
culprit fails, with a reason naming its budget.

Processor time, not wall time: a machine busy with other work must not turn ordinary documents
into failures (prose codes at about 20,000 characters a processor second, so the budget leaves
twice its need; docs/reliability.md has the measurements). The timer is a signal (``SIGPROF``), which
Python delivers only to the main thread: coding elsewhere (Dask worker threads, the web
server's threads) runs without the budget.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flashpoint import settings
from flashpoint.errors import FlashpointError

#: The characters one budget unit pays for (the pipeline's segment).
CHARS_PER_UNIT = 100_000


class OverBudget(FlashpointError):
    """Coding took more processor time than its budget."""


def seconds_for(chars: int) -> float:
    """The budget of coding ``chars`` characters (0: no budget)."""
    per_unit = settings.doc_seconds()
    return per_unit * max(1, math.ceil(chars / CHARS_PER_UNIT)) if per_unit else 0.0


def reason(seconds: float) -> str:
    """A failure's reason for a document over its budget of ``seconds``."""
    return (f"coding took more than its time budget ({seconds:g} s of processor time: "
            f"{settings.doc_seconds():g} s per {CHARS_PER_UNIT:,} characters, FLASHPOINT_DOC_SECONDS); not coded. "
            "Raise FLASHPOINT_DOC_SECONDS and ingest with --retry-failed to code it")


def enforced() -> bool:
    """Whether a budget can interrupt work here: on the main thread, where signals arrive."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block once it has used ``seconds`` of processor time
    (no limit for 0, or off the main thread)."""
    if not seconds or not enforced():
        yield
        return
    armed = [True]

    def expire(signum: int, frame: object) -> None:
        if armed[0]:
            armed[0] = False
            raise OverBudget(reason(seconds))

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
