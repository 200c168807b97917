"""Train the learned part of the event coder: the sentence model (src/flashpoint/data/models/event_type.json)
and the ranker of candidate events (src/flashpoint/data/models/event_rank.json).

    python bench/train_event_model.py            # train on everything, write both model files
    python bench/train_event_model.py --cv 5     # k-fold check on conflibert_cameo_class, write nothing

What they learn from (see flashpoint/events/typemodel.py and ranking.py for what they do):

- the sentence model's quad head: the project's own lexicon examples (each entry's sentence,
  labelled with its CAMEO code's quad class), the development set
  ../shared/eval/conflibert_cameo_class.jsonl (the eval README allows training on the dev sets) and
  sentences of the even-numbered NOT_POLITICS articles of ../shared/eval/conflibert_bbc_news.jsonl.gz
  as "no political event" (the odd-numbered ones stay unseen); its PLOVER head: the lexicon examples;
- the ranker: the candidate events the coder gives each cameo_class sentence (lexicon events and
  the fallback's), labelled right when their quad class is the sentence's, with the sentence
  model's reading of each sentence taken from a model that never saw it (inner cross-validation).

cameo_class files CAMEO 16 (reduce relations, sanctions) under verbal conflict, against its own
README's scheme (14-20 material conflict). For training only, a verbal-conflict sentence whose
lexicon event is a 16 is labelled material conflict, so the models learn CAMEO's classes; every
score below is against the set's own labels.

``--cv K`` splits cameo_class into K folds; for each, it trains both models on the other folds
(plus the lexicon and the negatives), codes the held-out fold with the real pipeline and that
fold's models, and prints the macro-F1 the issue names (class of the highest-confidence event; no
event counts as neutral) and the per-event precision of lexicon and fallback events. The dev sets
are read in place and never copied; the model files hold only weights.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from devsets import f1_table  # noqa: E402 - bench/ is on the path when run as a script

from flashpoint import language
from flashpoint.events.context import Candidate
from flashpoint.events.extractor import EventExtractor
from flashpoint.events.lexicon import lexicon
from flashpoint.events.ranking import RANK_PATH, Ranker, is_fallback, reading_features, static_features
from flashpoint.events.typemodel import (
    EVENT_CLASSES,
    MODEL_PATH,
    QUAD_CLASSES,
    Head,
    Proposal,
    Reading,
    TypeModel,
    features,
    quad_of_code,
)
from flashpoint.ingest import make_document
from flashpoint.ontology import ontology
from flashpoint.pipeline import Pipeline
from flashpoint.stages import default_stages

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
CAMEO_CLASS = {"NEUTRAL_STATEMENT_APPEAL": "NEUTRAL", "VERBAL_COOPERATION": "VERBAL_COOPERATION",
               "MATERIAL_COOPERATION": "MATERIAL_COOPERATION", "VERBAL_CONFLICT": "VERBAL_CONFLICT",
               "MATERIAL_CONFLICT": "MATERIAL_CONFLICT"}
LABELS = [c for c in QUAD_CLASSES if c != "NONE"]
SEED = 13
MAX_NEGATIVES = 2500
INNER_FOLDS = 5
# Fallback events must be at least as precise as lexicon events; the threshold is set for this
# much more on the ranker's own training candidates (whose sentence readings are out of fold, so
# 0 already holds cross-validated: see --cv).
PRECISION_MARGIN = 0.0
# The sentence model must read the fallback's class as the sentence's likeliest, "no event"
# included, at this probability (Ranker.gate): the ranker only sees sentences with an event.
GATE = 0.65

Sample = tuple[set[str], str]


# -- the learners ------------------------------------------------------------------------------


def train_head(samples: list[Sample], classes: tuple[str, ...], epochs: int = 20,
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
            rows = [weights[f] for f in feats]
            scores = [bias[c] + sum(row[c] for row in rows) for c in range(width)]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            for c in range(width):
                grad = exps[c] / total - (1.0 if c == gold else 0.0)
                if abs(grad) < 1e-4:
                    continue
                bias[c] -= step * grad
                for row in rows:
                    row[c] -= step * (grad + l2 * row[c])
    pruned = {f: row for f, row in weights.items() if max(abs(w) for w in row) >= 0.02}
    return Head(classes, bias, pruned)


def train_ranker(samples: list[tuple[dict[str, float], bool]], epochs: int = 300, rate: float = 0.5,
                 l2: float = 1e-3) -> tuple[float, dict[str, float]]:
    """Binary logistic regression by full-batch gradient descent (a few thousand candidates)."""
    names = sorted({name for feats, _ in samples for name in feats})
    weights = dict.fromkeys(names, 0.0)
    bias = 0.0
    n = len(samples)
    for _ in range(epochs):
        grad_w = dict.fromkeys(names, 0.0)
        grad_b = 0.0
        for feats, right in samples:
            score = bias + sum(weights[k] * v for k, v in feats.items())
            error = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score)))) - (1.0 if right else 0.0)
            grad_b += error
            for k, v in feats.items():
                grad_w[k] += error * v
        bias -= rate * grad_b / n
        for k in names:
            weights[k] -= rate * (grad_w[k] / n + l2 * weights[k])
    return bias, {k: w for k, w in weights.items() if abs(w) >= 1e-3}


# -- the training data -------------------------------------------------------------------------


def lexicon_samples(nlp) -> tuple[list[Sample], list[Sample]]:
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


def negative_samples(nlp) -> list[Sample]:
    with gzip.open(EVAL / "conflibert_bbc_news.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    texts = [r["text"] for i, r in enumerate(records) if i % 2 == 0 and r["labels"]["class"] == "NOT_POLITICS"]
    sentences = []
    for doc in nlp.pipe(texts, batch_size=32):
        sentences.extend(s for s in doc.sents if len(s) >= 6)
    rng = random.Random(SEED)
    rng.shuffle(sentences)
    return [(features(s), "NONE") for s in sentences[:MAX_NEGATIVES]]


@dataclass
class Recorded:
    """One candidate of a dev sentence, as the ranker sees it before the sentence model reads."""

    static: dict[str, float]
    quad: str
    fallback: bool
    kept: bool = False  # survived the reconcile stage (asserted, placed or with actors)


@dataclass
class DevSentence:
    text: str
    gold: str  # the set's label
    feats: set[str] = field(default_factory=set)
    lexicon: list[Recorded] = field(default_factory=list)
    fallback: dict[str, Recorded] = field(default_factory=dict)  # by event class
    lexicon_top_root: str | None = None

    @property
    def train_label(self) -> str:
        """The label the models learn: the set's, but CAMEO's class for a 16 it files as verbal."""
        if self.gold == "VERBAL_CONFLICT" and self.lexicon_top_root == "16":
            return "MATERIAL_CONFLICT"
        return self.gold


class RecordingRanker:
    """Stands in for the ranker while recording: notes each candidate's static features and keeps
    every candidate, so the fallback's event for every class of event can be scored later."""

    def __init__(self) -> None:
        self.sentences: list[list[tuple[Candidate, dict[str, float]]]] = []

    def rank(self, candidates: list[Candidate], reading: Reading, predicate) -> list[Candidate]:
        lexical = sum(1 for c in candidates if not is_fallback(c))
        self.sentences.append([(c, static_features(c, predicate, lexical - (0 if is_fallback(c) else 1)))
                               for c in candidates])
        return candidates


class RecordingExtractor(EventExtractor):
    """The coder, proposing the fallback's event for every class of event instead of the likeliest."""

    fallback_needs_source = False  # all recorded; training keeps those the coder would keep

    def proposals(self, reading: Reading) -> list[Proposal]:
        return [p for p in (reading.proposal(quad) for quad in EVENT_CLASSES) if p is not None]


def record(nlp, docs, texts: list[str], golds: list[str], plover: Head) -> list[DevSentence]:
    """Code each dev sentence once, recording its candidates and which survive reconciling."""
    recorder = RecordingRanker()
    extractor = RecordingExtractor(model=TypeModel(_uniform_quad_head(), plover), rank=recorder)  # type: ignore[arg-type]
    pipeline = Pipeline(stages=default_stages(nlp, extractor))
    out = []
    for i, (text, gold, doc) in enumerate(zip(texts, golds, docs)):
        start = len(recorder.sentences)
        coded = pipeline.code_parsed(make_document(text, doc_id=str(i), source="train"), doc)
        kept = {id(e) for e in coded.events}
        sentence = DevSentence(text, gold, features(doc[:]))
        for group in recorder.sentences[start:]:
            for candidate, static in group:
                item = Recorded(static, quad_of_code(candidate.event.cameo), is_fallback(candidate),
                                id(candidate.event) in kept)
                if item.fallback:
                    sentence.fallback.setdefault(item.quad, item)
                else:
                    sentence.lexicon.append(item)
        lexical = [(c.event.confidence, c.event.cameo_root) for group in recorder.sentences[start:]
                   for c, _ in group if not is_fallback(c) and id(c.event) in kept]
        sentence.lexicon_top_root = max(lexical)[1] if lexical else None
        out.append(sentence)
    return out


def _uniform_quad_head() -> Head:
    return Head(QUAD_CLASSES, [0.0] * len(QUAD_CLASSES), {})


def dev_set(nlp) -> tuple[list[str], list[str], list]:
    records = [json.loads(line) for line in (EVAL / "conflibert_cameo_class.jsonl").open(encoding="utf-8")]
    texts = [r["text"] for r in records]
    return texts, [CAMEO_CLASS[r["labels"]["class"]] for r in records], list(nlp.pipe(texts, batch_size=128))


# -- training both models ----------------------------------------------------------------------


@dataclass
class Corpus:
    lex_quad: list[Sample]
    plover: Head
    negatives: list[Sample]
    dev: list[DevSentence]

    def quad_head(self, indices: list[int]) -> Head:
        return train_head(self.lex_quad + self.negatives + [(self.dev[i].feats, self.dev[i].train_label)
                                                            for i in indices], QUAD_CLASSES)


def codable(item: Recorded) -> bool:
    """Would the coder propose this fallback event (the recording keeps them all)?"""
    return not EventExtractor.fallback_needs_source or "source:none" not in item.static


def ranker_samples(corpus: Corpus, indices: list[int], readings: dict[int, Reading]
                   ) -> list[tuple[dict[str, float], bool, bool]]:
    """(features, right, is fallback) of every kept candidate the coder would rank in these
    sentences: the lexicon's and the fallback's event for the model's likeliest class."""
    out = []
    for i in indices:
        sentence, reading = corpus.dev[i], readings[i]
        proposal = reading.proposal()
        options = list(sentence.lexicon)
        if (proposal and proposal.quad in sentence.fallback and codable(sentence.fallback[proposal.quad])
                and reading.reports(proposal.quad, GATE)):
            options.append(sentence.fallback[proposal.quad])
        for item in options:
            if not item.kept:
                continue
            feats = dict(item.static)
            feats.update(reading_features(item.quad, "model" if item.fallback else "lexicon", reading))
            out.append((feats, item.quad == sentence.train_label, item.fallback))
    return out


def out_of_fold_readings(corpus: Corpus, indices: list[int], k: int) -> dict[int, Reading]:
    """The sentence model's reading of each sentence by a model trained without it."""
    order = list(indices)
    random.Random(SEED + 1).shuffle(order)
    readings: dict[int, Reading] = {}
    for fold in (order[j::k] for j in range(k)):
        held = set(fold)
        model = TypeModel(corpus.quad_head([i for i in indices if i not in held]), corpus.plover)
        readings.update({i: model.reading(corpus.dev[i].feats) for i in fold})
    return readings


def choose_threshold(ranker: Ranker, samples: list[tuple[dict[str, float], bool, bool]]) -> float:
    """The least probability at which fallback events are as precise as lexicon events (plus
    a margin), on the ranker's training candidates."""
    lexical = [right for _, right, fallback in samples if not fallback]
    target = sum(lexical) / max(len(lexical), 1) + PRECISION_MARGIN
    scored = sorted(((ranker.probability(f), right) for f, right, fallback in samples if fallback), reverse=True)
    best, right = 1.0, 0
    for n, (p, ok) in enumerate(scored, start=1):
        right += ok
        if right / n >= target and n >= 10:
            best = p
    return round(best, 3)


def build(corpus: Corpus, indices: list[int], about: str) -> tuple[TypeModel, Ranker]:
    """Both models from these dev sentences (with the lexicon and the negatives)."""
    readings = out_of_fold_readings(corpus, indices, INNER_FOLDS)
    samples = ranker_samples(corpus, indices, readings)
    bias, weights = train_ranker([(f, right) for f, right, _ in samples])
    ranker = Ranker(bias, weights, 1.0, about, GATE)
    ranker = Ranker(bias, weights, choose_threshold(ranker, samples), about, GATE)
    return TypeModel(corpus.quad_head(indices), corpus.plover), ranker


# -- cross-validation --------------------------------------------------------------------------


@dataclass
class Tally:
    gold: list[str] = field(default_factory=list)
    top: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    events: Counter = field(default_factory=Counter)  # (kind, right) -> events


def cross_validate(k: int, nlp, corpus: Corpus, texts: list[str], docs) -> None:
    order = list(range(len(corpus.dev)))
    random.Random(SEED).shuffle(order)
    folds = [order[i::k] for i in range(k)]
    extractor = EventExtractor(model=False, rank=False)
    pipeline = Pipeline(stages=default_stages(nlp, extractor))
    tally = Tally()
    thresholds = []
    for number, fold in enumerate(folds, start=1):
        held = set(fold)
        model, ranker = build(corpus, [i for i in range(len(corpus.dev)) if i not in held], "cv")
        thresholds.append(ranker.threshold)
        for i in fold:
            gold = corpus.dev[i].gold
            tally.gold.append(gold)
            document = make_document(texts[i], doc_id=str(i), source="cv")
            extractor.model, extractor.ranker = None, None
            lexicon_only = pipeline.code_parsed(document, docs[i]).events
            extractor.model, extractor.ranker = model, ranker
            learned = pipeline.code_parsed(document, docs[i]).events
            tally.top["lexicon only"].append(_class_of(lexicon_only))
            tally.top["lexicon, ranked"].append(_class_of([e for e in learned if not e.rule.startswith("model")]))
            tally.top["lexicon and fallback, ranked"].append(_class_of(learned))
            for event in learned:
                kind = "fallback" if event.rule.startswith("model") else "lexicon"
                tally.events[(kind, quad_of_code(event.cameo) == gold)] += 1
        print(f"fold {number}/{k} done (fallback threshold {ranker.threshold})", file=sys.stderr)
    report(k, tally)


def report(k: int, tally: Tally) -> None:
    print(f"conflibert_cameo_class, {k}-fold cross-validated ({len(tally.gold)} sentences; class of the "
          f"highest-confidence event, no event counts as neutral):")
    for name, predicted in tally.top.items():
        per, macro = f1_table(tally.gold, predicted, LABELS)
        accuracy = sum(g == p for g, p in zip(tally.gold, predicted)) / len(tally.gold)
        print(f"  {name:30} macro-F1 {macro:.3f}  accuracy {accuracy:.3f}")
    for kind in ("lexicon", "fallback"):
        right, wrong = tally.events[(kind, True)], tally.events[(kind, False)]
        share = right / (right + wrong) if right + wrong else 0.0
        print(f"  {kind} events: {right + wrong}, quad class right {right} = precision {share:.3f}")


def _class_of(events) -> str:
    if not events:
        return "NEUTRAL"
    top = max(events, key=lambda e: e.confidence)
    return quad_of_code(top.cameo)


# -- main --------------------------------------------------------------------------------------


def load(nlp, log: Callable[[str], None]) -> tuple[Corpus, list[str], list]:
    lex_quad, lex_plover = lexicon_samples(nlp)
    log(f"lexicon examples: {len(lex_quad)}")
    negatives = negative_samples(nlp)
    log(f"negatives: {len(negatives)}")
    texts, golds, docs = dev_set(nlp)
    plover = train_head(lex_plover, tuple(sorted({label for _, label in lex_plover})))
    dev = record(nlp, docs, texts, golds, plover)
    log(f"cameo_class: {len(dev)} sentences recorded")
    return Corpus(lex_quad, plover, negatives, dev), texts, docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", type=int, help="k-fold check on conflibert_cameo_class instead of writing the models")
    args = parser.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} is not present: training reads the development sets in ../shared/eval")
    nlp = language.load()
    corpus, texts, docs = load(nlp, lambda line: print(line, file=sys.stderr))
    if args.cv:
        cross_validate(args.cv, nlp, corpus, texts, docs)
        return
    about = ("Ranker of the Flashpoint event coder's candidate events (see flashpoint/events/ranking.py): "
             "logistic model, trained by bench/train_event_model.py.")
    model, ranker = build(corpus, list(range(len(corpus.dev))), about)
    sources = [
        f"Flashpoint lexicon examples ({len(corpus.lex_quad)} sentences of the project's own)",
        f"conflibert_cameo_class ({len(corpus.dev)} sentences; Skorupa Parolin et al., AIES 2022, via eventdata/ConfliBERT)",
        f"BBC News NOT_POLITICS sentences ({len(corpus.negatives)}; Greene and Cunningham, ICML 2006) as no event",
    ]
    model_about = ("Learned fallback of the Flashpoint event coder (see flashpoint/events/typemodel.py). "
                   "Linear model over sentence lemmas and the main predicate, trained by bench/train_event_model.py.")
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(model.to_json(model_about, sources), encoding="utf-8")
    RANK_PATH.write_text(ranker.to_json([sources[1] + ", coded by the lexicon; sentence readings out of fold"]),
                         encoding="utf-8")
    print(f"wrote {MODEL_PATH}: quad {len(model.quad.weights)} features, plover {len(model.plover.weights)} features")
    print(f"wrote {RANK_PATH}: {len(ranker.weights)} weights, fallback threshold {ranker.threshold}")


if __name__ == "__main__":
    main()
