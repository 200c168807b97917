"""Check that the cached attribute ruler and lemmatizer (flashpoint.language.tagrules) give
spaCy's output token for token: tag, part of speech, morphology and lemma.

Run:  python bench/tagrules_check.py [--sets bbc glocon ...] [--limit N]

Flashpoint's pipeline parses every text of the sets twice: with spaCy's own attribute ruler and
lemmatizer in place of the table (``tagrules.stock``: the same tokenizer, dateline breaks and
parse, so only the two components differ) and with the cached table (starting from the
prebuilt rows of ``data/language/tagtable.tsv.gz``; ``FLASHPOINT_TAGTABLE=off`` starts it empty).
Every token must agree; the script prints the tokens compared per set and the first disagreements,
and exits 1 if any. First, every row of the prebuilt table is learned again from spaCy's
components and must give the row's values.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys

from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

from corpora import EVAL

from flashpoint import language
from flashpoint.language import tagrules, tagtable

SETS = {"bbc": "conflibert_bbc_news.jsonl.gz", "glocon": "glocon_sample.jsonl", "cameo_class": "conflibert_cameo_class.jsonl",
        "ngec": "ngec_synthetic.jsonl.gz", "cameo_ner": "conflibert_cameo_ner.jsonl", "case2021": "case2021_task2.jsonl",
        "ipe_sents": "conflibert_ipe_sents.jsonl.gz", "satp": "conflibert_satp.jsonl",
        "insightcrime": "conflibert_insightcrime.jsonl.gz", "causal": "causal_news_corpus.jsonl"}
COLUMNS = [ORTH, TAG, DEP, POS, MORPH, LEMMA]
CHUNK = 256  # texts parsed by both sides in turn


def texts(name: str, limit: int | None) -> list[str]:
    path = EVAL / SETS[name]
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        out = [json.loads(line)["text"] for line in handle if line.strip()]
    return out[:limit] if limit else out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    fast = language.load()
    assert "flashpoint_tag_rules" in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    rules = fast.get_pipe("flashpoint_tag_rules")
    bad = 0
    if rules.prebuilt is not None:  # every row of the prebuilt table, learned again, gives its values
        keys, labels, values = rules.parse_rows(tagtable.read()[1])
        wrong = rules.disagreements(keys, labels, values)
        bad += len(wrong)
        print(f"prebuilt table ({tagtable.PATH.name}): {len(keys):,} rows learned again, {len(wrong)} differ")
    else:
        print(f"prebuilt table not used ({tagtable.SETTING}={os.environ.get(tagtable.SETTING, 'on')}, "
              "or built from another model)")
    for name in args.sets:
        items = [t for t in texts(name, args.limit) if t.strip()]
        tokens = 0
        for start in range(0, len(items), CHUNK):
            chunk = items[start:start + CHUNK]
            ours = list(fast.pipe(chunk, batch_size=64))
            with tagrules.stock(fast):  # the same pipeline, spaCy's own two components in the table's place
                theirs = list(fast.pipe(chunk, batch_size=64))
            for a, b in zip(ours, theirs):
                x, y = a.to_array(COLUMNS), b.to_array(COLUMNS)
                tokens += len(a)
                if x.shape != y.shape or (x != y).any():
                    bad += 1
                    if bad <= 10:
                        rows = [i for i in range(min(len(a), len(b))) if (x[i] != y[i]).any()][:3]
                        for i in rows:
                            print(f"  {name}: {a[i].text!r} tag {a[i].tag_}/{b[i].tag_} dep {a[i].dep_}/{b[i].dep_}: "
                                  f"pos {a[i].pos_}/{b[i].pos_} morph {a[i].morph}/{b[i].morph} "
                                  f"lemma {a[i].lemma_}/{b[i].lemma_}")
        print(f"{name}: {len(items):,} texts, {tokens:,} tokens compared")
    print(f"{'all equal' if not bad else f'{bad} texts differ'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
