"""RSS and Atom feeds: one document per entry, from the entry's page or from its summary.

With fetching on, each entry's link is fetched under the :class:`FetchPolicy` (timeouts, size cap,
no private addresses) and its main text extracted like any HTML page; a page that cannot be
fetched is a recorded Failure for that entry. With fetching off, the entry's own content or
summary is the text. The feed's title is each entry's outlet, so merging counts distinct outlets.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from typing import Any

from flashpoint.ingest import YEARS, Item, make_item
from flashpoint.ingest.fetch import FetchError, FetchPolicy, fetch
from flashpoint.ingest.html import html_document, looks_like_html
from flashpoint.ingest.links import link_refusal
from flashpoint.records import Failure

_FEED_START = re.compile(r"<(rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)


def looks_like_feed(head: str) -> bool:
    """True when text (its first kilobyte or so) opens an RSS, RDF or Atom document."""
    start = head.lstrip("\ufeff \t\r\n")[:1024]
    return bool(_FEED_START.search(start)) and not looks_like_html(start)


def read_feed(
    data: bytes,
    *,
    source: str,
    stem: str,
    policy: FetchPolicy,
    option_date: dt.date | None = None,
) -> Iterator[Item]:
    """Every entry of a feed as a Document or Failure; a feed that cannot be read is one Failure.

    A feed whose XML is broken but from which entries could still be recovered yields a Failure
    naming the breakage *and* the recovered entries: nothing is dropped without a word.
    """
    import feedparser

    try:
        parsed = feedparser.parse(data)  # bytes: parsed as a document, never opened as a URL
    except Exception as error:  # feedparser is lenient, but hostile input can still raise
        yield Failure(source, f"cannot parse feed ({error.__class__.__name__}: {error})", stem)
        return
    broken = _xml_problem(parsed)
    if not parsed.get("version"):
        reason = f"not a readable RSS/Atom feed ({broken})" if broken else "not an RSS/Atom feed"
        yield Failure(source, reason, stem)
        return
    if broken:
        yield Failure(source, f"feed XML is broken ({broken}); {len(parsed.entries)} entries recovered", stem)
    if not parsed.entries:
        yield Failure(source, "feed has no entries", stem)
        return
    outlet = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_item(entry, number, source=source, stem=stem, outlet=outlet,
                          policy=policy, option_date=option_date)


def _xml_problem(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    name = error.__class__.__name__ if error else "error"
    if name in ("CharacterEncodingOverride", "NonXMLContentType"):
        return None  # declared charset or media type was off, the content is fine
    return f"{name}: {error}" if error else "unknown error"


def _entry_item(
    entry: Any,
    number: int,
    *,
    source: str,
    stem: str,
    outlet: str | None,
    policy: FetchPolicy,
    option_date: dt.date | None,
) -> Item:
    where = f"{source}#entry{number}"
    link = _text(entry.get("link"))
    doc_id = _text(entry.get("id")) or link or f"{stem}:{number}"
    title = _text(entry.get("title"))
    published = _entry_date(entry)
    if policy.enabled and link:
        try:
            page = fetch(link, policy)
        except FetchError as error:
            return Failure(where, f"cannot fetch entry page: {error}", doc_id)
        if page.content_type in ("text/plain",) and not looks_like_html(page.data[:1024].decode("utf-8", "replace")):
            return _summary_document(page.data.decode("utf-8", "replace"), where=where, doc_id=doc_id, title=title,
                                     url=page.url, published=published, outlet=outlet, option_date=option_date)
        return html_document(page.data, source=where, doc_id=doc_id, url=page.url, title=title,
                             published=published, outlet=outlet, option_date=option_date)
    summary = _entry_summary(entry)
    if not summary:
        why = "fetching is off" if link else "it has no link"
        return Failure(where, f"feed entry has no content or summary, and {why}", doc_id)
    # feedparser fills a missing <link> from the entry's id (urn:…): only a web address is a link
    url = link if link and link_refusal(link) is None else None
    return _summary_document(summary, where=where, doc_id=doc_id, title=title, url=url,
                             published=published, outlet=outlet, option_date=option_date)


def _summary_document(text: str, *, where: str, doc_id: str, title: str | None, url: str | None,
                      published: dt.date | None, outlet: str | None, option_date: dt.date | None) -> Item:
    if not text.strip():
        return Failure(where, "feed entry text is empty", doc_id)
    return make_item(text.strip(), doc_id=doc_id, source=where, published=published,
                         option_date=option_date, title=title, url=url, outlet=outlet)


def _entry_summary(entry: Any) -> str | None:
    """The entry's full content when the feed carries it, else its summary, as plain text."""
    for content in entry.get("content") or []:
        text = _html_to_text(content.get("value") or "")
        if text:
            return text
    return _html_to_text(entry.get("summary") or "") or None


def _html_to_text(fragment: str) -> str:
    """Entry summaries are HTML fragments; keep their words, one paragraph per line."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        import lxml.html

        root = lxml.html.fromstring(f"<div>{fragment}</div>")
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        for block in root.xpath("//p|//br|//div|//li"):
            block.tail = "\n" + (block.tail or "")
        text = root.text_content()
    except Exception:
        text = re.sub(r"<[^>]+>", " ", fragment)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time) and value.tm_year in YEARS:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
