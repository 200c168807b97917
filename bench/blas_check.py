"""Compare the parse on numpy's BLAS (flashpoint.language.blas) with the parse on BLIS, token for
token: tag, head, dependency, part of speech, lemma, entity boundaries and types.

Run:  python bench/blas_check.py [--sets bbc glocon ...] [--limit N]

One pipeline parses every text twice, on numpy's BLAS (Flashpoint's default) and on BLIS as spaCy
ships it (``blas.stock``). The products are the same arithmetic in another order, so a score within
rounding of a tie may rarely tip: the script prints, per set, the tokens compared, the tokens and
texts that differ on each attribute and the first differences, and exits 1 if more than
``--tolerance`` of the tokens differ (default 1 in 10,000).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, ORTH, POS, TAG
from tagrules_check import SETS, texts

from flashpoint import language
from flashpoint.language import blas

COLUMNS = [ORTH, TAG, HEAD, DEP, POS, LEMMA, ENT_IOB, ENT_TYPE]
NAMES = ["orth", "tag", "head", "dep", "pos", "lemma", "ent_iob", "ent_type"]


def compare(nlp, items: list[str]) -> tuple[int, np.ndarray, int, list[str]]:
    """Tokens compared, differing tokens per column, differing texts, and the first differences."""
    tokens, texts_differing, shown = 0, 0, []
    differing = np.zeros(len(COLUMNS), dtype=int)
    with blas.stock(nlp):
        reference = [doc.to_array(COLUMNS) for doc in nlp.pipe(items, batch_size=32)]
    for doc, y in zip(nlp.pipe(items, batch_size=32), reference):
        x = doc.to_array(COLUMNS)
        tokens += len(doc)
        if x.shape != y.shape:
            differing += len(doc)
            texts_differing += 1
            continue
        rows = np.flatnonzero((x != y).any(axis=1))
        if len(rows):
            texts_differing += 1
            differing += (x[rows] != y[rows]).sum(axis=0)
            for i in rows[:2].tolist():
                token = doc[i]
                shown.append(f"{token.text!r} in {token.sent.text[:80]!r}: "
                             + ", ".join(NAMES[c] for c in np.flatnonzero(x[i] != y[i]).tolist()))
    return tokens, differing, texts_differing, shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--tolerance", type=float, default=1e-4, help="share of tokens allowed to differ")
    args = parser.parse_args(argv)
    nlp = language.load()
    assert not blas.uses_blis(nlp)
    worst = 0.0
    for name in args.sets:
        items = [t for t in texts(name, args.limit) if t.strip()]
        tokens, differing, texts_differing, shown = compare(nlp, items)
        share = differing.max() / max(tokens, 1)
        worst = max(worst, share)
        per_column = ", ".join(f"{n} {d}" for n, d in zip(NAMES, differing.tolist()) if d)
        print(f"{name}: {len(items):,} texts, {tokens:,} tokens; differing texts {texts_differing}, "
              f"tokens: {per_column or 'none'}")
        for line in shown[:6]:
            print(f"    {line}")
    print(f"largest share of differing tokens: {worst:.6f} (tolerance {args.tolerance})")
    return 1 if worst > args.tolerance else 0


if __name__ == "__main__":
    sys.exit(main())
