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
    from flashpoint.language import token_at  # the package imports this module as it loads

    found = run_in_dateline(doc.text[: HEADLINE_CHARS + 200])
    for char in found or ():
        token = token_at(doc, char)
        if 0 < token < len(doc):
            doc[token].is_sent_start = True
    return doc


def install(nlp: Language) -> None:
    if NAME not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
