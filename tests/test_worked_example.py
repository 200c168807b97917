"""The worked example (a report of 1 May 2025 and its hand coding) end to end."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from flashpoint.evaluation import score_document
from flashpoint.ingest import make_document


@pytest.fixture(scope="module")
def coded(pipeline, worked_example):
    text = worked_example.read_text(encoding="utf-8")
    document = make_document(text, doc_id="pahalgam-2025-05-01", source=str(worked_example),
                             published=dt.date(2025, 5, 1))
    return next(pipeline.code([document]))


@pytest.fixture(scope="module")
def score(coded, worked_example_gold):
    gold = json.loads(worked_example_gold.read_text(encoding="utf-8"))
    return score_document(gold, coded.events)


def test_all_required_events_are_found(score):
    missed = [g["id"] for g in score.missed]
    assert not missed, f"missed required events: {missed}"


def test_precision_is_at_least_0_9(score):
    spurious = [(e.cameo, e.evidence.trigger) for e in score.spurious]
    assert score.precision >= 0.9, f"precision {score.precision:.3f}; spurious: {spurious}"


def test_no_forbidden_event(score):
    assert not score.forbidden_hits, [(f["why"], e.evidence.trigger) for f, e in score.forbidden_hits]


def test_every_event_points_at_its_words(coded):
    text = coded.document.text
    for event in coded.events:
        evidence = event.evidence
        assert text[evidence.char_start:evidence.char_end] == evidence.sentence
        start, end = evidence.trigger_span
        assert evidence.char_start <= start < end <= evidence.char_end
        for actor in (event.source, event.target):
            if actor is not None and actor.span != (0, 0):
                assert text[actor.span[0]:actor.span[1]] == actor.text


def test_rubio_resolves_in_every_sentence_after_the_first(coded):
    by_text = {m.text: m.actor.code for m in coded.mentions}
    assert by_text["US Secretary of State Marco Rubio"] == "USAGOV"
    rubio = [m for m in coded.mentions if m.text == "Rubio"]
    assert len(rubio) >= 4 and all(m.actor.code == "USAGOV" for m in rubio)
    assert by_text["US diplomat"] == "USAGOV"
    assert by_text["Ms. Bruce"] == "USAGOV"
    assert by_text["Pakistan\u2019s defense minister"] == "PAKGOV"
    assert by_text["The Resistance Front"].endswith("REB")
    assert by_text["Lashkar-e-Taiba"].endswith("REB")


def test_events_are_deterministic(pipeline, coded):
    again = next(pipeline.code([coded.document]))
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in coded.events]
