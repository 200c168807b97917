"""Folders, compressed files, URLs, and choosing the reader for each input.

A source is a file, a folder (walked recursively in sorted order, hidden entries skipped), or an
http(s) URL. Each file is decompressed when it is gzip (by its ``.gz`` name or its magic number),
then read by kind: JSON Lines records, an HTML page, an RSS/Atom feed, or plain text. The kind
comes from the name's extension, else from the first bytes, so a page saved as ``.txt`` or a
feed without an extension is still read for what it is.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from flashpoint.errors import FlashpointError
from flashpoint.ingest import YEARS, Item, doc_stem, make_item, read_bytes
from flashpoint.ingest.decode import DecodeError, binary_kind, bom_encoding, decode_text
from flashpoint.ingest.feeds import looks_like_feed, read_feed
from flashpoint.ingest.fetch import FetchError, FetchPolicy, fetch, is_url
from flashpoint.ingest.html import html_document, looks_like_html
from flashpoint.ingest.streams import GZIP_ERRORS, chunks, jsonl_stream, recoded
from flashpoint.settings import max_text_chars
from flashpoint.records import Failure

Kind = Literal["jsonl", "html", "feed", "text"]
#: Decompressed size cap of :func:`gunzip`, so a small .gz cannot expand to fill memory.
MAX_DECOMPRESSED = 256 * 1024 * 1024
#: Largest file read whole (texts with no length limit). JSON Lines files are streamed line by
#: line, so an archive of any size is read in bounded memory; texts, pages and feeds have caps of
#: their own (:func:`cap_of`), compressed or not.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Largest HTML page read: extracting an 8 MB page takes 300 MB and 11 s, a 32 MB one 1.1 GB.
MAX_HTML_BYTES = 5 * 1024 * 1024
#: Largest feed read: a 32 MB feed (180,000 entries) takes about 500 MB to parse.
MAX_FEED_BYTES = 32 * 1024 * 1024
#: Bytes read to tell an input's kind.
HEAD_BYTES = 4096
#: Longest line of a streamed JSON Lines file (a record's text is at most ~2,000,000 characters).
MAX_LINE_BYTES = 32 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
_JSONL = (".jsonl", ".ndjson", ".jsonlines")
_HTML = (".html", ".htm", ".xhtml", ".shtml")
_FEED = (".rss", ".atom", ".xml")


class GunzipError(FlashpointError, ValueError):
    """Bytes that claimed to be gzip but are not (or expand past the cap)."""


def gunzip(data: bytes, cap: int = MAX_DECOMPRESSED) -> bytes:
    """Decompress gzip data (every member), refusing more than ``cap`` bytes of output."""
    if not data.startswith(GZIP_MAGIC):
        raise GunzipError("not gzip data (no gzip header)")
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(cap + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise GunzipError(f"corrupt gzip data ({error})") from None
    if len(out) > cap:
        raise GunzipError(f"expands past the {cap}-byte cap")
    return out


def kind_of(name: str, data: bytes) -> Kind:
    """What reader a file needs: by extension first, else by its first bytes."""
    lower = name.lower()
    if lower.endswith(_JSONL):
        return "jsonl"
    if lower.endswith(_HTML):
        return "html"
    if lower.endswith(_FEED):
        return "feed"
    head = data[:2048].decode(bom_encoding(data) or "utf-8", "replace")  # a UTF-16/32 page is a page
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    return "text"


def read_file_data(
    data: bytes,
    *,
    source: str,
    name: str,
    policy: FetchPolicy,
    option_date: dt.date | None = None,
    file_date: dt.date | None = None,
    url: str | None = None,
) -> Iterator[Item]:
    """Any file's bytes (maybe gzip) as Documents and Failures, by kind (a fetched page, a test)."""
    yield from read_stream(io.BytesIO(data), source=source, name=name, policy=policy, option_date=option_date,
                           file_date=file_date, url=url)


def read_stream(
    raw: BinaryIO,
    *,
    source: str,
    name: str,
    policy: FetchPolicy,
    option_date: dt.date | None = None,
    file_date: dt.date | None = None,
    url: str | None = None,
    size: int | None = None,
) -> Iterator[Item]:
    """A seekable stream's content (maybe gzip) as Documents and Failures, by kind, in bounded
    memory: JSON Lines line by line (:mod:`flashpoint.ingest.streams`), anything else read whole
    up to its kind's cap (:func:`cap_of`), decompressed or not. ``size``: the file's size, when
    known, to refuse an over-large file unread."""
    stem = doc_stem(name)
    zipped = raw.read(2) == GZIP_MAGIC
    raw.seek(0)
    if name.lower().endswith(".gz") and not zipped:
        yield Failure(source, "cannot decompress: not gzip data (no gzip header)", stem)
        return
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stream = gzip.GzipFile(fileobj=raw, mode="rb") if zipped else raw
    try:
        head = stream.read(HEAD_BYTES)
        kind = kind_of(name, head)
        if kind == "jsonl":
            yield from _jsonl(head, stream, source=source, stem=stem, option_date=option_date, zipped=zipped)
            return
        cap = cap_of(kind)
        if not zipped and size is not None and size > cap:
            yield Failure(source, _too_big(kind, cap, f"{size:,} bytes"), stem)
            return
        data = head + stream.read(cap + 1 - len(head))
    except GZIP_ERRORS as error:
        yield Failure(source, f"cannot decompress: corrupt gzip data ({error})", stem)
        return
    if len(data) > cap:
        yield Failure(source, _too_big(kind, cap, "more once decompressed" if zipped else f"{len(data):,}+ bytes"),
                      stem)
        return
    if kind == "html":
        yield html_document(data, source=source, doc_id=stem, url=url, option_date=option_date, file_date=file_date)
    elif kind == "feed":
        yield from read_feed(data, source=source, stem=stem, policy=policy, option_date=option_date)
    else:
        yield from read_bytes(data, source=source, name=name, option_date=option_date, file_date=file_date)


def cap_of(kind: Kind) -> int:
    """The most bytes read of one input of ``kind`` (JSON Lines are streamed: no cap). A text
    cannot hold more characters than ``FLASHPOINT_MAX_TEXT_CHARS`` (four bytes each at most, in
    any encoding we read), so more bytes are refused unread; parsing a page or a feed takes many
    times its size in memory, so they have caps of their own."""
    if kind == "html":
        return MAX_HTML_BYTES
    if kind == "feed":
        return MAX_FEED_BYTES
    limit = max_text_chars()
    return min(MAX_FILE_BYTES, 4 * limit + 4) if limit else MAX_FILE_BYTES


def _too_big(kind: Kind, cap: int, size: str) -> str:
    if kind == "text":
        return (f"text is too long ({size}; a text of at most {max_text_chars():,} characters takes at most "
                f"{cap:,}); split it into one report per file, or raise FLASHPOINT_MAX_TEXT_CHARS")
    what = {"html": "an HTML page", "feed": "a feed"}[kind]
    return f"file is too large for {what} ({size}, over the {cap:,}-byte limit); not read"


def _jsonl(head: bytes, stream: BinaryIO, *, source: str, stem: str, option_date: dt.date | None,
           zipped: bool) -> Iterator[Item]:
    """A JSON Lines input from its first bytes and the rest of its stream, line by line."""
    what = binary_kind(head)
    if what and not zipped:
        yield Failure(source, f"binary file ({what}), not text", stem)
        return
    parts = itertools.chain([head], chunks(stream))
    encoding = bom_encoding(head)
    if encoding:
        parts = recoded(parts, encoding)
    yield from jsonl_stream(parts, source=source, stem=stem, option_date=option_date, max_line=MAX_LINE_BYTES,
                            encoding=(encoding or "utf-8").upper())


def read_stdin_stream(stream: BinaryIO, option_date: dt.date | None = None) -> Iterator[Item]:
    """Standard input, never read whole: JSON Lines, line by line, when its first line is a JSON
    object; else one text, read up to the text cap and refused past it (without reading on: the
    input may never end)."""
    head, rest = _stdin_head(stream)
    encoding = bom_encoding(head)
    parts: Iterator[bytes] = itertools.chain([head], rest)
    if encoding:
        parts = recoded(parts, encoding)
        head = next(parts, b"")
        parts = itertools.chain([head], parts)
    if _starts_json_object(head):
        yield from jsonl_stream(parts, source="<stdin>", stem="stdin", option_date=option_date,
                                max_line=MAX_LINE_BYTES, encoding=(encoding or "utf-8").upper())
        return
    cap = cap_of("text")
    data = b"".join(_bounded(parts, cap + 1))
    if len(data) > cap:
        yield Failure("<stdin>", _too_big("text", cap, f"over {cap:,} bytes on standard input, not read further"),
                      "stdin")
        return
    try:
        text = decode_text(data)
    except DecodeError as error:
        yield Failure("<stdin>", str(error), "stdin")
        return
    if not text.strip():
        yield Failure("<stdin>", "no input on stdin", "stdin")
        return
    yield make_item(text, doc_id="stdin", source="<stdin>", option_date=option_date)


def _stdin_head(stream: BinaryIO) -> tuple[bytes, Iterator[bytes]]:
    """The first bytes of a stream, up to the end of its first non-blank line (or a line's cap),
    and an iterator over the rest."""
    rest = chunks(stream, 64 * 1024)
    parts: list[bytes] = []
    size, started = 0, False
    for part in rest:
        parts.append(part)
        size += len(part)
        if not started and part.strip():
            started, part = True, part.lstrip()
        if (started and b"\n" in part) or size > MAX_LINE_BYTES:
            break
    return b"".join(parts), rest


def _starts_json_object(head: bytes) -> bool:
    """Whether the first non-blank line of ``head`` is a JSON object (a text that merely opens
    with a brace is still a text)."""
    line = head.lstrip().removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    if not line.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _bounded(parts: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """``parts`` until ``limit`` bytes have come (the chunk that passes it is the last)."""
    seen = 0
    for part in parts:
        yield part
        seen += len(part)
        if seen >= limit:
            return


def walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in sorted order, skipping hidden files and folders.
    Symbolic links to folders are not followed, so a link loop cannot trap the walk."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_any_path(path: Path, policy: FetchPolicy, option_date: dt.date | None = None,
                  exclude: Iterable[str | Path] = ()) -> Iterator[Item]:
    """A file or a folder. Documents in a folder are named by their path inside it
    (``2025/04/report``), so equal file names in different sub-folders stay distinct. Files in
    ``exclude`` are skipped in a folder, and a failure when named."""
    if not path.exists():
        yield Failure(str(path), "no such file or directory")
        return
    excluded = _Excluded(exclude)
    if not path.is_dir():
        if excluded(path):
            yield Failure(str(path), "is the store being written (--db) or one of its files; not read",
                          doc_stem(path.name))
            return
        yield from _read_one(path, path.name, policy, option_date)
        return
    found = False
    for file in walk(path):
        found = True
        if excluded(file):
            continue
        yield from _read_one(file, file.relative_to(path).as_posix(), policy, option_date)
    if not found:
        yield Failure(str(path), "folder holds no files")


class _Excluded:
    """Whether a file is one of some paths: the same path once links are resolved, or the same
    file under another name. Paths that do not exist yet (a -wal file SQLite creates later) are
    compared by name."""

    def __init__(self, paths: Iterable[str | Path]) -> None:
        paths = tuple(paths)
        self.names = {os.path.realpath(p) for p in paths}
        self.files = set()
        for p in paths:
            try:
                status = os.stat(p)
            except OSError:
                continue
            self.files.add((status.st_dev, status.st_ino))

    def __call__(self, path: Path) -> bool:
        if not self.names:
            return False
        if os.path.realpath(path) in self.names:
            return True
        try:
            status = os.stat(path)
        except OSError:
            return False
        return (status.st_dev, status.st_ino) in self.files


def _read_one(path: Path, name: str, policy: FetchPolicy, option_date: dt.date | None) -> Iterator[Item]:
    source = str(path)
    stem = doc_stem(name)
    try:
        status = path.stat()
    except OSError as error:
        yield Failure(source, f"cannot read: {error.strerror or error}", stem)
        return
    if not path.is_file():  # a FIFO or a device would block or never end
        yield Failure(source, "not a regular file (a pipe, socket or device); not read", stem)
        return
    try:
        file_date = dt.date.fromtimestamp(status.st_mtime)
    except (OverflowError, ValueError, OSError):
        file_date = None
    if file_date is not None and file_date.year not in YEARS:  # a clock far off: not a report date
        file_date = None
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Failure(source, f"cannot read: {error.strerror or error}", stem)
        return
    with stream:
        try:
            yield from read_stream(stream, source=source, name=name, policy=policy, option_date=option_date,
                                   file_date=file_date, size=status.st_size)
        except OSError as error:  # the disk, not the data
            yield Failure(source, f"cannot read: {error.strerror or error}", stem)


def read_url(url: str, policy: FetchPolicy, option_date: dt.date | None = None) -> Iterator[Item]:
    """A page or a feed named by URL on the command line, fetched under ``policy``."""
    if not is_url(url):
        yield Failure(url, f"only http(s) URLs are fetched, not {url.split(':', 1)[0]}:")
        return
    if not policy.enabled:
        yield Failure(url, "fetching is off (--no-fetch), so a URL cannot be read")
        return
    try:
        page = fetch(url, policy)
    except FetchError as error:
        yield Failure(url, str(error))
        return
    name = page.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "index"
    if page.content_type in ("text/html", "application/xhtml+xml") and not looks_like_feed(
            page.data[:2048].decode("utf-8", "replace")):
        yield html_document(page.data, source=url, doc_id=page.url, url=page.url, option_date=option_date)
        return
    if "rss" in page.content_type or "atom" in page.content_type or page.content_type.endswith("xml"):
        yield from read_feed(page.data, source=url, stem=page.url, policy=policy, option_date=option_date)
        return
    for item in read_file_data(page.data, source=url, name=name, policy=policy, option_date=option_date,
                               url=page.url):
        if not isinstance(item, Failure) and item.url is None:
            item.url = page.url
        yield item


def count_inputs(sources: list[str]) -> int | None:
    """A cheap estimate of how many documents the sources hold, for a progress bar's ETA;
    None when it cannot be known without reading them (URLs, feeds, compressed files)."""
    total = 0
    for name in sources:
        if name == "-" or is_url(name):
            return None
        path = Path(name)
        files = list(walk(path)) if path.is_dir() else [path]
        for file in files:
            count = _count_file(file)
            if count is None:
                return None
            total += count
    return total


def _count_file(path: Path) -> int | None:
    if not path.is_file():
        return 1  # missing, a pipe or a device: one failure, and never opened (a FIFO would block)
    lower = path.name.lower()
    if lower.endswith((".gz",) + _FEED):
        return None
    if lower.endswith(_JSONL):
        try:
            with path.open("rb") as stream:
                return sum(1 for line in stream if line.strip())
        except OSError:
            return 1
    try:
        with path.open("rb") as stream:
            head = stream.read(2048)
    except OSError:
        return 1
    return None if head.startswith(GZIP_MAGIC) or looks_like_feed(head.decode("utf-8", "replace")) else 1
