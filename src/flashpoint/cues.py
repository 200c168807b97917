"""The cue words: classes of English words the coding rules are about, written as data.

One loader and one schema for every cue file: ``data/language/cues.tsv`` (word classes several
stages share), ``data/lexicon/cues.tsv`` (the event coder's), ``data/actors/cues.tsv``,
``data/places/cues.tsv`` and ``data/time/cues.tsv``; plus the boilerplate patterns of
``data/lexicon/boilerplate.tsv``. Each kind lives in one file (:data:`CUE_KINDS`), described in
that file's header. A rule reads ``cues()[kind]`` (a set) or ``cues().in_order(kind)`` (file
order, for kinds searched in order); ``flashpoint check`` reports every problem.

This module sits below the stages, so the actor, place and time coders read cues without
importing the event coder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table

#: Every cue kind and the folder of the cue file that holds it.
CUE_KINDS: dict[str, str] = {
    **dict.fromkeys(
        ("hyphen-prefix", "partitive", "group-noun", "unit-noun", "number-word", "portion-noun", "share-word", "measure-noun", "approximator", "body-noun",
         "plural-pronoun", "personal-pronoun", "definite-determiner", "plural-demonstrative", "conjunction",
         "disjunction", "coordination-filler", "locative-preposition", "modal-future", "support-verb",
         "headline-lowercase"),
        "language"),
    **dict.fromkeys(
        ("negation", "negating-verb", "modal-hypothetical", "hypothetical-verb", "future-verb", "hypothetical-word",
         "condition", "doubt-subordinator", "event-support-verb", "occurrence-verb", "reporting-verb",
         "announcing-verb", "attempt-verb", "obligation-modal", "security-operation-noun", "defence-verb", "weapons-test", "exposure-verb", "pending-adverb", "near-adjective", "mutual-support-verb", "pursuit-verb", "accident-noun", "mishap-noun", "accident-source", "accident-verb", "sequence-noun", "crime-sector", "raid-word", "journey-word", "questioning-verb", "theft-verb", "killing-verb", "wounding-verb", "suffering-verb", "labour-strike-noun", "strike-calling-verb", "audience-sector", "condemning-adjective", "death-word", "news-noun", "responsibility-claim", "explosive-noun", "hedge", "background-prep", "claim-verb", "raising-verb", "claim-noun", "umbrella-verb", "reply-verb", "toll-verb", "target-noun",
         "stative-verb", "natural-hazard", "target-preposition", "force-place-preposition", "blaming-word", "wrongdoing-verb", "speaker-verb",
         "unnamed-target-preposition", "relative-pronoun", "slot-preposition", "court-grant", "court-verb"),
        "lexicon"),
    **dict.fromkeys(
        ("caseless-stopword", "courtesy-title", "honorific", "foreign-word", "capital-preposition",
         "counting-word", "state-noun", "region-word", "wire-agency", "member-title", "facility-word"),
        "actors"),
    **dict.fromkeys(
        ("place-verb", "place-part-noun", "place-noun", "local-body-noun", "compass-word", "role-word", "path-preposition", "directional-preposition",
         "name-particle", "inhabitant-noun", "media-name-word", "common-word", "border-noun", "crossing-noun", "admin-noun", "region-noun", "city-noun"),
        "places"),
    **dict.fromkeys(
        ("time-noun", "aspect-verb", "simultaneity-subordinator", "perfect-auxiliary", "dating-support-verb",
         "period-preposition", "period-phrase", "short-period", "habitual-word", "trend-adjective", "toll-preposition",
         "told-event-noun", "large-number-word", "statistic-noun", "sport-word", "market-word"),
        "time"),
}
CUE_FOLDERS = ("language", "lexicon", "actors", "places", "time")
CUES_SCHEMA = Schema(
    columns=(
        # a lower-case word, lemma, prefix or abbreviation ("mr."), "lemma+particle", a phrase of such
        # words ("so far"), or "," / "&"
        Column("cue", pattern=r"[a-z'+.-]+( [a-z'+.-]+)*|[,&]"),
        Column("kind", choices=frozenset(CUE_KINDS)),
        Column("note", required=False),
    ),
    unique=("cue", "kind"),
)
BOILERPLATE_SCHEMA = Schema(columns=(Column("pattern"), Column("note", required=False)))


@dataclass(slots=True)
class Cues:
    by_kind: dict[str, frozenset[str]] = field(default_factory=dict)
    ordered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    boilerplate: re.Pattern[str] | None = None
    problems: list[Problem] = field(default_factory=list)

    def __getitem__(self, kind: str) -> frozenset[str]:
        """The words of a kind (a kind no file fills is empty; an unknown kind is an error)."""
        if kind not in CUE_KINDS:
            raise KeyError(f"no cue kind {kind!r}")
        return self.by_kind.get(kind, frozenset())

    def in_order(self, kind: str) -> tuple[str, ...]:
        """The words of a kind in file order, for kinds searched best first."""
        self[kind]  # noqa: B018 - the unknown-kind check
        return self.ordered.get(kind, ())

    def is_boilerplate(self, sentence: str) -> bool:
        return bool(self.boilerplate and self.boilerplate.match(sentence.strip()))


@cache
def cues() -> Cues:
    """Every cue file and the boilerplate patterns, loaded once per process."""
    result = Cues()
    words: dict[str, list[str]] = {}
    for folder in CUE_FOLDERS:
        name = f"{folder}/cues.tsv"
        table = read_table(data_path(folder, "cues.tsv"), CUES_SCHEMA)
        result.problems.extend(table.problems)
        for row, line in zip(table.rows, table.lines):
            kind = row["kind"]
            if CUE_KINDS[kind] != folder:
                result.problems.append(Problem(name, line, f"kind {kind} belongs in {CUE_KINDS[kind]}/cues.tsv"))
                continue
            words.setdefault(kind, []).append(row["cue"])
    result.by_kind = {kind: frozenset(found) for kind, found in words.items()}
    result.ordered = {kind: tuple(found) for kind, found in words.items()}
    result.boilerplate = _boilerplate(result.problems)
    return result


def _boilerplate(problems: list[Problem]) -> re.Pattern[str] | None:
    """One pattern matching any line of ``lexicon/boilerplate.tsv`` (bad patterns are reported)."""
    plates = read_table(data_path("lexicon", "boilerplate.tsv"), BOILERPLATE_SCHEMA)
    problems.extend(plates.problems)
    good: list[str] = []
    for row, line in zip(plates.rows, plates.lines):
        try:
            re.compile(row["pattern"])
        except re.error as error:
            problems.append(Problem("lexicon/boilerplate.tsv", line, f"bad regular expression: {error}"))
            continue
        good.append(f"(?:{row['pattern']})")
    return re.compile("|".join(good), re.IGNORECASE) if good else None


def validate() -> list[Problem]:
    return list(cues().problems)
