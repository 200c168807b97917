"""HTML pages: the article's main text, title, date, URL and outlet, boilerplate dropped.

Menus, footers ("Comments are closed"), cookie banners and scripts would otherwise be coded as
if they were news, so the page goes through trafilatura's main-text extraction. A page with no
main text (only scripts, only markup) is a :class:`~flashpoint.records.Failure`, not an empty
document.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from flashpoint.ingest import Item, make_item, parse_date
from flashpoint.ingest.decode import DecodeError, decode_text
from flashpoint.records import Failure

#: A page must yield at least this many words (runs of two or more letters) to be a document.
MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}")
# Dates only from the page's own markup and URL, never guessed from numbers in the text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.ERROR)  # their warnings are not the user's business


def looks_like_html(head: str) -> bool:
    """True when text (its first kilobyte or so) starts like an HTML page."""
    start = head.lstrip("\ufeff \t\r\n")[:200].lower()
    return start.startswith(("<!doctype html", "<html", "<head", "<body")) or (
        start.startswith("<?xml") and "<html" in start
    )


def extract(data: bytes | str, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura's main text and metadata as a dict, or None when the page has no main text."""
    import trafilatura

    result = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if result is None:
        return None
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


def html_document(
    data: bytes | str,
    *,
    source: str,
    doc_id: str,
    url: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
    option_date: dt.date | None = None,
    file_date: dt.date | None = None,
) -> Item:
    """One HTML page as a Document (or a Failure saying why not).

    Values given by the caller (a feed entry's title and date, the URL actually fetched) win over
    what the page says about itself, because they are explicit; the page fills the gaps.
    """
    if isinstance(data, bytes):
        problem = _binary_problem(data)
        if problem:
            return Failure(source, problem, doc_id)
    try:
        meta = extract(data, url)
    except Exception as error:  # trafilatura/lxml raise many kinds on hostile markup
        return Failure(source, f"cannot parse HTML ({error.__class__.__name__}: {error})", doc_id)
    if meta is None:
        return Failure(source, "HTML page has no main text (only scripts, markup or boilerplate)", doc_id)
    page_title = _clean(meta.get("title"))
    text = _body_text(meta.get("text") or "", page_title)
    if len(_WORD.findall(text)) < MIN_WORDS:
        return Failure(source, "HTML page has no main text (only scripts, markup or boilerplate)", doc_id)
    try:
        page_date = parse_date(meta.get("date"))
    except ValueError:
        page_date = None
    return make_item(
        text,
        doc_id=doc_id,
        source=source,
        published=published or page_date,
        option_date=option_date,
        file_date=file_date,
        title=title or page_title,
        url=url or _clean(meta.get("url")),
        outlet=outlet or _clean(meta.get("sitename")),
    )


def _binary_problem(data: bytes) -> str | None:
    """Refuse images, archives and the like before handing bytes to an HTML parser."""
    try:
        decode_text(data[:4096])
    except DecodeError as error:
        if "UTF-8" in str(error) or "UTF-16" in str(error):
            return None  # a page in another charset: trafilatura decodes it
        return str(error)
    return None


def _body_text(text: str, title: str | None) -> str:
    """The extracted text without a leading copy of the headline (trafilatura keeps the <h1>),
    so the dateline, when there is one, opens the text and the headline is not coded twice."""
    lines = text.strip().split("\n")
    if title and lines and lines[0].strip().casefold() == title.casefold():
        lines = lines[1:]
    return "\n".join(lines).strip()


def _clean(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
