"""A GDELT 2.0 event table: one row per *merged* event, tab-separated with a header.

The 61 columns of GDELT's event table in GDELT's order; fields Flashpoint does not have (tone,
actor geography, religion and ethnic codes, ADM2) are empty, and country codes stay ISO alpha-3
where GDELT uses FIPS 10-4 (docs/store.md, "Exports", has the whole mapping).
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flashpoint.formats.source import EventSource
    from flashpoint.merge import MergedEvent

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


def write(source: EventSource, stream: IO[str]) -> int:
    """A header, then one :func:`gdelt_row` per merged event, tab-separated."""
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
    writer.writerow(GDELT_COLUMNS)
    count = 0
    for merged in source.merged():
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
