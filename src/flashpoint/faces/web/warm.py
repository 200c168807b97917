"""Computing the first views ahead: the dyad list, the alerts and the busiest dyads' timelines.

Not needed for speed any more: merging stores each merged event's date and code, the daily sums
of every dyad and its alerts (store schema 5), so a timeline of a busy dyad in a store of a
million events is computed in about 0.1 s and the alerts list in less (docs/web.md, "Speed").
Answers are still cached until the store changes (:meth:`ReaderPool.cached`), and this thread
fills that cache at start and after each ingest, so an analyst's first view costs a cache read;
``--warm -1`` turns it off with little loss.
"""

from __future__ import annotations

import logging
import threading

from flashpoint.faces.web.reader import ReaderPool

log = logging.getLogger(__name__)
CHECK_SECONDS = 30.0


class Warmer:
    """A daemon thread that refreshes the cache of the first views after each store change."""

    def __init__(self, pool: ReaderPool, dyads: int = 3, every: float = CHECK_SECONDS) -> None:
        self.pool, self.dyads, self.every = pool, dyads, every
        self.stop = threading.Event()
        self.done = threading.Event()  # set after each warming (tests and the bench wait on it)
        self.thread = threading.Thread(target=self._run, name="flashpoint-warm", daemon=True)

    def start(self) -> Warmer:
        self.thread.start()
        return self

    def _run(self) -> None:
        seen = None
        while not self.stop.is_set():
            try:
                with self.pool.borrow() as reader:
                    version = self.pool.version(reader)
                    if version != seen:
                        self.warm(reader)
                        seen = version
            except Exception:  # a failed warm-up only means a slower first request
                log.exception("warming the web cache failed")
            self.done.set()
            self.stop.wait(self.every)

    def warm(self, reader) -> None:
        from flashpoint.faces.web.analysis_api import alerts_json, timeline_json
        from flashpoint.faces.web.api import all_dyads

        alerts_json(self.pool, reader)
        for dyad in all_dyads(self.pool, reader)[: self.dyads]:
            if self.stop.is_set():
                return
            timeline_json(self.pool, reader, dyad.a, dyad.b, "day")
