"""Parquet: a folder partitioned by event month (``month=2025-05/``, ``month=unknown``).

A large store can then be read a month at a time, and is written in chunks, so it never sits in
memory. Each row has the flat columns (:data:`~flashpoint.formats.flat.CSV_COLUMNS`), typed, plus
``record``, the full JSON record, for an exact round trip (:func:`read_records`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.formats.flat import CSV_COLUMNS, flat_row

if TYPE_CHECKING:
    from flashpoint.formats.source import EventSource

CHUNK = 20_000
_INT_COLUMNS = {"quad_class", "location_geonameid", "sentence_index", "char_start", "char_end",
                "trigger_start", "trigger_end"}
_FLOAT_COLUMNS = {"goldstein", "location_lat", "location_lon", "confidence"}


def schema():
    """The Arrow schema: the flat columns typed (floats, integers, strings), ``record``, ``month``."""
    import pyarrow as pa

    def kind(column: str):
        if column in _INT_COLUMNS:
            return pa.int64()
        if column in _FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    fields = [pa.field(column, kind(column)) for column in CSV_COLUMNS]
    return pa.schema(fields + [pa.field("record", pa.string()), pa.field("month", pa.string())])


def write(source: EventSource, out: Path) -> int:
    """Write a Hive-partitioned folder at ``out`` (which the caller has checked is new or empty)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    arrow_schema = schema()
    counter = [0]

    def batches() -> Iterator[pa.RecordBatch]:
        chunk: list[str] = []
        for raw in source.raw_records():
            chunk.append(raw)
            if len(chunk) >= CHUNK:
                yield _record_batch(chunk, arrow_schema)
                counter[0] += len(chunk)
                chunk = []
        if chunk:
            yield _record_batch(chunk, arrow_schema)
            counter[0] += len(chunk)

    reader = pa.RecordBatchReader.from_batches(arrow_schema, batches())
    ds.write_dataset(reader, out, format="parquet", partitioning=ds.partitioning(
        pa.schema([pa.field("month", pa.string())]), flavor="hive"), existing_data_behavior="overwrite_or_ignore")
    if counter[0] == 0:
        out.mkdir(parents=True, exist_ok=True)
    return counter[0]


def _record_batch(raws: list[str], arrow_schema):
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in arrow_schema.names}
    for raw in raws:
        record = json.loads(raw)
        row = flat_row(record)
        for column in CSV_COLUMNS:
            columns[column].append(row.get(column))
        columns["record"].append(raw)
        columns["month"].append((record.get("date") or "unknown")[:7])
    return pa.RecordBatch.from_pydict(columns, schema=arrow_schema)


def read_records(path: Path) -> list[dict[str, Any]]:
    """The full records of a Parquet export, ordered like the store (date, then event id)."""
    import pyarrow.dataset as ds

    table = ds.dataset(path, format="parquet", partitioning="hive").to_table(columns=["record"])
    records = [json.loads(raw) for raw in table.column("record").to_pylist()]
    return sorted(records, key=lambda r: (r.get("date") is None, r.get("date") or "", r["event_id"]))
