"""Exports: CSV, JSON Lines, Parquet (partitioned by month), a GDELT 2.0 event table, PLOVER JSON.

- ``jsonl``: one DESIGN.md event record per line, exactly as stored.
- ``csv``: the flat columns of :data:`flashpoint.formats.CSV_COLUMNS` (the same as ``flashpoint code``).
- ``parquet``: a folder of Parquet files partitioned by event month (``month=2025-05/``), so a
  large store can be read a month at a time; the flat columns, typed, plus ``record`` (the full
  JSON record, for an exact round trip).
- ``gdelt``: one row per *merged* event, tab-separated with a header, in the 61 columns of the
  GDELT 2.0 event table; fields Flashpoint does not have are empty (see docs/store.md).
- ``plover``: one PLOVER JSON record per line per event (PLOVER manual, chapter 6 field names).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from flashpoint import __version__
from flashpoint.formats import CSV_COLUMNS, flat_row
from flashpoint.store.errors import StoreError
from flashpoint.store.models import MergedEvent
from flashpoint.store.query import EventQuery

if TYPE_CHECKING:
    from flashpoint.store.store import Store

FORMATS = ("csv", "jsonl", "parquet", "gdelt", "plover")
PARQUET_CHUNK = 20_000

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
assert len(GDELT_COLUMNS) == 61

_INT_COLUMNS = {"quad_class", "location_geonameid", "sentence_index", "char_start", "char_end",
                "trigger_start", "trigger_end"}
_FLOAT_COLUMNS = {"goldstein", "location_lat", "location_lon", "confidence"}


def export(store: Store, fmt: str, out: Path, query: EventQuery | None = None) -> int:
    """Write the store's events (those matching ``query``) to ``out`` in ``fmt``; return rows."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return write_parquet(store, out, query)
    if out.is_dir():
        raise StoreError(f"{out}: is a folder; give a file name for --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = {"jsonl": write_jsonl, "csv": write_csv, "gdelt": write_gdelt, "plover": write_plover}[fmt]
        return writer(store, stream, query)


def write_jsonl(store: Store, stream: IO[str], query: EventQuery | None = None) -> int:
    count = 0
    for raw in store.raw_records(query):
        stream.write(raw + "\n")
        count += 1
    return count


def write_csv(store: Store, stream: IO[str], query: EventQuery | None = None) -> int:
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in store.records(query):
        writer.writerow(flat_row(record))
        count += 1
    return count


# -- Parquet ----------------------------------------------------------------------------------

def parquet_schema():
    import pyarrow as pa

    def kind(column: str):
        if column in _INT_COLUMNS:
            return pa.int64()
        if column in _FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    fields = [pa.field(column, kind(column)) for column in CSV_COLUMNS]
    return pa.schema(fields + [pa.field("record", pa.string()), pa.field("month", pa.string())])


def write_parquet(store: Store, out: Path, query: EventQuery | None = None) -> int:
    """A Hive-partitioned folder (``month=YYYY-MM``, ``month=unknown`` for undated events).
    ``out`` must not exist or be an empty folder, so an export never mixes with an older one."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise StoreError(f"{out}: already exists; Parquet exports go to a new (or empty) folder")
    schema = parquet_schema()
    counter = [0]

    def batches() -> Iterator[pa.RecordBatch]:
        chunk: list[str] = []
        for raw in store.raw_records(query):
            chunk.append(raw)
            if len(chunk) >= PARQUET_CHUNK:
                yield _record_batch(chunk, schema)
                counter[0] += len(chunk)
                chunk = []
        if chunk:
            yield _record_batch(chunk, schema)
            counter[0] += len(chunk)

    reader = pa.RecordBatchReader.from_batches(schema, batches())
    ds.write_dataset(reader, out, format="parquet", partitioning=ds.partitioning(
        pa.schema([pa.field("month", pa.string())]), flavor="hive"), existing_data_behavior="overwrite_or_ignore")
    if counter[0] == 0:
        out.mkdir(parents=True, exist_ok=True)
    return counter[0]


def _record_batch(raws: list[str], schema):
    import pyarrow as pa

    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for raw in raws:
        record = json.loads(raw)
        row = flat_row(record)
        for column in CSV_COLUMNS:
            columns[column].append(row.get(column))
        columns["record"].append(raw)
        columns["month"].append((record.get("date") or "unknown")[:7])
    return pa.RecordBatch.from_pydict(columns, schema=schema)


def read_parquet_records(path: Path) -> list[dict[str, Any]]:
    """The full records of a Parquet export, ordered like the store (date, then event id)."""
    import pyarrow.dataset as ds

    table = ds.dataset(path, format="parquet", partitioning="hive").to_table(columns=["record"])
    records = [json.loads(raw) for raw in table.column("record").to_pylist()]
    return sorted(records, key=lambda r: (r.get("date") is None, r.get("date") or "", r["event_id"]))


# -- GDELT 2.0 --------------------------------------------------------------------------------

def write_gdelt(store: Store, stream: IO[str], query: EventQuery | None = None) -> int:
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
    writer.writerow(GDELT_COLUMNS)
    count = 0
    for merged in store.merged(query):
        writer.writerow(gdelt_row(merged))
        count += 1
    return count


def gdelt_row(merged: MergedEvent) -> list[Any]:
    """One merged event as a GDELT 2.0 event-table row (61 fields, empty where we have none)."""
    record = merged.representative
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    row["GLOBALEVENTID"] = merged.global_event_id
    if record.get("date"):
        day = dt.date.fromisoformat(record["date"])
        row["SQLDATE"] = day.strftime("%Y%m%d")
        row["MonthYear"] = day.strftime("%Y%m")
        row["Year"] = day.year
        row["FractionDate"] = f"{day.year + (day.month * 30 + day.day) / 365:.4f}"  # GDELT's own formula
    for number, role in ((1, "source"), (2, "target")):
        actor = record.get(role) or {}
        if actor:
            row[f"Actor{number}Code"] = actor.get("code") or ""
            row[f"Actor{number}Name"] = (actor.get("name") or actor.get("text") or "").upper()
            row[f"Actor{number}CountryCode"] = actor.get("country") or ""
            row[f"Actor{number}Type1Code"] = actor.get("sector") or ""
    evidence = record.get("evidence") or {}
    row["IsRootEvent"] = 1 if evidence.get("sentence_index") == 0 else 0
    code = record.get("cameo") or ""
    row["EventCode"], row["EventBaseCode"], row["EventRootCode"] = code, code[:3], record.get("cameo_root") or code[:2]
    row["QuadClass"] = record.get("quad_class") or ""
    row["GoldsteinScale"] = record.get("goldstein", "")
    row["NumMentions"], row["NumSources"], row["NumArticles"] = (
        merged.num_mentions, merged.num_sources, merged.num_articles)
    row.update(_action_geo(record.get("location")))
    if merged.added:
        row["DATEADDED"] = merged.added[:19].replace("-", "").replace("T", "").replace(":", "")
    row["SOURCEURL"] = merged.source_url or ""
    return [row[column] for column in GDELT_COLUMNS]


def _action_geo(place: dict[str, Any] | None) -> dict[str, Any]:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1).
    Country codes stay ISO alpha-3 (GDELT uses FIPS 10-4; Flashpoint ships no FIPS table)."""
    if not place:
        return {}
    feature, country = place.get("feature"), place.get("country") or ""
    if feature == "country":
        kind = 1
    elif feature == "admin1":
        kind = 2 if country == "USA" else 5
    else:
        kind = 3 if country == "USA" else 4
    return {
        "ActionGeo_Type": kind,
        "ActionGeo_FullName": place.get("name") or "",
        "ActionGeo_CountryCode": country,
        "ActionGeo_ADM1Code": place.get("admin1") or "",
        "ActionGeo_Lat": "" if place.get("lat") is None else place["lat"],
        "ActionGeo_Long": "" if place.get("lon") is None else place["lon"],
        "ActionGeo_FeatureID": "" if place.get("geonameid") is None else place["geonameid"],
    }


# -- PLOVER -----------------------------------------------------------------------------------

def write_plover(store: Store, stream: IO[str], query: EventQuery | None = None) -> int:
    store.refresh_merges()  # so each record's "link" names its merged event
    count = 0
    for raw, merged_id, url, title, outlet, ingested_at in store.event_rows(query):
        record = plover_record(json.loads(raw), merged_id=merged_id, url=url, title=title,
                               outlet=outlet, coded_at=ingested_at)
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def plover_record(record: dict[str, Any], *, merged_id: str | None = None, url: str | None = None,
                  title: str | None = None, outlet: str | None = None, coded_at: str | None = None) -> dict[str, Any]:
    """A DESIGN.md record as a PLOVER JSON record (manual ch. 6: id, date, actor, recipient,
    event, mode, context, quad_code, event_scale, event_loc, event_text, text_info, cite_info,
    link, coder, coded_date, comment); names with spaces in the manual use underscores.
    ``cameo``, ``confidence`` and ``doc_id`` are added, as the manual allows."""
    plover = record.get("plover") or {}
    evidence = record.get("evidence") or {}
    return {
        "id": record["event_id"],
        "date": record.get("date"),
        "actor": _plover_entities(record.get("source")),
        "recipient": _plover_entities(record.get("target")),
        "event": [plover["type"]] if plover.get("type") else [],
        "mode": [plover["mode"]] if plover.get("mode") else [],
        "context": [],
        "quad_code": record.get("quad_class"),
        "event_scale": record.get("goldstein"),
        "event_loc": _plover_location(record.get("location")),
        "event_text": [evidence["trigger"]] if evidence.get("trigger") else [],
        "text_info": {"sequence": evidence.get("sentence_index"), "start": evidence.get("char_start"),
                      "end": evidence.get("char_end")},
        "cite_info": {"url": url, "title": title, "publication": outlet, "language": "en",
                      "coder": f"flashpoint {__version__}", "codebook": "CAMEO mapped to PLOVER 2"},
        "link": merged_id,
        "coder": f"flashpoint {__version__}",
        "coded_date": coded_at[:10] if coded_at else None,
        "comment": f"CAMEO {record.get('cameo')} {record.get('cameo_name', '')}; modality {record.get('modality')}",
        "cameo": record.get("cameo"),
        "confidence": record.get("confidence"),
        "doc_id": record.get("doc_id"),
    }


def _plover_entities(actor: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not actor:
        return []
    return [{
        "code": actor.get("country") or (actor.get("code") or "")[:3] or None,
        "sector": actor.get("sector"),
        "entity_text": actor.get("text"),
        "identifier_text": actor.get("name"),
        "cameo_code": actor.get("code"),
    }]


def _plover_location(place: dict[str, Any] | None) -> dict[str, Any] | None:
    if not place:
        return None
    return {
        "extracted_place": place.get("text"),
        "resolved_place": place.get("name"),
        "geonameid": place.get("geonameid"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "province": place.get("admin1"),
        "country_code": place.get("country"),
        "feature_code": place.get("feature"),
    }
