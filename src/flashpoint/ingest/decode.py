"""Bytes to text, refusing what is not text.

A report is UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.
Anything else is refused with a reason a user can act on, rather than coded as garbage.
"""

from __future__ import annotations

import codecs

from flashpoint.errors import FlashpointError

# Magic numbers of binary formats people are likely to feed us by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


class DecodeError(FlashpointError, ValueError):
    """The input is not text we can code."""


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` starts with ("a PNG image"), or None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def decode_text(data: bytes) -> str:
    """Decode report bytes, or raise :class:`DecodeError` saying why they are not text."""
    what = binary_kind(data)
    if what:
        raise DecodeError(f"binary file ({what}), not text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise DecodeError(f"invalid UTF-16 at byte {error.start}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert it to UTF-8 first"
        ) from None
    nulls = text.count("\x00")
    if nulls and nulls > len(text) // 100:
        raise DecodeError("binary file (contains NUL bytes), not text")
    return text.replace("\x00", "")
