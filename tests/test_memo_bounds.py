"""The language layer's memo tables are emptied when they pass a size, and that changes no result
(issue 17: they grew with every new word form a process met).

The attribute-ruler table (flashpoint.language.tagrules) and the per-token arrays' word-form and
string memos (flashpoint.language.arrays) are pure functions of spaCy's output: coded with a
tiny limit (emptied over and over) the tokens and the events are the same as with the default.
"""

from __future__ import annotations

import json

import pytest
from test_tagrules import COLUMNS
from test_tagrules import TEXTS as TAGRULE_TEXTS

from flashpoint import language, settings
from flashpoint.datafiles import DATA_ROOT
from flashpoint.language import arrays, tagrules

#: The attribute-ruler test's sentences (contractions, spacing, expletives), and one more event.
TEXTS = [*TAGRULE_TEXTS, "Troops shelled three villages near Kupwara."]


def _reports(count: int) -> list[str]:
    lines = (DATA_ROOT / "sample" / "reports.jsonl").open(encoding="utf-8")
    return [json.loads(line)["text"] for line, _ in zip(lines, range(count))]


def _columns(doc) -> tuple:
    table = arrays.arrays(doc)
    return (table.text, table.lower, table.shape, table.is_alpha, table.stop_punct_space, table.lemma, table.pos,
            table.tag, table.dep, table.ent_type)


@pytest.fixture
def tiny(monkeypatch):
    """Limits small enough that every memo is emptied many times over these texts."""
    rules = language.load().get_pipe(tagrules.NAME)
    monkeypatch.setattr(rules, "max_keys", 40)
    monkeypatch.setattr(arrays, "MAX_KEYS", 8)
    return rules


def test_the_default_limit_is_the_setting() -> None:
    assert language.load().get_pipe(tagrules.NAME).max_keys == settings.MEMO_KEYS == arrays.MAX_KEYS


def test_the_table_stays_within_its_limit(tiny) -> None:
    nlp = language.load()
    tiny.empty()  # it grows only when it learns: start within the limit
    emptied = tiny.emptied
    for text in TEXTS + _reports(6):
        doc = nlp(text)  # one at a time: nlp.pipe runs each component over a batch before yielding
        assert len(tiny.table) <= max(tiny.max_keys, len(doc))  # emptied, a Doc's keys are learned whole
        assert len(getattr(tiny.lemmatizer, "cache", {})) <= max(tiny.max_keys, len(doc)) + 1
    assert tiny.emptied > emptied + 3


def test_the_arrays_memos_stay_within_their_limit(tiny) -> None:
    nlp = language.load()
    for memos in (arrays._WORDS, arrays._NAMES):  # start within the limit (earlier tests filled them)
        memos.pop(id(nlp.vocab), None)
    for doc in nlp.pipe(TEXTS):
        _columns(doc)
        assert len(arrays._WORDS[id(nlp.vocab)]) <= arrays.MAX_KEYS
        assert len(arrays._NAMES[id(nlp.vocab)]) <= arrays.MAX_KEYS
        language.release(doc)


def test_tokens_are_the_same_with_a_tiny_limit(monkeypatch) -> None:
    nlp = language.load()
    texts = TEXTS + _reports(4)
    wanted = [(doc.to_array(COLUMNS).tolist(), _columns(doc)) for doc in nlp.pipe(texts)]
    rules = nlp.get_pipe(tagrules.NAME)
    monkeypatch.setattr(rules, "max_keys", 40)
    monkeypatch.setattr(arrays, "MAX_KEYS", 8)
    rules.empty()  # cold, then emptied again and again
    for round_ in range(2):
        got = [(doc.to_array(COLUMNS).tolist(), _columns(doc)) for doc in nlp.pipe(texts)]
        assert got == wanted, round_


def test_events_are_the_same_with_a_tiny_limit(pipeline, monkeypatch) -> None:
    from flashpoint.ingest import make_document

    texts = _reports(8)

    def code() -> list[dict]:
        documents = [make_document(text, doc_id=f"r{n}", source="reports.jsonl") for n, text in enumerate(texts)]
        return [[event.to_dict() for event in coded.events] for coded in pipeline.code(documents)]

    wanted = code()
    assert sum(map(len, wanted)) > 5
    rules = pipeline.nlp.get_pipe(tagrules.NAME)
    monkeypatch.setattr(rules, "max_keys", 40)
    monkeypatch.setattr(arrays, "MAX_KEYS", 8)
    rules.empty()  # cold: it learns again, and is emptied again and again
    emptied = rules.emptied
    assert code() == wanted
    assert rules.emptied > emptied + 3
