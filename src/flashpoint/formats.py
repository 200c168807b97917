"""Writing events as JSON Lines, CSV or a terminal table: one definition for every face."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from flashpoint.records import Event

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


def write_jsonl(events: Iterable[Event], stream: IO[str]) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(events: Iterable[Event], stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(flat_row(event.to_dict()))
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
