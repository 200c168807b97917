"""CAMEO codes, Goldstein weights, quad classes, the CAMEO -> PLOVER crosswalk and the properties
of codes that coding rules and analysis read (``code_properties.tsv``: violence, framing, ...).

The tables are the project's own data files (``data/ontology``), with their sources cited in
their headers. Codes are strings throughout: ``"010"`` and ``"10"`` are different codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cache

from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def quad_class_of_root(root: str) -> int:
    """CAMEO convention: 01-05 verbal cooperation, 06-08 material cooperation,
    09-13 verbal conflict, 14-20 material conflict."""
    n = int(root)
    return 1 if n <= 5 else 2 if n <= 8 else 3 if n <= 13 else 4


def _check_root(value: str) -> str | None:
    return None if 1 <= int(value) <= 20 else f"root {value} is outside 01-20"


CAMEO_SCHEMA = Schema(
    columns=(
        Column("code", pattern=r"\d{2,4}"),
        Column("root", pattern=r"\d{2}", check=_check_root),
        Column("level", choices=frozenset({"root", "3", "4"})),
        Column("name"),
        Column("goldstein", pattern=r"-?\d+(\.\d+)?"),
        Column("quad_class", choices=frozenset({"1", "2", "3", "4"})),
    ),
    unique=("code",),
    min_rows=300,
)

PLOVER_SCHEMA = Schema(
    columns=(
        Column("cameo", pattern=r"\d{2,4}"),
        Column("plover_type", required=False, choices=PLOVER_TYPES),
        Column("mode", required=False, pattern=r"[a-z][a-z_-]*"),
        Column("context", required=False, multi=True, pattern=r"[a-z][a-z_-]*"),
    ),
    unique=("cameo",),
    min_rows=300,
)


@dataclass(frozen=True, slots=True)
class CodeProperties:
    """What the rules need to know about a code beyond its weight: one column of
    ``code_properties.tsv`` each (its header says what each means). Adding a property is adding a
    field here and a column there."""

    violence: bool = False
    force: bool = False
    framing: bool = False
    undoing: bool = False
    needs_target: bool = False
    implicit_target: bool = False
    reciprocal: bool = False
    joint_intent: bool = False
    reply: bool = False
    civilian_victims: bool = False
    crowd_source: bool = False
    state_doer: bool = False
    home_target: bool = False
    own_means: bool = False
    needs_source: bool = False
    taken_from: bool = False
    armed_doer: bool = False


PROPERTY_NAMES = tuple(f.name for f in fields(CodeProperties))
PROPERTIES_SCHEMA = Schema(
    columns=(
        Column("code", pattern=r"\d{2,4}"),
        *(Column(name, required=False, choices=frozenset({"yes", "no"})) for name in PROPERTY_NAMES),
        Column("note", required=False),
    ),
    unique=("code",),
)


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    properties: CodeProperties = field(default_factory=CodeProperties)

    @property
    def material_conflict(self) -> bool:
        """Quad class 4 (roots 14-20): protests, force posture, reduced relations, coercion, violence."""
        return self.quad_class == 4

    @property
    def cooperation(self) -> bool:
        """Quad classes 1 and 2 (roots 01-08): verbal and material cooperation."""
        return self.quad_class <= 2


class Ontology:
    """All CAMEO codes with their weights and PLOVER mapping, looked up by code string."""

    def __init__(self) -> None:
        cameo = read_table(data_path("ontology", "cameo.tsv"), CAMEO_SCHEMA)
        plover = read_table(data_path("ontology", "cameo_plover.tsv"), PLOVER_SCHEMA)
        self.problems: list[Problem] = cameo.problems + plover.problems
        crosswalk = {row["cameo"]: row for row in plover.rows}
        self.codes: dict[str, CameoCode] = {}
        for row in cameo.rows:
            code = row["code"]
            mapping = self._nearest(code, crosswalk)
            self.codes[code] = CameoCode(
                code=code,
                root=row["root"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover_type=(mapping or {}).get("plover_type") or None,
                plover_mode=(mapping or {}).get("mode") or None,
            )
        self._check_consistency(cameo.rows, crosswalk)
        self._read_properties()

    def _read_properties(self) -> None:
        """Give every code its properties: each column's value on the nearest code above it (or
        itself) that sets one."""
        table = read_table(data_path("ontology", "code_properties.tsv"), PROPERTIES_SCHEMA)
        self.problems.extend(table.problems)
        self._marks: dict[str, dict[str, bool]] = {}
        for row, line in zip(table.rows, table.lines):
            if row["code"] not in self.codes:
                self.problems.append(Problem("ontology/code_properties.tsv", line, f"{row['code']} is not a CAMEO code"))
                continue
            self._marks[row["code"]] = {name: row[name] == "yes" for name in PROPERTY_NAMES if row[name]}
        for code, known in self.codes.items():
            values: dict[str, bool] = {}
            for cut in range(2, len(code) + 1):  # the root first, the code itself last
                values.update(self._marks.get(code[:cut], {}))
            self.codes[code] = replace(known, properties=CodeProperties(**values))
        for code, marks in self._marks.items():
            for name, value in marks.items():
                above = next((self._marks[code[:cut]][name] for cut in range(len(code) - 1, 1, -1)
                              if name in self._marks.get(code[:cut], {})), False)
                if value == above:
                    self.problems.append(Problem("ontology/code_properties.tsv", 0,
                                                 f"{code} sets {name} to what it inherits"))

    @staticmethod
    def _nearest(code: str, crosswalk: dict[str, dict]) -> dict | None:
        for cut in (len(code), 3, 2):
            if cut <= len(code) and code[:cut] in crosswalk:
                return crosswalk[code[:cut]]
        return None

    def _check_consistency(self, rows: list[dict], crosswalk: dict[str, dict]) -> None:
        name = "ontology/cameo.tsv"
        for row in rows:
            code = row["code"]
            if not code.startswith(row["root"]):
                self.problems.append(Problem(name, 0, f"{code} does not start with its root {row['root']}"))
            if int(row["quad_class"]) != quad_class_of_root(row["root"]):
                self.problems.append(Problem(name, 0, f"{code} has the wrong quad class"))
            if len(code) > 2 and code[:-1] not in self.codes and code[:3] not in self.codes:
                self.problems.append(Problem(name, 0, f"{code} has no parent code"))
        roots = {c.root for c in self.codes.values()}
        for n in range(1, 21):
            if f"{n:02d}" not in roots:
                self.problems.append(Problem(name, 0, f"root {n:02d} is missing"))
        for code in crosswalk:
            if code not in self.codes:
                self.problems.append(
                    Problem("ontology/cameo_plover.tsv", 0, f"{code} is not a CAMEO code")
                )
        for code in self.codes:
            if self._nearest(code, crosswalk) is None:
                self.problems.append(
                    Problem("ontology/cameo_plover.tsv", 0, f"{code} has no PLOVER mapping")
                )

    def __getitem__(self, code: str) -> CameoCode:
        return self.codes[code]

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def roots(self) -> list[str]:
        return sorted({c.root for c in self.codes.values()})

    def properties(self, code: str) -> CodeProperties:
        """The properties of a code (inherited from the codes above it; see code_properties.tsv)."""
        return self.codes[code].properties

    def marked(self, name: str, value: bool = True) -> tuple[str, ...]:
        """The codes whose own row sets property ``name`` to ``value``, in code order: for a query
        that needs the list ("force": the roots 18, 19, 20; with False, the codes 191 and 192)."""
        if name not in PROPERTY_NAMES:
            raise KeyError(f"no code property {name!r}")
        return tuple(code for code in sorted(self._marks) if self._marks[code].get(name) is value)


@cache
def ontology() -> Ontology:
    """The ontology, loaded once per process."""
    return Ontology()


def validate() -> list[Problem]:
    return list(ontology().problems)
