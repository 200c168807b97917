"""PLOVER JSON: one record per line per event, with the PLOVER manual's field names (chapter 6;
names written with a space in the manual use an underscore)."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from flashpoint import __version__

if TYPE_CHECKING:
    from flashpoint.formats.source import EventSource


def write(source: EventSource, stream: IO[str]) -> int:
    """One :func:`plover_record` per line, linked to its merged event and article when the source
    knows them (a store does)."""
    count = 0
    for linked in source.linked():
        record = plover_record(linked.record, merged_id=linked.merged_id, url=linked.url, title=linked.title,
                               outlet=linked.outlet, coded_at=linked.stored_at)
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
