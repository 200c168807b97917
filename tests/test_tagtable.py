"""The prebuilt tag-rules table (``data/language/tagtable.tsv.gz``, flashpoint.language.tagtable).

Its rows are a cache of spaCy's attribute ruler and lemmatizer: every row, learned again, gives
its values; a table that starts from them codes the project's sentences token for token as spaCy
does (and the same comparison catches a row with a wrong lemma); a file built from another model
is ignored; and emptying the full table takes the prebuilt rows again when they fit.
"""

from __future__ import annotations

import logging

from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

from flashpoint import settings
from flashpoint.knowledge import validate_all
from flashpoint.language import tagrules, tagtable

COLUMNS = [ORTH, TAG, DEP, POS, MORPH, LEMMA]
TEXTS = [
    "Pakistan closed its airspace to Indian airlines on Thursday.",
    "There were protests in Lahore, and there is no sign they will stop.",
    "The talks haven't been held; officials said they ca n't meet and wo n't sign.",
    "Being careful, the minister didn't say whether troops had gone or were going.",
    "Police arrested 12 people.\n\n\nThey were questioned about the attacks of 2019.",
]


def _same(fast, reference, rules: tagrules.TagRules, texts=TEXTS) -> list[str]:
    """The texts whose tokens differ when ``rules`` sets the attributes (after Flashpoint's parse)."""
    differ = []
    for ours, theirs in zip(fast.pipe(texts), reference.pipe(texts)):
        rules(ours)
        if not (ours.to_array(COLUMNS) == theirs.to_array(COLUMNS)).all():
            differ.append(ours.text)
    return differ


def test_the_shipped_table_is_well_formed_and_checked_by_flashpoint_check() -> None:
    header, rows, problems = tagtable.read()
    assert problems == [] and len(rows) > 10_000
    assert len(rows) <= 0.6 * settings.MEMO_KEYS  # room to learn before the table is emptied
    assert tagtable.PATH.stat().st_size < 1_000_000
    assert validate_all()["tag table"] == []


def test_the_pipeline_starts_from_the_shipped_table(pair) -> None:
    fast, _ = pair
    rules = fast.get_pipe(tagrules.NAME)
    header = tagtable.read()[0]
    assert {key: header[key] for key in tagtable.HEADER_KEYS} == tagtable.model_identity(fast)
    assert rules.prebuilt is not None and len(rules.prebuilt[0]) == len(tagtable.read()[1])


def test_every_row_is_what_spacys_components_give(pair) -> None:
    fast, _ = pair
    rules = fast.get_pipe(tagrules.NAME)
    keys, labels, values = rules.parse_rows(tagtable.read()[1])
    assert rules.disagreements(keys, labels, values) == []


def test_a_table_started_from_the_rows_gives_spacys_tokens(pair) -> None:
    fast, reference = pair
    rules = tagrules.TagRules(fast, prebuilt=True)
    assert rules.prebuilt is not None and len(rules.table) == len(rules.prebuilt[0])
    assert _same(fast, reference, rules) == []


def _tampered(fast, tmp_path):
    """A copy of the shipped table whose row for "closed" (in the first text) has a wrong lemma."""
    header, rows, _ = tagtable.read()
    probe = tagrules.TagRules(fast, prebuilt=False)
    _, keys = probe.keys(fast(TEXTS[0]))
    closed = keys[1]
    file_keys = probe.parse_rows(rows)[0]
    number = file_keys.index(closed)
    assert rows[number][0] == "closed" and rows[number][6] == "close"
    rows[number] = (*rows[number][:6], "clothe")
    path = tmp_path / "tagtable.tsv.gz"
    tagtable.write(path, header, rows)
    return path, number


def test_a_wrong_lemma_in_the_file_is_caught(pair, tmp_path) -> None:
    fast, reference = pair
    path, number = _tampered(fast, tmp_path)
    rules = tagrules.TagRules(fast, prebuilt=False)
    keys, labels, values = rules.parse_rows(tagtable.read(path)[1])
    assert rules.disagreements(keys, labels, values) == [number]  # the full check names the row
    rules.prebuilt = (keys, values)  # taken anyway (the load's sample need not reach the row) ...
    rules.empty()
    assert _same(fast, reference, rules) == [TEXTS[0]]  # ... the token comparison fails


def test_a_table_built_from_another_model_is_ignored(pair, tmp_path, caplog) -> None:
    fast, reference = pair
    header, rows, _ = tagtable.read()
    path = tmp_path / "tagtable.tsv.gz"
    tagtable.write(path, {**header, "model_version": "0.0.1"}, rows)
    rules = tagrules.TagRules(fast, prebuilt=False)
    with caplog.at_level(logging.DEBUG, logger="flashpoint.language"):
        assert rules.load_prebuilt(fast, path) is False
    assert rules.prebuilt is None and rules.table == {}
    assert any("ignored" in record.message and record.levelno == logging.DEBUG for record in caplog.records)
    assert _same(fast, reference, rules) == []  # learns as before


def test_a_sampled_row_that_differs_makes_the_load_ignore_the_file(pair, tmp_path, caplog) -> None:
    fast, _ = pair
    header, rows, _ = tagtable.read()
    rows[0] = (*rows[0][:6], rows[0][6] + "x")  # the first row is always in the sample
    path = tmp_path / "tagtable.tsv.gz"
    tagtable.write(path, header, rows)
    rules = tagrules.TagRules(fast, prebuilt=False)
    with caplog.at_level(logging.WARNING, logger="flashpoint.language"):
        assert rules.load_prebuilt(fast, path) is False
    assert rules.prebuilt is None and "differ" in caplog.text


def test_malformed_rows_are_reported(tmp_path) -> None:
    path = tmp_path / "tagtable.tsv.gz"
    tagtable.write(path, {"model": "m"}, [("the", "DT", "det", "0", "DET", "", "the"),
                                          ("the", "DT", "det", "0", "DET", "", "the"),
                                          ("a b", "DT", "det", "0", "DET", "", "a"),
                                          ("x", "NN", "*", "2", "NOUN", "", "x"),
                                          ("y", "NN", "*", "0", "NOPE", "", "y")])
    messages = [problem.message for problem in tagtable.read(path)[2]]
    assert any("lacks model_version, spacy" in m for m in messages)
    assert any("duplicate key" in m for m in messages) and any("whitespace" in m for m in messages)
    assert any("expl" in m for m in messages) and any("part of speech" in m for m in messages)


def test_the_setting_turns_the_table_off(monkeypatch, pair) -> None:
    fast, _ = pair
    monkeypatch.setenv(tagtable.SETTING, "off")
    assert not tagtable.enabled()
    assert tagrules.TagRules(fast).prebuilt is None
    monkeypatch.delenv(tagtable.SETTING)
    assert tagtable.enabled()


def test_emptied_when_full_it_takes_the_prebuilt_rows_again(pair) -> None:
    fast, reference = pair
    rules = tagrules.TagRules(fast, prebuilt=True)
    prebuilt = len(rules.prebuilt[0])
    texts = [f"{text} Codes QX{n}Z, KV{n}W and YY{n}P." for n, text in enumerate(TEXTS * 16)]
    rules.max_keys = prebuilt + 50  # three new keys per text: emptied again and again
    assert _same(fast, reference, rules, texts) == []
    assert rules.emptied >= 3
    assert all(key in rules.table for key in rules.prebuilt[0][:100])  # the rows were taken again
    assert len(rules.table) <= rules.max_keys
    rules.max_keys = 40  # the rows do not fit: emptied, the table learns from nothing, as before
    emptied = rules.emptied
    for doc in fast.pipe(texts[:4]):
        rules(doc)
        assert len(rules.table) <= max(rules.max_keys, len(doc))
    assert rules.emptied > emptied
    assert _same(fast, reference, rules, texts) == []
