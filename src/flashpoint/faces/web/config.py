"""What the web app may do: which store, whether it may write, and its limits.

One frozen dataclass, built by ``flashpoint serve`` from its options (or by tests), so every
limit that protects the server is in one place and visible in ``--help``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Hosts a browser may name in its Host header: loopback names only, so a page on some other
#: site cannot reach this server through DNS rebinding.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Settings of one web app."""

    db: Path
    allow_writes: bool = False  # POST /api/documents codes and stores; off unless asked for
    max_code_bytes: int = 100_000  # largest request body of POST /api/code (and /api/documents)
    code_seconds: float = 10.0  # longest a text may code (POST /api/code; a document of /api/documents)
    readers: int = 4  # read connections, so slow requests do not queue behind each other
    page_limit: int = 500  # largest page of events
    max_offset: int = 100_000  # deepest OFFSET; past it the cursor pages (it costs nothing)
    count_cap: int = 10_000  # events counted for a page's total ("10,000+")
    export_limit: int = 100_000  # most rows one export (GET /api/export) writes
    count_budget: float = 0.1  # seconds a page may spend counting; past it the count is null
    walk_budget: float = 1.0  # seconds to try walking the sort's index before the planner's plan
    walk_threshold: int = 2_000  # walk only when more events than this match (or too many to count)
    allowed_hosts: tuple[str, ...] = field(default=LOOPBACK_HOSTS)
    warm_dyads: int = 3  # keep the alerts and this many busiest dyads' timelines cached; -1: no warming
