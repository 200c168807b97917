"""A parsed Doc as plain per-token Python lists, built once per Doc and read by every stage.

spaCy makes a new Python ``Token`` object on every ``doc[i]``, ``token.head`` and each child of
``token.children``, and looks each string attribute up in the string store on every read. The
coder walks the dependency tree many times per token (clause helpers, slot filling, place
matching, the learned fallback's features), so it reads these lists instead.

Building the lists costs too (about a tenth of the coder's time if done naively), so:

- the attributes of the word itself (text, lower case, shape, is it alphabetic, is it a stop
  word, punctuation or space) are read once per distinct word form and process from its lexeme,
  and a Doc's columns are one dict lookup per token (:class:`_Words`);
- the attributes the parse gives each token (lemma, part of speech, tag, dependency, entity
  label) are one column each, through a hash -> string memo (:class:`_Names`);
- both memos are emptied when they pass :data:`MAX_KEYS` entries (they hold nothing a Doc
  needs kept: hashes whose strings stay in the string store, and what the vocabulary says);
- each column is computed on first use (a stage that never reads the entity labels does not pay
  for them) and kept.

:func:`arrays` caches one :class:`ParseArrays` per Doc in ``doc.user_data``; the report context
builds it when a report starts. A Doc's parse must not change after that.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property
from typing import NamedTuple

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc
from spacy.vocab import Vocab

from flashpoint import settings

KEY = "flashpoint.arrays"


class Word(NamedTuple):
    """What a word form says whatever its place in a sentence (spaCy's lexical attributes)."""

    text: str
    lower: str
    shape: str
    is_alpha: bool
    filler: bool  # a stop word, punctuation or space: what a bag of content words leaves out


class _Words(dict):
    """ORTH hash -> :class:`Word` of one vocabulary, filled on demand."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.vocab = vocab  # kept alive, so its id is never reused for another vocabulary

    def __missing__(self, key: int) -> Word:
        if len(self) >= MAX_KEYS:
            self.clear()  # full: start again (a pure function of the vocabulary: nothing changes)
        lex = self.vocab[key]
        word = self[key] = Word(lex.orth_, lex.lower_, lex.shape_, lex.is_alpha,
                                lex.is_stop or lex.is_punct or lex.is_space)
        return word


class _Names(dict):
    """hash -> string of one vocabulary's string store, filled on demand: a dict lookup mapped
    over a column in C is several times faster than the string store's own lookup per token."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.vocab = vocab

    def __missing__(self, key: int) -> str:
        if len(self) >= MAX_KEYS:
            self.clear()
        name = self[key] = self.vocab.strings[key] if key else ""
        return name


#: Entries each memo holds before it is emptied (:data:`flashpoint.settings.MEMO_KEYS`): both grow
#: with every new word form a process meets (43,000 and 37,000 after BBC and glocon).
MAX_KEYS = settings.MEMO_KEYS
_WORDS: dict[int, _Words] = {}  # id of a vocabulary -> its words
_NAMES: dict[int, _Names] = {}  # id of a vocabulary -> its strings


def release(doc: Doc) -> None:
    """Forget the Doc's arrays (the report is coded): a caller that keeps its Docs does not keep
    every token's columns alive too."""
    global _LAST
    doc.user_data.pop(KEY, None)
    if _LAST[0] is doc:
        _LAST = (None, None)


def arrays(doc: Doc) -> ParseArrays:
    """The Doc's arrays, built on first use and kept in ``doc.user_data``. The coder asks for them
    some 500 times per report, so the last Doc's are also kept at hand (one tuple, read whole:
    safe across threads)."""
    global _LAST
    last = _LAST
    if last[0] is doc:
        return last[1]
    found = doc.user_data.get(KEY)
    if found is None or found.doc is not doc:
        found = doc.user_data[KEY] = ParseArrays(doc)
    _LAST = (doc, found)
    return found


class ParseArrays:
    """Token attributes of one Doc as lists indexed by token number (``lower[i]`` is
    ``doc[i].lower_``, ``head[i]`` is ``doc[i].head.i``, ``children[i]`` the indices of
    ``doc[i].children`` in order). Read them, never change them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.n = len(doc)

    def _strings(self, attr: int) -> list[str]:
        """One string column of the parse."""
        if not self.n:
            return []
        vocab = self.doc.vocab
        names = _NAMES.get(id(vocab))
        if names is None:
            names = _NAMES[id(vocab)] = _Names(vocab)
        return list(map(names.__getitem__, self.doc.to_array(attr).tolist()))

    @cached_property
    def _words(self) -> tuple[tuple, ...]:
        """The lexical columns at once: text, lower, shape, is_alpha, filler."""
        if not self.n:
            return ((),) * len(Word._fields)
        vocab = self.doc.vocab
        words = _WORDS.get(id(vocab))
        if words is None:
            words = _WORDS[id(vocab)] = _Words(vocab)
        return tuple(zip(*map(words.__getitem__, self.doc.to_array(ORTH).tolist())))

    @cached_property
    def text(self) -> tuple[str, ...]:
        return self._words[0]

    @cached_property
    def lower(self) -> tuple[str, ...]:
        return self._words[1]

    @cached_property
    def shape(self) -> tuple[str, ...]:
        return self._words[2]

    @cached_property
    def is_alpha(self) -> tuple[bool, ...]:
        return self._words[3]

    @cached_property
    def stop_punct_space(self) -> tuple[bool, ...]:
        """Stop words, punctuation and spaces: what a bag of content words leaves out."""
        return self._words[4]

    @cached_property
    def lemma(self) -> list[str]:
        """``lemma_`` as the model gives it."""
        return self._strings(LEMMA)

    @cached_property
    def lemma_lower(self) -> list[str]:
        """``lemma_.lower()``: what the rules compare with cue words."""
        return [lemma.lower() for lemma in self.lemma]

    @cached_property
    def pos(self) -> list[str]:
        return self._strings(POS)

    @cached_property
    def tag(self) -> list[str]:
        return self._strings(TAG)

    @cached_property
    def dep(self) -> list[str]:
        return self._strings(DEP)

    @cached_property
    def ent_type(self) -> list[str]:
        return self._strings(ENT_TYPE)

    @cached_property
    def space(self) -> list[bool]:
        """Whether the token is followed by whitespace (``bool(token.whitespace_)``)."""
        return self.doc.to_array(SPACY).astype(bool).tolist() if self.n else []

    @cached_property
    def entities(self) -> list[tuple[int, int, str]]:
        """``doc.ents`` as (start, end, label) triples: the actor and the place stage both read
        every entity, and ``doc.ents`` makes a Span for each on every call. An entity begins at a
        B token with a label and runs over the I tokens after it (spaCy's reading of the IOB
        column)."""
        if not self.n:
            return []
        iob = self.doc.to_array(ENT_IOB)
        labels = self.ent_type
        stops = np.flatnonzero(iob != 1).tolist()  # where an entity that began before ends
        found = []
        for start in np.flatnonzero(iob == 3).tolist():
            if labels[start]:
                after = bisect_right(stops, start)
                found.append((start, stops[after] if after < len(stops) else self.n, labels[start]))
        return found

    @cached_property
    def sent_start(self) -> list[bool]:
        """Whether the token starts a sentence (``bool(token.is_sent_start)``: a boundary the parse
        left unknown counts as none)."""
        return (self.doc.to_array(SENT_START) == 1).tolist() if self.n else []

    @cached_property
    def idx(self) -> list[int]:
        """Each token's character offset in the text (``token.idx``)."""
        return self.doc.to_array(IDX).tolist() if self.n else []

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """The characters of ``doc[start:end]`` (``end > start``), from the first token's start to
        the last one's end."""
        return self.idx[start], self.idx[end - 1] + len(self.text[end - 1])

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` without making the Span (``end > start``): each token's text
        and its trailing space, but the last one's."""
        text, last = self.text, end - 1
        if start == last:
            return text[last]  # most spans asked about are one word
        space = self.space
        return "".join([text[i] + " " if space[i] else text[i] for i in range(start, last)]) + text[last]

    @cached_property
    def head(self) -> list[int]:
        """The index of each token's head (a root is its own head)."""
        if not self.n:
            return []
        offsets = self.doc.to_array(HEAD).astype(np.int64)
        return (offsets + np.arange(self.n)).tolist()

    @cached_property
    def children(self) -> list[tuple[int, ...]]:
        """Each token's children in text order, as ``Token.children`` gives them: slices of one
        tuple of all children sorted by head (a leaf's is the shared empty tuple, so a Doc makes
        few small objects)."""
        if not self.n:
            return []
        heads = np.asarray(self.head)
        order = np.argsort(heads, kind="stable")  # by head, in text order within a head
        keep = order != heads[order]  # a root is not its own child
        order = order[keep]
        bounds = np.searchsorted(heads[order], np.arange(self.n + 1)).tolist()
        kids = tuple(order.tolist())
        return [kids[a:b] for a, b in zip(bounds, bounds[1:])]


_LAST: tuple[Doc | None, ParseArrays | None] = (None, None)  # the last Doc asked about, and its arrays


def verb_tagged_noun(a: ParseArrays, i: int) -> bool:
    """A word the tagger calls a noun but the parser gives a subject and an object, a state or a
    subordinator, with no copula ("militants on October 28 **shot** dead a former elder", "demanded
    that the prime minister **resign**"): no noun takes them, so it is the verb."""
    if a.pos[i] != "NOUN":
        return False
    deps = {a.dep[c] for c in a.children[i]}
    return "nsubj" in deps and "cop" not in deps and not deps.isdisjoint(("dobj", "acomp", "mark"))
