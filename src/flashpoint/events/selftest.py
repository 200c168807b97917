"""The lexicon tests itself: every entry's example sentence must code to that entry's code.

Used by the test suite and by ``flashpoint lexicon --test``, which pass in the pipeline that codes
the examples (the event coder sits below the pipeline and never builds one).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from flashpoint.events.lexicon import Entry, lexicon
from flashpoint.ingest import make_document
from flashpoint.records import CodedDocument, Document

_DAY = _dt.date(2025, 5, 1)


class Coder(Protocol):
    def code(self, documents: Iterable[Document]) -> Iterator[CodedDocument]: ...


@dataclass(slots=True)
class SelfTestFailure:
    entry: Entry
    got: list[str]  # "code source->target [rule]" of what the example did produce

    def __str__(self) -> str:
        got = "; ".join(self.got) if self.got else "no event"
        return f"{self.entry.file}:{self.entry.line} {self.entry.code} {self.entry.pattern!r}: " \
               f"example {self.entry.example!r} gave {got}"


def run(entries: Iterable[Entry], pipeline: Coder) -> list[SelfTestFailure]:
    """Code each entry's example (as a report of 2025-05-01) and collect the entries it fails."""
    entries = list(entries)
    documents = [
        make_document(e.example, doc_id=f"example-{i}", source=e.file, published=None, option_date=_DAY)
        for i, e in enumerate(entries)
    ]
    failures: list[SelfTestFailure] = []
    frames = lexicon().frames
    for entry, coded in zip(entries, pipeline.code(documents)):
        codes = {event.cameo for event in coded.events}
        accepted = {entry.code}
        if any(c.role == "nested" for c in entry.constraints):
            # a framing entry ("urge X to $E") is refined by its nested event through frames.tsv
            accepted |= set(frames.get(entry.code[:2], {}).values())
        if not codes & accepted:
            failures.append(SelfTestFailure(entry, [
                f"{e.cameo} {e.source.code if e.source else '-'}->{e.target.code if e.target else '-'} [{e.rule}]"
                for e in coded.events
            ]))
    return failures
