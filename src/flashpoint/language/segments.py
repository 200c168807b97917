"""Cutting long texts so the parser never meets more than it can hold (see docs/reliability.md).

- a text longer than :data:`SEGMENT_CHARS` is coded in segments of at most that many characters,
  cut at paragraph breaks, else line breaks, else sentence ends, else spaces, so spaCy's
  ``max_length`` is never reached and memory is bounded by one segment;
- a stretch of more than :data:`RUN_CHARS` characters with no sentence end or line break (a
  200,000-character line without punctuation) is cut at spaces into pieces parsed apart and
  joined again, so no "sentence" is longer than that.

Ordinary reports (under 100,000 characters, with sentence ends) are never cut.
"""

from __future__ import annotations

import re

#: Texts longer than this are coded segment by segment (spaCy's own max_length is 1,000,000, and
#: it needs about 1 GB per 100,000 characters while parsing).
SEGMENT_CHARS = 100_000
#: No stretch without a sentence end or line break longer than this is parsed in one piece.
RUN_CHARS = 3_000
_BREAK = re.compile(r"[.!?\n\u3002\uff01\uff1f\u0964]")
#: Where a segment may end, best first: a paragraph break, a line break, a sentence end, a space.
_SEGMENT_CUTS = (re.compile(r"\n[ \t\r\f\v]*\n\s*"), re.compile(r"\n\s*"),
                 re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+"), re.compile(r"\s+"))
_SPACE_CUTS = (re.compile(r"\s+"),)


def needs_segments(text: str) -> bool:
    """Whether ``text`` is too long to parse whole, or has a stretch longer than
    :data:`RUN_CHARS` without a sentence end or line break."""
    if len(text) > SEGMENT_CHARS:
        return True
    if len(text) <= RUN_CHARS:
        return False
    last = 0
    for match in _BREAK.finditer(text):
        if match.start() - last > RUN_CHARS:
            return True
        last = match.end()
    return len(text) - last > RUN_CHARS


def _cut(text: str, start: int, end: int, limit: int, cuts: tuple[re.Pattern, ...]) -> list[tuple[int, int]]:
    """[start, end) as consecutive spans of at most ``limit`` characters, each cut at the best
    place in the second half of its window (``cuts``, best first), else exactly at the limit."""
    spans: list[tuple[int, int]] = []
    while end - start > limit:
        window_start, window_end = start + limit // 2, start + limit
        cut = None
        for pattern in cuts:
            last = None
            for last in pattern.finditer(text, window_start, window_end):
                pass
            if last is not None:
                cut = last.end()
                break
        cut = cut if cut and cut > start else window_end
        spans.append((start, cut))
        start = cut
    if end > start or not spans:
        spans.append((start, end))
    return spans


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """Spans of ``text``, in order and covering it exactly, of at most ``limit`` characters."""
    return _cut(text, 0, len(text), limit, _SEGMENT_CUTS)


def pieces(text: str, run: int = RUN_CHARS) -> list[tuple[int, int]]:
    """Spans of ``text``, in order and covering it exactly, such that no stretch longer than
    ``run`` without a sentence end or line break stays in one span (cut at spaces)."""
    cuts: list[int] = []
    last = 0
    for match in [*_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        if stop - last > run:
            cuts.extend(cut for _, cut in _cut(text, last, stop, run, _SPACE_CUTS)[:-1])
        if match:
            last = match.end()
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a] or [(0, len(text))]
