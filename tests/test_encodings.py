"""Encodings (issue 18): UTF-32 used to be read as UTF-16 and stored as "coded", with NULs in the
text and no events. Every reader now decodes UTF-16 and UTF-32 by their byte-order marks,
and refuses a text that is more NUL characters than text however it was decoded, naming the
likely cause."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from flashpoint.ingest import document_from_record, read_path, read_stdin
from flashpoint.ingest.decode import DecodeError, decode_text
from flashpoint.records import Document, Failure

REPORT = ("NEW DELHI, May 1 – Pakistan closed its airspace to Indian airlines on Thursday, officials said. "
          "India expelled two Pakistani diplomats. Ünïcödé and emoji 🇮🇳 survive.")
WIDE = ["utf-32", "utf-32-le", "utf-32-be", "utf-16", "utf-16-le", "utf-16-be"]


def _with_bom(text: str, encoding: str) -> bytes:
    """Text in ``encoding`` with its byte-order mark (Python's utf-16/utf-32 codecs write one;
    the -le/-be ones do not, so it is added)."""
    data = text.encode(encoding)
    if encoding.endswith(("-le", "-be")):
        data = "\ufeff".encode(encoding) + data
    return data


@pytest.mark.parametrize("encoding", WIDE)
def test_wide_encodings_with_a_mark_decode_exactly(encoding):
    assert decode_text(_with_bom(REPORT, encoding)) == REPORT


@pytest.mark.parametrize("encoding", WIDE)
def test_a_wide_text_file_is_its_text(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(_with_bom(REPORT, encoding))
    [item] = list(read_path(path))
    assert isinstance(item, Document) and item.text == REPORT


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-be"])
def test_a_wide_json_lines_file_is_its_records(tmp_path, encoding):
    path = tmp_path / "reports.jsonl"
    lines = "\n".join(json.dumps({"id": f"r{n}", "text": REPORT}) for n in range(3))
    path.write_bytes(_with_bom(lines, encoding))
    items = list(read_path(path))
    assert [type(item) for item in items] == [Document] * 3 and all(item.text == REPORT for item in items)


def test_wide_stdin_is_its_text():
    [item] = list(read_stdin(io.BytesIO(_with_bom(REPORT, "utf-32"))))
    assert isinstance(item, Document) and item.text == REPORT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-le", "utf-16-be"])
def test_wide_text_without_a_mark_is_refused_with_the_likely_cause(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode(encoding))
    [item] = list(read_path(path))
    assert isinstance(item, Failure)
    assert "without a byte-order mark" in item.reason or "NUL" in item.reason


def test_a_record_of_nuls_is_refused_and_a_stray_nul_removed():
    many = document_from_record({"id": "a", "text": "\u0000".join("text")}, source="s", fallback_id="a")
    assert isinstance(many, Failure) and "NUL" in many.reason
    few = document_from_record({"id": "b", "text": REPORT + "\u0000"}, source="s", fallback_id="b")
    assert isinstance(few, Document) and few.text == REPORT


def test_a_utf16_mark_then_a_nul_is_still_utf16():
    data = "\ufeff\u0000".encode("utf-16-le") + (REPORT * 20).encode("utf-16-le")
    assert decode_text(data) == REPORT * 20


def test_truncated_utf32_is_refused():
    with pytest.raises(DecodeError):
        decode_text(_with_bom(REPORT, "utf-32")[:-1])


@pytest.mark.parametrize("encoding", ["utf-32", "utf-16"])
def test_a_wide_page_without_an_extension_is_read_as_a_page(tmp_path, encoding):
    page = ("<html><head><title>T</title></head><body><article><p>NEW DELHI, May 1 (Reuters) - Pakistan closed "
            "its airspace to Indian airlines on Thursday, officials said, in a sharp escalation.</p>"
            "<p>India expelled two Pakistani diplomats.</p></article></body></html>")
    path = tmp_path / "page"
    path.write_bytes(page.encode(encoding))
    [item] = list(read_path(Path(path)))
    assert isinstance(item, Document) and "<p>" not in item.text and "Pakistan closed" in item.text
