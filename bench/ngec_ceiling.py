"""How far a supervised classifier gets on ngec_synthetic: a ceiling check for its PLOVER labels.

Usage:
    python bench/ngec_ceiling.py [--folds 2] [--limit N]

The ngec stories are synthetic and their labels are pseudo-labels (../shared/eval/README.md calls
the set a smoke test). To tell how much of the coder's low score is the labels rather than the
coder, this trains a multinomial naive Bayes on the words of the stories themselves (the one
thing a coder cannot do: learn from this set's labels) and scores it on held-out stories,
K-fold. If even this stays far below 75%, the labels are not recoverable from what the stories
say. Nothing is written; the set is read in place.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ngec_synthetic.jsonl.gz"
WORD = re.compile(r"[a-z][a-z'-]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def train(stories: list[tuple[list[str], str]]) -> tuple[dict, dict, set]:
    priors: Counter = Counter(label for _words, label in stories)
    counts: dict[str, Counter] = defaultdict(Counter)
    for found, label in stories:
        counts[label].update(found)
    vocabulary = {w for c in counts.values() for w in c}
    return priors, counts, vocabulary


def predict(model: tuple[dict, dict, set], found: list[str]) -> str:
    priors, counts, vocabulary = model
    total = sum(priors.values())
    best, best_score = "", -math.inf
    for label, prior in priors.items():
        label_counts = counts[label]
        denominator = sum(label_counts.values()) + len(vocabulary)
        score = math.log(prior / total) + sum(math.log((label_counts[w] + 1) / denominator)
                                              for w in found if w in vocabulary)
        if score > best_score:
            best, best_score = label, score
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if not EVAL.exists():
        sys.exit(f"{EVAL} is not present: the development sets live next to the checkout in ../shared/eval")
    with gzip.open(EVAL, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    records = records[: args.limit] if args.limit else records
    stories = [(words(r["text"]), r["labels"]["event_type"]) for r in records]
    order = list(range(len(stories)))
    random.Random(7).shuffle(order)
    right = 0
    for fold in range(args.folds):
        held = {i for n, i in enumerate(order) if n % args.folds == fold}
        model = train([s for i, s in enumerate(stories) if i not in held])
        fold_right = sum(predict(model, stories[i][0]) == stories[i][1] for i in held)
        print(f"fold {fold + 1}/{args.folds}: {fold_right}/{len(held)} = {fold_right / len(held):.3f}")
        right += fold_right
    print(f"ngec_synthetic, naive Bayes on the stories' words, {args.folds}-fold: accuracy {right / len(stories):.3f} "
          f"({right}/{len(stories)}); majority class {max(Counter(l for _w, l in stories).values()) / len(stories):.3f}")


if __name__ == "__main__":
    main()
