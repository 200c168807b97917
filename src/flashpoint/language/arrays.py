"""A parsed Doc as plain per-token Python lists, built once per Doc and read by every stage.

spaCy makes a new Python ``Token`` object on every ``doc[i]``, ``token.head`` and each child of
``token.children``, and looks each string attribute up in the string store on every read. The
coder walks the dependency tree many times per token (clause helpers, the actor resolver, place
matching), so reading these lists instead of Token objects is where most of its time is saved.

Each column is computed on first use (a stage that never reads the entity labels does not pay for
them) and kept: :func:`arrays` caches one :class:`ParseArrays` per Doc in ``doc.user_data``; the
report context builds it when a report starts. A Doc's parse must not change after that.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LOWER, ORTH, POS, SHAPE, SPACY, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc

KEY = "flashpoint.arrays"


class _Names(dict):
    """hash -> string of one string store, filled on demand: a dict lookup mapped over a column
    in C is several times faster than the string store's own lookup per token."""

    def __init__(self, strings: StringStore) -> None:
        super().__init__()
        self.strings = strings  # kept alive, so its id is never reused for another store

    def __missing__(self, key: int) -> str:
        name = self[key] = self.strings[key] if key else ""
        return name


_NAMES: dict[int, _Names] = {}  # id of a string store -> its names


def arrays(doc: Doc) -> ParseArrays:
    """The Doc's arrays, built on first use and kept in ``doc.user_data``."""
    found = doc.user_data.get(KEY)
    if found is None or found.doc is not doc:
        found = doc.user_data[KEY] = ParseArrays(doc)
    return found


class ParseArrays:
    """Token attributes of one Doc as lists indexed by token number (``lower[i]`` is
    ``doc[i].lower_``, ``head[i]`` is ``doc[i].head.i``, ``children[i]`` the indices of
    ``doc[i].children`` in order)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.n = len(doc)

    def _strings(self, attr: int) -> list[str]:
        """One string column, through the vocabulary's hash -> string memo."""
        if not self.n:
            return []
        strings = self.doc.vocab.strings
        names = _NAMES.get(id(strings))
        if names is None:
            names = _NAMES[id(strings)] = _Names(strings)
        return list(map(names.__getitem__, self.doc.to_array(attr).tolist()))

    @cached_property
    def text(self) -> list[str]:
        return self._strings(ORTH)

    @cached_property
    def shape(self) -> list[str]:
        return self._strings(SHAPE)

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` without making the Span (``end > start``): each token's text
        and its trailing space, but the last one's."""
        text, space = self.text, self.space
        last = end - 1
        return "".join([text[i] + " " if space[i] else text[i] for i in range(start, last)]) + text[last]

    @cached_property
    def lower(self) -> list[str]:
        return self._strings(LOWER)

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
    def is_alpha(self) -> list[bool]:
        return self.doc.to_array(IS_ALPHA).astype(bool).tolist() if self.n else []

    @cached_property
    def stop_punct_space(self) -> list[bool]:
        """Stop words, punctuation and spaces: what a bag of content words leaves out."""
        if not self.n:
            return []
        return self.doc.to_array([IS_STOP, IS_PUNCT, IS_SPACE]).any(axis=1).tolist()

    @cached_property
    def head(self) -> list[int]:
        """The index of each token's head (a root is its own head)."""
        if not self.n:
            return []
        offsets = self.doc.to_array(HEAD).astype(np.int64)
        return (offsets + np.arange(self.n)).tolist()

    @cached_property
    def children(self) -> list[tuple[int, ...]]:
        """Each token's children in text order, as ``Token.children`` gives them."""
        kids: list[list[int]] = [[] for _ in range(self.n)]
        for i, h in enumerate(self.head):
            if h != i:
                kids[h].append(i)
        return [tuple(k) for k in kids]
