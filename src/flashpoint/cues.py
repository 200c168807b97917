"""The cue vocabulary (``data/lexicon/cues.tsv``) and boilerplate patterns, loaded once."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table

CUE_KINDS = frozenset(
    {
        "negation", "negating-verb", "modal-hypothetical", "modal-future", "hypothetical-verb",
        "future-verb", "hypothetical-word", "condition", "support-verb", "occurrence-verb",
        "reporting-verb", "hedge", "background-prep", "claim-verb", "umbrella-verb", "target-noun", "stative-verb", "natural-hazard",
    }
)
CUES_SCHEMA = Schema(
    columns=(
        Column("cue", pattern=r"[a-z'+-]+"),
        Column("kind", choices=CUE_KINDS),
        Column("note", required=False),
    ),
    unique=("cue", "kind"),
)
BOILERPLATE_SCHEMA = Schema(columns=(Column("pattern"), Column("note", required=False)))


@dataclass(slots=True)
class Cues:
    by_kind: dict[str, frozenset[str]] = field(default_factory=dict)
    boilerplate: re.Pattern[str] | None = None
    problems: list[Problem] = field(default_factory=list)

    def __getitem__(self, kind: str) -> frozenset[str]:
        return self.by_kind.get(kind, frozenset())

    def is_boilerplate(self, sentence: str) -> bool:
        return bool(self.boilerplate and self.boilerplate.match(sentence.strip()))


@cache
def cues() -> Cues:
    table = read_table(data_path("lexicon", "cues.tsv"), CUES_SCHEMA)
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in table.rows:
        kinds[row["kind"]].add(row["cue"])
    result = Cues({k: frozenset(v) for k, v in kinds.items()}, problems=list(table.problems))
    plates = read_table(data_path("lexicon", "boilerplate.tsv"), BOILERPLATE_SCHEMA)
    result.problems.extend(plates.problems)
    good: list[str] = []
    for row, line in zip(plates.rows, plates.lines):
        try:
            re.compile(row["pattern"])
        except re.error as error:
            result.problems.append(Problem("lexicon/boilerplate.tsv", line, f"bad regular expression: {error}"))
            continue
        good.append(f"(?:{row['pattern']})")
    if good:
        result.boilerplate = re.compile("|".join(good), re.IGNORECASE)
    return result


def validate() -> list[Problem]:
    return list(cues().problems)
