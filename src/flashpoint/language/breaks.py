"""Sentence breaks the parser must respect: a headline and dateline run into the first sentence.

Scraped pages often lose the line breaks between a headline, a byline, the dateline and the
lead: "South Sudan's warring parties agree to permanent ceasefire Mel Frykberg JOHANNESBURG, June
28 (ANA) - South Sudan's warring parties have agreed ...". Parsed as one sentence, the lead
becomes a relative clause of the dateline's place and its events are lost. This component, placed
before the parser, starts a sentence at the dateline and another after it (the parser keeps
boundaries set before it runs), so the headline, the dateline and the lead are three sentences.
The text is not changed: offsets stay those of the ingested document.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.ingest.dateline import HEADLINE_CHARS, run_in_dateline

NAME = "flashpoint_dateline_breaks"


@Language.component(NAME)
def dateline_breaks(doc: Doc) -> Doc:
    """Start sentences at a run-in dateline and at the lead after it."""
    found = run_in_dateline(doc.text[: HEADLINE_CHARS + 200])
    if found is None:
        return doc
    for char in found:
        token = _token_starting_at(doc, char)
        if token is not None and token > 0:
            doc[token].is_sent_start = True
    return doc


def _token_starting_at(doc: Doc, char: int) -> int | None:
    """The first token starting at or after ``char``, if the text goes on past it."""
    for token in doc:
        if token.idx >= char:
            return token.i
    return None


def install(nlp: Language) -> None:
    if NAME not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
