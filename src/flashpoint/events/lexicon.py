"""The event lexicon: trigger words with dependency patterns, each giving a CAMEO code.

Files: ``data/lexicon/*.tsv`` with columns ``code, pattern, example, note``. A pattern is the
trigger followed by constraints that must all hold on the dependency parse::

    downgrade obj:tie|relation|relationship          India downgraded ties with Pakistan.
    close obj:airspace to:$T                          Pakistan closed its airspace to Indian airlines.
    urge obj:$T to:$E                                 Rubio urged Pakistan to cooperate.
    firing/n mod:border|cross-border                  ... engaging in cross-border firing.
    call for:de-escalation|restraint|calm             The US called for de-escalation.

Trigger: a lemma; ``/n`` marks an event noun (default: verb); ``+prt`` a particle ("pull+back").
Constraints, written ``slot:values`` where values are lemmas separated by ``|``:

- ``obj`` the direct object (the subject of a passive; for nouns the ``of`` object);
- any preposition (``with``, ``to``, ``for``, ``against``, ...): a prepositional object attached to
  the trigger or to its object;
- ``to`` also matches an infinitive complement ("urged X to cooperate");
- ``mod`` a modifier of the trigger (adjective, compound, hyphenated part);
- ``subj`` the subject.

Special values: ``$T`` the slot holds the target actor; ``$A`` the slot names someone (an actor
the actor stage found: "captured **Alicia Vargas**", not "captured the mosque"); ``$E`` the slot
holds a nested event whose own code refines this one through ``frames.tsv`` ("urge ... to
de-escalate" -> 0256); ``*`` any word. A more specific entry (more constraints) beats a general one on the same trigger.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from flashpoint.cues import cues
from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table, relative_name
from flashpoint.ontology import ontology

# The slots a pattern may name: the clause's object, modifiers and subject, and the prepositions
# and particles of cues.tsv (kind slot-preposition).
SLOT_NAMES = frozenset({"obj", "mod", "subj"}) | cues()["slot-preposition"]
_TRIGGER = re.compile(r"^(?P<lemma>[a-z][a-z'-]*)(?:\+(?P<prt>[a-z]+))?(?:/(?P<pos>[nv]))?$")
_WORD = r"[^\W_A-Z][^\s|:A-Z]*"
_CONSTRAINT = re.compile(rf"^(?P<slot>[a-z]+):(?P<values>\$T|\$A|\$E|\*|{_WORD}(?:\|{_WORD})*)$")

LEXICON_SCHEMA = Schema(
    columns=(
        Column("code", pattern=r"\d{2,4}"),
        Column("pattern"),
        Column("example"),
        Column("note", required=False),
    ),
    unique=("code", "pattern"),
)
FRAMES_SCHEMA = Schema(
    columns=(
        Column("frame", pattern=r"\d{2}"),
        Column("nested", pattern=r"\d{2,4}"),
        Column("code", pattern=r"\d{2,4}"),
        Column("note", required=False),
    ),
    unique=("frame", "nested"),
)


@dataclass(frozen=True, slots=True)
class Constraint:
    slot: str
    values: frozenset[str]  # lemmas; empty when the value is $T, $A, $E or *
    role: str | None = None  # "target" | "actor" | "nested" | "any" | None (lemma set)


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row, compiled."""

    code: str
    trigger: str
    pos: str  # "v" | "n"
    particle: str | None
    constraints: tuple[Constraint, ...]
    pattern: str
    example: str
    file: str
    line: int

    @property
    def specificity(self) -> int:
        score = len(self.constraints) * 2 + (1 if self.particle else 0)
        score += sum(1 for c in self.constraints if c.role is None)
        # a kind of object ("humanitarian_access") is more specific than the object ("access")
        score += sum(1 for c in self.constraints if c.values and all("_" in v for v in c.values))
        return score

    @property
    def rule(self) -> str:
        return f"{_file_stem(self.file)}:{self.line} {self.pattern}"

    def slot(self, name: str) -> Constraint | None:
        return next((c for c in self.constraints if c.slot == name), None)


@lru_cache(maxsize=None)
def _file_stem(file: str) -> str:
    """Path(file).stem, once per lexicon file: every coded event asks for its rule."""
    return Path(file).stem


def parse_pattern(pattern: str) -> tuple[str, str, str | None, tuple[Constraint, ...]]:
    """Compile a pattern string; raise ValueError with a readable reason when it is malformed."""
    parts = pattern.split()
    if not parts:
        raise ValueError("empty pattern")
    trigger = _TRIGGER.match(parts[0])
    if not trigger:
        raise ValueError(f"trigger {parts[0]!r} should be a lower-case lemma, optionally +particle and /n")
    constraints: list[Constraint] = []
    seen: set[str] = set()
    for part in parts[1:]:
        match = _CONSTRAINT.match(part)
        if not match:
            raise ValueError(f"constraint {part!r} should look like slot:value|value, slot:$T, slot:$A or slot:$E")
        slot, values = match.group("slot"), match.group("values")
        if slot not in SLOT_NAMES:
            raise ValueError(f"unknown slot {slot!r}")
        if slot in seen:
            raise ValueError(f"slot {slot!r} given twice")
        seen.add(slot)
        if values == "$T":
            constraints.append(Constraint(slot, frozenset(), "target"))
        elif values == "$A":
            constraints.append(Constraint(slot, frozenset(), "actor"))
        elif values == "$E":
            constraints.append(Constraint(slot, frozenset(), "nested"))
        elif values == "*":
            constraints.append(Constraint(slot, frozenset(), "any"))
        else:
            constraints.append(Constraint(slot, frozenset(values.split("|"))))
    if sum(1 for c in constraints if c.role == "nested") > 1:
        raise ValueError("at most one $E slot")
    return trigger.group("lemma"), trigger.group("pos") or "v", trigger.group("prt"), tuple(constraints)


class Lexicon:
    """All entries, indexed by trigger lemma, plus the frame table for nested events."""

    def __init__(self, files: list[Path] | None = None) -> None:
        self.problems: list[Problem] = []
        self.entries: list[Entry] = []
        self.by_trigger: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        known = ontology()
        paths = files if files is not None else sorted(data_path("lexicon").glob("*.tsv"))
        for path in paths:
            if path.name in ("frames.tsv", "boilerplate.tsv", "cues.tsv"):
                continue
            table = read_table(path, LEXICON_SCHEMA)
            self.problems.extend(table.problems)
            for row, line in zip(table.rows, table.lines):
                name = relative_name(path)
                if row["code"] not in known:
                    self.problems.append(Problem(name, line, f"{row['code']} is not a CAMEO code"))
                    continue
                try:
                    lemma, pos, particle, constraints = parse_pattern(row["pattern"])
                except ValueError as error:
                    self.problems.append(Problem(name, line, str(error)))
                    continue
                entry = Entry(row["code"], lemma, pos, particle, constraints, row["pattern"], row["example"], name, line)
                self.entries.append(entry)
                self.by_trigger[(lemma, pos)].append(entry)
        for entries in self.by_trigger.values():
            entries.sort(key=lambda e: -e.specificity)
        frames = read_table(data_path("lexicon", "frames.tsv"), FRAMES_SCHEMA)
        self.problems.extend(frames.problems)
        self.frames: dict[str, dict[str, str]] = defaultdict(dict)
        for row, line in zip(frames.rows, frames.lines):
            for code in (row["nested"], row["code"]):
                if code not in known:
                    self.problems.append(Problem("lexicon/frames.tsv", line, f"{code} is not a CAMEO code"))
            self.frames[row["frame"]][row["nested"]] = row["code"]
        self.triggers = frozenset(lemma for lemma, _ in self.by_trigger)

    def candidates(self, lemma: str, pos: str) -> list[Entry]:
        return self.by_trigger.get((lemma, pos), [])

    def frame_code(self, frame_code: str, nested_code: str) -> str | None:
        """The code of a framing act (appeal, intent, demand, rejection, threat) about a nested event."""
        table = self.frames.get(frame_code[:2])
        if not table:
            return None
        for cut in (4, 3, 2):
            if len(nested_code) >= cut and nested_code[:cut] in table:
                return table[nested_code[:cut]]
        return None

    def for_code(self, code: str) -> list[Entry]:
        return [e for e in self.entries if e.code == code or (len(code) == 2 and e.code.startswith(code))]


@cache
def lexicon() -> Lexicon:
    """The event lexicon, loaded once per process."""
    return Lexicon()


def validate() -> list[Problem]:
    return list(lexicon().problems)
