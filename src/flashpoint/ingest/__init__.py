"""Ingest: turn files, JSON Lines records and stdin into Documents, or into recorded Failures.

Every input ends as a :class:`~flashpoint.records.Document` or a
:class:`~flashpoint.records.Failure` with its reason; nothing is dropped silently and nothing
raises on bad input, so one broken file never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from flashpoint.ingest.dateline import report_date
from flashpoint.ingest.decode import DecodeError, decode_text
from flashpoint.ingest.fetch import FetchPolicy, is_url
from flashpoint.records import Document, Failure

Item = Document | Failure


def make_document(
    text: str,
    *,
    doc_id: str,
    source: str,
    published: dt.date | None = None,
    option_date: dt.date | None = None,
    file_date: dt.date | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Document:
    """Build a Document, finding its dateline and the date it speaks from."""
    dateline, day, origin = report_date(text, published, option_date, file_date)
    return Document(
        doc_id=doc_id,
        text=text,
        source=source,
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        report_date=day,
        date_origin=origin,
        dateline=dateline,
    )


def parse_date(value: Any) -> dt.date | None:
    """A record's ``published``/``date``: ISO dates or datetimes, or YYYYMMDD."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a string")
    text = value.strip()
    if len(text) == 8 and text.isdigit():
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            raise ValueError(f"unreadable date {value!r}") from None


def document_from_record(
    record: Any, *, source: str, fallback_id: str, option_date: dt.date | None = None
) -> Item:
    """One JSON Lines record (``id``, ``text``, optional ``title``, ``url``, ``published``/``date``)."""
    if not isinstance(record, dict):
        return Failure(source, f"record is a JSON {type(record).__name__}, not an object", fallback_id)
    doc_id = record.get("id", fallback_id)
    if not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
        return Failure(source, f"'id' is a {type(doc_id).__name__}, not a string", fallback_id)
    doc_id = str(doc_id)
    text = record.get("text")
    if text is None:
        return Failure(source, "record has no 'text'", doc_id)
    if not isinstance(text, str):
        return Failure(source, f"'text' is a {type(text).__name__}, not a string", doc_id)
    if not text.strip():
        return Failure(source, "'text' is empty", doc_id)
    try:
        published = parse_date(record.get("published", record.get("date")))
    except ValueError as error:
        return Failure(source, str(error), doc_id)
    fields = {}
    for key in ("title", "url", "outlet"):
        value = record.get(key)
        fields[key] = value if isinstance(value, str) and value.strip() else None
    return make_document(
        text,
        doc_id=doc_id,
        source=source,
        published=published,
        option_date=option_date,
        **fields,
    )


def read_jsonl(
    lines: Iterable[str], *, source: str, stem: str, option_date: dt.date | None = None
) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Failure(where, f"line is not valid JSON ({error.msg})", f"{stem}:{number}")
            continue
        yield document_from_record(record, source=where, fallback_id=f"{stem}:{number}", option_date=option_date)


def read_path(path: Path, option_date: dt.date | None = None, policy: FetchPolicy | None = None) -> Iterator[Item]:
    """Read one file or folder (walked recursively) into Documents or Failures.

    Plain text, JSON Lines, HTML pages and RSS/Atom feeds are told apart by extension or content,
    and gzip files are decompressed first (see :mod:`flashpoint.ingest.files`).
    """
    from flashpoint.ingest.files import read_any_path

    yield from read_any_path(path, policy or FetchPolicy.from_env(), option_date)


def doc_stem(name: str) -> str:
    """A document id from a file name: the name (with its folder inside a walked folder) without
    its extensions, so ``2025/report.txt.gz`` is ``2025/report`` and ``v1.2/a.txt`` is ``v1.2/a``."""
    folder, _, base = name.replace("\\", "/").rpartition("/")
    stem = base.split(".")[0] or base
    return f"{folder}/{stem}" if folder else stem


def read_bytes(
    data: bytes,
    *,
    source: str,
    name: str,
    option_date: dt.date | None = None,
    file_date: dt.date | None = None,
) -> Iterator[Item]:
    """Decode and split raw input: ``.jsonl``/``.ndjson`` as records, anything else as one text."""
    stem = doc_stem(name)
    try:
        text = decode_text(data)
    except DecodeError as error:
        yield Failure(source, str(error), stem)
        return
    if name.endswith((".jsonl", ".ndjson", ".jsonlines")):
        yield from read_jsonl(text.splitlines(), source=source, stem=stem, option_date=option_date)
        return
    if not text.strip():
        yield Failure(source, "empty file" if not text else "file holds only whitespace", stem)
        return
    yield make_document(text, doc_id=stem, source=source, option_date=option_date, file_date=file_date)


def read_stdin(stream: BinaryIO | None = None, option_date: dt.date | None = None) -> Iterator[Item]:
    """Standard input: JSON Lines when every non-empty line is a JSON object, else one text."""
    data = (stream or sys.stdin.buffer).read()
    try:
        text = decode_text(data)
    except DecodeError as error:
        yield Failure("<stdin>", str(error), "stdin")
        return
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith("{") for line in lines):
        yield from read_jsonl(text.splitlines(), source="<stdin>", stem="stdin", option_date=option_date)
        return
    if not text.strip():
        yield Failure("<stdin>", "no input on stdin", "stdin")
        return
    yield make_document(text, doc_id="stdin", source="<stdin>", option_date=option_date)


def read_sources(
    sources: Iterable[str], option_date: dt.date | None = None, policy: FetchPolicy | None = None
) -> Iterator[Item]:
    """Every input named on a command line: paths (files or folders), http(s) URLs of pages or
    feeds (fetched under ``policy``, by default :meth:`FetchPolicy.from_env`), or ``-`` for stdin."""
    policy = policy or FetchPolicy.from_env()
    for name in sources:
        if name == "-":
            yield from read_stdin(option_date=option_date)
        elif is_url(name) or "://" in name:
            from flashpoint.ingest.files import read_url

            yield from read_url(name, policy, option_date=option_date)
        else:
            yield from read_path(Path(name), option_date=option_date, policy=policy)
