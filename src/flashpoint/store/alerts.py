"""The escalation alerts a store keeps (``merged_alerts``), recomputed when merging rewrites a dyad.

The store holds the alerts so that listing them on a store of millions of events is a lookup, but
what an alert is belongs to the analysis (:mod:`flashpoint.analysis.escalation`), which the store
must not import. So the analysis registers an :class:`AlertKeeper` when it is imported
(:func:`keep_alerts`), and merging calls it for each country dyad it re-merged, in the same
transaction: the keeper reads the dyad's daily sums and answers its alerts; the store writes them.

A process without a keeper (one that never imported the analysis) that re-merges dyads drops the
stored alerts and their fingerprint (meta ``alert_params``), so no stale alert is ever read as
current: the analysis then computes alerts from the daily sums, and the next merge with a keeper
recomputes them all, as it does when the keeper's fingerprint (its parameters) changes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Protocol

from flashpoint.store.reads import read

#: A dyad key (or merge group) of two country codes: the dyads alerts are kept for.
COUNTRY_PAIR = re.compile(r"[A-Z]{3}>[A-Z]{3}\Z")
#: One stored alert: (day YYYY-MM-DD, conflict score, baseline, kinds, roots), kinds and roots
#: comma-separated.
AlertRow = tuple[str, float, float, str, str]
#: A read-only query on the merge's own connection: (sql, params) -> rows.
Read = Callable[[str, Sequence[object]], list[tuple]]


class AlertKeeper(Protocol):
    """What computes the alerts a store keeps (the analysis' default escalation rules)."""

    def fingerprint(self) -> str | None:
        """What the alerts are computed with (stored in meta); None: keep no alerts."""

    def alerts(self, read: Read, dyad_key: str) -> Iterable[AlertRow]:
        """The alerts of one country dyad (``IND>PAK``), from its daily sums (``merged_days``)."""


_keeper: AlertKeeper | None = None


def keep_alerts(keeper: AlertKeeper | None) -> None:
    """Make ``keeper`` compute the alerts merging keeps (None: keep none)."""
    global _keeper
    _keeper = keeper


def outdated(conn: sqlite3.Connection) -> bool:
    """Whether a keeper is registered and would compute the stored alerts otherwise (a new
    Flashpoint with other default parameters, or alerts dropped by a merge without a keeper)."""
    if _keeper is None:
        return False  # nothing to recompute them with; a merge without a keeper drops them
    stored = conn.execute("SELECT value FROM meta WHERE key = 'alert_params'").fetchone()
    return (stored[0] if stored else None) != _keeper.fingerprint()


def refresh_alerts(conn: sqlite3.Connection, keys: Iterable[str] = (), everything: bool = False) -> None:
    """Recompute the stored alerts of these dyads (dyad keys; those of two countries count), or
    of every dyad, inside the caller's transaction."""
    fingerprint = _fingerprint()
    if fingerprint is None:
        conn.execute("DELETE FROM merged_alerts")
        conn.execute("DELETE FROM meta WHERE key = 'alert_params'")
        return
    if everything:
        conn.execute("DELETE FROM merged_alerts")
        keys = [row[0] for row in conn.execute("SELECT DISTINCT dyad_key FROM merged_days")]
    reader = partial(read, conn)
    for key in sorted(set(keys)):
        if not COUNTRY_PAIR.match(key) or key[:3] == key[4:]:
            continue  # alerts are of two countries; events inside one belong to no country pair
        if not everything:
            conn.execute("DELETE FROM merged_alerts WHERE dyad_key = ?", (key,))
        conn.executemany("INSERT INTO merged_alerts (day, dyad_key, score, baseline, kinds, roots) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         [(day, key, *rest) for day, *rest in _keeper.alerts(reader, key)])  # type: ignore[union-attr]
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('alert_params', ?)", (fingerprint,))


def _fingerprint() -> str | None:
    return _keeper.fingerprint() if _keeper is not None else None
