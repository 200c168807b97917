"""Places: where each event happened, from an offline gazetteer.

This first version locates nothing; the gazetteer and clause-tied location plug in behind the
same two calls: :meth:`Placer.prepare` once per document, :meth:`Placer.locate` once per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from flashpoint.records import Document, Place


@dataclass(slots=True)
class DocPlaces:
    document: Document
    places: list[Place] = field(default_factory=list)


class Placer:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def prepare(self, doc: Doc, document: Document) -> DocPlaces:
        return DocPlaces(document)

    def locate(self, places: DocPlaces, trigger: Token) -> Place | None:
        return None
