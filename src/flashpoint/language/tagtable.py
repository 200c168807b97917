"""The prebuilt tag-rules table: spaCy's attribute ruler and lemmatizer on the most frequent keys.

:class:`~flashpoint.language.tagrules.TagRules` learns what spaCy's two components give each key
(word, tag, dependency class, after an expletive) the first time a process meets it. Cold, that is
a tenth of the parse of the first few hundred articles, and every process (each Dask worker) paid
it again. ``data/language/tagtable.tsv.gz`` holds the values for the keys seen most often in the
project's development text (``bench/build_tagtable.py`` builds it: only keys, never texts), and
the table starts with them, so every process starts warm.

The file is a cache of spaCy's own output, so it is used only with the model it was built from:
its header records the model's name and version and spaCy's version, and when any of them differs
from the running ones the file is ignored (logged at debug level) and the table learns as before.
A sample of its rows is learned again at load and must give the same values, else the file is
ignored (a warning); ``bench/build_tagtable.py`` and ``tests/test_tagtable.py`` learn every row
again and compare. ``FLASHPOINT_TAGTABLE=off`` starts the table empty (benchmarks compare both).

Format (gzipped UTF-8): ``# key: value`` header lines (model, model_version, spacy, ...), then the
column line, then one row a line, tab-separated, with no comment lines among the rows (a word may
start with ``#``): word, tag, dependency (a label some pattern tests, or ``*`` for any other),
expletive before (``0``/``1``), part of speech, morphology, lemma. Words are never whitespace.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterable
from pathlib import Path

from flashpoint.datafiles import Problem, data_path, relative_name

PATH = data_path("language", "tagtable.tsv.gz")
COLUMNS = ("word", "tag", "dep", "expl", "pos", "morph", "lemma")
HEADER_KEYS = ("model", "model_version", "spacy")
OTHER_DEP = "*"  # the dependency class of every label no pattern of the ruler tests
SETTING = "FLASHPOINT_TAGTABLE"
_SPACE = re.compile(r"\s")

Row = tuple[str, str, str, str, str, str, str]


def enabled() -> bool:
    """``FLASHPOINT_TAGTABLE`` (default on): whether the table starts with the prebuilt rows."""
    return os.environ.get(SETTING, "on").strip().lower() not in {"off", "0", "false", "no"}


def model_identity(nlp) -> dict[str, str]:
    """What a prebuilt table must have been built from to be used with ``nlp``."""
    import spacy

    meta = nlp.meta
    return {"model": f"{meta.get('lang', '')}_{meta.get('name', '')}", "model_version": str(meta.get("version", "")),
            "spacy": spacy.__version__}


def write(path: Path, header: dict[str, str], rows: Iterable[Row]) -> int:
    """Write the table (gzipped, reproducible: no time stamp); returns the rows written."""
    count = 0
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=9) as packed:
        lines = [f"# {key}: {value}" for key, value in header.items()] + ["\t".join(COLUMNS)]
        for row in rows:
            lines.append("\t".join(row))
            count += 1
        packed.write(("\n".join(lines) + "\n").encode("utf-8"))
    return count


def read(path: Path = PATH) -> tuple[dict[str, str], list[Row], list[Problem]]:
    """The header, the well-formed rows and the problems of a table file (a missing or unreadable
    file is one problem, never an exception)."""
    from spacy.parts_of_speech import IDS

    name = relative_name(path)
    header: dict[str, str] = {}
    rows: list[Row] = []
    problems: list[Problem] = []
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as handle:
            lines = handle.read().split("\n")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        return header, rows, [Problem(name, 0, f"unreadable: {error}")]
    number = 0
    for number, line in enumerate(lines, start=1):
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(":")
        header[key.strip()] = value.strip()
    missing = [key for key in HEADER_KEYS if not header.get(key)]
    if missing:
        problems.append(Problem(name, 0, f"header lacks {', '.join(missing)}"))
    if number == 0 or lines[number - 1] != "\t".join(COLUMNS):
        problems.append(Problem(name, number, f"column line should be {list(COLUMNS)}"))
        return header, rows, problems
    seen: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(lines[number:], start=number + 1):
        if not line:
            continue
        cells = line.split("\t")
        message = _row_problem(cells, IDS)
        if message is None:
            key = tuple(cells[:4])
            if key in seen:
                message = f"duplicate key (first on line {seen[key]})"
            seen.setdefault(key, number)
        if message:
            problems.append(Problem(name, number, message))
        else:
            rows.append(tuple(cells))  # type: ignore[arg-type]
    if not rows:
        problems.append(Problem(name, 0, "no rows"))
    return header, rows, problems


def _row_problem(cells: list[str], parts_of_speech: dict) -> str | None:
    if len(cells) != len(COLUMNS):
        return f"{len(cells)} columns, expected {len(COLUMNS)}"
    word, tag, dep, expl, pos, _, lemma = cells
    if not word or _SPACE.search(word):
        return f"word {word!r} is empty or holds whitespace"
    if not tag or not dep or not lemma:
        return "tag, dep and lemma must not be empty"
    if expl not in {"0", "1"}:
        return f"expl {expl!r} is not 0 or 1"
    if pos not in parts_of_speech or not pos:
        return f"pos {pos!r} is not a universal part of speech"
    return None


def validate() -> list[Problem]:
    """``flashpoint check``: the shipped table is well formed (its values are spaCy's own: the
    build and ``tests/test_tagtable.py`` learn every row again)."""
    if not PATH.exists():
        return [Problem(relative_name(PATH), 0, "file is missing (build it with bench/build_tagtable.py)")]
    return read(PATH)[2]
