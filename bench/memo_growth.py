"""What grows with distinct texts: the whole BBC set and then glocon coded in one process (issue 17).

Run:  python bench/memo_growth.py [--memo-keys N] [--limit N] [--digest]

The documents are coded by ``Pipeline.code`` in the ingest's batches (no store). After loading,
after 250, 1,000 and all BBC articles and after glocon, a full garbage collection and
``malloc_trim`` (the heap's free memory given back, so that RSS is what is alive), then: the
resident memory (RSS), spaCy's string store and vocabulary, and the language layer's memo tables
(the attribute-ruler table of ``language/tagrules.py``, spaCy's lemmatizer cache, the per-token
arrays' word forms and strings of ``language/arrays.py``) with how often each was emptied, and
their bytes together (``sys.getsizeof`` of each dict, key, value and string, each object once).

``--memo-keys N`` sets the limit of those memo tables for the run (default: the setting,
``flashpoint.settings.MEMO_KEYS``; 0: never emptied, as before issue 17's sixth step).
``--digest`` prints a SHA-256 of every event record (all fields), to compare runs with
different limits: emptying a memo must change no result.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import hashlib
import itertools
import json
import sys

import numpy as np
import psutil
from corpora import Corpus, require_shared

from flashpoint import settings
from flashpoint.language import arrays, tagrules
from flashpoint.pipeline import Pipeline

NEVER = 10**12


class _Counting:
    """Counts how often the arrays' memos were emptied (wraps ``dict.clear`` of one memo)."""

    def __init__(self) -> None:
        self.words = self.names = 0


def _deep(obj, seen: set[int]) -> int:
    """Bytes of ``obj`` and what it holds (dicts, tuples, lists, strings, numbers), each object once."""
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(_deep(key, seen) + _deep(value, seen) for key, value in obj.items())
    elif isinstance(obj, tuple | list):
        size += sum(_deep(item, seen) for item in obj)
    elif isinstance(obj, np.ndarray):
        size = obj.nbytes + 112
    return size


def _trim() -> None:
    """Give the heap's free memory back (glibc), so RSS is what is alive."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def _row(label: str, words: int, pipeline: Pipeline, counting: _Counting) -> str:
    gc.collect()
    _trim()
    nlp = pipeline.nlp
    rules = nlp.get_pipe(tagrules.NAME)
    memo_words = arrays._WORDS.get(id(nlp.vocab), {})
    memo_names = arrays._NAMES.get(id(nlp.vocab), {})
    rss = psutil.Process().memory_info().rss / 2**20
    cache = getattr(rules.lemmatizer, "cache", {})
    memos = sum(_deep(memo, set()) for memo in (rules.table, rules.values, cache, memo_words, memo_names))
    return (f"| {label} | {words:,} | {rss:,.0f} MB | {len(nlp.vocab.strings):,} | {len(nlp.vocab):,} | "
            f"{len(rules.table):,} ({rules.emptied}) | {len(cache):,} | {len(memo_words):,} ({counting.words}) | "
            f"{len(memo_names):,} ({counting.names}) | {memos / 2**20:,.1f} MB |")


def _watch(pipeline: Pipeline, counting: _Counting) -> None:
    """Count the emptyings of the arrays' memos (built on first use: build them now)."""
    doc = pipeline.nlp("Warm up.")
    table = arrays.arrays(doc)
    table.text, table.lemma  # noqa: B018 - builds both memos
    vocab = id(pipeline.nlp.vocab)

    class Words(arrays._Words):
        def clear(self) -> None:
            counting.words += 1
            super().clear()

    class Names(arrays._Names):
        def clear(self) -> None:
            counting.names += 1
            super().clear()

    arrays._WORDS[vocab] = Words(pipeline.nlp.vocab)
    arrays._NAMES[vocab] = Names(pipeline.nlp.vocab)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memo-keys", type=int, default=settings.MEMO_KEYS,
                        help="entries of each memo table before it is emptied (0: never)")
    parser.add_argument("--limit", type=int, default=None, help="documents of each corpus (default: all)")
    parser.add_argument("--digest", action="store_true", help="print a SHA-256 of every event record")
    parser.add_argument("--dump", type=argparse.FileType("w", encoding="utf-8"),
                        help="write every document's events (JSON Lines) to this file, to compare runs")
    args = parser.parse_args()
    require_shared(["bbc", "glocon"])
    limit = args.memo_keys or NEVER
    pipeline = Pipeline()
    pipeline.nlp.get_pipe(tagrules.NAME).max_keys = limit
    arrays.MAX_KEYS = limit
    counting = _Counting()
    _watch(pipeline, counting)
    print(f"memo limit: {'never emptied' if limit == NEVER else f'{limit:,}'}")
    print("| after | words | RSS | strings | lexemes | tag-rules keys (emptied) | lemmatizer cache | "
          "arrays' word forms (emptied) | arrays' names (emptied) | memos' bytes |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(_row("loading", 0, pipeline, counting), flush=True)
    digest = hashlib.sha256()
    words = done = bbc_done = 0
    checkpoints = {250: "250 BBC", 1000: "1,000 BBC"}
    for corpus in ("bbc", "glocon"):
        documents = Corpus(corpus, limit=args.limit).documents()
        while True:
            batch = list(itertools.islice(documents, settings.batch_size()))
            if not batch:
                break
            for coded in pipeline.code(batch):
                words += len(coded.document.text.split())
                done += 1
                records = [json.dumps(event.to_dict(), sort_keys=True, default=str) for event in coded.events]
                for record in records:
                    digest.update(record.encode())
                if args.dump:
                    args.dump.write(json.dumps({"doc": coded.document.doc_id, "events": records}) + "\n")
                if corpus == "bbc" and done in checkpoints:
                    print(_row(checkpoints[done], words, pipeline, counting), flush=True)
        if corpus == "bbc":
            bbc_done = done
            label = f"{done:,} BBC"
        else:
            label = f"+ {done - bbc_done:,} glocon"
        print(_row(label, words, pipeline, counting), flush=True)
    if args.digest:
        print(f"events digest: {digest.hexdigest()}")


if __name__ == "__main__":
    main()
