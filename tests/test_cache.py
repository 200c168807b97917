"""The gazetteer's disk cache (issue 18): a corrupt cache broke every command with a
UnicodeDecodeError until deleted, and 20 of 60 corruptions loaded silently with wrong data; a
cache path that was a folder leaked a 16 MB temporary file per run. Now the cache is checksummed,
rebuilt on any doubt with a warning naming it, and its temporary files never stay behind."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import random
import time

import pytest

from flashpoint import diskcache
from flashpoint.places import cities

DATASET = "cities15000"  # the smallest list: builds in about two seconds


@pytest.fixture(scope="module")
def built() -> cities.CityTable:
    return cities.build(DATASET)


@pytest.fixture
def cache(tmp_path, monkeypatch, built):
    """A sound cache in a folder of its own; building the table again is the prebuilt one (what
    is tested is when the cache is trusted, not GeoNames' parsing)."""
    monkeypatch.setenv("FLASHPOINT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cities, "build", lambda dataset: built)
    path = cities._cache_file(DATASET)
    fresh = cities.load(DATASET)
    assert path.is_file()
    return path, fresh


def _same(a: cities.CityTable, b: cities.CityTable) -> bool:
    return (a.dataset, list(a.geonameid), a.name, list(a.lat), a.country, a.names) == \
        (b.dataset, list(b.geonameid), b.name, list(b.lat), b.country, b.names)


def _corruptions(data: bytes) -> dict[str, bytes]:
    rng = random.Random(18)
    found = {"empty": b"", "text": "Grüße, not a cache\n".encode() * 50, "truncated header": data[:30],
             "truncated": data[: len(data) // 2], "last byte gone": data[:-1]}
    for number in range(4):
        scribbled = bytearray(data)
        for _ in range(1 + number * 3):
            at = rng.randrange(len(scribbled))
            scribbled[at] ^= 1 << rng.randrange(8)
        found[f"{1 + number * 3} bits flipped"] = bytes(scribbled)
    found["old pickle without header"] = data[data.index(b"\n", len(diskcache.MAGIC)) + 1:]
    return found


def test_no_corruption_is_trusted(cache, caplog):
    path, fresh = cache
    good = path.read_bytes()
    for name, data in _corruptions(good).items():
        path.write_bytes(data)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="flashpoint.cache"):
            assert diskcache.load(path, cities._CACHED_CLASSES, "gazetteer") is None, name
        assert any(str(path) in record.getMessage() for record in caplog.records), name
        assert not path.exists(), name  # removed: the next run rebuilds it
    path.write_bytes(good)
    assert _same(diskcache.load(path, cities._CACHED_CLASSES, "gazetteer"), fresh)


def test_a_corrupt_cache_is_rebuilt(cache, caplog):
    """Text where the pickle should be used to raise UnicodeDecodeError out of every command."""
    path, fresh = cache
    path.write_bytes("Grüße, not a cache\n".encode() * 50)
    with caplog.at_level(logging.WARNING, logger="flashpoint.cache"):
        assert _same(cities.load(DATASET), fresh)
    assert f"the gazetteer cache {path} is not a Flashpoint cache file" in caplog.text
    assert _same(diskcache.load(path, cities._CACHED_CLASSES, "gazetteer"), fresh)  # written again, sound


def test_a_crafted_cache_cannot_run_code(cache, tmp_path, caplog):
    path, fresh = cache
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Payload())
    path.write_bytes(diskcache.MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    with caplog.at_level(logging.WARNING, logger="flashpoint.cache"):
        assert _same(cities.load(DATASET), fresh)
    assert not marker.exists()
    assert "refuses posix.system" in caplog.text or "refuses os.system" in caplog.text


def test_a_cache_path_that_is_a_folder_leaves_nothing_behind(tmp_path, monkeypatch, caplog, built):
    monkeypatch.setenv("FLASHPOINT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cities, "build", lambda dataset: built)
    path = cities._cache_file(DATASET)
    path.mkdir(parents=True)
    for _ in range(2):
        with caplog.at_level(logging.WARNING, logger="flashpoint.cache"):
            assert len(cities.load(DATASET)) > 10_000
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    assert f"cannot write the gazetteer cache {path}" in caplog.text


def test_temporary_files_of_killed_runs_are_removed(cache):
    path, _ = cache
    old = path.parent / f".{path.name}.abc123.partial"
    new = path.parent / f".{path.name}.def456.partial"
    old.write_bytes(b"x" * 1000)
    new.write_bytes(b"x")
    stale = time.time() - 2 * diskcache.STALE_SECONDS
    os.utime(old, (stale, stale))
    path.unlink()
    cities.load(DATASET)
    assert not old.exists() and new.exists()  # a fresh one may belong to a run still writing
