"""Readable names for actor codes ("PAK" -> "Pakistan", "IGOUNSC" -> "UN Security Council").

Read straight from the actor knowledge files (countries and organisations only), without
building the coder's knowledge base, so labelling a chart costs milliseconds.
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
