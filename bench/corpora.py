"""The benchmark corpora, shared by bench/throughput.py, memory.py and workers.py.

- ``bbc``: the 2,225 BBC News articles of ../shared/eval/conflibert_bbc_news.jsonl.gz (about
  870,000 words), read in place and never copied; the scripts stop with a clear message when
  ../shared is absent. ``FLASHPOINT_EVAL=DIR`` reads them from DIR instead of ../shared/eval (a
  git worktree elsewhere than next to ../shared).
- ``glocon``: the 1,549 records of ../shared/eval/glocon_sample.jsonl (real news, cased: 535
  articles and 1,013 single sentences, about 180,000 words), read in place like ``bbc``.
- ``example``: the worked example (tests/fixtures/pahalgam-2025-05-01.txt, 463 words) repeated.
  Each copy ends with its own copy number, so the store does not skip copies as already stored.

``--scale K`` repeats a corpus K times the same way (for the memory benchmark).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flashpoint.ingest import make_document
from flashpoint.records import Document

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("FLASHPOINT_EVAL") or REPO.parent / "shared" / "eval")
BBC = EVAL / "conflibert_bbc_news.jsonl.gz"
GLOCON = EVAL / "glocon_sample.jsonl"
EXAMPLE = REPO / "tests" / "fixtures" / "pahalgam-2025-05-01.txt"
EXAMPLE_DATE = dt.date(2025, 5, 1)
CORPORA = ("bbc", "glocon", "example")
SHARED = {"bbc": BBC, "glocon": GLOCON}


@dataclass(slots=True)
class Corpus:
    """A named stream of documents, re-readable (each call of :meth:`documents` reads afresh)."""

    name: str
    limit: int | None = None  # documents of one copy (None: all)
    scale: int = 1  # copies
    repeat: int = 200  # copies of the worked example in one "example" corpus

    def documents(self) -> Iterator[Document]:
        for copy in range(self.scale):
            if self.name == "bbc":
                yield from _bbc(copy, self.limit)
            elif self.name == "glocon":
                yield from _glocon(copy, self.limit)
            else:
                yield from _example(copy, self.limit or self.repeat)

    def labels(self) -> dict[str, str]:
        """doc_id -> POLITICS / NOT_POLITICS (BBC only)."""
        if self.name != "bbc":
            return {}
        return {_bbc_id(record["id"], copy): record["labels"]["class"]
                for copy in range(self.scale) for record in _bbc_records(self.limit)}


def require_shared(names: list[str]) -> None:
    """Stop with a clear message when a shared corpus is asked for and ../shared is absent."""
    for name in names:
        path = SHARED.get(name)
        if path is not None and not path.is_file():
            sys.exit(f"error: {path} not found. The {name} benchmark reads the shared development set in "
                     f"place (../shared next to the checkout; it is never copied into the repository). "
                     f"Run with --corpus example for the worked example alone.")


def _bbc_records(limit: int | None) -> Iterator[dict]:
    with gzip.open(BBC, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def _bbc_id(record_id: str, copy: int) -> str:
    return record_id if copy == 0 else f"{record_id}~copy{copy}"


def _bbc(copy: int, limit: int | None) -> Iterator[Document]:
    for record in _bbc_records(limit):
        text = record["text"] if copy == 0 else f"{record['text']}\n(copy {copy})"
        yield make_document(text, doc_id=_bbc_id(record["id"], copy), source="bbc")


def _glocon(copy: int, limit: int | None) -> Iterator[Document]:
    with GLOCON.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            record = json.loads(line)
            text = record["text"] if copy == 0 else f"{record['text']}\n(copy {copy})"
            yield make_document(text, doc_id=_bbc_id(record["id"], copy), source="glocon")


def _example(copy: int, repeat: int) -> Iterator[Document]:
    text = EXAMPLE.read_text(encoding="utf-8").rstrip("\n")
    for number in range(repeat):
        index = copy * repeat + number
        yield make_document(f"{text}\n(copy {index})", doc_id=f"pahalgam-{index}", source="example",
                            published=EXAMPLE_DATE)


def words(text: str) -> int:
    return len(text.split())


def table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """A plain text table: (key, header) columns, numbers right-aligned."""
    cells = [[header for _, header in columns]]
    for row in rows:
        cells.append([_cell(row.get(key)) for key, _ in columns])
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = []
    for n, line in enumerate(cells):
        lines.append("  ".join(value.rjust(width) if n and _numeric(value) else value.ljust(width)
                               for value, width in zip(line, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _numeric(value: str) -> bool:
    return value.replace(",", "").replace(".", "").replace("x", "").replace("%", "").isdigit()
