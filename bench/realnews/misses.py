"""Why the coder misses required events: is it the sentence, or the report around it?

Usage:
    python bench/realnews/misses.py --batches 1 2 3 4 5 6 11    # studied batches only: it prints sentences

For every required event of the batches that the coder codes nothing for in its sentence (any
modality), the sentence is coded again on its own (same publication date) and the event is put in
one of four kinds: ``alone-c+r`` / ``alone-root`` (the sentence alone gives it: the report around
it loses it), ``alone-other`` (another event), ``alone-nothing`` (the sentence itself is the gap).
It prints each such event with its sentence, so run it on studied batches only (README.md).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score  # noqa: E402

from flashpoint.ingest import make_document  # noqa: E402
from flashpoint.pipeline import Pipeline  # noqa: E402
from flashpoint.records import MODALITIES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, nargs="+", required=True)
    args = parser.parse_args()
    every, plain = Pipeline(modalities=MODALITIES), Pipeline()
    kinds: collections.Counter = collections.Counter()
    for batch in args.batches:
        items = score.load_batch(batch)
        docs = [make_document(text, doc_id=gold["id"], source="realnews") for gold, text in items]
        for (gold, text), coded in zip(items, every.code(docs)):
            for wanted in gold["events"]:
                if not wanted.get("required") or any(score._from_sentence(wanted["evidence"], e) for e in coded.events):
                    continue
                sentences = [text[start:end] for start, end in coded.sentences]
                sentence = next((s for s in sentences if wanted["evidence"].lower()[:30] in s.lower()), None)
                if sentence is None:
                    kinds["evidence not found"] += 1
                    continue
                alone = plain.code_text(sentence, published=coded.document.published)
                kind = ("alone-c+r" if any(score._agrees("countries+root", wanted, e) for e in alone) else
                        "alone-root" if any(score._agrees("root", wanted, e) for e in alone) else
                        "alone-other" if alone else "alone-nothing")
                kinds[kind] += 1
                print(f"b{batch} {kind:13} {wanted['cameo'][0]:5} {wanted.get('source')} -> {wanted.get('target')} | {sentence[:120]}")
    for kind, count in kinds.most_common():
        print(f"{count:4} {kind}")


if __name__ == "__main__":
    main()
