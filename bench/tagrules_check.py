"""Check that the cached attribute ruler and lemmatizer (flashpoint.language.tagrules) give
spaCy's output token for token: tag, part of speech, morphology and lemma.

Run:  python bench/tagrules_check.py [--sets bbc glocon ...] [--limit N]

Two copies of the model parse every text of the sets: spaCy's own pipeline (attribute ruler and
lemmatizer as shipped) and Flashpoint's (the cached table in their place). Every token must agree;
the script prints the tokens compared per set and the first disagreements, and exits 1 if any.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import spacy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

from flashpoint import language, settings

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
SETS = {"bbc": "conflibert_bbc_news.jsonl.gz", "glocon": "glocon_sample.jsonl", "cameo_class": "conflibert_cameo_class.jsonl",
        "ngec": "ngec_synthetic.jsonl.gz", "cameo_ner": "conflibert_cameo_ner.jsonl", "case2021": "case2021_task2.jsonl",
        "ipe_sents": "conflibert_ipe_sents.jsonl.gz", "satp": "conflibert_satp.jsonl",
        "insightcrime": "conflibert_insightcrime.jsonl.gz", "causal": "causal_news_corpus.jsonl"}
COLUMNS = [ORTH, TAG, DEP, POS, MORPH, LEMMA]


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
    reference = spacy.load(settings.model_name())
    language.keep_prefixed_hyphens(reference)
    assert "flashpoint_tag_rules" in fast.pipe_names and "attribute_ruler" in reference.pipe_names
    bad = 0
    for name in args.sets:
        items = [t for t in texts(name, args.limit) if t.strip()]
        tokens = 0
        for a, b in zip(fast.pipe(items, batch_size=64), reference.pipe(items, batch_size=64)):
            x, y = a.to_array(COLUMNS), b.to_array(COLUMNS)
            tokens += len(a)
            if x.shape != y.shape or (x != y).any():
                bad += 1
                if bad <= 10:
                    rows = [i for i in range(min(len(a), len(b))) if (x[i] != y[i]).any()][:3]
                    for i in rows:
                        print(f"  {name}: {a[i].text!r} tag {a[i].tag_}: pos {a[i].pos_}/{b[i].pos_} "
                              f"morph {a[i].morph}/{b[i].morph} lemma {a[i].lemma_}/{b[i].lemma_}")
        print(f"{name}: {len(items):,} texts, {tokens:,} tokens compared")
    print(f"{'all equal' if not bad else f'{bad} texts differ'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
