"""Merged events (one per real-world event) as CSV and JSON Lines: what the dashboard's "real-world
events" view exports, and ``flashpoint export --format merged-csv|merged-jsonl``."""

from __future__ import annotations

import csv
import json
from typing import IO, TYPE_CHECKING

from flashpoint.formats.flat import CSV_COLUMNS, flat_row

if TYPE_CHECKING:
    from flashpoint.formats.source import EventSource

#: The merged event's own columns, then its representative report's flat columns (its event id
#: and date renamed, as the merged event has its own date: the day most of its reports give).
MERGED_FIELDS = ["merged_id", "date", "date_first", "date_last", "num_mentions", "num_sources", "num_articles",
                 "first_seen", "last_seen"]
RENAMED = {"event_id": "representative_event_id", "date": "representative_date"}
MERGED_CSV_COLUMNS = MERGED_FIELDS + [RENAMED.get(column, column) for column in CSV_COLUMNS]


def write_csv(source: EventSource, stream: IO[str]) -> int:
    """A header, then one row per merged event."""
    writer = csv.DictWriter(stream, fieldnames=MERGED_CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for merged in source.merged():
        own = merged.to_dict()
        row = {RENAMED.get(key, key): value for key, value in flat_row(merged.representative).items()}
        row.update({key: own[key] for key in MERGED_FIELDS})
        writer.writerow(row)
        count += 1
    return count


def write_jsonl(source: EventSource, stream: IO[str]) -> int:
    """One merged event per line (``MergedEvent.to_dict()``: counts, mention ids, representative)."""
    count = 0
    for merged in source.merged():
        stream.write(json.dumps(merged.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count
