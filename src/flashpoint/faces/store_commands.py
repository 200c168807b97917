"""``flashpoint ingest``, ``events`` and ``export``: thin CLI faces over :class:`flashpoint.store.Store`.

Registered on the main group by :func:`register`. Store problems (corrupt, locked, not a store)
are one ``error:`` line on stderr and exit status 2; input failures are recorded in the store,
reported one line each, and make the exit status 1, as for ``flashpoint code``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import click

from flashpoint import formats, settings
from flashpoint.outputs import store_files
from flashpoint.records import MODALITIES

EXIT_INPUT_FAILURES = 1
TABLE_LIMIT = 100
MERGED_COLUMNS = ["merged_id", "num_mentions", "num_sources", "num_articles",
                  "date_first", "date_last", "first_seen", "last_seen"]

db_option = click.option(
    "--db", "db", type=click.Path(path_type=Path), default=Path("flashpoint.db"), show_default=True,
    envvar="FLASHPOINT_DB", help="The store (an SQLite file); also FLASHPOINT_DB.")


def setting(read: Callable[[Any, str], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A click callback checking an option's value with a reader of :mod:`flashpoint.settings`
    (the same rule as its environment variable), so ``--timeout inf`` is a usage error."""
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return read(value, f"--{param.name.replace('_', '-')}")
        except settings.SettingError as error:
            raise click.BadParameter(str(error).split(": ", 1)[-1]) from None
    return callback


def _date(value: str | None, name: str, report: bool = False) -> dt.date | None:
    """An option's date (YYYY-MM-DD); a ``report`` date (``--date``) must also be one a report can
    have (:func:`flashpoint.ingest.check_report_date`: not in the future)."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None
    if report:
        from flashpoint.ingest import check_report_date

        try:
            check_report_date(day)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint=name) from None
    return day


def open_store(db: Path, create: bool = True):
    """The store at ``db``, with the analysis loaded first: it registers the alerts merging keeps
    (:mod:`flashpoint.store.alerts`), so an ingest, a merge or a schema upgrade on the way leaves
    them up to date."""
    import flashpoint.analysis  # noqa: F401 - registers the alerts merging keeps
    from flashpoint.store import Store

    return Store(db, create=create)


def read_store(db: Path):
    """The store at ``db`` for a command that only reads it (events, export, timeline, alerts,
    report): opened as usual where it can be written, so merges an ingest left pending are done
    first; read-only where it cannot (a read-only mount), with a note when merges are pending."""
    from flashpoint.store import Store
    from flashpoint.store.db import check_path, writable

    check_path(db, create=False)
    if writable(db):
        return open_store(db, create=False)
    store = Store(db, create=False, readonly=True)
    pending = store.counts().pending_merge_groups
    if pending:
        click.echo(f"note: {db} is read-only here and {pending} merge groups wait to be merged; merged events "
                   "are as the last ingest left them", err=True)
    return store


#: ``--min-confidence`` of ``code`` and ``ingest``: the coder leaves out events below it (the
#: ``events``/``export`` filter of the same name selects among stored ones).
min_confidence_option = click.option(
    "--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
    help="Leave out events less likely than this to be right (calibrated confidence; docs/evaluation.md).")


def filter_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """One option per event filter (:data:`flashpoint.store.query.FILTERS`), for ``events`` and
    ``export``."""
    from flashpoint.store.query import FILTERS

    for spec in reversed(FILTERS.values()):
        function = click.option(f"--{spec.name}", multiple=spec.repeatable, help=spec.help)(function)
    return function


def build_query(limit: int | None = None, **filters: Any):
    """The :class:`~flashpoint.store.EventQuery` of the filter options (actor names read as codes:
    ``--actor Pakistan``); a bad value is a usage error naming its option."""
    from flashpoint.analysis.names import countries, resolve
    from flashpoint.store.query import EventQuery, QueryError

    try:
        return EventQuery.parse(filters, countries=countries(), names=resolve, limit=limit)
    except QueryError as error:
        raise click.BadParameter(error.message, param_hint=f"--{error.name}") from None


# -- ingest -----------------------------------------------------------------------------------

@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--date", "date_", help="Report date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True,
              help="Documents coded and stored per transaction.")
@click.option("--fetch/--no-fetch", default=None,
              help="Fetch feed entries' pages (default), or use their summaries; also FLASHPOINT_FETCH=0.")
@click.option("--allow-private", is_flag=True, default=None,
              help="Allow fetching loopback, private and link-local addresses (refused by default).")
@click.option("--timeout", callback=setting(settings.fetch_timeout),
              help="Seconds per network operation when fetching (default 10; over 0, at most 3600).")
@click.option("--max-bytes", callback=setting(settings.fetch_max_bytes),
              help="Largest page or feed fetched, in bytes (default 5000000; at most 256 MiB).")
@click.option("--retry-failed", is_flag=True, help="Code again documents stored as failed (coder errors).")
@click.option("--no-merge", is_flag=True, help="Skip merging now; `events --merged` and exports merge later.")
@click.option("--modality", "modalities", multiple=True,
              type=click.Choice(MODALITIES),
              help="Store events of these modalities (repeatable; default: asserted only).")
@min_confidence_option
@click.option("--workers", type=click.IntRange(1, 1024),
              help="Code on a local Dask cluster of N worker processes (one per core is right); "
                   "each batch is one partition.")
@click.option("--scheduler", metavar="tcp://HOST:8786",
              help="Code on an existing Dask cluster (`dask scheduler` and `dask worker` on your machines).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Leave the results as a Parquet dataset in this new folder (documents/ and events/ "
                   "shards, manifest.json) instead of storing them; --db is not touched.")
def ingest(sources: tuple[str, ...], db: Path, date_: str | None, batch_size: int, fetch: bool | None,
           allow_private: bool | None, timeout: float | None, max_bytes: int | None, retry_failed: bool,
           no_merge: bool, modalities: tuple[str, ...], min_confidence: float, workers: int | None, scheduler: str | None,
           out: Path | None) -> None:
    """Code SOURCES (files, folders, .gz, HTML pages, RSS/Atom feeds, http(s) URLs, "-") into a store.

    Each batch is one transaction; documents already stored (same content hash) are skipped, so
    rerunning, or resuming after a crash, stores every document exactly once. With --workers or
    --scheduler the batches are coded in parallel on a Dask cluster and stored in order: the same
    events as a single-process run (see docs/performance.md).

    \b
    Examples:
      flashpoint ingest reports/ --db crisis.db
      flashpoint ingest https://example.org/world/rss.xml --no-fetch
      flashpoint ingest archive.jsonl.gz page.html --date 2025-05-01
      flashpoint ingest archive/ --workers 2 --batch-size 64
      flashpoint ingest archive/ --scheduler tcp://scheduler-host:8786 --out /nfs/archive-events
    """
    if workers and scheduler:
        raise click.UsageError("give --workers (a new local cluster) or --scheduler (an existing one), not both")
    if out is not None and retry_failed:
        raise click.UsageError("--retry-failed needs a store; it cannot be used with --out")
    if workers or scheduler or out is not None:
        _ingest_distributed(sources, db, date_, batch_size, fetch, allow_private, timeout, max_bytes, retry_failed,
                            no_merge, modalities, workers, scheduler, out)
        return
    from flashpoint.ingest import read_sources
    from flashpoint.ingest.fetch import FetchPolicy
    from flashpoint.ingest.files import count_inputs
    from flashpoint.runner import ingest as run_ingest

    policy = FetchPolicy.from_env(enabled=fetch, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    option_date = _date(date_, "--date", report=True)
    total = count_inputs(list(sources))

    def factory():
        from flashpoint.pipeline import Pipeline

        return Pipeline(modalities=modalities or ("asserted",), min_confidence=min_confidence)

    with open_store(db) as store, _Reporter(total) as reporter:
        progress = run_ingest(
            store, read_sources(sources, option_date=option_date, policy=policy, exclude=store_files(db)),
            pipeline_factory=factory,
            batch_size=batch_size, total=total, retry_failed=retry_failed, merge=not no_merge,
            on_progress=reporter.update, on_failure=reporter.failure, on_note=reporter.note)
        counts = store.counts()
    click.echo(progress.summary())
    click.echo(f"{db}: {counts.coded} documents, {counts.failed} failures, {counts.events} events, "
               f"{counts.merged} merged events")
    if progress.failures:
        sys.exit(EXIT_INPUT_FAILURES)


def _ingest_distributed(sources, db, date_, batch_size, fetch, allow_private, timeout, max_bytes, retry_failed,
                        no_merge, modalities, workers, scheduler, out) -> None:
    """``ingest`` on a Dask cluster (or, for --out alone, in this process): see
    :mod:`flashpoint.distributed`."""
    from flashpoint.distributed import RunOptions, run
    from flashpoint.ingest import read_sources
    from flashpoint.ingest.fetch import FetchPolicy
    from flashpoint.ingest.files import count_inputs

    policy = FetchPolicy.from_env(enabled=fetch, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes)
    items = read_sources(sources, option_date=_date(date_, "--date", report=True), policy=policy,
                         exclude=store_files(db) if out is None else ())
    options = RunOptions(workers=workers, scheduler=scheduler, out=out, batch_size=batch_size,
                         modalities=modalities or ("asserted",), retry_failed=retry_failed, merge=not no_merge)
    total = count_inputs(list(sources))
    with _Reporter(total) as reporter:
        if out is not None:
            report = run(items, options, total=total, on_progress=reporter.update, on_failure=reporter.failure)
        else:
            with open_store(db) as store:
                report = run(items, options, store, total=total, on_progress=reporter.update,
                             on_failure=reporter.failure)
                counts = store.counts()
    progress = report.progress
    click.echo(f"{progress.summary()} ({report.cluster}; {report.partitions} partitions)")
    if out is not None:
        click.echo(f"{report.out}: Parquet dataset of {progress.coded} documents and {progress.events} events "
                   f"(documents/, events/, manifest.json)")
    else:
        click.echo(f"{db}: {counts.coded} documents, {counts.failed} failures, {counts.events} events, "
                   f"{counts.merged} merged events")
    if progress.failures:
        sys.exit(EXIT_INPUT_FAILURES)


class _Reporter:
    """A rich progress bar on a terminal; plain lines (at most one every 2 s) otherwise."""

    def __init__(self, total: int | None) -> None:
        self.total = total
        self.live = sys.stderr.isatty()
        self.last_line = 0.0
        self.bar = None
        self.pending = None  # the latest progress not yet printed (plain mode)

    def __enter__(self) -> Self:
        if self.live:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("ingest"), BarColumn(),
                TextColumn("{task.completed} inputs · {task.fields[coded]} docs · {task.fields[events]} events · "
                           "{task.fields[failures]} failures · {task.fields[skipped]} skipped · {task.fields[rate]}/s"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=False)
            self.bar.start()
            self.task = self.bar.add_task("ingest", total=self.total, coded=0, events=0, failures=0,
                                          skipped=0, rate="0.0")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
        elif self.pending is not None and exc[0] is None:
            self._line(self.pending)

    def update(self, progress) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=progress.seen, coded=progress.coded, events=progress.events,
                            failures=progress.failures, skipped=progress.skipped, rate=f"{progress.rate:.1f}")
            return
        if time.monotonic() - self.last_line < 2.0:
            self.pending = progress
            return
        self._line(progress)

    def _line(self, progress) -> None:
        self.last_line, self.pending = time.monotonic(), None
        eta = f", ETA {progress.eta:.0f} s" if progress.eta is not None else ""
        of = f"/{progress.total}" if progress.total else ""
        click.echo(f"ingest: {progress.seen}{of} inputs, {progress.coded} documents, {progress.events} events, "
                   f"{progress.failures} failures, {progress.skipped} skipped, {progress.rate:.1f} inputs/s{eta}",
                   err=True)

    def failure(self, failure) -> None:
        self._say(f"error: {failure.source}: {failure.reason}")

    def note(self, document, note: str) -> None:
        self._say(f"note: {document.source}: {note}")

    def _say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)


# -- events -----------------------------------------------------------------------------------

@click.command()
@db_option
@filter_options
@click.option("--merged", is_flag=True, help="List merged events (one per real-world event, with counts).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True,
              help="jsonl is the full DESIGN.md record (with --merged: the merged record around it).")
@click.option("--limit", type=click.IntRange(0), default=None,
              help=f"At most this many events (default: all; {TABLE_LIMIT} for the table).")
def events(db: Path, merged: bool, fmt: str, limit: int | None, **filters: Any) -> None:
    """Query the events in a store.

    \b
    Examples:
      flashpoint events --dyad IND:PAK --root 19 --since 2025-05-01
      flashpoint events --merged --quad 4 --format jsonl
      flashpoint events --actor USAGOV --text "de-escalate" --format csv > calls.csv
    """
    if limit is None and fmt == "table":
        limit = TABLE_LIMIT
    query = build_query(limit=limit or None, **filters)
    with read_store(db) as store:
        if merged:
            _print_merged(list(store.merged(query)), fmt)
        elif fmt == "table":
            _print_events(list(store.records(query)))
        else:
            store.export(fmt, sys.stdout, query)  # the output format export writes (flashpoint.formats)


def _print_events(records: list[dict[str, Any]]) -> None:
    rows = [[r.get("date") or "", (r.get("source") or {}).get("code", ""), f"{r['cameo']} {r.get('cameo_name', '')}",
             (r.get("target") or {}).get("code", ""), r["evidence"]["trigger"], r["doc_id"]] for r in records]
    _table(f"{len(records)} events", ["date", "source", "CAMEO", "target", "trigger", "document"], rows)


def _print_merged(merged: list, fmt: str) -> None:
    """Merged events: as their merged record (jsonl), their counts before the representative's
    flat columns (csv), or a table."""
    if fmt == "jsonl":
        for item in merged:
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=MERGED_COLUMNS + formats.CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for item in merged:
            writer.writerow({**formats.flat_row(item.representative), **item.to_dict()})
    else:
        rows = []
        for item in merged:
            r = item.representative
            rows.append([r.get("date") or "", (r.get("source") or {}).get("code", ""),
                         f"{r['cameo']} {r.get('cameo_name', '')}", (r.get("target") or {}).get("code", ""),
                         f"{item.num_mentions}/{item.num_sources}/{item.num_articles}", r["evidence"]["trigger"]])
        _table(f"{len(merged)} merged events (m/s/a: mentions/sources/articles)",
               ["date", "source", "CAMEO", "target", "m/s/a", "trigger"], rows)


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


# -- export -----------------------------------------------------------------------------------

@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(list(formats.FORMATS)), required=True,
              help="; ".join(f"{output.name}: {output.help}" for output in formats.FORMATS.values()) + ".")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Output file (a new or empty folder for a folder format: parquet).")
@filter_options
def export(db: Path, fmt: str, out: Path, **filters: Any) -> None:
    """Export a store's events (optionally filtered) to a file.

    \b
    Examples:
      flashpoint export --format parquet --out events.parquet
      flashpoint export --format gdelt --out events.gdelt.tsv --since 2025-05-01
      flashpoint export --format plover --out plover.jsonl --dyad IND:PAK
    """
    with read_store(db) as store:
        count = store.export(fmt, out, build_query(**filters))
    click.echo(f"{count} {'merged events' if formats.get(fmt).merged else 'events'} written to {out}")


def register(group: click.Group) -> None:
    """Add the store commands to the ``flashpoint`` command group."""
    for command in (ingest, events, export):
        group.add_command(command)
