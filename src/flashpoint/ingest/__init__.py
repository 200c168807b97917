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

from flashpoint.ingest.dateline import plausible, report_date
from flashpoint.ingest.decode import DecodeError, decode_text, nul_problem
from flashpoint.ingest.fetch import FetchPolicy, is_url
from flashpoint.ingest.links import link_refusal
from flashpoint.ingest.screen import language_reason, too_long, valid_unicode
from flashpoint.ingest.shapes import tame
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
    """Build a Document, finding its dateline and the date it speaks from.

    Unpaired surrogates (a JSON ``\\ud800`` escape, an undecodable file name) are replaced by
    U+FFFD one for one, so the text can be parsed and stored and its offsets do not move."""
    text = valid_unicode(text)
    dateline, day, origin = report_date(text, published, option_date, file_date)
    return Document(
        doc_id=valid_unicode(doc_id),
        text=text,
        source=valid_unicode(source),
        title=valid_unicode(title) if title else title,
        url=valid_unicode(url) if url else url,
        outlet=valid_unicode(outlet) if outlet else outlet,
        published=published,
        report_date=day,
        date_origin=origin,
        dateline=dateline,
    )


def screen(document: Document) -> Item:
    """The document, with its ``language`` set, or a Failure when it is too long to code or not
    in English (see :mod:`flashpoint.ingest.screen`). A text refused for its language keeps its
    text and hash in the Failure, so a rerun recognises it; an over-long text does not (megabytes
    in a failure row help no one)."""
    reason = too_long(document.text)
    if reason:
        return Failure(document.source, reason, document.doc_id)
    document.language, reason = language_reason(document.text)
    if reason is None:
        return document
    return Failure(document.source, reason, document.doc_id, document.content_hash, document.text)


def make_item(text: str, **fields: Any) -> Item:
    """:func:`make_document`, then :func:`screen`: what every reader yields for one text.
    An over-long text, or a URL that may not become a link (:func:`links.link_refusal`:
    ``javascript:``, ``file:``, loopback...), is refused before its dateline is looked for, and
    so is one that is more NUL characters than text (binary data, or a wrong encoding, however it
    was decoded); a stray NUL is removed, as decoding removes it from bytes, so a record's text
    and a file's agree. Stretches the parser crawls on are blanked first, with a note on the
    document (:mod:`flashpoint.ingest.shapes`)."""
    reason = too_long(text) or nul_problem(text)
    url = fields.get("url")
    if not reason and url:
        fields["url"] = url = url.strip()
        refused = link_refusal(url)
        reason = f"url {url[:80]!r} refused: {refused}" if refused else None
    if reason:
        return Failure(valid_unicode(fields["source"]), reason, valid_unicode(fields["doc_id"]))
    text, notes = tame(text.replace("\x00", ""))
    item = screen(make_document(text, **fields))
    if isinstance(item, Document):
        item.notes = notes
    return item


#: Years a record's date may have: outside them a date is a data error (0001-01-01 placeholders),
#: and resolving relative dates against it would run off Python's calendar.
YEARS = range(1000, 3000)


def parse_date(value: Any) -> dt.date | None:
    """A record's ``published``/``date``: ISO dates or datetimes, or YYYYMMDD, in years 1000-2999
    and not after tomorrow (:func:`check_report_date`)."""
    day = _parse_date(value)
    if day is not None:
        check_report_date(day, repr(value))
    return day


def check_report_date(day: dt.date, shown: str | None = None) -> dt.date:
    """``day`` when a report can be dated so (:func:`flashpoint.ingest.dateline.plausible`), else
    ValueError. A report cannot be published in the future: one dated 2205 put its events there,
    and every dyad timeline then ran two centuries long."""
    shown = shown or f"'{day.isoformat()}'"
    if day.year not in YEARS:
        raise ValueError(f"date {shown} is out of range (years {YEARS.start}-{YEARS.stop - 1})")
    if plausible(day) is None:
        raise ValueError(f"date {shown} is in the future (after {dt.date.today() + dt.timedelta(days=1)}); "
                         "a report cannot be dated after it is published")
    return day


def _parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not a string")
    text = value.strip()
    if len(text) == 8 and text.isdigit():
        try:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise ValueError(f"unreadable date {value!r}") from None
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
        except (TypeError, ValueError, IndexError, OverflowError):
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
    return make_item(
        text,
        doc_id=doc_id,
        source=source,
        published=published,
        option_date=option_date,
        **fields,
    )


def read_jsonl(
    lines: Iterable[str], *, source: str, stem: str, option_date: dt.date | None = None, first: int = 1
) -> Iterator[Item]:
    """JSON Lines records, one per line (lines numbered from ``first``); blank lines are skipped."""
    for number, line in enumerate(lines, start=first):
        item = jsonl_item(line, number, source=source, stem=stem, option_date=option_date)
        if item is not None:
            yield item


def jsonl_item(line: str, number: int, *, source: str, stem: str, option_date: dt.date | None = None) -> Item | None:
    """Line ``number`` of a JSON Lines input as a Document or Failure; None for a blank line."""
    if not line.strip():
        return None
    where = f"{source}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Failure(where, f"line is not valid JSON ({error.msg})", f"{stem}:{number}")
    except RecursionError:  # "[[[[..." nested past Python's recursion limit
        return Failure(where, "line is not usable JSON (nested too deeply)", f"{stem}:{number}")
    except ValueError as error:  # an integer of more than 4,300 digits
        return Failure(where, f"line is not usable JSON ({error})", f"{stem}:{number}")
    return document_from_record(record, source=where, fallback_id=f"{stem}:{number}", option_date=option_date)


def jsonl_lines(text: str) -> list[str]:
    """The lines of a JSON Lines text: split at ``\\n`` only. ``str.splitlines`` would also split at
    U+2028, U+0085 and other characters a JSON string may hold unescaped, breaking valid records."""
    return text.split("\n")


def read_path(path: Path, option_date: dt.date | None = None, policy: FetchPolicy | None = None,
              exclude: Iterable[str | Path] = ()) -> Iterator[Item]:
    """Read one file or folder (walked recursively) into Documents or Failures, never the files
    in ``exclude`` (the store being written: see :func:`read_sources`).

    Plain text, JSON Lines, HTML pages and RSS/Atom feeds are told apart by extension or content,
    and gzip files are decompressed first (see :mod:`flashpoint.ingest.files`).
    """
    from flashpoint.ingest.files import read_any_path

    yield from read_any_path(path, policy or FetchPolicy.from_env(), option_date, exclude)


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
        found = False
        for item in read_jsonl(jsonl_lines(text), source=source, stem=stem, option_date=option_date):
            found = True
            yield item
        if not found:
            yield Failure(source, "empty file" if not text else "JSON Lines file holds no records", stem)
        return
    if not text.strip():
        yield Failure(source, "empty file" if not text else "file holds only whitespace", stem)
        return
    yield make_item(text, doc_id=stem, source=source, option_date=option_date, file_date=file_date)


def read_stdin(stream: BinaryIO | None = None, option_date: dt.date | None = None) -> Iterator[Item]:
    """Standard input, streamed: JSON Lines when its first line is a JSON object, else one text
    (see :func:`flashpoint.ingest.files.read_stdin_stream`)."""
    from flashpoint.ingest.files import read_stdin_stream

    yield from read_stdin_stream(stream or sys.stdin.buffer, option_date)


def read_sources(
    sources: Iterable[str], option_date: dt.date | None = None, policy: FetchPolicy | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Item]:
    """Every input named on a command line: paths (files or folders), http(s) URLs of pages or
    feeds (fetched under ``policy``, by default :meth:`FetchPolicy.from_env`), or ``-`` for stdin.
    Files in ``exclude`` are never read: ``ingest .`` must not ingest the store it writes (and its
    -wal file as it grows); named directly, one is a failure saying so."""
    policy = policy or FetchPolicy.from_env()
    exclude = tuple(exclude)
    for name in sources:
        if name == "-":
            yield from read_stdin(option_date=option_date)
        elif is_url(name) or "://" in name:
            from flashpoint.ingest.files import read_url

            yield from read_url(name, policy, option_date=option_date)
        else:
            yield from read_path(Path(name), option_date=option_date, policy=policy, exclude=exclude)
