"""The coder's structure: stages over one report, code properties and cue words as data, and the
reconcile stage's rules one by one."""

from __future__ import annotations

import pytest

from flashpoint import cues as cue_module
from flashpoint.cues import CUE_KINDS, cues
from flashpoint.ontology import ontology
from flashpoint.pipeline import Pipeline
from flashpoint.records import Actor, Event, EventDate, Evidence, Place
from flashpoint.stages import EventStage, Report, default_stages
from flashpoint.stages.reconcile import named_first_time, target_from_place, victims_of_place

TEXT = "India accused Pakistan of sheltering militants. Pakistan denied the charge."

# -- stages --------------------------------------------------------------------------------------


class Probe:
    """A stage that only looks: what the stages before it left on the report."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    def run(self, report: Report) -> None:
        self.seen.append((len(report.mentions), len(report.candidates), len(report.events)))


def test_a_stage_added_at_the_end_sees_every_stage_before_it(pipeline):
    probe = Probe()
    extended = Pipeline(stages=[*default_stages(pipeline.nlp), probe])
    events = extended.code_text(TEXT, published="2025-05-01")
    mentions, candidates, kept = probe.seen[0]
    assert mentions >= 2 and candidates >= len(events) == kept > 0


def test_without_the_reconcile_stage_there_are_candidates_but_no_events(pipeline):
    probe = Probe()
    stages = [stage for stage in default_stages(pipeline.nlp) if stage.__class__.__name__ != "ReconcileStage"]
    assert Pipeline(stages=[*stages, probe]).code_text(TEXT, published="2025-05-01") == []
    assert probe.seen[0][1] > 0


def test_one_pipeline_codes_any_order_alike(pipeline):
    """Stages keep nothing of a report: coding B after A gives what coding B alone gives."""
    other = "Russian forces shelled Kharkiv overnight, killing three civilians."
    alone = [e.to_dict() for e in pipeline.code_text(TEXT, published="2025-05-01")]
    pipeline.code_text(other, published="2025-05-01")
    again = [e.to_dict() for e in pipeline.code_text(TEXT, published="2025-05-01")]
    assert alone == again and alone


def test_the_extractor_keeps_no_report_state(pipeline):
    extractor = next(s.extractor for s in pipeline.stages if isinstance(s, EventStage))
    before = {name: repr(value) for name, value in vars(extractor).items()}
    pipeline.code_text(TEXT, published="2025-05-01")
    assert {name: repr(value) for name, value in vars(extractor).items()} == before


# -- code properties -----------------------------------------------------------------------------


def test_properties_are_inherited_by_the_codes_below():
    table = ontology()
    assert table.properties("19").violence and table.properties("193").violence
    assert table.properties("19").force and not table.properties("191").force  # blockade: PLOVER COERCE
    assert table.properties("036").reciprocal and not table.properties("03").reciprocal
    assert table.properties("0256").framing and table.properties("1011").framing
    assert not table.properties("14").violence and table["14"].material_conflict


def test_queries_read_the_codes_a_property_is_set_on():
    assert ontology().marked("force") == ("18", "19", "20")
    assert ontology().marked("force", False) == ("191", "192")
    with pytest.raises(KeyError):
        ontology().marked("forse")


# -- cue words -----------------------------------------------------------------------------------


def test_every_cue_kind_has_words_and_unknown_kinds_are_errors():
    assert all(cues()[kind] for kind in CUE_KINDS)
    with pytest.raises(KeyError):
        cues()["no-such-kind"]


def test_ordered_kinds_keep_the_file_order():
    assert cues().in_order("target-preposition")[:3] == ("to", "with", "against")


def test_a_kind_in_the_wrong_file_is_reported(tmp_path, monkeypatch):
    for folder in cue_module.CUE_FOLDERS:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "cues.tsv").write_text("cue\tkind\tnote\n", encoding="utf-8")
    (tmp_path / "language" / "cues.tsv").write_text("cue\tkind\tnote\nshell\tplace-verb\t\n", encoding="utf-8")
    (tmp_path / "lexicon" / "boilerplate.tsv").write_text("pattern\tnote\n", encoding="utf-8")
    monkeypatch.setattr(cue_module, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    loaded = cue_module.cues.__wrapped__()
    assert any("belongs in places/cues.tsv" in problem.message for problem in loaded.problems)
    assert not loaded["place-verb"]


# -- the reconcile stage's rules -----------------------------------------------------------------


def _event(source: str | None, target: Actor | None, cameo: str, place: Place) -> Event:
    meta = ontology()[cameo]
    actor = Actor(code=source, text=source, span=(0, 3), country=source) if source else None
    event = Event("t", actor, target, cameo, meta.root, meta.name, meta.goldstein, meta.quad_class, None, None,
                  "asserted", Evidence(0, "", 0, 0, "", (0, 0)), 0.5, "test")
    event.location = place
    return event


def test_violence_abroad_is_aimed_at_the_state_where_it_happens():
    event = _event("IND", None, "195", Place("Muridke", country="PAK", origin="clause"))
    assert target_from_place(event) and event.target.code == "PAK"
    assert not target_from_place(_event("IND", None, "042", Place("Muridke", country="PAK", origin="clause")))


def test_a_target_without_a_state_takes_the_place_s():
    police = Actor(code="---COP", text="police", span=(5, 11), sector="COP")
    event = _event("---", police, "190", Place("Quetta", country="PAK", origin="clause"))
    assert target_from_place(event) and event.target.code == "PAKCOP"


def test_unnamed_violence_hits_the_civilians_of_the_place():
    event = _event(None, None, "180", Place("Poonch", country="IND", origin="clause"))
    assert victims_of_place(event) and event.target.code == "INDCVL"
    assert not victims_of_place(_event(None, None, "180", Place("Washington", country="USA", origin="dateline")))


def test_a_noun_event_named_again_is_kept_once():
    named: set[tuple] = set()
    event = _event("IND", None, "190", Place("Pahalgam", country="IND", origin="clause"))
    event.date = EventDate(None)
    assert named_first_time(event, named) and not named_first_time(event, named)
