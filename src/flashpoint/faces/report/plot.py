"""``flashpoint timeline --plot``: a dyad's timeline as a PNG image (matplotlib) or as a
self-contained HTML page (the report's SVG chart)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import IO

from flashpoint.analysis import Timeline, dyad_label
from flashpoint.faces.report.assets import CSS
from flashpoint.faces.report.charts import COLORS, legend_html, timeline_svg
from flashpoint.outputs import atomic_file

PLOT_SUFFIXES = (".png", ".html", ".htm")


def write_plot(series: Timeline, path: Path, protect: Iterable[Path] = ()) -> None:
    """Draw ``series`` to ``path`` (.png or .html), atomically and never over ``protect`` (the
    store's files: :mod:`flashpoint.outputs`)."""
    suffix = path.suffix.lower()
    if suffix not in PLOT_SUFFIXES:
        raise ValueError(f"{path}: --plot writes .png or .html files")
    with atomic_file(path, binary=suffix == ".png", protect=protect) as stream:
        if suffix == ".png":
            _png(series, stream)
        else:
            stream.write(_html(series))


def _html(series: Timeline) -> str:
    title = f"{dyad_label(series.a, series.b)}: timeline"
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head><body><main><section><h2>{escape(title)}</h2>"
            f'<p class="lead">{series.totals.events} events in {series.totals.mentions} reports, one bar per '
            f"{series.interval}; point at a bar for its numbers.</p>{legend_html()}{timeline_svg(series)}"
            f"</section></main></body></html>\n")


def _png(series: Timeline, stream: IO[bytes]) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    days = [bucket.start for bucket in series.buckets]
    quads = {q: [bucket.totals.quad.get(q, 0) for bucket in series.buckets] for q in (1, 2, 3, 4)}
    width = 0.8 if series.interval == "day" else 5.6
    figure, (top, low) = plt.subplots(2, 1, sharex=True, figsize=(11, 6), height_ratios=(3, 2))
    top.bar(days, quads[1], width, color=COLORS[1], label="verbal cooperation")
    top.bar(days, quads[2], width, bottom=quads[1], color=COLORS[2], label="material cooperation")
    top.bar(days, [-n for n in quads[3]], width, color=COLORS[3], label="verbal conflict")
    top.bar(days, [-n for n in quads[4]], width, bottom=[-n for n in quads[3]], color=COLORS[4],
            label="material conflict")
    top.axhline(0, color="#8a96a3", linewidth=0.8)
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{abs(value):g}"))
    top.set_ylabel(f"events per {series.interval}\n(conflict below the line)")
    top.legend(loc="upper right", fontsize=8, ncols=4)
    low_counts = max([a + b for a, b in zip(quads[1], quads[2], strict=True)] + [0])
    top.set_ylim(top=max(low_counts, 1) * 1.6)
    totals = series.totals
    top.set_title(f"{dyad_label(series.a, series.b)}: {totals.events} events in {totals.mentions} reports")
    scores = [bucket.score for bucket in series.buckets]
    low.bar(days, scores, width, color=[COLORS[4] if s >= 0 else COLORS[2] for s in scores], alpha=0.85,
            label="conflict score")
    low.plot(days, [bucket.baseline for bucket in series.buckets], "k--", linewidth=1.2, label="usual level")
    alerts = [bucket for bucket in series.buckets if bucket.alert]
    low.scatter([b.start for b in alerts], [max(b.score, 0) + 2 for b in alerts], marker="^", color="#d9480f",
                zorder=3, label="alert")
    low.axhline(0, color="#8a96a3", linewidth=0.8)
    low.set_ylabel("conflict score")
    low.set_ylim(top=max(scores + [1.0]) * 1.35)
    low.legend(loc="upper right", fontsize=8, ncols=3)
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(stream, format="png", dpi=110)
    plt.close(figure)
