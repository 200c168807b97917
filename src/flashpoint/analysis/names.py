"""Readable names for actor codes ("PAK" -> "Pakistan", "IGOUNSC" -> "UN Security Council"), and
the codes of names ("Pakistan", "Islamabad", "Marco Rubio" -> their codes) for faces that let an
analyst type names where codes are expected.

Read straight from the actor knowledge files, without building the coder's knowledge base, so
labelling a chart costs milliseconds.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from flashpoint.datafiles import data_path, read_table


@cache
def _kb() -> ModuleType:
    """The knowledge base's table schemas (``flashpoint.actors.kb``) without importing the
    actors package, whose ``__init__`` loads spaCy: two seconds before the first label."""
    loaded = sys.modules.get("flashpoint.actors.kb")
    if loaded is not None:
        return loaded
    name = "flashpoint.analysis._actor_tables"
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent.parent / "actors" / "kb.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@cache
def countries() -> dict[str, str]:
    """ISO alpha-3 code -> common English name, for every state the knowledge base knows."""
    table = read_table(data_path("actors", "countries.tsv"), _kb().COUNTRIES)
    return {row["code"]: row["name"] for row in table.rows}


@cache
def _organisations() -> dict[str, str]:
    table = read_table(data_path("actors", "organisations.tsv"), _kb().ORGANISATIONS)
    return {row["code"]: row["name"] for row in table.rows}


def organisations() -> dict[str, str]:
    """IGO/NGO code -> name, for every organisation the knowledge base knows."""
    return dict(_organisations())


def is_country(code: str) -> bool:
    return code.upper() in countries()


def label(code: str | None) -> str:
    """The name to show for an actor code: a country, an organisation, or the code itself. A code
    with a sector block (INDGOV) shows its country."""
    if not code:
        return "unknown"
    code = code.upper()
    if code in countries():
        return countries()[code]
    if code in _organisations():
        return _organisations()[code]
    if code[:3] in countries():
        return countries()[code[:3]]
    return code


def dyad_label(a: str, b: str) -> str:
    return f"{label(a)} – {label(b)}"


#: CAMEO sector blocks, in words a non-specialist reads.
SECTORS = {
    "GOV": "government", "MIL": "military", "CVL": "civilians", "BUS": "business", "REB": "rebels",
    "COP": "police", "LEG": "legislature", "CRM": "criminals", "JUD": "judiciary", "REL": "religious",
    "MED": "media", "OPP": "opposition", "EDU": "education", "PTY": "political party", "LAB": "labour",
    "ELI": "elites", "SPY": "intelligence", "UAF": "armed group", "NGO": "NGO", "HRI": "human rights",
    "HLH": "health", "AGR": "agriculture", "REF": "refugees", "INS": "insurgents", "ENV": "environment",
    "SEP": "separatists",
}


def actor_label(code: str | None) -> str:
    """An actor code in words: "INDMIL" -> "India (military)", "---REB" -> "rebels", "IGOUNSC" ->
    "UN Security Council"."""
    if not code:
        return "unknown"
    code = code.upper()
    if code in countries() or code in _organisations():
        return label(code)
    country, sector = code[:3], code[3:6]
    words = SECTORS.get(sector, sector.lower() if sector else "")
    if country in countries():
        return f"{countries()[country]} ({words})" if words else countries()[country]
    if country == "---":
        return words or "unknown"
    return label(code)


#: Where names are read from, first wins when two tables give one name: (file, schema, how a row
#: gives its code).
_NAMED_TABLES = (
    ("countries.tsv", "COUNTRIES", ("name", "aliases", "demonyms", "capitals"), lambda row: row["code"]),
    ("organisations.tsv", "ORGANISATIONS", ("name", "aliases"), lambda row: row["code"]),
    ("institutions.tsv", "INSTITUTIONS", ("name", "aliases"), lambda row: row["code"]),
    ("armed_groups.tsv", "ARMED_GROUPS", ("name", "aliases"), lambda row: row["code"]),
    ("office_holders.tsv", "OFFICE_HOLDERS", ("name", "aliases"),
     lambda row: row["country"] + row["sector"] if len(row["country"]) == 3 else row["country"]),
)


def _key(name: str) -> str:
    key = " ".join(name.casefold().split())
    return key[4:] if key.startswith("the ") else key


@cache
def _codes_by_name() -> dict[str, tuple[str, str]]:
    """Every name, alias, demonym and capital the knowledge base knows (case-folded, without a
    leading "the") -> (code, the name as written)."""
    found: dict[str, tuple[str, str]] = {}
    for file, schema, columns, code_of in _NAMED_TABLES:
        rows = read_table(data_path("actors", file), getattr(_kb(), schema)).rows
        # a person's latest office names them (Rubio: Secretary of State, no longer Senator)
        for row in sorted(rows, key=lambda row: row.get("start") or "", reverse=True):
            code = code_of(row)
            for column in columns:
                value = row.get(column)
                for name in value if isinstance(value, list) else [value]:
                    if name:
                        found.setdefault(_key(name), (code, name))
    return found


def resolve(text: str) -> str | None:
    """The actor code of a name ("Pakistan", "pakistani", "Islamabad", "the UN Security Council",
    "Marco Rubio"), or None when ``text`` names nothing the knowledge base knows (a code such as
    ``PAKMIL`` included: codes are not names)."""
    found = _codes_by_name().get(_key(text))
    return found[0] if found else None


def suggest(text: str, limit: int = 10) -> list[tuple[str, str]]:
    """(code, name) of known names that start with ``text``, or have a word that does, shortest
    first: what to offer as an analyst types ("paki" -> Pakistan, Pakistani)."""
    key = _key(text)
    if not key:
        return []
    matches = [(len(name), name, code) for name, (code, _written) in _codes_by_name().items()
               if name.startswith(key) or f" {key}" in name]
    seen: dict[str, tuple[str, str]] = {}
    for _length, name, code in sorted(matches):
        seen.setdefault(code, (code, _codes_by_name()[name][1]))
        if len(seen) >= limit:
            break
    return list(seen.values())
