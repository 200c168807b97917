"""The tokenizer on the runs it crawls on, with and without flashpoint.language.runs (issue 17).

- **shapes**: a lead sentence and then a whitespace-free run of one unit (``'``, ``(``, ``[``,
  ``([{'``, ``'s``, ``=``, ...) of each ``--raw`` size, tokenized by the model's own tokenizer
  (processor seconds, tokens), and of ``--size`` characters (200,000) through the bounded one;
- **pipeline** (``--pipeline NAME...``): ``Pipeline.code_text`` on a ``--size`` text of those
  shapes, with the bound and with the model's own tokenizer put back (the way a text comes in
  outside ingest, whose ``flashpoint.ingest.shapes`` blanks such runs first; the pipeline cuts a
  run without a sentence end into pieces of 3,000 characters, so spaCy's square is paid per piece);
- **corpora**: every text of ../shared/eval (the development sets; ``FLASHPOINT_EVAL=DIR`` as in
  bench/corpora.py) and of the sample corpus
  through :func:`flashpoint.language.runs.bound`: how many would change (none should), the
  longest run of marks and the most pieces of a whitespace-free run seen, and the time it costs.

    python bench/tokenizer_bounds.py --raw 2000 5000 10000 --size 200000 --pipeline apostrophes equals
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time

from corpora import EVAL, REPO

from flashpoint import language
from flashpoint.language import runs

LEAD = "Pakistan closed its airspace to Indian airlines on Thursday.\n\n"
UNITS = {"apostrophes": "'", "parentheses": "(", "brackets": "[", "mixed brackets": "([{'", "'s": "'s",
         "equals": "=", "quotes": '"', "emoji": "\U0001F525", "dots": ".", "dashes": "-"}
_MARKS = re.compile(r"(?:[^\w\s]|_)+")
_RUN = re.compile(r"\S{24,}")
_PIECE = re.compile(r"[^\W_]+|[^\w\s]|_")


def _timed(tokenizer, text: str) -> tuple[float, int]:
    began = time.process_time()
    doc = tokenizer(text)
    return time.process_time() - began, len(doc)


def shapes(raw_sizes: list[int], size: int) -> None:
    nlp = language.load()
    bounded = nlp.tokenizer
    print("| shape | " + " | ".join(f"spaCy, {n:,} chars" for n in raw_sizes) + f" | bounded, {size:,} chars |")
    print("| --- |" + " --- |" * (len(raw_sizes) + 1))
    for name, unit in UNITS.items():
        cells = []
        for n in raw_sizes:
            seconds, tokens = _timed(bounded.tokenizer, LEAD + (unit * n)[:n])
            cells.append(f"{seconds:.2f} s, {tokens:,} tokens")
        text = LEAD + (unit * size)[:size]
        seconds, tokens = _timed(bounded, text)
        cells.append(f"{seconds:.3f} s, {tokens:,} tokens")
        print(f"| {name} `{unit}` | " + " | ".join(cells) + " |", flush=True)


def pipeline(names: list[str], size: int) -> None:
    from flashpoint.pipeline import Pipeline

    coder = Pipeline()
    nlp = coder.nlp
    bounded = nlp.tokenizer
    coder.code_text(LEAD)  # warm
    print(f"| shape, {size:,} chars | code_text, bounded | code_text, spaCy's tokenizer |")
    print("| --- | --- | --- |")
    for name in names:
        text = LEAD + (UNITS[name] * size)[:size]
        cells = []
        for tokenizer in (bounded, bounded.tokenizer):
            nlp.tokenizer = tokenizer
            try:
                began = time.process_time()
                events = coder.code_text(text, published="2025-05-01")
                cells.append(f"{time.process_time() - began:.2f} s, {len(events)} events")
            finally:
                nlp.tokenizer = bounded
        print(f"| {name} `{UNITS[name]}` | " + " | ".join(cells) + " |", flush=True)


def _texts():
    for path in sorted(EVAL.glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                for key in ("text", "sentence"):
                    if isinstance(record.get(key), str):
                        yield record[key]
    sample = REPO / "src" / "flashpoint" / "data" / "sample" / "reports.jsonl"
    for line in sample.open(encoding="utf-8"):
        yield json.loads(line)["text"]


def corpora() -> None:
    peels = language.load().tokenizer.peels
    texts = chars = changed = longest = most = 0
    spent = 0.0
    for text in _texts():
        texts += 1
        chars += len(text)
        began = time.process_time()
        _, spans = runs.bound(text, peels)
        spent += time.process_time() - began
        changed += bool(spans)
        longest = max([longest, *(len(m.group()) for m in _MARKS.finditer(text) if any(map(peels, set(m.group()))))])
        most = max([most, *(len(_PIECE.findall(m.group())) for m in _RUN.finditer(text))])
    print(f"{texts:,} texts, {chars:,} characters: {changed} changed; longest run of marks the tokenizer takes "
          f"off one at a time {longest}, most pieces of a whitespace-free run {most}; "
          f"bound() {spent:.2f} s of processor time ({spent / chars * 1e9:.0f} ns a character)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=int, nargs="*", default=[2_000, 5_000, 10_000],
                        help="run sizes given to spaCy's own tokenizer (quadratic: 20,000 takes 30 s)")
    parser.add_argument("--size", type=int, default=200_000, help="run size given to the bounded tokenizer")
    parser.add_argument("--pipeline", nargs="*", default=[], choices=list(UNITS),
                        help="shapes coded end to end both ways (slow without the bound: a minute or more each)")
    parser.add_argument("--no-corpora", action="store_true", help="skip the development sets")
    args = parser.parse_args()
    shapes(args.raw, args.size)
    if args.pipeline:
        pipeline(args.pipeline, args.size)
    if not args.no_corpora and EVAL.is_dir():
        corpora()


if __name__ == "__main__":
    main()
