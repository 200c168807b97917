"""The actor knowledge base: states, organisations, armed groups, office holders, sector words.

Loaded from ``data/actors/*.tsv`` (schemas below, sources in each file's header) into lookup
tables keyed by surface form. The resolver never hard-codes an actor: to teach Flashpoint a new
minister or militia, add a row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from flashpoint.datafiles import Column, Problem, Schema, Table, data_path, read_table

SECTORS = frozenset(
    "GOV MIL COP JUD LEG OPP PTY REB INS SEP UAF SPY BUS CVL MED EDU HLH LAB REL REF ELI CRM "
    "AGR HRI ENV NGO".split()
)
_ISO3 = r"[A-Z]{3}"
_DATE = r"\d{4}-\d{2}-\d{2}"


def _check_date(value: str) -> str | None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a date"
    return None


COUNTRIES = Schema(
    columns=(
        Column("code", pattern=_ISO3),
        Column("name"),
        Column("aliases", required=False, multi=True),
        Column("demonyms", required=False, multi=True),
        Column("capitals", required=False, multi=True),
        Column("seats", required=False, multi=True),
    ),
    unique=("code",),
    min_rows=195,
)
SECTOR_TERMS = Schema(
    columns=(
        Column("term", pattern=r"[^\sA-Z][^A-Z\t]*"),
        Column("sector", choices=SECTORS),
        Column("kind", choices=frozenset({"title", "noun", "adjective", "weapon"})),  # weapon: an actor only as subject
        Column("notes", required=False),
    ),
    unique=("term",),
    min_rows=300,
)
NAME_HEADS = Schema(
    columns=(
        Column("head", pattern=r"[a-z][a-z-]*"),
        Column("sector", choices=SECTORS),
        Column("notes", required=False),
    ),
    unique=("head",),
)
ORGANISATIONS = Schema(
    columns=(
        Column("code", pattern=r"(IGO|NGO)[A-Z0-9]{2,8}"),
        Column("name"),
        Column("aliases", required=False, multi=True),
        Column("kind", choices=frozenset({"IGO", "NGO"})),
        Column("sector", choices=SECTORS),
        Column("country", required=False, pattern=_ISO3),
        Column("notes", required=False),
    ),
    unique=("code",),
    min_rows=40,
)
ARMED_GROUPS = Schema(
    columns=(
        Column("code", pattern=r"[A-Z]{3}(REB|INS|SEP|UAF|MIL|CRM)"),
        Column("name"),
        Column("aliases", required=False, multi=True),
        Column("sector", choices=SECTORS),
        Column("country", required=False, pattern=_ISO3),
        Column("active", required=False, pattern=r"\d{4}-(\d{4})?"),
        Column("notes", required=False),
    ),
    unique=("name",),
    min_rows=60,
)
INSTITUTIONS = Schema(
    columns=(
        Column("code", pattern=r"[A-Z]{3}[A-Z]{3}"),
        Column("name"),
        Column("aliases", required=False, multi=True),
        Column("sector", choices=SECTORS),
        Column("country", pattern=_ISO3),
        Column("notes", required=False),
    ),
    unique=("name",),
    min_rows=1,
)
OFFICE_HOLDERS = Schema(
    columns=(
        Column("name"),
        Column("aliases", required=False, multi=True),
        Column("country", pattern=r"[A-Z]{3}|(IGO|NGO)[A-Z0-9]{2,8}"),  # a state, or an organisation's code
        Column("sector", choices=SECTORS),
        Column("role"),
        Column("start", pattern=_DATE, check=_check_date),
        Column("end", required=False, pattern=_DATE, check=_check_date),
    ),
    unique=("name", "role", "start"),
    min_rows=200,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a surface form can name."""

    kind: str  # country | demonym | capital | seat | igo | ngo | group | person
    country: str | None  # ISO3, or None for international bodies
    sector: str | None
    name: str
    code: str | None = None  # full code for organisations and groups
    role: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_office_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class SectorTerm:
    term: str
    sector: str
    kind: str  # title | noun | adjective


class KnowledgeBase:
    """Surface form -> entries, plus the sector vocabulary and person surnames."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.names: dict[str, list[Entry]] = defaultdict(list)
        self.sector_terms: dict[str, SectorTerm] = {}
        self.name_heads: dict[str, str] = {}  # head word of an unknown proper name -> sector
        self.surnames: dict[str, list[Entry]] = defaultdict(list)
        self.countries: dict[str, str] = {}  # code -> name
        self._load_countries(self._read("countries.tsv", COUNTRIES))
        self._load_sectors(self._read("sectors.tsv", SECTOR_TERMS))
        self.name_heads = {row["head"]: row["sector"] for row in self._read("name_heads.tsv", NAME_HEADS).rows}
        self._load_organisations(self._read("organisations.tsv", ORGANISATIONS))
        self._load_groups(self._read("armed_groups.tsv", ARMED_GROUPS))
        if data_path("actors", "institutions.tsv").exists():
            self._load_institutions(self._read("institutions.tsv", INSTITUTIONS))
        self._load_people(self._read("office_holders.tsv", OFFICE_HOLDERS))

    def _read(self, name: str, schema: Schema) -> Table:
        table = read_table(data_path("actors", name), schema)
        self.problems.extend(table.problems)
        return table

    def _add(self, surface: str, entry: Entry) -> None:
        surface = surface.strip()
        for form in (surface, _unpunctuated(surface)):
            if form and entry not in self.names[form]:
                self.names[form].append(entry)

    def _load_countries(self, table: Table) -> None:
        for row in table.rows:
            code, name = row["code"], row["name"]
            self.countries[code] = name
            for surface in [name, *row["aliases"]]:
                self._add(surface, Entry("country", code, None, name))
            for surface in row["demonyms"]:
                self._add(surface, Entry("demonym", code, None, name))
            for surface in row["capitals"]:
                self._add(surface, Entry("capital", code, "GOV", name))
            for surface in row["seats"]:
                self._add(surface, Entry("seat", code, "GOV", name))

    def _load_sectors(self, table: Table) -> None:
        for row in table.rows:
            self.sector_terms[row["term"]] = SectorTerm(row["term"], row["sector"], row["kind"])

    def _load_organisations(self, table: Table) -> None:
        for row in table.rows:
            entry = Entry(
                row["kind"].lower(), row["country"] or None, row["sector"], row["name"], code=row["code"]
            )
            for surface in [row["name"], *row["aliases"]]:
                self._add(surface, entry)

    def _load_groups(self, table: Table) -> None:
        for row in table.rows:
            country = row["code"][:3]
            entry = Entry("group", country, row["sector"], row["name"], code=row["code"])
            for surface in [row["name"], *row["aliases"]]:
                self._add(surface, entry)

    def _load_institutions(self, table: Table) -> None:
        for row, line in zip(table.rows, table.lines):
            if row["code"][:3] != row["country"] or row["code"][3:] != row["sector"]:
                self.problems.append(Problem("actors/institutions.tsv", line, "code is not country + sector"))
                continue
            entry = Entry("institution", row["country"], row["sector"], row["name"], code=row["code"])
            for surface in [row["name"], *row["aliases"]]:
                self._add(surface, entry)

    def _load_people(self, table: Table) -> None:
        for row, line in zip(table.rows, table.lines):
            start = dt.date.fromisoformat(row["start"])
            end = dt.date.fromisoformat(row["end"]) if row["end"] else None
            if end and end < start:
                self.problems.append(Problem("actors/office_holders.tsv", line, "end is before start"))
                continue
            organisation = row["country"][:3] in ("IGO", "NGO")
            if not organisation and row["country"] not in self.countries and self.countries:
                self.problems.append(
                    Problem("actors/office_holders.tsv", line, f"unknown country {row['country']}")
                )
            entry = Entry(
                "person",
                None if organisation else row["country"],
                row["sector"],
                row["name"],
                code=row["country"] if organisation else None,
                role=row["role"],
                start=start,
                end=end,
            )
            for surface in [row["name"], *row["aliases"]]:
                self._add(surface, entry)
                for surname in _surnames(surface, entry.country):
                    if entry not in self.surnames[surname]:
                        self.surnames[surname].append(entry)

    def person(self, surface: str, day: dt.date | None) -> Entry | None:
        """The office a named person held on ``day`` (their latest office when undated)."""
        entries = [e for e in self.names.get(surface, []) if e.kind == "person"]
        return _pick_office(entries, day)

    def person_by_surname(self, surname: str, day: dt.date | None) -> Entry | None:
        """A surname alone resolves when one known person in office that day bears it, or when
        all who do hold the same kind of office in the same state ("Sharif": PAKGOV either way;
        the entry returned then has no name), or when no one in office bears it and the knowledge
        base knows one person of that name ("Calderon" in a report dated after his term)."""
        every = self.surnames.get(surname, [])
        entries = [e for e in every if e.holds_office_on(day)] if day is not None else every
        if not entries and len({e.name for e in every}) == 1:
            # out of office that day (or the report's date is unknown): still the one person the
            # knowledge base knows by that name, with the country of their office
            return _pick_office(every, day)
        if not entries:
            return None
        if len({e.name for e in entries}) == 1:
            return _pick_office(entries, day)
        codes = {(e.country, e.sector, e.code) for e in entries}
        if len(codes) == 1:
            first = entries[0]
            return Entry("person", first.country, first.sector, "", code=first.code, role=first.role)
        return None

    def surfaces(self) -> list[str]:
        return list(self.names)

    def outlets(self) -> list[str]:
        """The names of news outlets (institutions of sector MED): the credits a report ends with."""
        return [surface for surface, entries in self.names.items()
                if any(e.kind == "institution" and e.sector == "MED" for e in entries)]


# Where the family name comes first ("Wang Yi" is Mr Wang) or the given name is used alone ("Abiy").
FIRST_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "KHM", "MNG", "ETH", "ERI", "HUN"})


def _unpunctuated(surface: str) -> str | None:
    """A name as texts that drop punctuation write it (South Asia Terrorism Portal reports do):
    "CPI (Maoist)" is also "CPI Maoist", "Jaish-e-Mohammed" also "Jaish e Mohammed", "J&K Police"
    also "J K Police"."""
    if not any(mark in surface for mark in "(-&"):
        return None
    return " ".join(surface.replace("(", " ").replace(")", " ").replace("-", " ").replace("&", " ").split())


def _surnames(name: str, country: str | None) -> list[str]:
    """The words a report may use alone for this person: the family name, without "al-"."""
    parts = [p for p in name.replace(".", " ").split() if len(p) > 2]
    if len(parts) < 2:
        return []
    found = [parts[-1]]
    if country in FIRST_NAME_FIRST:
        found.append(parts[0])
    for part in list(found):
        for prefix in ("al-", "el-", "Al-", "El-"):
            if part.startswith(prefix) and len(part) > len(prefix) + 2:
                found.append(part[len(prefix):])
    return found


def _pick_office(entries: list[Entry], day: dt.date | None) -> Entry | None:
    if not entries:
        return None
    if day is not None:
        current = [e for e in entries if e.holds_office_on(day)]
        if current:
            # Prefer GOV/MIL executive office over a concurrent legislative seat.
            return sorted(current, key=lambda e: (e.sector not in ("GOV", "MIL"), -(e.start or dt.date.min).toordinal()))[0]
        # Out of every office that day: the nearest one before, else the earliest after.
        before = [e for e in entries if e.start and e.start <= day]
        if before:
            return max(before, key=lambda e: e.start or dt.date.min)
        return min(entries, key=lambda e: e.start or dt.date.max)
    return max(entries, key=lambda e: e.start or dt.date.min)


@cache
def knowledge_base() -> KnowledgeBase:
    """The actor knowledge base, loaded once per process."""
    return KnowledgeBase()


def validate() -> list[Problem]:
    return list(knowledge_base().problems)
