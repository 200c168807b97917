"""JSON Lines and CSV: the event record as it is, and as one flat row (CSV, Parquet, tables)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from flashpoint.records import Event

if TYPE_CHECKING:
    from flashpoint.formats.source import EventSource

CSV_COLUMNS = [
    "event_id", "doc_id", "date", "date_precision", "date_text",
    "source_code", "source_country", "source_sector", "source_name", "source_text",
    "target_code", "target_country", "target_sector", "target_name", "target_text",
    "cameo", "cameo_root", "cameo_name", "goldstein", "quad_class", "plover_type", "plover_mode",
    "modality", "location_name", "location_country", "location_lat", "location_lon", "location_geonameid",
    "sentence_index", "char_start", "char_end", "trigger", "trigger_start", "trigger_end", "sentence",
    "confidence", "rule",
]


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """A DESIGN.md event record as one flat row (CSV, tables, SQL)."""
    row: dict[str, Any] = {k: record.get(k) for k in ("event_id", "doc_id", "date", "date_precision", "date_text",
                                                        "cameo", "cameo_root", "cameo_name", "goldstein",
                                                        "quad_class", "modality", "confidence", "rule")}
    for role in ("source", "target"):
        actor = record.get(role) or {}
        for key in ("code", "country", "sector", "name", "text"):
            row[f"{role}_{key}"] = actor.get(key)
    plover = record.get("plover") or {}
    row["plover_type"] = plover.get("type")
    row["plover_mode"] = plover.get("mode")
    location = record.get("location") or {}
    for key in ("name", "country", "lat", "lon", "geonameid"):
        row[f"location_{key}"] = location.get(key)
    evidence = record.get("evidence") or {}
    row["sentence_index"] = evidence.get("sentence_index")
    row["char_start"] = evidence.get("char_start")
    row["char_end"] = evidence.get("char_end")
    row["trigger"] = evidence.get("trigger")
    span = evidence.get("trigger_span") or [None, None]
    row["trigger_start"], row["trigger_end"] = span[0], span[1]
    row["sentence"] = evidence.get("sentence")
    return row


def write_jsonl(source: EventSource, stream: IO[str]) -> int:
    """One record per line, its JSON text as the source holds it (a store's: byte for byte)."""
    count = 0
    for raw in source.raw_records():
        stream.write(raw + "\n")
        count += 1
    return count


def write_csv(source: EventSource, stream: IO[str]) -> int:
    """A header, then one :func:`flat_row` per record."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in source.records():
        writer.writerow(flat_row(record))
        count += 1
    return count


def table_rows(events: Iterable[Event]) -> list[list[str]]:
    """The columns of ``flashpoint code --format table``: date, source, code and name, target, trigger."""
    rows = []
    for event in events:
        rows.append([
            event.date.date.isoformat() if event.date.date else "",
            event.source.code if event.source else "",
            f"{event.cameo} {event.cameo_name}",
            event.target.code if event.target else "",
            event.evidence.trigger,
        ])
    return rows
