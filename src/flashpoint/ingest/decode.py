"""Bytes to text, refusing what is not text.

A report is UTF-8 (with or without a byte-order mark), or UTF-16 or UTF-32 with a byte-order mark.
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


#: Byte-order marks, longest first: UTF-32's little-endian mark starts with UTF-16's.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte-order mark announces, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_text(data: bytes) -> str:
    """Decode report bytes, or raise :class:`DecodeError` saying why they are not text.

    UTF-32 is told from UTF-16 by its longer mark (read as UTF-16 it became text full of NULs,
    stored as "coded" with no events); whatever the encoding, a text that is more than 1 % NUL
    characters is refused and the odd NUL is removed (:func:`nul_problem`)."""
    what = binary_kind(data)
    if what:
        raise DecodeError(f"binary file ({what}), not text")
    encoding = bom_encoding(data)
    if encoding == "utf-32":
        try:
            return without_nuls(data.decode("utf-32"))
        except UnicodeDecodeError:
            encoding = "utf-16"  # a UTF-16 mark followed by a NUL character
    if encoding == "utf-16":
        try:
            return without_nuls(data.decode("utf-16"))
        except UnicodeDecodeError as error:
            raise DecodeError(f"invalid UTF-16 at byte {error.start}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DecodeError(_wide_without_mark(data) or (
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert it to UTF-8 first")) from None
    return without_nuls(text, data)


def nul_problem(text: str, data: bytes = b"") -> str | None:
    """Why a text with NUL characters is not text (more than 1 % of it), or None: a few NULs are
    debris, many are binary data or a wrong encoding."""
    nulls = text.count("\x00")
    if not nulls or nulls <= len(text) // 100:
        return None
    return _wide_without_mark(data) or "binary file (contains NUL bytes), not text"


def _wide_without_mark(data: bytes) -> str | None:
    """The reason for bytes that look like UTF-16 or UTF-32 without a byte-order mark: a quarter
    or more NUL bytes, the others mostly the printable ASCII of the text they spell."""
    sample = data[:4096]
    others = sample.replace(b"\x00", b"")
    if not sample or sample.count(0) < len(sample) // 4 or not others:
        return None
    printable = sum(32 <= byte < 127 or byte in (9, 10, 13) for byte in others)
    if printable < len(others) * 0.8:
        return None
    return "looks like UTF-16 or UTF-32 without a byte-order mark (NUL bytes between letters); convert it to UTF-8"


def without_nuls(text: str, data: bytes = b"") -> str:
    """``text`` without NUL characters, or :class:`DecodeError` when there are too many."""
    problem = nul_problem(text, data)
    if problem:
        raise DecodeError(problem)
    return text.replace("\x00", "") if "\x00" in text else text
