"""JSON Lines as a stream: memory holds one line, whatever the input's size or compression.

Plain files, gzip files, UTF-16 and UTF-32 files and standard input are all read a chunk at a
time and cut into lines here. A ``.jsonl.gz`` used to be decompressed whole and split in memory
(250 KB of compressed newlines took 2.5 GB) and standard input was read whole (``yes | flashpoint
code -`` reached 3.6 GB in seconds); now neither holds more than a chunk and one line.

A run of :data:`MAX_BAD_RUN` unusable lines in a row ends the reading of an input with a failure
saying so: 245 KB of compressed ``{}`` lines would otherwise be 85 million failure rows.
"""

from __future__ import annotations

import codecs
import datetime as dt
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from flashpoint.ingest import Item, jsonl_item
from flashpoint.records import Failure

CHUNK = 1 << 20
#: Unusable lines in a row (not JSON, no text, over the line cap) after which an input is given up.
MAX_BAD_RUN = 10_000
#: Errors a gzip stream raises on corrupt or truncated data, part way through.
GZIP_ERRORS = (OSError, EOFError, zlib.error)


def chunks(stream: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    """``stream`` a chunk at a time."""
    while True:
        data = stream.read(size)
        if not data:
            return
        yield data


def recoded(parts: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    """UTF-16 or UTF-32 chunks as UTF-8 ones, decoded incrementally (the byte-order mark read and
    dropped): the line reader then works on UTF-8 alone."""
    decoder = codecs.getincrementaldecoder(encoding)()
    for part in parts:
        text = decoder.decode(part)
        if text:
            yield text.encode("utf-8", "surrogatepass")
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail.encode("utf-8", "surrogatepass")


def numbered_lines(parts: Iterable[bytes], max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each non-blank line of the chunks, without its ``\\n``; None for a
    line longer than ``max_line`` bytes (not kept: its end is skipped). Chunks of nothing but
    whitespace are counted and passed over whole."""
    number, partial, size, over = 0, [], 0, False
    for part in parts:
        if not partial and not over and part.isspace():
            number += part.count(b"\n")
            continue
        pieces = part.split(b"\n")
        for piece in pieces[:-1]:
            number += 1
            if over:
                over = False
                yield number, None
                continue
            if partial:
                partial.append(piece)
                piece, partial, size = b"".join(partial), [], 0
            if len(piece) > max_line:
                yield number, None
            elif piece and not piece.isspace():
                yield number, piece
        rest = pieces[-1]
        if rest and not over:
            partial.append(rest)
            size += len(rest)
            if size > max_line:
                over, partial, size = True, [], 0
    if over or partial:
        line = b"".join(partial)
        if over or not line.isspace():
            yield number + 1, None if over else line


def jsonl_stream(parts: Iterable[bytes], *, source: str, stem: str, option_date: dt.date | None,
                 max_line: int, encoding: str = "UTF-8") -> Iterator[Item]:
    """The records of JSON Lines chunks (UTF-8): a Document or a Failure per non-blank line, a
    failure for the input when it holds no record, ends broken, or has :data:`MAX_BAD_RUN`
    unusable lines in a row."""
    records = bad_run = number = 0
    read = [0]  # bytes read: an input of blank lines is not an empty one
    try:
        for number, raw in numbered_lines(_counted(parts, read), max_line):
            item = _line_item(raw, number, source=source, stem=stem, option_date=option_date, max_line=max_line)
            if item is None:
                continue
            records += 1
            bad_run = bad_run + 1 if isinstance(item, Failure) else 0
            yield item
            if bad_run >= MAX_BAD_RUN:
                yield Failure(source, f"{MAX_BAD_RUN:,} unusable lines in a row (to line {number:,}); the rest "
                                      "of the input is not read", stem)
                return
    except GZIP_ERRORS as error:
        yield Failure(source, f"cannot decompress: corrupt gzip data ({error}); nothing after line {number:,} "
                              "was read", stem)
        return
    except UnicodeDecodeError as error:
        yield Failure(source, f"invalid {encoding} ({error.reason}); nothing after line {number:,} was read", stem)
        return
    if not records:
        yield Failure(source, "empty file" if read[0] == 0 else "JSON Lines file holds no records", stem)


def _counted(parts: Iterable[bytes], read: list[int]) -> Iterator[bytes]:
    for part in parts:
        read[0] += len(part)
        yield part


def _line_item(raw: bytes | None, number: int, *, source: str, stem: str, option_date: dt.date | None,
               max_line: int) -> Item | None:
    where, line_id = f"{source}:{number}", f"{stem}:{number}"
    if raw is None:
        return Failure(where, f"line is longer than {max_line:,} bytes; not read", line_id)
    if number == 1 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Failure(where, f"line is not valid UTF-8 (byte 0x{raw[error.start]:02x} at column "
                              f"{error.start + 1}); convert the file to UTF-8 first", line_id)
    return jsonl_item(line, number, source=source, stem=stem, option_date=option_date)
