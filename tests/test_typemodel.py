"""The learned part of the event coder: its files validate, the sentence model reads the kind of
event, the fallback only fills gaps, the ranker's threshold is honoured, training is deterministic."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from flashpoint.events import ranking
from flashpoint.events.extractor import EventExtractor
from flashpoint.events.lexicon import Lexicon
from flashpoint.events.ranking import Ranker, ranker
from flashpoint.events.typemodel import GENERIC_CODES, QUAD_CLASSES, quad_of_code, type_model, validate
from flashpoint.pipeline import Pipeline
from flashpoint.stages import default_stages

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_the_shipped_models_validate():
    assert validate() == []
    assert ranking.validate() == []
    assert type_model() is not None and ranker() is not None
    assert 0.0 < ranker().threshold < 1.0


@pytest.mark.parametrize(
    "text, quad",
    [
        ("Israeli jets bombed Hamas positions in Gaza overnight, killing militants.", "MATERIAL_CONFLICT"),
        ("France condemned Russia and accused it of war crimes.", "VERBAL_CONFLICT"),
        ("Japan delivered food and medical supplies to flood victims in Pakistan.", "MATERIAL_COOPERATION"),
    ],
)
def test_the_model_reads_the_kind_of_event(pipeline, text, quad):
    proposal = type_model().read(pipeline.nlp(text)[:]).proposal()
    assert proposal is not None and proposal.quad == quad
    assert quad_of_code(proposal.code) == quad and proposal.code == GENERIC_CODES[proposal.plover]


def _without_lexicon(pipeline, rank: Ranker | None | bool = True) -> Pipeline:
    return Pipeline(stages=default_stages(pipeline.nlp, EventExtractor(lex=Lexicon([]), rank=rank)))


def test_the_model_fills_a_sentence_the_lexicon_misses(pipeline):
    events = _without_lexicon(pipeline).code_text("India accused Pakistan of supporting the attack.", published="2025-05-01")
    assert events and all(e.rule.startswith("model") for e in events)
    assert events[0].source.code == "IND" and events[0].cameo_root in ("09", "10", "11", "12", "13")
    assert "rank=" in events[0].rule


def test_the_rankers_threshold_is_honoured(pipeline):
    text = "India accused Pakistan of supporting the attack."
    sure = Ranker(bias=8.0, weights={}, threshold=0.5, about="test")  # every candidate: p = 0.9997
    unsure = Ranker(bias=-8.0, weights={}, threshold=0.5, about="test")  # p = 0.0003
    assert _without_lexicon(pipeline, sure).code_text(text, published="2025-05-01")
    assert _without_lexicon(pipeline, unsure).code_text(text, published="2025-05-01") == []


def test_the_model_never_replaces_a_pattern(pipeline):
    events = pipeline.code_text("India accused Pakistan of supporting the attack.", published="2025-05-01")
    assert events and not any(e.rule.startswith("model") for e in events)


def test_the_model_needs_someone_who_acts(pipeline):
    events = _without_lexicon(pipeline).code_text("Heavy rain flooded several districts overnight.", published="2025-05-01")
    assert events == []


def test_lexicon_only_mode():
    extractor = EventExtractor(model=False, rank=False)
    assert extractor.model is None and extractor.ranker is None


def _trainer():
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("train_event_model")
    finally:
        sys.path.remove(str(BENCH))


def test_training_is_deterministic():
    trainer = _trainer()
    samples = [({"L:bomb", "V:kill"}, "MATERIAL_CONFLICT"), ({"L:aid", "V:send"}, "MATERIAL_COOPERATION"),
               ({"L:condemn", "V:condemn"}, "VERBAL_CONFLICT"), ({"L:bomb", "V:strike"}, "MATERIAL_CONFLICT"),
               ({"L:aid", "V:deliver"}, "MATERIAL_COOPERATION"), ({"L:condemn", "V:accuse"}, "VERBAL_CONFLICT")] * 3
    first = trainer.train_head(samples, QUAD_CLASSES, min_count=1)
    second = trainer.train_head(samples, QUAD_CLASSES, min_count=1)
    assert first.weights == second.weights and first.bias == second.bias
    assert max(first.probabilities({"L:bomb"}).items(), key=lambda t: t[1])[0] == "MATERIAL_CONFLICT"
    ranked = [({"p": 0.9, "main": 1.0}, True), ({"p": 0.2}, False), ({"p": 0.8}, True), ({"p": 0.1, "main": 1.0}, False)]
    assert trainer.train_ranker(ranked) == trainer.train_ranker(ranked)


def test_the_threshold_is_chosen_for_precision():
    trainer = _trainer()
    model = Ranker(bias=0.0, weights={"p": 1.0}, threshold=1.0)
    # lexicon events right 3 of 4 (0.75); fallback events, most probable first: right 10, then wrong 10
    lexicon = [({"p": 0.0}, right, False) for right in (True, True, True, False)]
    fallback = [({"p": 5.0 + i / 10}, True, True) for i in range(10)] + [({"p": -5.0 + i / 10}, False, True) for i in range(10)]
    threshold = trainer.choose_threshold(model, lexicon + fallback)
    kept = [right for feats, right, _ in fallback if model.probability(feats) >= threshold]
    assert kept and sum(kept) / len(kept) >= 0.75
