"""Runs the tokenizer crawls on, bounded before it sees them (issue 17).

spaCy's tokenizer cuts a whitespace-free string by taking prefixes and suffixes off one at a
time, and each step searches the rest of the string again, so its time grows with the square of
the run: 5,000 apostrophes (or ``(``, ``[``, ``"``, ``=``, emoji, ``'s's's``...) took 2 s,
20,000 took 30-35 s (docs/performance.md, "Issue 17, sixth step"). Ingest already blanks long
stretches of such shapes, with a note on the document (:mod:`flashpoint.ingest.shapes`, issue
18); this is the last line, for every text the pipeline is given whatever its way in
(``Pipeline.code_text``, ``flashpoint actors``, a caller's own Documents), and for shorter runs
that ingest leaves.

:class:`BoundedTokenizer` wraps the model's tokenizer and gives it the text with, one character
for a space each (so the Doc has the text's length and every character offset is the text's):

- in a run of more than :data:`~flashpoint.settings.TOKENIZER_PUNCT_RUN` characters that are
  neither letters, digits nor spaces, with a character the tokenizer takes off one at a time
  (asked of the tokenizer's own prefix and suffix rules), the characters after that many;
- in a whitespace-free run that cuts into more than :data:`~flashpoint.settings.TOKENIZER_RUN_PIECES`
  pieces (letters and digits together, each other character alone), the characters after that
  many pieces.

Ordinary text meets neither: "...", "''", a line of dashes or of dots, a URL (the longest runs in
26.8 million characters of the development sets and real news are 49 dashes, which the tokenizer
keeps whole, and 23 ``=``; the most pieces 176, in a page's JSON debris). The Doc's text differs
from the input only where a bound applied, and each text so bounded is logged by the
``flashpoint.language`` logger (where, how many characters; the first of a process as a warning,
the others as information, since the pipeline gives a long text to the tokenizer in pieces) and
counted (:attr:`BoundedTokenizer.texts_bounded`, ``chars_bounded``). The document, its stored text, its hash and every
offset are never changed; ingest's own blanking, which does change the stored text, is noted on
the document.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache

from spacy.tokens import Doc

from flashpoint import settings

log = logging.getLogger("flashpoint.language")
_PIECE = re.compile(r"[^\W_]+|[^\w\s]|_")  # roughly how the tokenizer cuts a run (as ingest/shapes.py)


@cache
def _punct_run(longer_than: int) -> re.Pattern:
    return re.compile(r"(?:[^\w\s]|_){%d,}" % (longer_than + 1))


@cache
def _long_run(longer_than: int) -> re.Pattern:
    return re.compile(r"\S{%d,}" % (longer_than + 1))  # more pieces than characters: impossible


def bound(text: str, peels: Callable[[str], bool], run: int | None = None,
          pieces: int | None = None) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with the runs above bounded (the excess turned into spaces, same length), and the
    [start, end) spans so turned, in order; ``peels(char)`` says whether the tokenizer takes that
    character off a run one at a time. ``run`` and ``pieces`` default to the settings."""
    run = settings.TOKENIZER_PUNCT_RUN if run is None else run
    pieces = settings.TOKENIZER_RUN_PIECES if pieces is None else pieces
    spans: list[tuple[int, int]] = []
    for match in _punct_run(run).finditer(text):
        if any(map(peels, set(match.group()))):
            spans.append((match.start() + run, match.end()))
    for match in _long_run(pieces).finditer(text):
        found = _PIECE.finditer(text, match.start(), match.end())
        for number, piece in enumerate(found):
            if number == pieces:
                spans.append((piece.start(), match.end()))
                break
    if not spans:
        return text, spans
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts, last = [], 0
    for start, end in merged:
        parts += [text[last:start], " " * (end - start)]  # inside a run: no newline is lost
        last = end
    parts.append(text[last:])
    return "".join(parts), merged


class BoundedTokenizer:
    """The model's tokenizer, given each text with its pathological runs bounded (:func:`bound`).
    Everything else (``explain``, ``infix_finditer``, serialisation) is the tokenizer's own."""

    def __init__(self, tokenizer) -> None:
        object.__setattr__(self, "tokenizer", tokenizer)
        object.__setattr__(self, "peels", lru_cache(maxsize=4096)(self._peels))
        object.__setattr__(self, "texts_bounded", 0)  # in this process: texts and characters given as spaces
        object.__setattr__(self, "chars_bounded", 0)

    def __call__(self, text: str) -> Doc:
        bounded, spans = bound(text, self.peels)
        if spans:
            chars = sum(end - start for start, end in spans)
            object.__setattr__(self, "texts_bounded", self.texts_bounded + 1)
            object.__setattr__(self, "chars_bounded", self.chars_bounded + chars)
            say = log.warning if self.texts_bounded == 1 else log.info  # the first loudly: a text is cut in pieces
            say("%s: the tokenizer was given %s characters in %s run(s) as spaces (%s; offsets unchanged): "
                "runs of marks it would crawl on", repr(text[:40]) + ("..." if len(text) > 40 else ""),
                f"{chars:,}", f"{len(spans):,}", _where(spans))
        return self.tokenizer(bounded)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def _peels(self, char: str) -> bool:
        """Whether the tokenizer takes ``char`` off a run of it one character at a time (``(``,
        ``'``, ``=``; not ``.`` or ``-``, whose runs it keeps whole)."""
        pair = char * 2
        for search in (self.tokenizer.prefix_search, self.tokenizer.suffix_search):
            found = search(pair) if search is not None else None
            if found is not None and len(found.group()) == 1:
                return True
        return False

    def __getattr__(self, name: str):
        if name in ("tokenizer", "peels"):  # not yet set (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self.tokenizer, name, value)  # e.g. ``nlp.tokenizer.infix_finditer = ...``

    def __reduce__(self):
        return BoundedTokenizer, (self.tokenizer,)


def _where(spans: list[tuple[int, int]]) -> str:
    return ", ".join(f"{start:,}-{end:,}" for start, end in spans[:3]) + (" ..." if len(spans) > 3 else "")


def install(nlp) -> None:
    """Give the pipeline's tokenizer bounded texts (once)."""
    if not isinstance(nlp.tokenizer, BoundedTokenizer):
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
