"""Folders, compressed files, URLs, and choosing the reader for each input.

A source is a file, a folder (walked recursively in sorted order, hidden entries skipped), or an
http(s) URL. Each file is decompressed when it is gzip (by its ``.gz`` name or its magic number),
then read by kind: JSON Lines records, an HTML page, an RSS/Atom feed, or plain text. The kind
comes from the name's extension, else from the first bytes, so a page saved as ``.txt`` or a
feed without an extension is still read for what it is.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from flashpoint.errors import FlashpointError
from flashpoint.ingest import YEARS, Item, doc_stem, jsonl_item, read_bytes
from flashpoint.ingest.decode import binary_kind, bom_encoding
from flashpoint.ingest.feeds import looks_like_feed, read_feed
from flashpoint.ingest.fetch import FetchError, FetchPolicy, fetch, is_url
from flashpoint.ingest.html import html_document, looks_like_html
from flashpoint.records import Failure

Kind = Literal["jsonl", "html", "feed", "text"]
#: Decompressed size cap, so a small .gz cannot expand to fill memory.
MAX_DECOMPRESSED = 256 * 1024 * 1024
#: Largest file read whole (texts, pages, feeds). JSON Lines files are streamed line by line, so
#: an archive of any size is read in bounded memory.
MAX_FILE_BYTES = 256 * 1024 * 1024
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
        with gzip.GzipFile(fileobj=_bytes_io(data)) as stream:
            out = stream.read(cap + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise GunzipError(f"corrupt gzip data ({error})") from None
    if len(out) > cap:
        raise GunzipError(f"expands past the {cap}-byte cap")
    return out


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


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
    """Any file's bytes (maybe gzip) as Documents and Failures, by kind."""
    stem = doc_stem(name)
    if name.lower().endswith(".gz") or data.startswith(GZIP_MAGIC):
        try:
            data = gunzip(data)
        except GunzipError as error:
            yield Failure(source, f"cannot decompress: {error}", stem)
            return
        if name.lower().endswith(".gz"):
            name = name[:-3]
    kind = kind_of(name, data)
    if kind == "html":
        yield html_document(data, source=source, doc_id=stem, url=url,
                            option_date=option_date, file_date=file_date)
    elif kind == "feed":
        yield from read_feed(data, source=source, stem=stem, policy=policy, option_date=option_date)
    else:
        yield from read_bytes(data, source=source, name=name, option_date=option_date, file_date=file_date)


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
    if name.lower().endswith(_JSONL):
        yield from _stream_jsonl(path, source, stem, policy, option_date)
        return
    if status.st_size > MAX_FILE_BYTES:
        yield Failure(source, f"file is {status.st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for one "
                              "input (JSON Lines files are read line by line, with no such limit)", stem)
        return
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        yield Failure(source, f"cannot read: {error.strerror or error}", stem)
        return
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        yield Failure(source, f"file is over the {MAX_FILE_BYTES:,}-byte limit for one input", stem)
        return
    yield from read_file_data(data, source=source, name=name, policy=policy,
                              option_date=option_date, file_date=file_date)


def _stream_jsonl(path: Path, source: str, stem: str, policy: FetchPolicy,
                  option_date: dt.date | None) -> Iterator[Item]:
    """A JSON Lines file, line by line: memory holds one line, whatever the file's size. A line
    that is not UTF-8 or not JSON is a failure of its own; the other lines are still read."""
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Failure(source, f"cannot read: {error.strerror or error}", stem)
        return
    with stream:
        head = stream.read(4096)
        what = binary_kind(head)
        if what and not head.startswith(GZIP_MAGIC):
            yield Failure(source, f"binary file ({what}), not text", stem)
            return
        if head.startswith(GZIP_MAGIC) or bom_encoding(head):
            # gzip, UTF-16 or UTF-32 under a .jsonl name: rare, read whole like any other file
            data = head + stream.read(MAX_FILE_BYTES + 1 - len(head))
            if len(data) > MAX_FILE_BYTES:
                yield Failure(source, f"file is over the {MAX_FILE_BYTES:,}-byte limit for one input", stem)
                return
            yield from read_file_data(data, source=source, name=path.name, policy=policy, option_date=option_date)
            return
        stream.seek(0)
        number = records = 0
        while True:
            raw = stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            number += 1
            where, line_id = f"{source}:{number}", f"{stem}:{number}"
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while True:  # skip the rest of the line
                    more = stream.readline(1 << 20)
                    if not more or more.endswith(b"\n"):
                        break
                records += 1
                yield Failure(where, f"line is longer than {MAX_LINE_BYTES:,} bytes; not read", line_id)
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                records += 1
                yield Failure(where, f"line is not valid UTF-8 (byte 0x{raw[error.start]:02x} at column "
                                     f"{error.start + 1}); convert the file to UTF-8 first", line_id)
                continue
            item = jsonl_item(line, number, source=source, stem=stem, option_date=option_date)
            if item is not None:
                records += 1
                yield item
        if not records:
            yield Failure(source, "empty file" if number == 0 else "JSON Lines file holds no records", stem)


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
