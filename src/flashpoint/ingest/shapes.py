"""Text shapes the parser crawls on, blanked before it sees them.

spaCy's tokenizer splits a whitespace-free run by peeling prefixes and suffixes one at a time,
re-examining the rest each time, so its cost grows with the square of the run: 200 KB of
apostrophes took 123 s and 780 MB, runs of ``(``, flag emoji or ``a-`` 20-45 s each. And a
stretch of one-character "words" (``( ( ( (``, ``12 34 56``) is a token every two characters,
three times the tokens of prose, for the tagger, parser and coder to chew through. None of it
can hold an event: events need words.

:func:`tame` finds such stretches and replaces them with spaces, character for character, so
every offset into the text stays where it was, and says what it did in a note the document
keeps (``Document.notes``, stored with it). It blanks:

- a stretch of at least :data:`JUNK_CHARS` characters of "words" that hold no two letters in
  a row (symbols, punctuation, emoji, digits, letter fragments like ``a-a-a``), counted from
  the first such word to the last;
- a single whitespace-free run that would split into more than :data:`MAX_RUN_TOKENS` tokens
  (``abc-abc-abc-...``), whatever letters it holds;
- a block of about :data:`BLOCK` characters that would be more than :data:`DENSE_TOKENS`
  tokens per character (``ab ( ( (``, ``the . . .``, a table of figures), or more than one
  sentence end per :data:`MIN_SENTENCE` characters (``abcd. efgh.``): 200 KB of these took
  14-18 s and up to 1 GB.

Ordinary reports meet none of these: a date, a score or a URL is far shorter, and prose breaks
any stretch with its words. A per-document time budget (:mod:`flashpoint.budget`)
catches shapes this module does not know.
"""

from __future__ import annotations

import re

#: Characters of word-less "words" in a row from which a stretch is blanked.
JUNK_CHARS = 200
#: Tokens a single whitespace-free run may split into before it is blanked.
MAX_RUN_TOKENS = 200
#: Characters in a block whose density of tokens is judged, and the density above which a block
#: is blanked. Prose has 0.15-0.25 tokens per character (news: at most 0.21 per 500 characters in
#: the sample corpus); tables of figures and markup debris 0.4-0.56; ``the . . .`` 0.4.
BLOCK = 500
DENSE_TOKENS = 0.38
#: Characters per sentence below which a block is blanked: prose runs 60-200 characters a
#: sentence, while ``abcd. efgh.`` (a "sentence" every six) made 200 KB take 14 s and 870 MB.
MIN_SENTENCE = 20
_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]{2}")
_PIECE = re.compile(r"[^\W_]+|[^\w\s]|_")  # roughly how the tokenizer cuts a run
_NOT_NEWLINE = re.compile(r"[^\n]")
_ENDS = re.compile(r"[.!?]+\s")
_PLAIN = re.compile(r"[^\w\s]?[^\W\d_]{2,}[^\w\s]?")  # a word of letters, a mark on either side at most


def tame(text: str) -> tuple[str, list[str]]:
    """``text`` with the stretches the parser cannot use blanked (same length, newlines kept),
    and the notes saying what was blanked (none when nothing was)."""
    spans = junk_spans(text)
    if not spans:
        return text, []
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    parts.append(text[last:])
    blanked = sum(end - start for start, end in spans)
    where = ", ".join(f"{start:,}-{end:,}" for start, end in spans[:3]) + (" ..." if len(spans) > 3 else "")
    note = (f"blanked {blanked:,} characters in {len(spans):,} stretch{'es' if len(spans) > 1 else ''} "
            f"({where}) before parsing: runs of symbols, digits or letter fragments without words, "
            "which hold no events and that the parser crawls on")
    return "".join(parts), [note]


def junk_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) stretches of ``text`` that :func:`tame` blanks, in order, not overlapping."""
    spans = sorted(_wordless(text) + _dense(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _wordless(text: str) -> list[tuple[int, int]]:
    """Stretches of words without two letters in a row, and runs that split into too many tokens."""
    spans: list[tuple[int, int]] = []
    run_start = run_end = -1
    for match in _WORD.finditer(text):
        start, end = match.span()
        if _LETTERS.search(text, start, end) is None:  # no word in it: extend the word-less run
            run_start = start if run_start < 0 else run_start
            run_end = end
            continue
        if run_start >= 0 and run_end - run_start >= JUNK_CHARS:
            spans.append((run_start, run_end))
        run_start = -1
        if end - start > MAX_RUN_TOKENS and len(_PIECE.findall(text, start, end)) > MAX_RUN_TOKENS:
            spans.append((start, end))
    if run_start >= 0 and run_end - run_start >= JUNK_CHARS:
        spans.append((run_start, run_end))
    return spans


def _dense(text: str) -> list[tuple[int, int]]:
    """Blocks of about :data:`BLOCK` characters (cut at a line break, else a space) with more than
    :data:`DENSE_TOKENS` tokens per character, less the plain words at their edges; or with more
    than one sentence end per :data:`MIN_SENTENCE` characters, less the longer sentences at their
    edges."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start >= BLOCK // 2:
        end = _block_end(text, start)
        size = end - start
        found = None
        if len(_PIECE.findall(text, start, end)) > DENSE_TOKENS * size:
            found = _trim(text, start, end)
        elif len(_ENDS.findall(text, start, end)) > size / MIN_SENTENCE:
            found = _short_sentences(text, start, end)
        if found:
            spans.append(found)
        start = end
    return spans


def _block_end(text: str, start: int) -> int:
    end = min(len(text), start + BLOCK)
    if end == len(text):
        return end
    for mark in ("\n", " "):
        cut = text.rfind(mark, start + BLOCK // 2, end)
        if cut > start:
            return cut
    return end


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) without the plain words (letters, maybe a mark beside them) at its edges:
    prose next to a dense stretch keeps its words."""
    words = [match.span() for match in _WORD.finditer(text, start, end)
             if not _PLAIN.fullmatch(text, *match.span())]
    return (words[0][0], words[-1][1]) if words else None


def _short_sentences(text: str, start: int, end: int) -> tuple[int, int] | None:
    """From the first to the last sentence of [start, end) shorter than :data:`MIN_SENTENCE`
    characters: the prose sentences at its edges keep their words."""
    first = last = None
    begin = start
    for match in _ENDS.finditer(text, start, end):
        if match.start() - begin < MIN_SENTENCE:
            first = begin if first is None else first
            last = match.end()
        begin = match.end()
    return (first, last) if first is not None else None
