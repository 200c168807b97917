"""``flashpoint evaluate``: run the coder (or read an event file) and score it against a gold file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from flashpoint.evaluation import (
    DocumentScore,
    SentenceScore,
    is_document_gold,
    load_events,
    score_document,
    score_sentences,
)


def run(gold_path: Path, events_path: Path | None) -> DocumentScore | SentenceScore:
    if is_document_gold(gold_path):
        return _run_document(gold_path, events_path)
    return _run_sentences(gold_path, events_path)


def _run_document(gold_path: Path, events_path: Path | None) -> DocumentScore:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if events_path is not None:
        events = load_events(events_path)
        stem = Path(gold.get("document", "")).name.split(".")[0]
        own = [e for e in events if e.doc_id == stem]
        events = own or events
    else:
        from flashpoint.ingest import make_document
        from flashpoint.pipeline import Pipeline

        text_path = gold_path.parent / gold["document"]
        text = text_path.read_text(encoding="utf-8")
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        document = make_document(text, doc_id=text_path.name.split(".")[0], source=str(text_path), published=published)
        events = next(Pipeline().code([document])).events
    return score_document(gold, events)


def _parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    value = value.strip()
    if len(value) == 8 and value.isdigit():
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    return dt.date.fromisoformat(value[:10])


def _run_sentences(gold_path: Path, events_path: Path | None) -> SentenceScore:
    records = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if events_path is not None:
        by_doc: dict[str, list] = {}
        for event in load_events(events_path):
            by_doc.setdefault(event.doc_id, []).append(event)
        return score_sentences((r, by_doc.get(str(r.get("id")), [])) for r in records)
    from flashpoint.ingest import make_document
    from flashpoint.pipeline import Pipeline

    documents = [
        make_document(r["text"], doc_id=str(r.get("id", i)), source=str(gold_path), published=_parse_day(r.get("date")))
        for i, r in enumerate(records)
    ]
    coded = Pipeline().code(documents)
    return score_sentences((r, c.events) for r, c in zip(records, coded))


def print_result(result: DocumentScore | SentenceScore) -> None:
    if isinstance(result, DocumentScore):
        _print_document(result)
    else:
        _print_sentences(result)


def _print_document(score: DocumentScore) -> None:
    echo = click.echo
    echo(f"document: {score.document}")
    echo(f"required events found: {len(score.found_required)}/{score.required}  recall {score.recall:.3f}")
    echo(f"optional events found: {len(score.optional_found)}")
    echo(f"system events: {score.system}, matching gold: {score.matched_system}  precision {score.precision:.3f}")
    echo(f"F1 {score.f1:.3f}")
    echo(f"forbidden events produced: {len(score.forbidden_hits)}")
    if score.missed:
        echo("\nmissed required events:")
        for gold in score.missed:
            echo(f"  {gold['id']} {gold.get('source')} -> {gold.get('target')} {'/'.join(gold['cameo'])}: "
                 f"\"{gold['evidence']}\"")
    if score.spurious:
        echo("\nspurious events (match no gold event):")
        for event in score.spurious:
            echo(f"  {event.cameo} {event.source.code if event.source else '-'} -> "
                 f"{event.target.code if event.target else '-'} [{event.evidence.trigger}] "
                 f"in: {event.evidence.sentence.strip()}")
    if score.forbidden_hits:
        echo("\nFORBIDDEN events produced:")
        for rule, event in score.forbidden_hits:
            echo(f"  {event.cameo} [{event.evidence.trigger}] ({rule['why']}) in: {event.evidence.sentence.strip()}")


def _print_sentences(score: SentenceScore) -> None:
    echo = click.echo
    echo(f"records: {score.records}")
    for name, prf in score.scores.items():
        echo(f"{name:>13}: P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}  "
             f"(tp {prf.tp}, fp {prf.fp}, fn {prf.fn})")
    if score.errors:
        echo("\nerrors (exact triples):")
        for error in score.errors:
            echo(f"  {error['id']}: {error['text']}")
            for triple in error["missed"]:
                echo(f"    missed   {' '.join(triple)}")
            for triple in error["spurious"]:
                echo(f"    spurious {' '.join(triple)}")
