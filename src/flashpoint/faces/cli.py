"""The ``flashpoint`` command: a thin face over the Python API (Click).

Every command has ``--help`` with an example. Errors about inputs are one line each on stderr,
naming the input and the reason; the other inputs are still processed and the exit status is 1.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from flashpoint import __version__, formats, settings
from flashpoint.errors import FlashpointError
from flashpoint.faces import analysis_commands, store_commands, web_commands
from flashpoint.records import MODALITIES

EXIT_INPUT_FAILURES = 1
#: Exit status of an error Flashpoint can name (a bad setting, a store or output it cannot use).
EXIT_ERROR = 2


#: Errors of writing an output (a full disk or quota, a file too large, a failing device).
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


class Commands(click.Group):
    """The command group: settings are checked before any command runs, and an error Flashpoint
    can name (:class:`~flashpoint.errors.FlashpointError`: a bad setting, a corrupt or locked
    store, an output path it refuses) is one ``error:`` line and exit status 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            settings.check()
            return super().invoke(ctx)
        except FlashpointError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(EXIT_ERROR)
        except OSError as error:  # writing the output (stdout on a full disk): not a bug to trace
            if error.errno not in _OUTPUT_ERRORS:
                raise
            click.echo(f"error: cannot write the output: {error.strerror}", err=True)
            ctx.exit(EXIT_ERROR)


def _report_failure(source: str, reason: str) -> None:
    click.echo(f"error: {source}: {reason}", err=True)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="flashpoint")
def cli() -> None:
    """Flashpoint codes news reports into political events (CAMEO/PLOVER): who did what to whom,
    when and where, with the evidence.

    \b
    Example:
      flashpoint code report.txt --date 2025-05-01
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", *formats.stream_formats(merged=False)]), default="table",
              show_default=True, help="Output format (flashpoint.formats); jsonl is the full DESIGN.md event record.")
@click.option("--date", "date_", help="Report date (YYYY-MM-DD) for inputs that carry none; the year of datelines.")
@click.option("--modality", "modalities", multiple=True,
              type=click.Choice(MODALITIES),
              help="Emit events of these modalities (repeatable; default: asserted only).")
@store_commands.min_confidence_option
def code(paths: tuple[str, ...], fmt: str, date_: str | None, modalities: tuple[str, ...],
         min_confidence: float) -> None:
    """Code text files, JSON Lines files or stdin ("-") and print the events.

    \b
    JSON Lines records carry "id", "text" and optionally "title", "url", "published"/"date".
    Examples:
      flashpoint code ../shared/examples/pahalgam-2025-05-01.txt
      flashpoint code reports.jsonl --format jsonl > events.jsonl
      echo "Pakistan closed its airspace to Indian airlines." | flashpoint code - --date 2025-04-24
    """
    from flashpoint.ingest import read_sources
    from flashpoint.pipeline import Pipeline
    from flashpoint.records import Document, Event, Failure
    from flashpoint.runner import code_stream

    option_date = store_commands._date(date_, "--date", report=True)
    pipeline = Pipeline(modalities=modalities or ("asserted",), min_confidence=min_confidence)
    seen = {"documents": 0, "failures": 0}

    def documents() -> Iterator[Document]:
        """The inputs' documents as they are read (a stream is never held whole); failures are
        reported on the way."""
        for item in read_sources(paths, option_date=option_date):
            if isinstance(item, Failure):
                seen["failures"] += 1
                _report_failure(item.source, item.reason)
            else:
                seen["documents"] += 1
                yield item

    def events() -> Iterator[Event]:
        for coded in code_stream(pipeline, documents()):
            if isinstance(coded, Failure):
                seen["failures"] += 1
                _report_failure(coded.source, coded.reason)
                continue
            for note in coded.document.notes:
                click.echo(f"note: {coded.document.source}: {note}", err=True)
            yield from coded.events

    if fmt == "table":
        found = list(events())
        _print_table(found, seen["documents"])
    else:
        formats.get(fmt).write(formats.CodedEvents(events()), sys.stdout)
    if seen["failures"]:
        sys.exit(EXIT_INPUT_FAILURES)


def _print_table(events, documents: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(events)} events from {documents} documents", show_lines=False)
    for column in ("date", "source", "CAMEO", "target", "trigger"):
        table.add_column(column, overflow="fold")
    for row in formats.table_rows(events):
        table.add_row(*row)
    Console().print(table)


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--events", "events_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score this event file (JSON Lines records) instead of running the coder.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evaluate(gold: Path, events_path: Path | None, as_json: bool) -> None:
    """Score the coder against a document gold (*.gold.json) or a sentence gold (JSON Lines).

    \b
    Examples:
      flashpoint evaluate ../shared/examples/pahalgam-2025-05-01.gold.json
      flashpoint evaluate my-sentences.jsonl --json
      flashpoint evaluate doc.gold.json --events events.jsonl
    """
    from flashpoint.faces import evaluate_view

    result = evaluate_view.run(gold, events_path)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        evaluate_view.print_result(result)


@cli.command()
def check() -> None:
    """Validate every knowledge file (ontology, actors, lexicon, places); exit 1 on any problem.

    \b
    Example:
      flashpoint check
    """
    from flashpoint.knowledge import validate_all

    problems = validate_all()
    for group, items in problems.items():
        status = "ok" if not items else f"{len(items)} problem(s)"
        click.echo(f"{group}: {status}")
        for problem in items:
            click.echo(f"  {problem}")
    if any(problems.values()):
        sys.exit(1)


@cli.command()
@click.argument("code", required=False)
@click.option("--test", "self_test", is_flag=True,
              help="Code every entry's example sentence and report the entries whose example fails.")
@click.option("--file", "file_filter", help="With --test: only entries of lexicon files whose name contains this.")
def lexicon(code: str | None, self_test: bool, file_filter: str | None) -> None:
    """List the lexicon entries that give a CAMEO code (or every code under a two-digit root).

    \b
    Examples:
      flashpoint lexicon 0256
      flashpoint lexicon 19
      flashpoint lexicon --test --file 18-assault
    """
    from rich.console import Console
    from rich.table import Table

    from flashpoint.events.lexicon import lexicon as load_lexicon
    from flashpoint.ontology import ontology

    if self_test:
        from flashpoint.events import selftest
        from flashpoint.pipeline import Pipeline

        chosen = [e for e in load_lexicon().entries
                  if (not file_filter or file_filter in e.file) and (not code or e.code.startswith(code))]
        failures = selftest.run(chosen, Pipeline())
        for failure in failures:
            click.echo(str(failure))
        click.echo(f"{len(chosen) - len(failures)}/{len(chosen)} examples code to their entry's code")
        sys.exit(1 if failures else 0)
    if not code:
        raise click.UsageError("give a CAMEO code, or --test")
    entries = load_lexicon().for_code(code)
    if code not in ontology():
        raise click.BadParameter(f"{code!r} is not a CAMEO code", param_hint="CODE")
    table = Table(title=f"{len(entries)} entries for {code} {ontology()[code].name}")
    for column in ("code", "pattern", "example", "file"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        table.add_row(entry.code, entry.pattern, entry.example, f"{entry.file}:{entry.line}")
    Console().print(table)


@cli.command()
@click.argument("text")
@click.option("--date", "date_", help="Report date (YYYY-MM-DD): office holders are resolved on this day.")
def actors(text: str, date_: str | None) -> None:
    """Show the actor mentions found in TEXT, their codes and why.

    \b
    Example:
      flashpoint actors "Pakistan's defense minister met Marco Rubio." --date 2025-04-30
    """
    from rich.console import Console
    from rich.table import Table

    from flashpoint.ingest import make_document
    from flashpoint.pipeline import Pipeline

    pipeline = Pipeline()
    day = store_commands._date(date_, "--date", report=True)
    document = make_document(text, doc_id="text", source="<argument>", published=day)
    coded = next(pipeline.code([document]))
    table = Table(title=f"{len(coded.mentions)} actor mentions")
    for column in ("text", "code", "kind", "why"):
        table.add_column(column, overflow="fold")
    for mention in coded.mentions:
        table.add_row(mention.text, mention.actor.code, mention.kind, mention.actor.rule)
    Console().print(table)


# ingest, events, export; serve; timeline, alerts, report, demo
for _commands in (store_commands, web_commands, analysis_commands):
    _commands.register(cli)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
