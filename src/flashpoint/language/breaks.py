"""Sentence breaks the parser must respect: a headline and dateline run into the first sentence,
and a credit run into the next one.

Scraped pages often lose the line breaks between a headline, a byline, the dateline and the
lead: "South Sudan's warring parties agree to permanent ceasefire Mel Frykberg JOHANNESBURG, June
28 (ANA) - South Sudan's warring parties have agreed ...". Parsed as one sentence, the lead
becomes a relative clause of the dateline's place and its events are lost. This component, placed
before the parser, starts a sentence at the dateline and another after it (the parser keeps
boundaries set before it runs), so the headline, the dateline and the lead are three sentences.
The text is not changed: offsets stay those of the ingested document.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint.ingest.dateline import HEADLINE_CHARS, run_in_dateline

NAME = "flashpoint_dateline_breaks"


#: A question or exclamation mark glued to the next sentence's first word, as pages that run their
#: headline into the text print it ("... Missile Find?Panamanian authorities have ..."): the
#: tokenizer splits it (an infix, language.keep_prefixed_hyphens), this component starts the sentence.
GLUED_SENTENCE_END = r"(?<=[a-z])[?!](?=[A-Z])"
GLUED_QUESTION = re.compile(GLUED_SENTENCE_END)


@Language.component(NAME)
def dateline_breaks(doc: Doc) -> Doc:
    """Start sentences at a run-in dateline and at the lead after it, and after a question or
    exclamation mark glued to the next sentence (a headline run into an InSight Crime lead)."""
    from flashpoint.language import token_at  # the package imports this module as it loads

    found = list(run_in_dateline(doc.text[: HEADLINE_CHARS + 200]) or ())
    found += [m.end() for m in GLUED_QUESTION.finditer(doc.text)]
    for char in found:
        token = token_at(doc, char)
        if 0 < token < len(doc):
            doc[token].is_sent_start = True
    return doc


def install(nlp: Language) -> None:
    if NAME not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")


CREDIT_NAME = "flashpoint_credit_breaks"


@Language.factory(CREDIT_NAME, default_config={"outlets": []})
def make_credit_breaks(nlp: Language, name: str, outlets: list[str]) -> CreditBreaks:
    return CreditBreaks(outlets)


class CreditBreaks:
    """Set a report's credit apart: "... in Bijbehara on May 23 | reports Daily Excelsior | A Police
    spokesman said ...". A credit run onto the end of a sentence makes the parser read "reports" as
    the sentence's verb and the real verb as a noun ("Unknown miscreants shot dead a businessman ...
    reports The Sentinel": no shooting); incident summaries that lost their full stops (about one
    SATP report in nine) also run it into the next sentence, whose subject then reads as part of
    the outlet's name ("Daily Excelsior Militants fired upon ..."). So a sentence starts at the
    credit and at the capitalised word right after it. The outlets are the knowledge base's news
    outlets, handed in by whoever builds the pipeline (the language layer knows no actors)."""

    def __init__(self, outlets: list[str]) -> None:
        names = sorted({o.strip() for o in outlets if o.strip()}, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in names)
        self.pattern = re.compile(rf"\breports?\s+(?:(?:the|The)\s+)?(?:{alternatives})\b") if names else None

    def __call__(self, doc: Doc) -> Doc:
        from flashpoint.language import token_at

        if self.pattern is None or "report" not in doc.text:
            return doc
        for found in self.pattern.finditer(doc.text):
            credit = token_at(doc, found.start())
            if 0 < credit < len(doc):
                doc[credit].is_sent_start = True  # the credit is no clause of the report's sentence
            after = doc.text[found.end():found.end() + 2]
            if len(after) == 2 and after[0].isspace() and after[1].isupper():
                token = token_at(doc, found.end() + 1)
                if 0 < token < len(doc):
                    doc[token].is_sent_start = True
        return doc


def install_credit_breaks(nlp: Language, outlets: list[str]) -> None:
    """Add :class:`CreditBreaks` for these outlet names before the parser (once)."""
    if CREDIT_NAME not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(CREDIT_NAME, before="parser", config={"outlets": sorted(set(outlets))})
