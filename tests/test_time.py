"""Time: expressions resolved against a fixed report date, narrative time, the worked example."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from flashpoint.ingest import make_document
from flashpoint.records import Document
from flashpoint.time import Dater
from flashpoint.time.expressions import find

DATA = Path(__file__).parent / "data"
REPORT = dt.date(2025, 5, 1)  # a Thursday

# The word that carries each gold event of the worked example (evidence phrase -> trigger).
GOLD_TRIGGERS = {
    "E01": "called", "E02": "called", "E03": "engaged", "E04": "engaged", "E05": "conveying",
    "E06": "urging", "E07": "implored", "E08": "implored", "E09": "expressed", "E10": "reaffirmed",
    "E11": "advising", "E12": "accuses", "E13": "considers", "E14": "brought", "E15": "urged",
    "E16": "urged", "E17": "encouraged", "E18": "blamed", "E20": "denied", "E21": "called",
    "E22": "expressing", "E24": "downgrading", "E25": "suspending", "E26": "revoking",
    "E27": "closed", "E28": "closing", "E29": "firing", "E30": "indicated", "E31": "attack",
}


def _rows(name: str) -> list[list[str]]:
    lines = [line.rstrip("\n") for line in (DATA / name).open(encoding="utf-8")]
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return rows[1:]


def _token(doc, word: str, start: int = 0):
    name, _, nth = word.partition("#")
    found = [t for t in doc if t.text == name and t.idx >= start]
    return found[int(nth or 1) - 1]


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


@pytest.fixture(scope="module")
def example(pipeline, worked_example, worked_example_gold):
    from flashpoint.actors import get_resolver
    from flashpoint.language import token_at

    text = worked_example.read_text(encoding="utf-8")
    document = make_document(text, doc_id="pahalgam", source=str(worked_example), published=REPORT)
    doc = pipeline.nlp(text)
    skip = document.dateline.span[1] if document.dateline else 0
    mentions = get_resolver(pipeline.nlp).resolve(doc, document.report_date, (0, token_at(doc, skip)))
    times = Dater().prepare(doc, document, mentions)
    gold = json.loads(worked_example_gold.read_text(encoding="utf-8"))
    return text, document, doc, times, gold


def test_time_table_resolves_every_expression(nlp):
    rows = _rows("time_expressions.tsv")
    assert len(rows) >= 60
    dater = Dater()
    failures = []
    for sentence, trigger, day, precision, origin in rows:
        doc = nlp(sentence)
        times = dater.prepare(doc, Document("t", sentence, "test", report_date=REPORT))
        got = dater.date(times, _token(doc, trigger))
        if (got.date.isoformat(), got.precision, got.origin) != (day, precision, origin):
            failures.append((sentence, got))
    assert not failures, failures


def test_expressions_keep_their_words():
    found = find("Rubio spoke with Sharif on Wednesday, two days ago.")
    assert [e.text for e in found] == ["on Wednesday", "two days ago"]
    assert find("It may rain.") == []  # "may" the verb is not May the month


def test_dateline_date_is_not_an_event_date(example):
    _, _, doc, times, _ = example
    assert all(m.expression.text != "May 1" for m in times.expressions)


def test_worked_example_gold_dates(example):
    text, _, doc, times, gold = example
    dater = Dater()
    wrong = []
    for event in gold["events"]:
        if event["date"] is None or event["id"] not in GOLD_TRIGGERS:
            continue
        at = text.index(event["evidence"])
        sentence = next(s for s in doc.sents if s.start_char <= at < s.end_char)
        token = _token(doc, GOLD_TRIGGERS[event["id"]], sentence.start_char)
        got = dater.date(times, token)
        if got.date.isoformat() != event["date"]:
            wrong.append((event["id"], token.text, got))
    assert not wrong, wrong


def test_rubio_call_and_the_later_sentences_about_it(example):
    _, _, doc, times, _ = example
    dater = Dater()
    call = dater.date(times, _token(doc, "engaged"))
    assert (call.date, call.precision, call.text, call.origin) == (dt.date(2025, 4, 30), "day", "on Wednesday", "expression")
    assert dater.date(times, _token(doc, "implored")).date == dt.date(2025, 4, 30)  # same story, past tense
    assert dater.date(times, _token(doc, "accuses")).date == REPORT  # present tense: the report's today
    assert dater.date(times, _token(doc, "blamed")).origin == "report"  # present perfect ends the run


def test_pahalgam_attack_takes_the_date_of_the_april_22_attack(example):
    _, _, doc, times, _ = example
    got = Dater().date(times, _token(doc, "attack"))  # "the deadly Pahalgam terror attack"
    assert (got.date, got.text, got.origin) == (dt.date(2025, 4, 22), "April 22", "expression")


def test_historical_references_are_not_event_dates(example):
    _, _, doc, times, _ = example
    dater = Dater()
    suspending = dater.date(times, _token(doc, "suspending"))
    assert (suspending.date, suspending.origin) == (REPORT, "report")  # not 1960
    withdrawal = dater.date(times, _token(doc, "withdrawal"))
    assert withdrawal.origin == "report"  # undated background: the pipeline drops such noun events


def test_narrative_time_needs_the_same_story(nlp):
    dater = Dater()
    text = "On Monday, India's army chief visited Srinagar. He inspected troops. In Brazil, farmers blocked highways."
    doc = nlp(text)
    times = dater.prepare(doc, Document("t", text, "test", report_date=REPORT))
    assert dater.date(times, _token(doc, "inspected")).date == dt.date(2025, 4, 28)
    assert dater.date(times, _token(doc, "blocked")).origin == "report"


def test_no_report_date_gives_no_date(nlp):
    doc = nlp("Troops opened fire on Wednesday.")
    dater = Dater()
    got = dater.date(dater.prepare(doc, Document("t", doc.text, "test")), _token(doc, "opened"))
    assert got.date is None and got.origin == "report"


def test_events_the_coder_produces_carry_the_gold_dates(pipeline, worked_example, worked_example_gold):
    text = worked_example.read_text(encoding="utf-8")
    gold = json.loads(worked_example_gold.read_text(encoding="utf-8"))
    document = make_document(text, doc_id="pahalgam", source=str(worked_example), published=REPORT)
    coded = next(pipeline.code([document]))
    checked, wrong = 0, []
    for event in coded.events:
        start = event.evidence.trigger_span[0]
        for item in gold["events"]:
            at = text.find(item["evidence"])
            if item["date"] is None or not at <= start < at + len(item["evidence"]):
                continue
            checked += 1
            if event.date.date is None or event.date.date.isoformat() != item["date"]:
                wrong.append((item["id"], event.evidence.trigger, event.date))
    assert checked >= 10
    assert not wrong, wrong
