"""Output formats: one registry that ``flashpoint code``, ``events`` and ``export`` all read.

Each :class:`OutputFormat` names a writer that reads an :class:`EventSource` (coded events in
memory, or a store and a query: :meth:`flashpoint.store.Store.export`) and writes a stream or, for
folder formats, a folder. The faces take their ``--format`` choices from :data:`FORMATS`:
``export`` offers every format, ``code`` those that need no store (not of merged events, not a
folder). Adding a format is adding its writer and one entry to :data:`FORMATS`
(docs/architecture.md has a worked example).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flashpoint.formats import gdelt, merged, parquet, plover
from flashpoint.formats.flat import CSV_COLUMNS, flat_row, table_rows, write_csv, write_jsonl
from flashpoint.formats.source import CodedEvents, EventSource, FormatError, LinkedRecord


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """A format: its name (``--format NAME``), what it is (help text), its writer, and what the
    writer needs: merged events (so a store), or a folder rather than a stream."""

    name: str
    help: str
    write: Callable[[EventSource, Any], int]  # (source, stream or folder Path) -> rows written
    merged: bool = False
    folder: bool = False


#: Every output format, by name, in the order ``--format`` lists them.
FORMATS: dict[str, OutputFormat] = {output.name: output for output in (
    OutputFormat("csv", "the flat columns of flashpoint.formats.CSV_COLUMNS, one row per event", write_csv),
    OutputFormat("jsonl", "one DESIGN.md event record per line", write_jsonl),
    OutputFormat("parquet", "a folder partitioned by event month: the flat columns typed, plus the record",
                 parquet.write, folder=True),
    OutputFormat("gdelt", "one row per merged event in the 61 columns of the GDELT 2.0 event table",
                 gdelt.write, merged=True),
    OutputFormat("plover", "one PLOVER JSON record per event (PLOVER manual, chapter 6)", plover.write),
    OutputFormat("merged-csv", "one row per merged (real-world) event: its date and counts, then its "
                 "representative report's flat columns", merged.write_csv, merged=True),
    OutputFormat("merged-jsonl", "one merged (real-world) event per line: its date, counts, mention ids and "
                 "representative record", merged.write_jsonl, merged=True),
)}


def get(name: str) -> OutputFormat:
    """The format called ``name``; raises :class:`FormatError`."""
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}") from None


def stream_formats(*, merged: bool = True) -> list[str]:
    """The names of formats written to a stream (stdout), with or without those of merged events."""
    return [output.name for output in FORMATS.values() if not output.folder and (merged or not output.merged)]


__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "CodedEvents",
    "EventSource",
    "FormatError",
    "LinkedRecord",
    "OutputFormat",
    "flat_row",
    "get",
    "stream_formats",
    "table_rows",
]
