"""``flashpoint timeline``, ``alerts``, ``report`` and ``demo``: thin CLI faces over
:mod:`flashpoint.analysis` and the HTML report.

Registered on the main group by :func:`register`. Like the store commands they take ``--db``
(default flashpoint.db, or FLASHPOINT_DB); store problems are one ``error:`` line and exit 2
(:class:`flashpoint.faces.cli.Commands`).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import click

from flashpoint.faces.store_commands import _date, _Reporter, db_option, read_store

BAR = 8  # characters on each side of the terminal chart's zero line (the table fits 80 columns)


def _dyad(a: str, b: str):
    from flashpoint.analysis.names import dyad_label

    return dyad_label(a.upper(), b.upper())


# -- timeline ---------------------------------------------------------------------------------

@click.command()
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--interval", type=click.Choice(["day", "week"]), default="day", show_default=True,
              help="One row (and bar) per day, or per ISO week (Monday to Sunday).")
@click.option("--since", help="From this date (YYYY-MM-DD); default: the dyad's first event.")
@click.option("--until", help="To this date (YYYY-MM-DD); default: the dyad's last event.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the timeline to FILE.png (an image) or FILE.html (a self-contained page).")
@click.option("--format", "fmt", type=click.Choice(["chart", "json", "csv"]), default="chart", show_default=True,
              help="chart: a table with bars in the terminal; json: the full Timeline record; csv: one row per bucket.")
def timeline(a: str, b: str, db: Path, interval: str, since: str | None, until: str | None, plot: Path | None,
             fmt: str) -> None:
    """Show the timeline of the dyad A-B (country codes, both directions together).

    Each row is one day (or week): merged events (each real-world event once), the reports behind
    them, their Goldstein sum and the conflict score against its trailing baseline; ▲ marks an alert.

    \b
    Examples:
      flashpoint timeline IND PAK
      flashpoint timeline IND PAK --interval week --plot ind-pak.png
      flashpoint timeline USA IND --since 2025-04-30 --format json
    """
    from flashpoint import analysis

    from flashpoint.outputs import check_output, store_files

    if plot is not None:
        check_output(plot, store_files(db))
        if plot.suffix.lower() not in (".png", ".html", ".htm"):
            raise click.BadParameter(f"{plot}: give a .png or .html file", param_hint="--plot")
    with read_store(db) as store:
        series = analysis.timeline(store, a, b, interval=interval,  # type: ignore[arg-type]
                                   since=_date(since, "--since"), until=_date(until, "--until"))
    if fmt == "json":
        click.echo(json.dumps(series.to_dict(), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        _timeline_csv(series)
    else:
        _timeline_chart(series)
    if plot is not None:
        from flashpoint.faces.report.plot import write_plot

        write_plot(series, plot, store_files(db))
        click.echo(f"plot written to {plot}", err=fmt != "chart")


def _timeline_csv(series) -> None:
    import csv

    writer = csv.writer(sys.stdout)
    forward, backward = f"{series.a}>{series.b}", f"{series.b}>{series.a}"
    writer.writerow(["start", "end", "events", "mentions", "quad1", "quad2", "quad3", "quad4", "goldstein_sum",
                     "goldstein_mean", "score", "baseline", "escalation", "alert",
                     f"events_{forward}", f"events_{backward}"])
    for bucket in series.buckets:
        totals, mean = bucket.totals, bucket.totals.goldstein_mean
        directions = [bucket.directions[key].events if key in bucket.directions else 0 for key in (forward, backward)]
        writer.writerow([bucket.start, bucket.end, totals.events, totals.mentions,
                         *(totals.quad[q] for q in (1, 2, 3, 4)),
                         round(totals.goldstein_sum, 3), "" if mean is None else round(mean, 3),
                         round(bucket.score, 3), round(bucket.baseline, 3), round(bucket.escalation, 3),
                         int(bucket.alert), *directions])


def _timeline_chart(series) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    totals = series.totals
    if not series.buckets:
        console.print(f"{_dyad(series.a, series.b)}: no dated events in the store.")
        return
    forward, backward = f"{series.a}>{series.b}", f"{series.b}>{series.a}"
    table = Table(title=f"{_dyad(series.a, series.b)}: {totals.events} events in {totals.mentions} reports, "
                        f"per {series.interval}", box=None, pad_edge=False, title_justify="left",
                  caption="Columns 2-3: merged (real-world) events per direction. score: conflict score; "
                          "usual: its trailing baseline; bar: ◀ cooperation | conflict ▶; ▲ alert.",
                  caption_justify="left")
    for column, justify in (("date", "left"), (f"{series.a}>{series.b}", "right"),
                            (f"{series.b}>{series.a}", "right"), ("Goldstein", "right"),
                            ("score", "right"), ("usual", "right"), ("", "left"), ("", "left")):
        table.add_column(column, justify=justify, no_wrap=True)
    scale = max([abs(bucket.score) for bucket in series.buckets] + [1.0])
    gaps = dict(series.gaps)
    for bucket in series.buckets:
        if bucket.start - dt.timedelta(days=1) in gaps.values():
            table.add_row("…", "", "", "", "", "", f"quiet to {bucket.start - dt.timedelta(days=1)}", "")
        counts = bucket.totals
        table.add_row(
            str(bucket.start),
            str(bucket.directions[forward].events) if forward in bucket.directions else "0",
            str(bucket.directions[backward].events) if backward in bucket.directions else "0",
            f"{counts.goldstein_sum:+.1f}" if counts.events else "",
            f"{bucket.score:.1f}", f"{bucket.baseline:.1f}", _bar(bucket.score, scale, Text),
            Text("▲", style="bold red") if bucket.alert else "")
    console.print(table)
    peak = series.peak()
    if peak is not None:
        console.print(f"Most conflictual {series.interval}: {peak.start} (conflict score {peak.score:.1f}).")
    for alert in series.alerts:
        console.print(f"▲ {alert.date}: " + " ".join(alert.reasons), highlight=False)


def _bar(score: float, scale: float, text_type):
    """A diverging bar: cooperation (negative score) to the left, conflict to the right."""
    length = round(abs(score) / scale * BAR)
    left = " " * BAR
    right = " " * BAR
    if score < 0:
        left = " " * (BAR - length) + "█" * length
    else:
        right = "█" * length + " " * (BAR - length)
    bar = text_type(left, style="green")
    bar.append("│", style="dim")
    bar.append(right, style="red")
    return bar


# -- alerts -----------------------------------------------------------------------------------

@click.command()
@db_option
@click.option("--since", help="Alerts on or after this date (YYYY-MM-DD); baselines still look back before it.")
@click.option("--until", help="Alerts on or before this date (YYYY-MM-DD).")
@click.option("--dyad", help="Only this dyad, two codes A:B (e.g. IND:PAK).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="json: one Alert record per line, with its events and evidence.")
def alerts(db: Path, since: str | None, until: str | None, dyad: str | None, fmt: str) -> None:
    """List escalation alerts: days a pair of countries escalated, with the events that caused them.

    An alert is raised when a dyad's conflict score jumps above its trailing 7-day level, and on
    the first day a dyad comes to material conflict or to a root of force (CAMEO 18-20).

    \b
    Examples:
      flashpoint alerts
      flashpoint alerts --since 2025-05-01 --dyad IND:PAK
      flashpoint alerts --format json > alerts.jsonl
    """
    from flashpoint import analysis

    pair = None
    if dyad:
        parts = dyad.replace(",", ":").split(":")
        if len(parts) != 2 or not all(parts):
            raise click.BadParameter(f"{dyad!r} is not two codes A:B", param_hint="--dyad")
        pair = (parts[0], parts[1])
    with read_store(db) as store:
        found = analysis.alerts(store, since=_date(since, "--since"), until=_date(until, "--until"), dyad=pair)
    if fmt == "json":
        for alert in found:
            click.echo(json.dumps(alert.to_dict(), ensure_ascii=False))
        return
    print_alerts(found)


def print_alerts(found, evidence: bool = True) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    if not found:
        console.print("No alerts.")
        return
    for alert in found:
        console.print(f"[bold red]▲[/] [bold]{alert.date}  {_dyad(alert.a, alert.b)}[/]  ({', '.join(alert.kinds)})")
        for reason in alert.reasons:
            console.print(f"    {reason}", markup=False)
        for event in alert.events:
            console.print(f"    • {event.direction} {event.cameo} {event.cameo_name} "
                          f"[{event.num_articles} report{'s' if event.num_articles != 1 else ''}]", markup=False)
            if evidence:
                console.print(f"      “{_shorten(event.sentence)}”", markup=False, style="dim")


def _shorten(text: str, width: int = 150) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- report -----------------------------------------------------------------------------------

@click.command()
@db_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True, help="The HTML file to write.")
@click.option("--since", help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only events on or before this date (YYYY-MM-DD).")
@click.option("--title", default="Flashpoint report", show_default=True, help="The report's title.")
@click.option("--dyads", "max_dyads", type=click.IntRange(1, 20), default=4, show_default=True,
              help="Timelines for this many of the busiest pairs (plus any pair with alerts).")
def report(db: Path, out: Path, since: str | None, until: str | None, title: str, max_dyads: int) -> None:
    """Write an HTML report: dyad timelines, alerts, top events with evidence, the actor network.

    One self-contained file (no internet needed to view it), for readers who are not programmers.

    \b
    Example:
      flashpoint report --out report.html
      flashpoint report --db crisis.db --since 2025-05-01 --out may.html --title "May 2025"
    """
    from flashpoint.faces.report import write_report

    with read_store(db) as store:
        data = write_report(store, out, since=_date(since, "--since"), until=_date(until, "--until"), title=title,
                            max_dyads=max_dyads)
    click.echo(f"report written to {out}: {len(data.timelines)} timelines, {len(data.alerts)} alerts, "
               f"{len(data.top_events)} top events, {len(data.network.edges)} network links")


# -- demo -------------------------------------------------------------------------------------

@click.command()
@db_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True, help="Where to write the HTML report.")
def demo(db: Path, out: Path) -> None:
    """Code the bundled sample corpus into the store, print a summary and write the HTML report.

    The sample is 53 short wire reports of the India-Pakistan crisis of April-May 2025 (see
    flashpoint/data/sample/README.md). Running it again is a no-op for the store: documents
    already stored are skipped.

    \b
    Example:
      flashpoint demo
      flashpoint demo --db /tmp/sample.db --out /tmp/sample.html
    """
    _run_demo(db, out)


def _run_demo(db: Path, out: Path) -> None:
    from flashpoint import analysis
    from flashpoint.datafiles import DATA_ROOT
    from flashpoint.faces.report import write_report
    from flashpoint.ingest import read_sources
    from flashpoint.outputs import check_output, store_files
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    check_output(out, store_files(db))  # before an ingest the report could not be written after
    started = time.monotonic()
    sample = DATA_ROOT / "sample" / "reports.jsonl"
    click.echo(f"Flashpoint demo: coding the bundled sample corpus ({sample.name}) into {db}")
    with Store(db) as store, _Reporter(None) as reporter:
        progress = ingest(store, read_sources([str(sample)]), on_progress=reporter.update,
                          on_failure=reporter.failure)
    with Store(db) as store:
        counts = store.counts()
        top = analysis.dyads(store, limit=5)
        data = write_report(store, out, title="Flashpoint report: the India–Pakistan sample")
    click.echo(f"  {progress.coded} documents coded now, {progress.skipped} already stored, "
               f"{progress.failures} failures ({progress.elapsed:.1f} s)")
    click.echo(f"\n{db}: {counts.coded} documents, {counts.events} events, {counts.merged} merged events "
               f"(real-world events), {counts.failed} failures")
    click.echo("\nTop dyads (merged events, reports; conflictual/cooperative):")
    for item in top:
        click.echo(f"  {_dyad(item.a, item.b):<32} {item.events:>4} events {item.mentions:>5} reports   "
                   f"{item.conflict} conflict / {item.cooperation} cooperation   Goldstein {item.goldstein_sum:+.1f}")
    for series in data.timelines[:1]:
        peak = series.peak()
        if peak is not None:
            click.echo(f"\nMost conflictual day of {_dyad(series.a, series.b)}: {peak.start} "
                       f"(conflict score {peak.score:.1f})")
    click.echo(f"\nAlerts ({len(data.alerts)}):")
    print_alerts(data.alerts, evidence=False)
    click.echo(f"\nReport written to {out} (open it in a browser). Done in {time.monotonic() - started:.1f} s.")


def register(group: click.Group) -> None:
    """Add the analysis commands to the ``flashpoint`` command group."""
    for command in (timeline, alerts, report, demo):
        group.add_command(command)
