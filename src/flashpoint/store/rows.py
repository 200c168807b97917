"""Records to table rows: documents, failures and events, as the schema lays them out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from urllib.parse import urlsplit

import orjson

from flashpoint.merge.rule import group_key, is_dated
from flashpoint.records import Document, Event, Failure

DOCUMENT_COLUMNS = (
    "content_hash", "doc_id", "source", "url", "title", "outlet", "outlet_key", "published",
    "report_date", "date_origin", "seen_date", "status", "reason", "n_events", "text", "ingested_at", "notes",
)
EVENT_COLUMNS = (
    "event_id", "doc", "doc_id", "date",
    "source_code", "source_country", "source_sector", "source_name",
    "target_code", "target_country", "target_sector", "target_name",
    "cameo", "cameo_root", "quad_class", "goldstein", "plover_type", "modality", "confidence",
    "loc_name", "loc_country", "loc_feature", "loc_origin", "loc_lat", "loc_lon", "date_exact", "group_key", "record",
)
_LINE_SUFFIX = re.compile(r":\d+$")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str | None) -> str | None:
    """A string SQLite can store: unpaired surrogates (an undecodable file name in a source, a
    JSON ``\\udc80`` in an id) cannot be encoded as UTF-8 and would abort the whole batch, so each
    becomes U+FFFD (one for one: offsets into a text do not move)."""
    if value is None or not _SURROGATE.search(value):
        return value
    return _SURROGATE.sub("\ufffd", value)


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def failure_key(failure: Failure) -> str:
    """A failure's identity in the documents table: its text's hash when it has text, else a hash
    of where and why, so the same failure on a rerun is recognised and not stored twice."""
    if failure.content_hash:
        return failure.content_hash
    digest = hashlib.sha256(f"{failure.source}\n{failure.reason}".encode("utf-8", "surrogatepass")).hexdigest()
    return "failure:" + digest


def outlet_key(outlet: str | None, url: str | None, source: str) -> str:
    """Who published a document, for counting distinct sources: the outlet, else the URL's host
    (without ``www.``), else the source (a file, without a JSON Lines ``:line`` suffix)."""
    if outlet and outlet.strip():
        return outlet.strip().casefold()
    if url:
        host = (urlsplit(url).hostname or "").casefold()
        if host:
            return host.removeprefix("www.")
    return _LINE_SUFFIX.sub("", source)


def document_row(document: Document, n_events: int, ingested_at: str) -> tuple:
    published = document.published.isoformat() if document.published else None
    reported = document.report_date.isoformat() if document.report_date else None
    return (
        document.content_hash, _text(document.doc_id), _text(document.source), _text(document.url),
        _text(document.title), _text(document.outlet),
        _text(outlet_key(document.outlet, document.url, document.source)), published,
        reported, document.date_origin, published or reported or ingested_at[:10],
        "coded", None, n_events, _text(document.text), ingested_at, notes_json(document.notes),
    )


def failure_row(failure: Failure, ingested_at: str) -> tuple:
    return (
        failure_key(failure), _text(failure.doc_id), _text(failure.source), None, None, None,
        _text(outlet_key(None, None, failure.source)), None, None, None, ingested_at[:10],
        "failed", _text(failure.reason), 0, _text(failure.text), ingested_at, None,
    )


def notes_json(notes: list[str]) -> str | None:
    """A document's notes as stored: a JSON list, or NULL for none."""
    return json.dumps([_text(note) for note in notes], ensure_ascii=False) if notes else None


def event_row(event: Event, doc: int) -> tuple:
    """One events row: the indexed columns and the full record as compact JSON."""
    source, target, place = event.source, event.target, event.location
    day = event.date.date.isoformat() if event.date.date else None
    return (
        event.event_id, doc, event.doc_id, day,
        source.code if source else None, source.country if source else None,
        source.sector if source else None, source.name if source else None,
        target.code if target else None, target.country if target else None,
        target.sector if target else None, target.name if target else None,
        event.cameo, event.cameo_root, event.quad_class, event.goldstein, event.plover_type,
        event.modality, event.confidence,
        place.name if place else None, place.country if place else None, place.feature if place else None,
        place.origin if place else None, place.lat if place else None, place.lon if place else None,
        int(is_dated(event.date.origin, event.date.precision)),
        group_key(source, target),
        record_json(event.to_dict()),
    )


def record_json(record: dict) -> str:
    """Compact JSON for the stored record. orjson is ~15x faster than the json module, which
    matters at tens of thousands of events per second; json is the fallback for the odd string
    orjson refuses (lone surrogates). Both parse back to the same record."""
    try:
        return orjson.dumps(record).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
