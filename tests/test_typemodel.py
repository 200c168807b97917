"""The learned fallback: its file validates, it reads the kind of event, it only fills gaps."""

from __future__ import annotations

import pytest

from flashpoint.events.extractor import EventExtractor
from flashpoint.events.lexicon import Lexicon
from flashpoint.events.typemodel import GENERIC_CODES, quad_of_code, type_model, validate
from flashpoint.pipeline import Pipeline
from flashpoint.stages import default_stages


def test_the_shipped_model_validates():
    assert validate() == []
    assert type_model() is not None


@pytest.mark.parametrize(
    "text, quad",
    [
        ("Israeli jets bombed Hamas positions in Gaza overnight, killing militants.", "MATERIAL_CONFLICT"),
        ("France condemned Russia and accused it of war crimes.", "VERBAL_CONFLICT"),
        ("Japan delivered food and medical supplies to flood victims in Pakistan.", "MATERIAL_COOPERATION"),
    ],
)
def test_the_model_reads_the_kind_of_event(pipeline, text, quad):
    proposal = type_model().propose(pipeline.nlp(text)[:], threshold=0.0)
    assert proposal is not None and proposal.quad == quad
    assert quad_of_code(proposal.code) == quad and proposal.code == GENERIC_CODES[proposal.plover]


def _without_lexicon(pipeline) -> Pipeline:
    return Pipeline(stages=default_stages(pipeline.nlp, EventExtractor(lex=Lexicon([]))))


def test_the_model_fills_a_sentence_the_lexicon_misses(pipeline):
    events = _without_lexicon(pipeline).code_text("India accused Pakistan of supporting the attack.", published="2025-05-01")
    assert events and all(e.rule.startswith("model") for e in events)
    assert events[0].source.code == "IND" and events[0].cameo_root in ("09", "10", "11", "12", "13")
    assert events[0].confidence < 0.5


def test_the_model_never_replaces_a_pattern(pipeline):
    events = pipeline.code_text("India accused Pakistan of supporting the attack.", published="2025-05-01")
    assert events and not any(e.rule.startswith("model") for e in events)


def test_the_model_needs_someone_who_acts(pipeline):
    events = _without_lexicon(pipeline).code_text("Heavy rain flooded several districts overnight.", published="2025-05-01")
    assert events == []


def test_lexicon_only_mode():
    assert EventExtractor(model=False).model is None
