"""Ingest: datelines, report dates, decoding and JSON Lines records."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from flashpoint.ingest import read_bytes, read_path, read_stdin
from flashpoint.ingest.dateline import find_dateline, report_date
from flashpoint.ingest.decode import DecodeError, decode_text
from flashpoint.records import Document, Failure


@pytest.mark.parametrize(
    "text, place, month_day",
    [
        ("Washington, May 1: Amidst the tensions", "Washington", (5, 1)),
        ("NEW DELHI, April 23 (Flashpoint sample) \u2013 India said", "New Delhi", (4, 23)),
        ("ISLAMABAD (Reuters) - Pakistan said", "Islamabad", None),
        ("KYIV, 5 May - Ukraine said", "Kyiv", (5, 5)),
        ("RAWALPINDI, Pakistan, May 10 \u2014 The army said", "Rawalpindi, Pakistan", (5, 10)),
        ("LIMPOPO December 2 (ANA) - Police in Limpopo have appealed", "Limpopo", (12, 2)),  # no comma
    ],
)
def test_datelines(text, place, month_day):
    dateline, found_month_day, _ = find_dateline(text)
    assert dateline is not None and dateline.place == place
    assert found_month_day == month_day


@pytest.mark.parametrize("text", ["India said: we will respond.", "The minister met reporters.", ""])
def test_ordinary_openings_are_not_datelines(text):
    assert find_dateline(text)[0] is None


def test_report_date_takes_the_year_from_published():
    dateline, day, origin = report_date("Washington, May 1: x", dt.date(2025, 5, 2), None, None)
    assert day == dt.date(2025, 5, 1) and origin == "published" and dateline.day == day


def test_report_date_prefers_the_year_before_a_january_publication():
    _, day, _ = report_date("LONDON, December 31 - x", dt.date(2025, 1, 1), None, None)
    assert day == dt.date(2024, 12, 31)


def test_report_date_falls_back_to_option_then_header_then_today():
    _, day, origin = report_date("Washington, May 1: x", None, dt.date(2024, 6, 1), None)
    assert (day, origin) == (dt.date(2024, 5, 1), "option")
    _, day, origin = report_date("Ceasefire holds\nMay 11, 2025\nThe guns fell silent.", None, None, None)
    assert (day, origin) == (dt.date(2025, 5, 11), "file")
    _, day, origin = report_date("No date here.", None, None, None, today=dt.date(2030, 1, 2))
    assert (day, origin) == (dt.date(2030, 1, 2), "today")


def test_a_header_date_with_a_space_before_its_comma_dates_the_report():
    """Tokenised news ("Residents protest May 06 , 2016 00:00 IST ..."): the header's date is the
    report's, not today, which would push every event the text dates into history."""
    text = "Farmers stage protest May 06 , 2016 00:00 IST Farmers staged a protest in Tirupur on Thursday."
    _, day, origin = report_date(text, None, None, None, today=dt.date(2026, 12, 7))
    assert (day, origin) == (dt.date(2016, 5, 6), "file")


def test_a_dateline_with_its_own_year_wins():
    _, day, origin = report_date("LONDON, 5 May 2025 - x", dt.date(2026, 1, 1), None, None)
    assert (day, origin) == (dt.date(2025, 5, 5), "dateline")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"PK\x03\x04zipzip", "ZIP"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
        (b"\x00\x01\x02\x00\x00\x00binary\x00\x00", "NUL"),
    ],
)
def test_binary_and_invalid_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_text(data)


def test_utf16_and_bom_are_decoded():
    assert decode_text("India closed its airspace.".encode("utf-16")) == "India closed its airspace."
    assert decode_text("\ufeffIndia".encode("utf-8")) == "India"


def test_empty_and_whitespace_files_are_failures():
    (item,) = read_bytes(b"", source="a.txt", name="a.txt")
    assert isinstance(item, Failure) and item.reason == "empty file"
    (item,) = read_bytes(b"  \n\t ", source="b.txt", name="b.txt")
    assert isinstance(item, Failure) and "whitespace" in item.reason


def test_missing_path_is_a_failure(tmp_path):
    (item,) = read_path(tmp_path / "nope.txt")
    assert isinstance(item, Failure) and "no such file" in item.reason


def test_jsonl_records_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "India expelled diplomats.", "published": "2025-04-23", "title": "T"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": 42}),
        json.dumps(["list"]),
        json.dumps({"id": "d", "text": "Pakistan closed its airspace.", "date": "20250424"}),
        json.dumps({"id": "e", "text": "x", "published": "yesterday-ish"}),
        "",
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_path(path))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [d.doc_id for d in docs] == ["a", "d"]
    assert docs[0].published == dt.date(2025, 4, 23) and docs[0].title == "T"
    assert docs[1].report_date == dt.date(2025, 4, 24)
    reasons = [f.reason for f in failures]
    assert any("not valid JSON" in r for r in reasons)
    assert "record has no 'text'" in reasons
    assert any("'text' is a int" in r for r in reasons)
    assert any("not an object" in r for r in reasons)
    assert any("unreadable date" in r for r in reasons)
    assert all(f.source.startswith(str(path)) for f in failures)


def test_stdin_text_and_jsonl():
    (doc,) = read_stdin(io.BytesIO(b"India expelled diplomats."), option_date=dt.date(2025, 4, 23))
    assert isinstance(doc, Document) and doc.doc_id == "stdin" and doc.report_date == dt.date(2025, 4, 23)
    items = list(read_stdin(io.BytesIO(b'{"id": "x", "text": "India expelled diplomats."}\n')))
    assert [i.doc_id for i in items] == ["x"]
    (failure,) = read_stdin(io.BytesIO(b""))
    assert isinstance(failure, Failure)


# -- headlines and datelines run into the report (written for these tests) -------------------------


def test_a_dateline_after_a_headline_and_byline_is_found_and_skipped(pipeline):
    from flashpoint.ingest.dateline import find_dateline

    text = ("Two officers hurt, police arrest three robbers after shoot-out ANA Reporter DURBAN, June 2 (ANA) - "
            "Two officers were hurt on Monday when robbers opened fire on them. Police later arrested three men.")
    dateline, month_day, _ = find_dateline(text)
    assert dateline is not None and dateline.place == "Durban" and month_day == (6, 2)
    events = pipeline.code_text(text, published="2024-06-03")
    assert all(e.evidence.char_start >= dateline.span[1] for e in events)


def test_a_dateline_after_a_dated_and_timed_header_is_found(pipeline):
    """Indian papers print "HEADLINE 08th May 2011 05:00 AM CITY : lead": the date and clock time
    come before the place, which carries neither."""
    from flashpoint.ingest.dateline import find_dateline

    text = ("Minister condemns attack on party office 08th May 2011 05:00 AM THIRUVANANTHAPURAM : Chief Minister "
            "V S Achuthanandan has condemned the recent attacks on the party offices.")
    dateline, _, _ = find_dateline(text)
    assert dateline is not None and dateline.place == "Thiruvananthapuram"
    events = pipeline.code_text(text, published="2011-05-08")
    assert ("INDGOV", "111") in {(e.source.code, e.cameo) for e in events if e.source is not None}
    assert find_dateline("Police arrest three 08th May 2011 05:00 AM The BJP said: more arrests will follow.")[0] is None


def test_a_first_sentence_is_not_taken_for_a_headline():
    from flashpoint.ingest.dateline import find_dateline, headline_end

    assert find_dateline("Police arrested the man. LONDON (Reuters) - Two more were held.")[0] is None
    assert headline_end("Indian Prime Minister Narendra Modi met Pakistan Premier Nawaz Sharif in Delhi. "
                        "The two leaders spoke for an hour about trade and the border.") == 0


def test_a_title_case_headline_is_not_coded():
    from flashpoint.ingest.dateline import headline_end

    text = ("Soldiers Arrested for Killings of Villagers in the North. Eight soldiers were arrested on "
            "Tuesday for their part in the killings.")
    assert text[:headline_end(text)] == "Soldiers Arrested for Killings of Villagers in the North."
