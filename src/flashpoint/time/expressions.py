"""Time expressions in news English, found with one regular expression and resolved by hand.

A report speaks from its report date (dateline or publication day). The forms wire copy uses are
few: explicit dates ("April 22", "30 April 2025", "in March"), weekdays ("on Wednesday", "last
Friday"), days relative to today ("yesterday", "two days ago", "last night"), and weeks, months
and years relative to it ("earlier this week", "last month", "in 2023"). Resolution is
past-preferring, as a report mostly tells what already happened; a clause in the future tense
asks for the future reading instead ("will meet on Friday"). dateparser is not used: it is two
orders of magnitude slower and guesses where these rules are exact.

Precision is ``day``, ``week`` (the date is that week's Monday), ``month`` (the 1st) or ``year``
(1 January).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
}

# Month and weekday names are matched capitalised only: "may" the verb is not May the month.
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[0-9]{2}|20[0-9]{2})"
# a number may start a sentence ("Two years ago, ..."): its first letter may be a capital
_NUM = r"(?:[Aa] couple of|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[0-9]{1,2})"
_PREP = r"(?:(?:[Oo]n|[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ll]ate on|[Ee]arly on|[Ee]arlier on|[Ll]ater on|[Ee]arly|[Ll]ate)\s+(?:the\s+)?)?"

PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"(?P<isodate>{_YEAR}-[01][0-9]-[0-3][0-9])"),
    ("dmy", rf"{_PREP}(?P<d1>{_DAY})(?:\s+of)?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?"),
    ("mdy", rf"{_PREP}(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?![0-9])(?:,?\s+(?P<y2>{_YEAR}))?"),
    ("month_year", rf"(?:(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)\s*)?(?P<m3>{_MONTH})(?:\s+of)?,?\s+(?P<y3>{_YEAR})"),
    ("month", rf"(?:(?P<mp>[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier in|[Ll]ater in)\s*)(?P<m4>{_MONTH})(?![a-z])"),
    ("year", rf"(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y)\s+(?:(?:early|late|mid-?)\s*)?(?P<y4>{_YEAR})(?![0-9-])"),
    # a year naming the act it modifies: "Camarena's 1985 murder", "the 2002 riots"
    ("year_of", rf"(?:(?<=['\u2019]s )|(?<=[Tt]he ))(?P<y5>{_YEAR})(?= [a-z])"),
    ("weekday", rf"(?:(?P<wp>[Oo]n|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier on|[Ll]ate on|[Ee]arly on|[Ll]ater on|[Ee]arly|[Ll]ate)\s+)?(?P<wd>{_WEEKDAY})(?P<wpart>\s+(?:morning|afternoon|evening|night))?(?P<wposs>['\u2019]s)?"),
    ("ago", rf"(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago"),
    ("rel_day", r"(?P<rd>the day before yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?|last night|earlier today|today|tonight|this (?:morning|afternoon|evening)|overnight|tomorrow)"),
    ("rel_span", r"(?P<rs>(?:earlier|later)\s+(?:this|in the|last)\s+(?P<u1>week|month|year)|(?P<which>last|this|next|past)\s+(?P<u2>week|month|year))"),
]
FINDER = re.compile("|".join(f"(?P<{name}>\\b{body})" for name, body in PATTERNS))
#: Every expression holds one of these "anchors" (a digit, a month or weekday name, or a word
#: such as "yesterday", "week" or "night") at most ANCHOR_LEAD words after its start. Trying
#: FINDER only at the few word starts just before an anchor finds exactly what scanning every
#: position finds, four times faster: most words of a report are nowhere near a date.
ANCHORS = re.compile(rf"[0-9]+|{_MONTH}|{_WEEKDAY}|day|week|month|year|night|morning|afternoon|evening|tomorrow")
ANCHOR_LEAD = 5  # words before the anchor ("Earlier on the 31st", "a couple of days"): 3; kept generous
WORD_STARTS = re.compile(r"\b\w")


@dataclass(frozen=True, slots=True)
class Expression:
    """A time expression as written: where it is, what kind it is, and its parsed fields."""

    text: str
    start: int
    end: int
    kind: str
    fields: dict

    def resolve(self, report: dt.date, future: bool = False) -> tuple[dt.date, str] | None:
        """(date, precision) against the report date; ``future`` for a future-tense clause.
        None when the arithmetic leaves the calendar ("next week" against 9999-12-31)."""
        try:
            return _RESOLVERS[self.kind](self.fields, report, future)
        except (OverflowError, ValueError):
            return None


def find(text: str, start: int = 0, end: int | None = None) -> list[Expression]:
    """Time expressions in ``text[start:end]`` with document offsets."""
    found = []
    for match in _matches(text, start, len(text) if end is None else end):
        kind = match.lastgroup or ""
        fields = {k: v for k, v in match.groupdict().items() if v is not None and k != kind}
        begin = match.start()
        if kind == "weekday" and fields.get("wposs") and fields.get("wp"):
            # "on Wednesday's appeal": the preposition belongs to the noun, not the date
            begin = match.start("wd")
            fields.pop("wp")
        found.append(Expression(text[begin : match.end()], begin, match.end(), kind, fields))
    return found


def _matches(text: str, start: int, end: int) -> Iterator[re.Match]:
    """The matches ``FINDER.finditer(text, start, end)`` gives, in order, found faster.

    Every match starts at a word start (each pattern opens with ``\\b`` and a letter or digit)
    and has an anchor within its first ANCHOR_LEAD words, so the first anchor at or after the
    end of the previous match bounds where the next match can start: only the word starts from
    ANCHOR_LEAD words before that anchor up to it are tried, each with ``FINDER.match``, which
    answers there exactly as a scan would.
    """
    position = start
    while True:
        anchor = ANCHORS.search(text, position, end)
        if anchor is None:
            return
        match = None
        for begin in _lead(text, position, anchor.start()):
            match = FINDER.match(text, begin, end)
            if match is not None:
                break
        if match is None:
            position = anchor.end()
            continue
        yield match
        position = match.end()


def _lead(text: str, position: int, anchor: int) -> list[int]:
    """The word starts a match with its anchor at ``anchor`` can begin at: the last ANCHOR_LEAD + 1
    at or before it (the word the anchor is in and the ANCHOR_LEAD before), none before
    ``position``. Read from a stretch of text just before the anchor, widened until it holds them
    all (``\\b`` sees the character before a stretch, so its word starts are the text's)."""
    width = 64
    while True:
        low = max(position, anchor - width)
        found = [m.start() for m in WORD_STARTS.finditer(text, low, anchor + 1)]
        if len(found) > ANCHOR_LEAD or low == position:
            return found[-(ANCHOR_LEAD + 1):]
        width *= 4


# -- resolvers ---------------------------------------------------------------------------------


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day_number(text: str) -> int:
    return int(re.match(r"[0-9]+", text).group(0))  # type: ignore[union-attr]


def _iso(f: dict, report: dt.date, future: bool):
    try:
        return dt.date.fromisoformat(f["isodate"]), "day"
    except ValueError:
        return None


def _day_month(month: int, day: int, year: str | None, report: dt.date, future: bool):
    if year:
        try:
            return dt.date(int(year), month, day), "day"
        except ValueError:
            return None
    for candidate_year in _years_around(report, future):
        try:
            day_ = dt.date(candidate_year, month, day)
        except ValueError:
            continue
        if future and day_ >= report - dt.timedelta(days=1):
            return day_, "day"
        if not future and day_ <= report + dt.timedelta(days=7):
            return day_, "day"
    return None


def _years_around(report: dt.date, future: bool) -> list[int]:
    """Candidate years, nearest first in the preferred direction."""
    return [report.year, report.year + 1] if future else [report.year, report.year - 1]


def _dmy(f: dict, report: dt.date, future: bool):
    return _day_month(_month_number(f["m1"]), _day_number(f["d1"]), f.get("y1"), report, future)


def _mdy(f: dict, report: dt.date, future: bool):
    return _day_month(_month_number(f["m2"]), _day_number(f["d2"]), f.get("y2"), report, future)


def _month_year(f: dict, report: dt.date, future: bool):
    return dt.date(int(f["y3"]), _month_number(f["m3"]), 1), "month"


def _month(f: dict, report: dt.date, future: bool):
    month = _month_number(f["m4"])
    prefix = (f.get("mp") or "").lower()
    year = report.year
    if prefix == "last":
        year = report.year if month < report.month else report.year - 1
    elif prefix == "next":
        year = report.year if month > report.month else report.year + 1
    elif prefix == "this":
        year = report.year
    elif future:
        year = report.year if month >= report.month else report.year + 1
    else:
        year = report.year if month <= report.month else report.year - 1
    return dt.date(year, month, 1), "month"


def _year(f: dict, report: dt.date, future: bool):
    return dt.date(int(f.get("y4") or f["y5"]), 1, 1), "year"


def _weekday(f: dict, report: dt.date, future: bool):
    target = WEEKDAYS[f["wd"].lower()]
    prefix = (f.get("wp") or "").lower()
    back = (report.weekday() - target) % 7  # days since the latest such weekday (0 = today)
    if prefix == "last":
        back = back or 7
    elif prefix == "next":
        ahead = (target - report.weekday()) % 7 or 7
        return report + dt.timedelta(days=ahead), "day"
    elif prefix == "this":
        monday = report - dt.timedelta(days=report.weekday())
        return monday + dt.timedelta(days=target), "day"
    elif future:
        ahead = (target - report.weekday()) % 7
        return report + dt.timedelta(days=ahead), "day"
    return report - dt.timedelta(days=back), "day"


def _ago(f: dict, report: dt.date, future: bool):
    raw = f["n"].lower()
    n = NUMBERS.get(raw) or int(raw)
    unit = f["unit"]
    if unit == "day":
        return report - dt.timedelta(days=n), "day"
    if unit == "week":
        return report - dt.timedelta(days=7 * n), "day"
    if unit == "month":
        return _shift_month(report, -n), "month"
    return dt.date(report.year - n, 1, 1), "year"


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


REL_DAYS = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1, "earlier today": 0,
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "overnight": 0, "tomorrow": 1,
}


def _rel_day(f: dict, report: dt.date, future: bool):
    text = f["rd"].lower()
    key = "yesterday" if text.startswith("yesterday") else text
    return report + dt.timedelta(days=REL_DAYS[key]), "day"


def _rel_span(f: dict, report: dt.date, future: bool):
    text = f["rs"].lower()
    unit = f.get("u1") or f.get("u2")
    which = (f.get("which") or "").lower()
    if text.startswith(("earlier", "later")):
        which = "last" if "last" in text else "this"
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = report - dt.timedelta(days=report.weekday())
        return monday + dt.timedelta(days=7 * step), "week"
    if unit == "month":
        return _shift_month(report.replace(day=1), step), "month"
    return dt.date(report.year + step, 1, 1), "year"


_RESOLVERS = {
    "iso": _iso, "dmy": _dmy, "mdy": _mdy, "month_year": _month_year, "month": _month,
    "year": _year, "year_of": _year, "weekday": _weekday, "ago": _ago, "rel_day": _rel_day, "rel_span": _rel_span,
}
