"""Actors: who is named in a report, resolved to country + sector codes with the reason why."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from flashpoint.actors.kb import KnowledgeBase, knowledge_base
from flashpoint.actors.resolver import IN_CONTEXT, SAID_AS, ActorResolver
from flashpoint.datafiles import Problem

__all__ = ["IN_CONTEXT", "SAID_AS", "ActorResolver", "KnowledgeBase", "knowledge_base", "get_resolver", "validate"]


@cache
def _resolver(nlp_id: int, nlp: Language) -> ActorResolver:
    return ActorResolver(nlp, knowledge_base())


def get_resolver(nlp: Language) -> ActorResolver:
    """The resolver for this spaCy pipeline, built once per process."""
    return _resolver(id(nlp), nlp)


def validate() -> list[Problem]:
    from flashpoint.actors.coref import REFERENCES
    from flashpoint.datafiles import data_path, read_table

    return knowledge_base().problems + read_table(data_path("actors", "references.tsv"), REFERENCES).problems
