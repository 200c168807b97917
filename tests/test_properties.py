"""Property-based tests (hypothesis): arbitrary input never makes ingest, dateline and date
parsing, the language check or the coder raise; offsets always point inside the text; the same
input always gives the same events.

Kept fast: a few dozen examples per property (the coder's share of the time is bounded by short
texts and few examples), no deadline (the machine is shared), and the spaCy pipeline is the
session fixture ``pipeline``.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.ingest import document_from_record, jsonl_item, parse_date, read_bytes, read_stdin
from flashpoint.ingest.dateline import date_in_header, find_dateline, report_date
from flashpoint.ingest.decode import DecodeError, decode_text
from flashpoint.ingest.feeds import read_feed
from flashpoint.ingest.fetch import FetchPolicy
from flashpoint.ingest.files import read_file_data
from flashpoint.ingest.html import html_document
from flashpoint.ingest.screen import detect_language, valid_unicode
from flashpoint.pipeline import pieces, segments
from flashpoint.records import Document, Failure
from flashpoint.time.expressions import find as find_times

OFF = FetchPolicy(enabled=False)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CODER = settings(max_examples=25, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that looks a little like news, with arbitrary unicode mixed in, so the coder's paths past
# the parser are exercised and not only "no letters, no events".
NEWS_WORDS = ["India", "Pakistan", "NEW DELHI", "ISLAMABAD", "April 24", "Washington", "said", "closed",
              "expelled", "attacked", "the", "border", "on Thursday", "its", "airspace", "to", "diplomats",
              "Rubio", "called", "Jaishankar", "troops", "ceasefire", "not", "will", "–", ",", ".", ":", "\n",
              "(Reuters)", "yesterday", "last week", "in Kashmir", "Modi", "Sharif", "talks", "with", "and"]
news_text = st.lists(st.one_of(st.sampled_from(NEWS_WORDS), st.text(max_size=6)), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=300), news_text)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))


def _is_item(item: object) -> bool:
    if isinstance(item, Failure):
        return bool(item.reason and item.reason.strip())
    return isinstance(item, Document) and bool(item.text.strip())


# -- ingest ----------------------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.txt", "a.jsonl", "a", "a.md", "a.ndjson"]))
def test_arbitrary_bytes_are_documents_or_failures(data, name):
    items = list(read_bytes(data, source="prop", name=name))
    assert items and all(_is_item(item) for item in items)


@FAST
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.txt", "a.html", "a.rss", "a.gz", "a.jsonl", "a"]))
def test_any_file_kind_never_raises(data, name):
    items = list(read_file_data(data, source="prop", name=name, policy=OFF))
    assert items and all(_is_item(item) for item in items)


@FAST
@given(text=st.text(max_size=2000), name=st.sampled_from(["a.txt", "a.html", "a.rss", "a.jsonl"]))
def test_any_text_file_never_raises(text, name):
    items = list(read_file_data(valid_unicode(text).encode(), source="prop", name=name, policy=OFF))
    assert items and all(_is_item(item) for item in items)


@FAST
@given(data=st.binary(max_size=3000))
def test_decoding_raises_only_decode_errors(data):
    try:
        text = decode_text(data)
    except DecodeError as error:
        assert str(error)
    else:
        assert isinstance(text, str) and "\x00" not in text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {}, optional={"id": json_values, "text": st.one_of(any_text, json_values), "title": json_values,
                  "url": json_values, "outlet": json_values, "published": st.one_of(json_values, st.text(max_size=30)),
                  "date": json_values},
)


@FAST
@given(record=st.one_of(records, json_values))
def test_any_json_record_is_a_document_or_a_failure(record):
    item = document_from_record(record, source="prop", fallback_id="prop:1")
    assert _is_item(item)


@FAST
@given(line=st.one_of(st.text(max_size=300), records.map(json.dumps)))
def test_any_jsonl_line_is_a_document_a_failure_or_blank(line):
    item = jsonl_item(line, 1, source="prop", stem="prop")
    assert item is None if not line.strip() else _is_item(item)


@FAST
@given(data=st.binary(max_size=1500))
def test_stdin_never_raises(data):
    import io

    items = list(read_stdin(io.BytesIO(data)))
    assert items and all(_is_item(item) for item in items)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup=st.one_of(st.text(max_size=500), st.lists(st.sampled_from(
    ["<html>", "<body>", "<p>", "</p>", "<div>", "<script>", "</script>", "<title>", "India closed the border.",
     "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "<meta charset='utf-16'>", "\x00", "<?xml"]),
    max_size=30).map("".join)))
def test_any_html_is_a_document_or_a_failure(markup):
    assert _is_item(html_document(markup.encode("utf-8", "surrogatepass"), source="prop", doc_id="p"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from(
    ['<?xml version="1.0"?>', '<rss version="2.0">', "<channel>", "<title>t</title>", "<item>", "</item>",
     "<description>India closed the border.</description>", "<link>http://127.0.0.1/x</link>", "</channel>",
     "</rss>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "</feed>", "&bogus;",
     "<pubDate>Thu, 99 Foo 0000</pubDate>", "<pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate>", "\x00", "é"]),
    max_size=25), noise=st.text(max_size=30))
def test_any_feed_is_documents_or_failures(parts, noise):
    data = ("".join(parts) + noise).encode("utf-8", "surrogatepass")
    items = list(read_feed(data, source="prop", stem="prop", policy=OFF))
    assert items and all(_is_item(item) for item in items)


# -- datelines and dates ---------------------------------------------------------------------------


@FAST
@given(text=any_text, published=dates, option=dates, file_date=dates)
def test_datelines_never_raise_and_point_inside_the_text(text, published, option, file_date):
    dateline, day, origin = report_date(text, published, option, file_date, today=dt.date(2025, 5, 1))
    assert isinstance(day, dt.date) and origin in ("published", "option", "dateline", "file", "today")
    if dateline is not None:
        start, end = dateline.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end].strip() == dateline.text
    find_dateline(text)
    date_in_header(text)


@FAST
@given(value=st.one_of(st.text(max_size=40), json_values,
                       st.dates().map(str), st.datetimes().map(lambda d: d.isoformat() + "Z")))
def test_record_dates_parse_or_raise_value_error(value):
    try:
        day = parse_date(value)
    except ValueError as error:
        assert str(error)
    else:
        assert day is None or 1000 <= day.year <= 2999


@FAST
@given(text=any_text, report=st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)),
       future=st.booleans())
def test_time_expressions_point_inside_the_text_and_resolve(text, report, future):
    for expression in find_times(text):
        assert 0 <= expression.start < expression.end <= len(text)
        assert text[expression.start:expression.end] == expression.text
        resolved = expression.resolve(report, future)
        assert resolved is None or isinstance(resolved[0], dt.date)


# -- language check and segmenting -----------------------------------------------------------------


@FAST
@given(text=st.text(max_size=3000))
def test_language_check_never_raises(text):
    guess = detect_language(text)
    assert guess.code and guess.why


@FAST
@given(text=st.text(alphabet=st.sampled_from("ab .\n\n xyz!"), max_size=4000), limit=st.integers(10, 500))
def test_segments_and_pieces_cover_the_text(text, limit):
    spans = segments(text, limit)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(0 < b - a <= limit for a, b in spans) or text == ""
    parts = pieces(text, limit)
    assert "".join(text[a:b] for a, b in parts) == text


# -- the coder -------------------------------------------------------------------------------------


def _records(events):
    return [event.to_dict() for event in events]


@CODER
@given(text=any_text, published=dates)
def test_the_coder_never_raises_points_inside_the_text_and_repeats_itself(pipeline, text, published):
    first = pipeline.code_text(text, published=published, doc_id="prop")
    again = pipeline.code_text(text, published=published, doc_id="prop")
    assert _records(first) == _records(again)
    for event in first:
        evidence = event.evidence
        assert 0 <= evidence.char_start <= evidence.char_end <= len(text)
        assert text[evidence.char_start:evidence.char_end] == evidence.sentence
        assert evidence.char_start <= evidence.trigger_span[0] <= evidence.trigger_span[1] <= evidence.char_end
        for actor in (event.source, event.target):
            if actor is not None:
                assert 0 <= actor.span[0] <= actor.span[1] <= len(text)
        if event.location is not None and event.location.span:
            assert 0 <= event.location.span[0] <= event.location.span[1] <= len(text)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(news_text, min_size=1, max_size=6))
def test_batching_does_not_change_events(pipeline, texts):
    from flashpoint.ingest import make_document

    def documents():
        return [make_document(text or "x", doc_id=f"d{i}", source="prop", published=dt.date(2025, 5, 1))
                for i, text in enumerate(texts)]

    together = [_records(coded.events) for coded in pipeline.code(documents(), batch_size=len(texts))]
    alone = [_records(next(pipeline.code([document], batch_size=1)).events) for document in documents()]
    assert together == alone


# -- fetching --------------------------------------------------------------------------------------

urls = st.one_of(
    st.text(max_size=80),
    st.builds(lambda scheme, host, rest: f"{scheme}://{host}{rest}",
              st.sampled_from(["http", "https", "HTTP", "ftp", "file", "javascript", ""]),
              st.one_of(st.text(max_size=20), st.sampled_from(["127.0.0.1", "[::1]", "example.org", "a..b", "[::1",
                                                                "10.0.0.1:99999", "user@host", "xn--", "ü.de"])),
              st.text(max_size=30)),
)


@FAST
@given(url=urls)
def test_any_url_is_fetched_or_refused_with_a_fetch_error(url):
    """Whatever the URL, fetch raises FetchError or nothing. Every name resolves to a private
    address here, so nothing leaves the machine and nothing is connected to."""
    import socket

    import pytest

    from flashpoint.ingest import fetch as fetch_module
    from flashpoint.ingest.fetch import FetchError, fetch

    def resolve(host, port, *args, **kwargs):
        host.encode("idna") if isinstance(host, str) and not host.isascii() else None
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.9.9", port or 80))]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fetch_module.socket, "getaddrinfo", resolve)
        try:
            fetch(url, FetchPolicy(timeout=0.2))
        except FetchError as error:
            assert str(error)
        else:
            raise AssertionError(f"{url!r} was fetched")
