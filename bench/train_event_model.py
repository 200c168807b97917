"""Train the learned fallback of the event coder (src/flashpoint/data/models/event_type.json).

    python bench/train_event_model.py            # train on everything, write the model file
    python bench/train_event_model.py --cv 5     # k-fold check on conflibert_cameo_class, write nothing

What it learns from (see flashpoint/events/typemodel.py for what the model does):

- the project's own lexicon examples (every entry's sentence, labelled with the entry's CAMEO code):
  both heads;
- the development set ../shared/eval/conflibert_cameo_class.jsonl (sentences labelled with the
  quad class of their event): the quad head; the eval README allows training on the dev sets;
- sentences of the even-numbered NOT_POLITICS articles of ../shared/eval/conflibert_bbc_news.jsonl.gz
  as "no political event" (the odd-numbered ones stay unseen for measuring relevance).

``--cv K`` splits cameo_class into K folds, trains on the other folds (plus the lexicon and the
negatives), codes the held-out fold with the real pipeline and that fold's model, and prints the
macro-F1 the issue names (class of the highest-confidence event; no event counts as neutral).
The dev sets are read in place and never copied; the model file holds only lemma weights.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from devsets import f1_table  # noqa: E402 - bench/ is on the path when run as a script

from flashpoint import language
from flashpoint.events.lexicon import lexicon
from flashpoint.events.typemodel import MODEL_PATH, QUAD_CLASSES, Head, TypeModel, features, quad_of_code
from flashpoint.ontology import ontology

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
CAMEO_CLASS = {"NEUTRAL_STATEMENT_APPEAL": "NEUTRAL", "VERBAL_COOPERATION": "VERBAL_COOPERATION",
               "MATERIAL_COOPERATION": "MATERIAL_COOPERATION", "VERBAL_CONFLICT": "VERBAL_CONFLICT",
               "MATERIAL_CONFLICT": "MATERIAL_CONFLICT"}
SEED = 13
MAX_NEGATIVES = 2500


def train_head(samples: list[tuple[set[str], str]], classes: tuple[str, ...], epochs: int = 20,
               rate: float = 0.3, l2: float = 1e-4, min_count: int = 2) -> Head:
    """Multinomial logistic regression by plain SGD: deterministic, dependency-free, a few seconds."""
    counts = Counter(f for feats, _ in samples for f in feats)
    vocab = {f for f, n in counts.items() if n >= min_count}
    data = [([f for f in feats if f in vocab], classes.index(label)) for feats, label in samples]
    width = len(classes)
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0] * width)
    bias = [0.0] * width
    order = list(range(len(data)))
    rng = random.Random(SEED)
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch * 0.2)
        for i in order:
            feats, gold = data[i]
            scores = [bias[c] + sum(weights[f][c] for f in feats) for c in range(width)]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            for c in range(width):
                grad = exps[c] / total - (1.0 if c == gold else 0.0)
                if abs(grad) < 1e-4:
                    continue
                bias[c] -= step * grad
                for f in feats:
                    row = weights[f]
                    row[c] -= step * (grad + l2 * row[c])
    pruned = {f: row for f, row in weights.items() if max(abs(w) for w in row) >= 0.02}
    return Head(classes, bias, pruned)


def lexicon_samples(nlp) -> tuple[list[tuple[set[str], str]], list[tuple[set[str], str]]]:
    entries = lexicon().entries
    docs = nlp.pipe([e.example for e in entries], batch_size=256)
    quad, plover = [], []
    table = ontology()
    for entry, doc in zip(entries, docs):
        feats = features(doc[:])
        quad.append((feats, quad_of_code(entry.code)))
        kind = table[entry.code].plover_type
        if kind:
            plover.append((feats, kind))
    return quad, plover


def cameo_class_samples(nlp) -> list[tuple[set[str], str, str]]:
    records = [json.loads(line) for line in (EVAL / "conflibert_cameo_class.jsonl").open(encoding="utf-8")]
    docs = nlp.pipe([r["text"] for r in records], batch_size=128)
    return [(features(doc[:]), CAMEO_CLASS[r["labels"]["class"]], r["text"]) for r, doc in zip(records, docs)]


def negative_samples(nlp) -> list[tuple[set[str], str]]:
    with gzip.open(EVAL / "conflibert_bbc_news.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    texts = [r["text"] for i, r in enumerate(records) if i % 2 == 0 and r["labels"]["class"] == "NOT_POLITICS"]
    sentences = []
    for doc in nlp.pipe(texts, batch_size=32):
        sentences.extend(s for s in doc.sents if len(s) >= 6)
    rng = random.Random(SEED)
    rng.shuffle(sentences)
    return [(features(s), "NONE") for s in sentences[:MAX_NEGATIVES]]


def build(quad_samples, plover_samples) -> TypeModel:
    plover_classes = tuple(sorted({label for _, label in plover_samples}))
    return TypeModel(train_head(quad_samples, QUAD_CLASSES), train_head(plover_samples, plover_classes))


def cross_validate(k: int, nlp, lex_quad, lex_plover, negatives, dev) -> None:
    from flashpoint.events.extractor import EventExtractor
    from flashpoint.ingest import make_document
    from flashpoint.pipeline import Pipeline
    from flashpoint.stages import default_stages

    extractor = EventExtractor()
    pipeline = Pipeline(stages=default_stages(nlp, extractor))
    order = list(range(len(dev)))
    random.Random(SEED).shuffle(order)
    folds = [order[i::k] for i in range(k)]
    gold: list[str] = []
    with_model: list[str] = []
    without: list[str] = []
    for number, fold in enumerate(folds, start=1):
        held = set(fold)
        train = [(f, label) for i, (f, label, _) in enumerate(dev) if i not in held]
        extractor.model = build(lex_quad + negatives + train, lex_plover)
        documents = [make_document(dev[i][2], doc_id=str(i), source="cv") for i in fold]
        for i, coded in zip(fold, pipeline.code(documents)):
            gold.append(dev[i][1])
            with_model.append(_class_of(coded.events))
            without.append(_class_of([e for e in coded.events if not e.rule.startswith("model")]))
        print(f"fold {number}/{k} done", file=sys.stderr)
    labels = [c for c in QUAD_CLASSES if c != "NONE"]
    print(f"conflibert_cameo_class, {k}-fold: macro-F1 lexicon only {f1_table(gold, without, labels)[1]:.3f}, "
          f"with the learned fallback {f1_table(gold, with_model, labels)[1]:.3f} "
          f"(accuracy {sum(g == p for g, p in zip(gold, with_model)) / len(gold):.3f})")


def _class_of(events) -> str:
    if not events:
        return "NEUTRAL"
    top = max(events, key=lambda e: e.confidence)
    return quad_of_code(top.cameo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", type=int, help="k-fold check on conflibert_cameo_class instead of writing the model")
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is not present: training reads the development sets in ../shared/eval")
    nlp = language.load()
    lex_quad, lex_plover = lexicon_samples(nlp)
    negatives = negative_samples(nlp)
    dev = cameo_class_samples(nlp)
    if args.cv:
        cross_validate(args.cv, nlp, lex_quad, lex_plover, negatives, dev)
        return
    model = build(lex_quad + negatives + [(f, label) for f, label, _ in dev], lex_plover)
    about = ("Learned fallback of the Flashpoint event coder (see flashpoint/events/typemodel.py). "
             "Linear model over sentence lemmas, trained by bench/train_event_model.py.")
    sources = [
        f"Flashpoint lexicon examples ({len(lex_quad)} sentences of the project's own)",
        f"conflibert_cameo_class ({len(dev)} sentences; Skorupa Parolin et al., AIES 2022, via eventdata/ConfliBERT)",
        f"BBC News NOT_POLITICS sentences ({len(negatives)}; Greene and Cunningham, ICML 2006) as no event",
    ]
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(model.to_json(about, sources), encoding="utf-8")
    print(f"wrote {MODEL_PATH}: quad {len(model.quad.weights)} features, plover {len(model.plover.weights)} features")


if __name__ == "__main__":
    main()
