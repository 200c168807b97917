"""Where the coder is silent on real news, found without gold: a map of kinds of failure to read.

Codes real-news documents of the four sets drawn from, leaving out every document of the honest
batches (so that reading what this prints never shows their text), and lists

- ``verbs``: verbs whose subject names an actor and that coded no event (any modality), by lemma
  with their commonest objects and a few sentences;
- ``silent``: sentences with a word of violence, arrest or protest where no event of any modality
  was coded, by that word, with a random sample;
- ``fallback``: a random sample of the learned fallback's events (rule ``model:...``), to read.

Nothing here is scored: it shows where to look. A fix found this way is judged like any other, on
the studied batches and the team's tables, and by reading what it changes on documents like these.

    python bench/realnews/gaps.py verbs --limit 1500
    python bench/realnews/gaps.py silent --limit 1500 --word killed --show 12
    python bench/realnews/gaps.py fallback --limit 2000 --show 40
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import draw  # noqa: E402

from flashpoint.ingest import make_document  # noqa: E402
from flashpoint.pipeline import Pipeline  # noqa: E402
from flashpoint.records import MODALITIES  # noqa: E402
from flashpoint.stages.report import Report  # noqa: E402

EVENT_WORDS = re.compile(
    r"\b(killed|shot|arrested|abducted|kidnapped|attacked|protest\w*|clash\w*|detained|injured|bomb\w*|blast|"
    r"explosion|fired|murdered|gunned|stabbed|hacked|lynched|looted|torched|ambushed|raided|marched|strike)\b", re.I)


def documents(limit: int, seed: int) -> list[dict]:
    # every drawn batch not studied (the honest ones, and any drawn for later) is left out
    honest = {r["id"] for b in draw.QUOTAS if b not in draw.STUDIED for _, r in draw.draw(b)}
    rows = [r for name in draw.FILES for r in draw.records(name) if r["id"] not in honest]
    random.Random(seed).shuffle(rows)
    return rows[:limit]


def silent_verbs(pipeline: Pipeline, rows: list[dict], top: int) -> None:
    verbs: collections.Counter[str] = collections.Counter()
    objects: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for row in rows:
        document = make_document(row["text"], doc_id=row["id"], source="gaps")
        report = Report.start(document, pipeline.nlp(document.text), pipeline.modalities, None, 0.0)
        for stage in pipeline.stages:
            stage.run(report)
        heads = {m.head for m in report.mentions if m.head >= 0}
        coded = {c.trigger.i for c in report.candidates or []}
        for token in report.doc:
            if token.pos_ != "VERB" or token.i in coded:
                continue
            if any(c.dep_ in ("nsubj", "agent") and any(t.i in heads for t in c.subtree) for c in token.children):
                lemma = token.lemma_.lower()
                verbs[lemma] += 1
                objects[lemma].update(c.lemma_.lower() for c in token.children if c.dep_ == "dobj")
        report.coded()
    for lemma, count in verbs.most_common(top):
        print(count, lemma, [o for o, _ in objects[lemma].most_common(6)])


def silent_sentences(pipeline: Pipeline, rows: list[dict], word: str | None, show: int, seed: int) -> None:
    found: list[tuple[str, str]] = []
    documents_ = [make_document(r["text"], doc_id=r["id"], source="gaps") for r in rows]
    for document, coded in zip(documents_, pipeline.code(documents_)):
        told = {e.evidence.sentence_index for e in coded.events}
        for i, (start, end) in enumerate(coded.sentences):
            sentence = document.text[start:end]
            hit = EVENT_WORDS.search(sentence)
            if hit and i not in told:
                found.append((hit.group(1).lower(), sentence))
    print(len(found), "silent sentences;", collections.Counter(w for w, _ in found).most_common(20))
    chosen = [s for w, s in found if word is None or w == word]
    for sentence in random.Random(seed).sample(chosen, min(show, len(chosen))):
        print("  -", " ".join(sentence.split())[:220])


def fallback_events(rows: list[dict], show: int, seed: int) -> None:
    pipeline = Pipeline()  # the default record: what a user sees
    documents_ = [make_document(r["text"], doc_id=r["id"], source="gaps") for r in rows]
    events = [e for coded in pipeline.code(documents_) for e in coded.events]
    learned = [e for e in events if e.rule.startswith("model")]
    print(len(events), "events,", len(learned), "from the learned fallback")
    for event in random.Random(seed).sample(learned, min(show, len(learned))):
        who = f"{event.source.code if event.source else '-'}->{event.target.code if event.target else '-'}"
        print(f"  {event.cameo} {who} [{event.evidence.trigger}] | {' '.join(event.evidence.sentence.split())[:170]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["verbs", "silent", "fallback"])
    parser.add_argument("--limit", type=int, default=1500, help="documents to code")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=60, help="verbs to list")
    parser.add_argument("--word", help="only silent sentences with this word")
    parser.add_argument("--show", type=int, default=10, help="silent sentences to print")
    args = parser.parse_args()
    rows = documents(args.limit, args.seed)
    if args.what == "fallback":
        fallback_events(rows, args.show, args.seed)
    elif args.what == "verbs":
        silent_verbs(Pipeline(modalities=MODALITIES), rows, args.top)
    else:
        silent_sentences(Pipeline(modalities=MODALITIES), rows, args.word, args.show, args.seed)


if __name__ == "__main__":
    main()
