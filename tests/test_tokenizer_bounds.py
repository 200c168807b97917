"""Runs the tokenizer crawls on are given to it bounded, offsets unchanged (issue 17,
flashpoint.language.runs).

spaCy's tokenizer takes ``'``, ``(``, ``=``... off a whitespace-free run one at a time, each time
searching the rest again: 5,000 of them took 2 s, 20,000 took 30 s. The bounded tokenizer gives it
at most 64 of them in a row (the rest as spaces, one for one) and at most 200 pieces of one
whitespace-free run; ordinary text is never touched. No test here is timed: the sizes are
modest, and the assertions are on the text given to the tokenizer and on token counts
(bench/tokenizer_bounds.py measures the time).
"""

from __future__ import annotations

import json

import pytest

from flashpoint import language, settings
from flashpoint.datafiles import DATA_ROOT
from flashpoint.language import runs

LEAD = "Pakistan closed its airspace to Indian airlines on Thursday.\n\n"
TAIL = "\n\nIndia expelled two Pakistani diplomats on Friday."
RUN = settings.TOKENIZER_PUNCT_RUN
ORDINARY = [
    "He said... nothing.", "The ''quoted'' word", "What?!?! No!!!", "Rock 'n' roll", "y'all's plans",
    "(a) the first; (b) the second [sic]", "Scores: 3-1, 2-2 and 0-0.", "=" * 23 + "\nSection", "-" * 80,
    "." * 150, "_" * 40 + " sign here", "See https://example.org/a/b?c=1&d=2#top and mail@example.org.",
    "\u201cQuoted,\u201d he said \u2014 and left\u2026", "((((nested))))", "'" * RUN,
]


@pytest.fixture(scope="module")
def tokenizer():
    return language.load().tokenizer


def _bound(tokenizer, text: str) -> tuple[str, list[tuple[int, int]]]:
    return runs.bound(text, tokenizer.peels)


def test_the_pipeline_tokenizes_through_the_bound(tokenizer) -> None:
    assert isinstance(tokenizer, runs.BoundedTokenizer)
    assert [t.text for t in tokenizer("Don't stop.")] == ["Do", "n't", "stop", "."]
    assert tokenizer.explain("(don't)")  # the tokenizer's own methods are reached through it
    assert tokenizer.infix_finditer is tokenizer.tokenizer.infix_finditer


def test_ordinary_text_is_left_alone(tokenizer, worked_example) -> None:
    texts = [json.loads(line)["text"] for line in (DATA_ROOT / "sample" / "reports.jsonl").open(encoding="utf-8")]
    for text in [*ORDINARY, *texts, worked_example.read_text(encoding="utf-8")]:
        assert _bound(tokenizer, text) == (text, []), text[:80]


def test_what_the_tokenizer_peels(tokenizer) -> None:
    assert all(tokenizer.peels(c) for c in "'([{\"=$_`\u201c\U0001F525")
    assert not any(tokenizer.peels(c) for c in ".-/|~")  # runs of these are one token


@pytest.mark.parametrize("unit", ["'", "(", "[", "([{'", "=", "\U0001F525", "'s", "a(", "x.(."])
def test_a_long_run_is_bounded_in_place(tokenizer, unit: str) -> None:
    text = LEAD + (unit * 5_000)[:5_000] + TAIL
    bounded, spans = _bound(tokenizer, text)
    assert len(bounded) == len(text) and bounded.startswith(LEAD) and bounded.endswith(TAIL)
    assert spans and all(bounded[a:b].isspace() and not text[a:b].isspace() for a, b in spans)
    assert sum(not c.isspace() for c in bounded) < len(LEAD) + len(TAIL) + 2 * settings.TOKENIZER_RUN_PIECES
    assert _bound(tokenizer, bounded) == (bounded, [])  # bounded once is bounded


def test_the_first_marks_of_a_run_are_kept(tokenizer) -> None:
    text = "a " + "(" * (RUN + 10) + " b"
    bounded, spans = _bound(tokenizer, text)
    assert bounded == "a " + "(" * RUN + " " * 10 + " b" and spans == [(2 + RUN, 2 + RUN + 10)]
    assert _bound(tokenizer, "a " + "." * (RUN + 10) + " b")[1] == []  # kept whole by the tokenizer: left
    many = "ab" + "-cd" * 150  # one token per piece, 301 pieces: the pieces after the 200th given as spaces
    bounded, spans = _bound(tokenizer, many)
    assert len(bounded) == len(many) and spans == [(len("ab" + "-cd" * 99 + "-"), len(many))]


def test_the_tokenizer_makes_few_tokens_of_a_long_run(tokenizer) -> None:
    """spaCy's own tokenizer makes 5,011 tokens of this in 2 s; bounded, a few dozen."""
    text = LEAD + "(" * 5_000 + TAIL
    before = tokenizer.texts_bounded
    doc = tokenizer(text)
    assert len(doc.text) == len(text) and doc.text.startswith(LEAD) and doc.text.endswith(TAIL)
    assert len(doc) < 30 + RUN and tokenizer.texts_bounded == before + 1
    assert [t.idx for t in doc if t.text == "expelled"] == [text.index("expelled")]


def test_offsets_index_the_text_given(pipeline) -> None:
    """The events after a run are where the text has them (the document keeps its own text)."""
    text = LEAD + "'" * 5_000 + TAIL
    events = pipeline.code_text(text, published="2025-05-01")
    assert [e for e in events if e.evidence.trigger_span[0] > len(LEAD) + 5_000]  # the expulsion, after the run
    for event in events:
        start, end = event.evidence.trigger_span
        assert text[start:end] == event.evidence.trigger
        assert text[event.evidence.char_start:event.evidence.char_end] == event.evidence.sentence
