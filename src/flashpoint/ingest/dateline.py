"""Datelines ("Washington, May 1:") and the date a report speaks from.

Relative dates in a report ("on Wednesday") resolve against the day of its dateline, so the
report date is the dateline's day with the year taken from the best source available. The
``date_origin`` of a document records which source that was.
"""

from __future__ import annotations

import datetime as dt
import re

from flashpoint.cues import cues
from flashpoint.records import Dateline, DateOrigin

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY_MONTH = rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}))(?:\s?,?\s+(?P<y>\d{{4}}))?"
_PLACE = r"(?P<place>[A-Z][A-Za-z.'\u2019-]*(?:[ -][A-Z][A-Za-z.'\u2019-]*){0,3}(?:,\s+[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?)"
_SEP = r"\s*(?:[:\u2013\u2014]|--?|\u2012)\s*"

DATELINE = re.compile(
    rf"^\s*{_PLACE}(?:,?\s+{_DAY_MONTH})?\s*(?:\((?P<agency>[^)]{{1,60}})\))?{_SEP}",
)
#: A dateline after a headline (and a byline) that the page ran into the first sentence: "... after
#: shoot-out ANA Reporter JOHANNESBURG, March 17 (ANA) - Three officers ...". Its place is in
#: capitals, and it carries a date or an agency.
_CAPS_PLACE = (r"(?P<place>(?!(?:AM|PM|IST|GMT)\s)(?:[A-Z][A-Z.'\u2019-]+)(?:[ -][A-Z][A-Z.'\u2019-]+){0,3}"
               r"(?:,\s+[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?)")
LATE_DATELINE = re.compile(
    rf"(?<=\s){_CAPS_PLACE}(?:,?\s+{_DAY_MONTH})?\s*(?:\((?P<agency>[^)]{{1,60}})\))?{_SEP}",
)
#: How far into a text a headline and byline may run before its dateline.
HEADLINE_CHARS = 400
FULL_DATE = re.compile(rf"\b{_DAY_MONTH}\b")
#: A clock time in a page's header ("08th May 2011 05:00 AM THIRUVANANTHAPURAM :").
CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")


def _month_day(match: re.Match[str]) -> tuple[int, int] | None:
    month = match.group("m1") or match.group("m2")
    day = match.group("d1") or match.group("d2")
    if not month or not day:
        return None
    return MONTHS[month.rstrip(".").lower()], int(day)


def find_dateline(text: str) -> tuple[Dateline | None, tuple[int, int] | None, int | None]:
    """Find a dateline at the start of ``text``; return it, its (month, day) and its year, if any.

    A dateline needs a date, an agency in brackets, or an all-caps place, so that an ordinary
    first sentence ("India said: ...") is not mistaken for one.
    """
    match = DATELINE.match(text[:200]) or _late_dateline(text)
    if not match:
        return None, None, None
    place = match.group("place").strip().rstrip(",")
    month_day = _month_day(match)
    has_agency = match.group("agency") is not None
    letters = place.replace(" ", "").replace(",", "").replace(".", "")
    if not (month_day or has_agency or (letters.isupper() and len(letters) > 2)):
        return None, None, None
    if len(place.split()) > 5:
        return None, None, None
    year = int(match.group("y")) if match.group("y") else None
    day = None
    if month_day and year:
        day = _safe_date(year, *month_day)
    dateline = Dateline(
        place=_title_place(place),
        text=match.group(0).strip(),
        span=(match.start("place"), match.end()),
        day=day,
    )
    return dateline, month_day, year


def run_in_dateline(text: str) -> tuple[int, int] | None:
    """Where a dateline run in after a headline starts and ends ("... after shoot-out ANA Reporter
    **JOHANNESBURG, March 17 (ANA) -** Three officers ..."), or None. The parser reads such a
    text as one sentence and hangs the lead on the dateline's place; the language layer cuts
    the sentence there before parsing (:mod:`flashpoint.language.breaks`)."""
    match = _late_dateline(text)
    return (match.start(), match.end()) if match else None


def _late_dateline(text: str) -> re.Match[str] | None:
    """A dateline run in after a headline (see :data:`LATE_DATELINE`): it needs a date or an
    agency, or, before a colon, a header that gives the date and the clock time ("VS condemns attack
    08th May 2011 05:00 AM **THIRUVANANTHAPURAM :**", as Indian papers print it); the headline
    before it must be words, not the report's first sentence."""
    for match in LATE_DATELINE.finditer(text[:HEADLINE_CHARS]):
        headline = text[:match.start()].strip()
        if not headline or headline.endswith((".", "!", "?", '"', "\u201d")):
            return None  # the text had a sentence before it: not a headline
        dated = _month_day(match) or match.group("agency") or (
            match.group(0).rstrip().endswith(":") and FULL_DATE.search(headline) and CLOCK_TIME.search(headline))
        if dated and len(match.group("place").replace(" ", "")) > 2:
            return match
    return None


_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*")
_HEADLINE_END = re.compile(r"\n|[.!?](?=\s)")


def headline_end(text: str) -> int:
    """Where a leading headline in title case ends ("Mexico Soldiers Arrested for Involvement in
    Killings of 22 People."), or 0. A headline restates the report's lead: coded, it only adds a
    duplicate, often without its actors. Every word but the short ones a headline leaves in
    lower case (cue kind headline-lowercase) must be capitalised, four of them of four letters or
    more, and a report must follow."""
    match = _HEADLINE_END.search(text, 0, 250)
    if match is None:
        return 0
    words = _WORD.findall(text[:match.start()])
    lowered = cues()["headline-lowercase"]
    capitalised = [w for w in words if w[0].isupper()]
    if any(w[0].islower() and w.lower() not in lowered for w in words):
        return 0  # "Indian Prime Minister Narendra Modi met ...": a sentence full of names
    if len([w for w in capitalised if len(w) >= 4]) < 4 or len(text) - match.end() < 40:
        return 0
    return match.end()


def _title_place(place: str) -> str:
    """``NEW DELHI`` -> ``New Delhi``; mixed-case places are kept as written."""
    return ", ".join(part.title() if part.isupper() else part for part in place.split(", "))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def plausible(day: dt.date | None, today: dt.date | None = None) -> dt.date | None:
    """``day`` when a report can be dated so: no later than the day after ``today`` (a clock a
    time zone ahead), and in years 1000-2999; else None."""
    if day is None or not 1000 <= day.year <= 2999:
        return None
    return day if day <= (today or dt.date.today()) + dt.timedelta(days=1) else None


def date_in_header(text: str) -> dt.date | None:
    """A full date (with year) in the report's first lines, e.g. a "May 1, 2025" line under the title."""
    head = "\n".join(text.splitlines()[:3])[:400]
    iso = ISO_DATE.search(head)
    if iso:
        return _safe_date(int(iso.group("y")), int(iso.group("m")), int(iso.group("d")))
    for match in FULL_DATE.finditer(head):
        month_day = _month_day(match)
        if month_day and match.group("y"):
            return _safe_date(int(match.group("y")), *month_day)
    return None


def report_date(
    text: str,
    published: dt.date | None,
    option_date: dt.date | None,
    file_date: dt.date | None,
    today: dt.date | None = None,
) -> tuple[Dateline | None, dt.date, DateOrigin]:
    """The day a report speaks from, and where its year came from.

    The year comes from the record's ``published`` date, else the ``--date`` option, else a date
    line in the file itself, else today. When the dateline
    names a month and day, that day is used, in the year that puts it closest before (or on) the
    reference date, since reports are written after what they describe. A date the text or the
    file system gives that is not :func:`plausible` (a header or dateline in the future, a file
    touched in 2205) is passed over: it would date the report's events there.
    """
    today = today or dt.date.today()
    dateline, month_day, stated_year = find_dateline(text)
    header = plausible(date_in_header(text), today)
    candidates: list[tuple[dt.date | None, DateOrigin]] = [
        (published, "published"),
        (option_date, "option"),
        (header, "file"),
        (plausible(file_date, today), "file"),
        (today, "today"),
    ]
    reference, origin = next((d, o) for d, o in candidates if d is not None)
    assert reference is not None
    if dateline and dateline.day and plausible(dateline.day, today):
        return dateline, dateline.day, "dateline"
    if dateline:
        dateline.day = None  # a stated year in the future: the month and day alone are used
    if dateline and month_day:
        month, day = month_day
        best = None
        for year in (reference.year, reference.year - 1, reference.year + 1):
            candidate = _safe_date(year, month, day)
            if candidate is None:
                continue
            distance = (reference - candidate).days
            penalty = distance if distance >= -1 else 400 + abs(distance)
            if best is None or penalty < best[0]:
                best = (penalty, candidate)
        if best:
            dateline.day = best[1]
            return dateline, best[1], origin
    return dateline, reference, origin
