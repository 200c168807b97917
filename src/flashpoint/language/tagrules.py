"""The attribute ruler and the rule lemmatizer of the small English model, as one cached table.

After the tagger and the parser, spaCy's ``attribute_ruler`` maps each token's tag (and a few
words, dependencies and two-word sequences) to a coarse part of speech and morphology, and the
``lemmatizer`` derives the lemma from the word, that part of speech and the morphology. Both run
in Python per token and per match: about a fifth of spaCy's time. Their output is a function of
little: for a token outside the few two-word patterns, of its word (ORTH), tag and dependency
label, and of whether the token before it is an expletive ("there *is*"). :class:`TagRules`
keeps that function as a table, filled by running spaCy's own two components on every new key, so
its output is spaCy's, token for token (``bench/tagrules_check.py`` compares them on the
development sets), at the cost of two array reads, one dictionary lookup per token and one array
write per Doc.

A Doc containing one of the other two-word patterns ("gon na", "let 's", "ai n't", ...) is given
to spaCy's components unchanged, as is every Doc when the model's patterns are of a kind the table
cannot express (then :attr:`TagRules.exact` is False and the table is never used).

The table starts with the prebuilt rows of :mod:`flashpoint.language.tagtable` (the most frequent
keys of the project's development text, learned the same way when the file was built, for the same
model), so a process starts warm; it learns the rest as it goes.

The table is emptied when it would pass :data:`~flashpoint.settings.MEMO_KEYS` keys, so a process
that codes for weeks does not grow with every word form it meets; it then takes the prebuilt rows
again (when they and the Doc's keys fit under the limit) and learns again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from flashpoint import settings
from flashpoint.language import tagtable

NAME = "flashpoint_tag_rules"
#: The token attributes a single-word pattern of the ruler may test, and those it may set.
_TESTED = frozenset({"LOWER", "TAG", "DEP", "IS_SPACE"})
_SET = frozenset({"POS", "MORPH", "LEMMA", "TAG", "DEP"})
#: What a pattern may set only when it matches nothing but space tokens (the table writes them
#: back on space tokens alone: on the others, the tagger's and parser's values stay).
_SPACE_ONLY = frozenset({"TAG", "DEP"})
_EXPLETIVE = "expl"
#: Rows of the prebuilt table learned again at load (a cheap check that the file is this model's).
SAMPLE = 128

log = logging.getLogger("flashpoint.language")


class TagRules:
    """spaCy's attribute ruler and lemmatizer, with a table of what they gave each key."""

    def __init__(self, nlp: Language, ruler_name: str = "attribute_ruler", lemmatizer_name: str = "lemmatizer",
                 prebuilt: bool | None = None) -> None:
        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe(ruler_name)
        self.lemmatizer = nlp.get_pipe(lemmatizer_name)
        # (orth, tag, dep, after an expletive) -> row of self.values: (pos, morph, lemma, tag, dep)
        self.table: dict[tuple[int, int, int, bool], int] = {}
        self.values = np.zeros((0, 5), dtype=np.uint64)
        #: Keys the table holds before it is emptied (it learns one per new word form, tag and
        #: dependency class, for ever: 101,000 after BBC and glocon); a Doc with more new keys
        #: than that is learned whole, so the table may hold one Doc's keys beyond it.
        self.max_keys = settings.MEMO_KEYS
        self.emptied = 0  # times the table was emptied
        self._lock = threading.Lock()
        self.pairs, self.exact = self._pairs()
        # every word that starts a two-word pattern: one test finds the (rare) Docs to look at closer
        self.firsts = np.unique(np.concatenate([first for first, _ in self.pairs])) if self.pairs else \
            np.zeros(0, dtype=np.uint64)
        strings = self.vocab.strings
        # the dependency labels some pattern tests: any other label is one class for the table
        self.deps = np.array(sorted({strings.add(label) for label in self._tested_deps()} | {0}), dtype=np.uint64)
        self._expl = strings.add(_EXPLETIVE)
        self._sep = (strings.add("."), strings.add("."), strings.add("punct"))  # orth, tag, dep
        self._there = (strings.add("there"), strings.add("EX"), self._expl)
        # the prebuilt rows (keys, values), taken at start and again after each emptying
        self.prebuilt: tuple[list[tuple[int, int, int, bool]], np.ndarray] | None = None
        if (tagtable.enabled() if prebuilt is None else prebuilt) and self.exact:
            self.load_prebuilt(nlp)

    def _tested_deps(self) -> set[str]:
        found: set[str] = set()
        for pattern in self.ruler.patterns:
            for tokens in pattern["patterns"]:
                for token in tokens:
                    value = token.get("DEP")
                    if isinstance(value, str):
                        found.add(value)
                    elif isinstance(value, dict):
                        for values in value.values():
                            found.update(values if isinstance(values, list) else [])
        return found

    def _pairs(self) -> tuple[list[tuple[np.ndarray, np.ndarray]], bool]:
        """The two-word patterns other than "expletive + be" as (first words, second words) of
        LOWER hashes; and whether every other pattern is one the table can express."""
        strings = self.vocab.strings
        pairs: list[tuple[np.ndarray, np.ndarray]] = []
        exact = True
        for pattern in self.ruler.patterns:
            if not set(pattern["attrs"]) <= _SET:
                exact = False
            if set(pattern["attrs"]) & _SPACE_ONLY and not all(
                    len(tokens) == 1 and tokens[0].get("IS_SPACE") is True for tokens in pattern["patterns"]):
                exact = False
            for tokens in pattern["patterns"]:
                if len(tokens) == 1:  # a test of the word, tag or dependency: a function of the key
                    exact = exact and set(tokens[0]) <= _TESTED
                elif len(tokens) == 2 and tokens[0] == {"DEP": _EXPLETIVE} and set(tokens[1]) == {"LOWER"} \
                        and pattern["index"] == 1:
                    continue  # "there is": the key says whether the word before is an expletive
                elif len(tokens) == 2:
                    first, second = (_words(t.get("LOWER")) for t in tokens)
                    if first is None or second is None:
                        exact = False
                        continue
                    pairs.append((np.array([strings.add(w) for w in first], dtype=np.uint64),
                                  np.array([strings.add(w) for w in second], dtype=np.uint64)))
                else:
                    exact = False
        return pairs, exact

    # -- the component ---------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if not self.exact or self._has_pair(doc):
            with self._lock:  # the lemmatizer's cache is shared with the learning below
                cache = getattr(self.lemmatizer, "cache", None)
                if isinstance(cache, dict) and len(cache) > self.max_keys:
                    cache.clear()  # spaCy's own memo of (word, part of speech, morphology): as the table
                return self.lemmatizer(self.ruler(doc))
        columns, keys = self.keys(doc)
        with self._lock:  # rows are read from the values of the same table, even with threads
            get = self.table.get
            rows = [get(key, -1) for key in keys]
            if -1 in rows:
                labels = {key: dep for key, dep, row in zip(keys, columns[:, 2].tolist(), rows) if row < 0}
                if len(self.table) + len(labels) > self.max_keys:
                    # full: start again (the prebuilt rows, if they fit with this Doc's keys) and
                    # learn this Doc's keys (a pure function of spaCy's output, so nothing changes
                    # but the cost of learning the keys again)
                    labels = dict(zip(keys, columns[:, 2].tolist()))
                    self.empty(room=len(labels))
                    labels = {key: dep for key, dep in labels.items() if key not in self.table}
                if labels:
                    self._learn(list(labels), labels)
                rows = [self.table[key] for key in keys]
            values = self.values[rows]
        doc.from_array([POS, MORPH, LEMMA], values[:, :3])
        for i in np.flatnonzero(columns[:, 3]).tolist():
            doc[i].tag, doc[i].dep = int(values[i, 3]), int(values[i, 4])  # a space token's _SP and "dep"
        return doc

    def keys(self, doc: Doc) -> tuple[np.ndarray, list[tuple[int, int, int, bool]]]:
        """The Doc's columns (orth, tag, dependency, is space) and each token's key."""
        columns = doc.to_array([ORTH, TAG, DEP, IS_SPACE])
        expl = np.zeros(len(doc), dtype=bool)
        expl[1:] = columns[:-1, 2] == self._expl
        deps = np.where(np.isin(columns[:, 2], self.deps), columns[:, 2], 1)  # 1: a label no pattern tests
        return columns, list(zip(columns[:, 0].tolist(), columns[:, 1].tolist(), deps.tolist(), expl.tolist()))

    def empty(self, room: int = 0) -> None:
        """Forget every key learned (and the lemmatizer's own cache, which grows with them), then
        take the prebuilt rows again if they and ``room`` more keys fit under :attr:`max_keys`.
        The table's values are hashes of strings spaCy's components added to the string store,
        which keeps them: dropping them loses nothing the Docs need. Called with the lock held,
        or where no other thread runs the component."""
        self.table = {}
        self.values = np.zeros((0, 5), dtype=np.uint64)
        cache = getattr(self.lemmatizer, "cache", None)
        if isinstance(cache, dict):
            cache.clear()
        self.emptied += 1
        self._take_prebuilt(room)

    def _take_prebuilt(self, room: int = 0) -> None:
        if self.prebuilt is None or len(self.prebuilt[0]) + room > self.max_keys:
            return
        keys, values = self.prebuilt
        self.table = dict(zip(keys, range(len(keys))))
        self.values = np.zeros((len(keys) + 1024, 5), dtype=np.uint64)
        self.values[:len(keys)] = values

    # -- the prebuilt table (language/tagtable.py) -----------------------------------------------

    def load_prebuilt(self, nlp: Language, path=tagtable.PATH) -> bool:
        """Start from the prebuilt rows of ``path`` if it was built from this model and spaCy and
        a sample of its rows, learned again, gives the same values; else keep learning from
        nothing. Returns whether the rows were taken."""
        if not path.exists():
            log.debug("no prebuilt tag table at %s", path)
            return False
        header, rows, problems = tagtable.read(path)
        running = tagtable.model_identity(nlp)
        built = {key: header.get(key, "") for key in running}
        if built != running:
            log.debug("prebuilt tag table ignored: built from %s, running %s", built, running)
            return False
        if problems:
            log.warning("prebuilt tag table ignored: %d problems, the first %s", len(problems), problems[0])
            return False
        keys, labels, values = self.parse_rows(rows)
        step = max(1, len(keys) // SAMPLE)
        wrong = self.disagreements(keys[::step], labels[::step], values[::step])
        if wrong:
            log.warning("prebuilt tag table ignored: %d of %d sampled rows differ from spaCy's components",
                        len(wrong), len(keys[::step]))
            return False
        with self._lock:
            self.prebuilt = (keys, values)
            if not self.table:
                self._take_prebuilt()
        log.debug("prebuilt tag table: %d keys", len(keys))
        return True

    def parse_rows(self, rows: list[tagtable.Row]) -> tuple[list, list[int], np.ndarray]:
        """Rows of the file as keys, the dependency label to learn each with, and values."""
        from spacy.parts_of_speech import IDS

        add = self.vocab.strings.add
        other = self._other_label()
        tested = set(self.deps.tolist())
        keys, labels, values = [], [], np.zeros((len(rows), 5), dtype=np.uint64)
        for number, (word, tag, dep, expl, pos, morph, lemma) in enumerate(rows):
            label = other if dep == tagtable.OTHER_DEP else add(dep)
            if dep != tagtable.OTHER_DEP and label not in tested:
                raise ValueError(f"row {number + 1}: dependency {dep!r} is not one the model's patterns test")
            tag_hash = add(tag)
            keys.append((add(word), tag_hash, label if label in tested else 1, expl == "1"))
            labels.append(label)
            values[number] = (IDS[pos], add(morph) if morph else 0, add(lemma), tag_hash, label)
        return keys, labels, values

    def format_rows(self, keys: list[tuple[int, int, int, bool]], values: np.ndarray) -> list[tagtable.Row]:
        """Keys and their learned values as rows of the file (non-space words only)."""
        from spacy.parts_of_speech import NAMES

        strings = self.vocab.strings
        return [(strings[orth], strings[tag], tagtable.OTHER_DEP if dep == 1 else strings[dep], "1" if expl else "0",
                 NAMES[int(value[0])], strings[int(value[1])] if value[1] else "", strings[int(value[2])])
                for (orth, tag, dep, expl), value in zip(keys, values)]

    def disagreements(self, keys: list, labels: list[int], values: np.ndarray) -> list[int]:
        """Indices of the keys whose part of speech, morphology or lemma, learned again from
        spaCy's components, differ from ``values``."""
        learned = self.run_components(keys, dict(zip(keys, labels))) if keys else values
        return np.flatnonzero((learned[:, :3] != values[:, :3]).any(axis=1)).tolist()

    def _other_label(self) -> int:
        """A dependency label no pattern tests (any gives the same output: the table's premise)."""
        tested = set(self.deps.tolist())
        return next(h for h in map(self.vocab.strings.add, ("dep", "npadvmod", "amod", "compound")) if h not in tested)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _has_pair(self, doc: Doc) -> bool:
        lower = doc.to_array([LOWER])
        if len(lower) < 2 or not np.isin(lower[:-1], self.firsts).any():
            return False
        for first, second in self.pairs:
            starts = np.isin(lower[:-1], first)
            if starts.any() and np.isin(lower[1:][starts], second).any():
                return True
        return False

    def _learn(self, keys: list[tuple[int, int, int, bool]], labels: dict) -> None:
        """Learn the new keys (:meth:`run_components`) and keep what spaCy's components gave."""
        learned = self.run_components(keys, labels)
        first = len(self.table)
        if first + len(keys) > len(self.values):  # grow by doubling: a long run learns keys for ever
            grown = np.zeros((max(2 * len(self.values), first + len(keys), 1024), 5), dtype=np.uint64)
            grown[:first] = self.values[:first]
            self.values = grown
        self.values[first:first + len(keys)] = learned
        for number, key in enumerate(keys):
            self.table[key] = first + number

    def run_components(self, keys: list[tuple[int, int, int, bool]], labels: dict) -> np.ndarray:
        """Run spaCy's two components on the keys, each after a separator (an expletive "there"
        when the key asks for one) that starts no pattern: what they gave each key."""
        rows = []
        for key in keys:
            orth, tag, _, expl = key
            rows.append(self._there if expl else self._sep)
            rows.append((orth, tag, labels[key]))
        strings = self.vocab.strings
        doc = Doc(self.vocab, words=[strings[orth] for orth, _, _ in rows], spaces=[True] * len(rows))
        array = np.array([(tag, dep, 0) for _, tag, dep in rows], dtype=np.uint64)
        doc.from_array([TAG, DEP, HEAD], array)
        self.lemmatizer(self.ruler(doc))
        return doc.to_array([POS, MORPH, LEMMA, TAG, DEP])[1::2]


def _words(value) -> set[str] | None:
    """The words a LOWER test accepts: a word, an IN list, or a REGEX of a few spellings."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict) and "IN" in value:
        return set(value["IN"])
    if isinstance(value, dict) and "REGEX" in value:
        spellings = {"^n'?t$": {"nt", "n't"}, "^y'?$": {"y", "y'"}}
        return spellings.get(value["REGEX"])
    return None


@Language.factory(NAME)
def _make(nlp: Language, name: str) -> TagRules:
    return TagRules(nlp)


def install(nlp: Language) -> None:
    """Run :class:`TagRules` in place of the model's attribute ruler and lemmatizer (both stay
    in the pipeline, disabled, and do the work on new keys)."""
    if NAME in nlp.component_names or "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    nlp.add_pipe(NAME, before="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")


@contextmanager
def stock(nlp: Language) -> Iterator[Language]:
    """Run the model's own attribute ruler and lemmatizer instead of the table for a while (the
    benchmarks time both in one process, interleaved)."""
    if NAME not in nlp.pipe_names:
        yield nlp
        return
    nlp.disable_pipe(NAME)
    nlp.enable_pipe("attribute_ruler")
    nlp.enable_pipe("lemmatizer")
    try:
        yield nlp
    finally:
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
        nlp.enable_pipe(NAME)
