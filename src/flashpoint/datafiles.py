"""Reading and checking the project's knowledge files (tab-separated tables with a schema).

All knowledge (ontology tables, actors, lexicon, places) lives in TSV files under
``flashpoint/data``: ``#`` lines carry the description and the sources, the first other line is the
header, multi-valued cells are separated by ``|``. One reader and one checker serve every stage,
so ``flashpoint check`` reports the same kinds of problems for every file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

DATA_ROOT = Path(str(resources.files("flashpoint") / "data"))


@dataclass(frozen=True, slots=True)
class Problem:
    """One malformed or missing entry in a knowledge file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool = True
    multi: bool = False
    pattern: str | None = None  # a regular expression each value must match in full
    choices: frozenset[str] | None = None
    check: Callable[[str], str | None] | None = None  # returns an error message or None


@dataclass(frozen=True, slots=True)
class Schema:
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # column names whose combination must be unique
    min_rows: int = 1

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(slots=True)
class Table:
    path: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def data_path(*parts: str) -> Path:
    return DATA_ROOT.joinpath(*parts)


def relative_name(path: Path) -> str:
    try:
        return str(path.relative_to(DATA_ROOT))
    except ValueError:
        return str(path)


def _check_value(col: Column, value: str) -> str | None:
    if col.pattern and not re.fullmatch(col.pattern, value):
        return f"{col.name} {value!r} does not match {col.pattern}"
    if col.choices is not None and value not in col.choices:
        return f"{col.name} {value!r} is not one of {', '.join(sorted(col.choices))}"
    if col.check:
        return col.check(value)
    return None


def read_table(path: Path, schema: Schema) -> Table:
    """Read a TSV knowledge file, keeping good rows and recording every problem.

    Multi-valued columns come back as lists; empty optional cells as ``""`` (or ``[]``).
    A malformed row is reported and skipped, never fatal, so one typo cannot stop the coder.
    """
    table = Table(path)
    name = relative_name(path)
    if not path.exists():
        table.problems.append(Problem(name, 0, "file is missing"))
        return table
    header: list[str] | None = None
    seen: dict[tuple[str, ...], int] = {}
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                if header != schema.header:
                    table.problems.append(
                        Problem(name, number, f"header {header} should be {schema.header}")
                    )
                    return table
                continue
            if len(cells) != len(schema.columns):
                table.problems.append(
                    Problem(name, number, f"{len(cells)} columns, expected {len(schema.columns)}")
                )
                continue
            row: dict[str, Any] = {}
            errors: list[str] = []
            for col, cell in zip(schema.columns, cells):
                cell = cell.strip()
                if not cell:
                    if col.required:
                        errors.append(f"{col.name} is empty")
                    row[col.name] = [] if col.multi else ""
                    continue
                values = [v.strip() for v in cell.split("|")] if col.multi else [cell]
                for value in values:
                    if not value:
                        errors.append(f"{col.name} has an empty item")
                    elif message := _check_value(col, value):
                        errors.append(message)
                row[col.name] = values if col.multi else cell
            if schema.unique:
                key = tuple(str(row.get(c)) for c in schema.unique)
                if key in seen:
                    errors.append(f"duplicate {'/'.join(schema.unique)} (first on line {seen[key]})")
                else:
                    seen[key] = number
            if errors:
                table.problems.extend(Problem(name, number, e) for e in errors)
                continue
            table.rows.append(row)
            table.lines.append(number)
    if header is None:
        table.problems.append(Problem(name, 0, "no header line"))
    elif len(table.rows) < schema.min_rows:
        table.problems.append(
            Problem(name, 0, f"{len(table.rows)} rows, expected at least {schema.min_rows}")
        )
    return table


def read_tables(paths: Iterable[Path], schema: Schema) -> list[Table]:
    return [read_table(p, schema) for p in sorted(paths)]
