"""Where spaCy's time goes: CPU seconds of each pipeline component, and of the coder's stages.

Run:  python bench/components.py [--corpus bbc glocon] [--limit N] [--batch-size 32]

Each corpus is parsed once with the pipeline Flashpoint loads (``Pipeline().nlp``), component by
component: the tokenizer over every text, then each component's ``pipe`` over the whole batch of
Docs in turn, each timed by this process's CPU time. The same Docs then go through the coder's
stages one at a time (``Pipeline.stages``), each timed the same way. Shares are of the spaCy total
and of the whole (spaCy plus stages). The single-process cost of storing is not included.
"""

from __future__ import annotations

import argparse
import sys
import time

from corpora import CORPORA, Corpus, require_shared, table, words

from flashpoint.ingest.screen import valid_unicode
from flashpoint.pipeline import Pipeline
from flashpoint.stages import Report


def profile(pipeline: Pipeline, corpus: Corpus, batch_size: int) -> list[dict]:
    documents = list(corpus.documents())
    texts = [valid_unicode(d.text) for d in documents]
    seconds: dict[str, float] = {}
    nlp = pipeline.nlp
    docs = []
    for start in range(0, len(texts), batch_size):
        batch = texts[start:start + batch_size]
        began = time.process_time()
        parsed = [nlp.make_doc(text) for text in batch]
        seconds["tokenizer"] = seconds.get("tokenizer", 0.0) + time.process_time() - began
        for name, component in nlp.pipeline:
            began = time.process_time()
            parsed = list(component.pipe(parsed, batch_size=batch_size)) if hasattr(component, "pipe") else [
                component(doc) for doc in parsed]
            seconds[name] = seconds.get(name, 0.0) + time.process_time() - began
        docs.extend(parsed)
    spacy_total = sum(seconds.values())
    stage_seconds: dict[str, float] = {}
    for document, doc in zip(documents, docs):
        report = Report.start(document, doc, pipeline.modalities)
        for stage in pipeline.stages:
            began = time.process_time()
            stage.run(report)
            name = f"stage {type(stage).__name__}"
            stage_seconds[name] = stage_seconds.get(name, 0.0) + time.process_time() - began
    whole = spacy_total + sum(stage_seconds.values())
    n_words = sum(words(t) for t in texts)
    rows = [{"corpus": corpus.name, "part": name, "cpu": value, "ms_doc": 1000 * value / len(docs),
             "spacy_share": f"{100 * value / spacy_total:.1f}%", "share": f"{100 * value / whole:.1f}%"}
            for name, value in seconds.items()]
    rows += [{"corpus": corpus.name, "part": name, "cpu": value, "ms_doc": 1000 * value / len(docs), "spacy_share": "",
              "share": f"{100 * value / whole:.1f}%"} for name, value in stage_seconds.items()]
    rows.append({"corpus": corpus.name, "part": f"total ({len(docs)} docs, {n_words:,} words)", "cpu": whole,
                 "ms_doc": 1000 * whole / len(docs), "spacy_share": "", "share": "100%"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", choices=CORPORA, default=["bbc", "glocon"])
    parser.add_argument("--limit", type=int, help="documents of each corpus (default: all)")
    parser.add_argument("--repeat", type=int, default=50, help="copies of the worked example (default 50)")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    require_shared(args.corpus)
    pipeline = Pipeline()
    pipeline.code_text("Pakistan closed its airspace to Indian airlines.", published="2025-04-24")  # warm up
    print(f"pipes: {pipeline.nlp.pipe_names}")
    rows: list[dict] = []
    for name in args.corpus:
        rows += profile(pipeline, Corpus(name, limit=args.limit, repeat=args.repeat), args.batch_size)
    print(table(rows, [("corpus", "corpus"), ("part", "part"), ("cpu", "CPU s"), ("ms_doc", "ms/doc"),
                       ("spacy_share", "share of spaCy"), ("share", "share of all")]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
