"""Build the prebuilt tag-rules table, ``src/flashpoint/data/language/tagtable.tsv.gz``.

Run:  python bench/build_tagtable.py [--sets bbc glocon ...] [--min-count 3] [--held-out 600]
                                      [--out PATH] [--dry-run]

The development sets are parsed (tagger and parser; the entity recogniser is not needed) and every
token's tag-rules key is counted: word, tag, dependency class, after an expletive
(:meth:`flashpoint.language.tagrules.TagRules.keys`). Keys seen at least ``--min-count`` times are
learned from spaCy's own attribute ruler and lemmatizer and written, with the model's name and
version and spaCy's version in the header; only keys are stored, never texts. The file is then
read back and every row learned again: unless all equal what was learned, the build exits 1 and
leaves the file it wrote beside the old one (``.new``), which stays in place. The
first ``--held-out`` BBC articles (the benchmarks' corpus) are not counted, only measured: the
script prints the share of their tokens and of their distinct keys the table holds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ["FLASHPOINT_TAGTABLE"] = "off"  # count and learn from nothing

from corpora import require_shared  # noqa: E402
from tagrules_check import SETS, texts  # noqa: E402

from flashpoint import language  # noqa: E402
from flashpoint.language import tagrules, tagtable  # noqa: E402

DEFAULT_SETS = ["bbc", "glocon", "satp", "insightcrime", "causal", "cameo_class", "cameo_ner", "case2021"]


def count(nlp, rules: tagrules.TagRules, items: list[str], counts: Counter, labels: dict) -> int:
    """Add the keys of every token of ``items`` to ``counts``; returns the tokens seen."""
    tokens = 0
    disabled = [name for name in nlp.pipe_names if name == "ner"]
    for doc in nlp.pipe(items, batch_size=64, disable=disabled):
        columns, keys = rules.keys(doc)
        space = columns[:, 3].tolist()
        for key, dep, is_space in zip(keys, columns[:, 2].tolist(), space):
            if not is_space:
                counts[key] += 1
                labels.setdefault(key, dep)
        tokens += len(doc)
    return tokens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=SETS, default=DEFAULT_SETS)
    parser.add_argument("--limit", type=int, help="texts of each set (default: all)")
    parser.add_argument("--min-count", type=int, default=3, help="keep keys seen at least this often (default 3)")
    parser.add_argument("--held-out", type=int, default=600, help="first BBC articles measured, not counted")
    parser.add_argument("--out", type=Path, default=tagtable.PATH)
    parser.add_argument("--dry-run", action="store_true", help="print the coverage, write nothing")
    args = parser.parse_args(argv)
    require_shared(["bbc"])
    nlp = language.load()
    rules: tagrules.TagRules = nlp.get_pipe(tagrules.NAME)
    assert rules.prebuilt is None and rules.exact
    counts: Counter = Counter()
    labels: dict = {}
    began = time.process_time()
    total = 0
    held: Counter = Counter()
    for name in args.sets:
        items = [t for t in texts(name, args.limit) if t.strip()]
        if name == "bbc" and args.held_out:
            count(nlp, rules, items[:args.held_out], held, {})
            items = items[args.held_out:]
        tokens = count(nlp, rules, items, counts, labels)
        total += tokens
        print(f"{name}: {len(items):,} texts, {tokens:,} tokens, {len(counts):,} keys so far", flush=True)
    if args.dry_run:  # the cut-offs side by side
        n_counted, n_held = sum(counts.values()), max(1, sum(held.values()))
        print("min count | keys | counted tokens | held-out tokens | held-out keys")
        for cut in (1, 2, 3, 5, 10, 20):
            inside = {key for key, seen in counts.items() if seen >= cut}
            print(f"{cut} | {len(inside):,} | {sum(counts[k] for k in inside) / n_counted:.1%} | "
                  f"{sum(v for k, v in held.items() if k in inside) / n_held:.1%} | "
                  f"{sum(1 for k in held if k in inside):,} of {len(held):,}")
    kept = sorted((key for key, seen in counts.items() if seen >= args.min_count), key=lambda k: (-counts[k], k))
    kept = [key for key in kept if not any(c.isspace() for c in nlp.vocab.strings[key[0]])]
    covered = sum(counts[key] for key in kept)
    print(f"counted {total:,} tokens, {len(counts):,} distinct keys in {time.process_time() - began:.0f} s CPU; "
          f"kept {len(kept):,} keys seen >= {args.min_count} times, {covered / max(1, sum(counts.values())):.1%} "
          f"of the counted tokens")
    if held:
        inside = set(kept)
        tokens_in = sum(seen for key, seen in held.items() if key in inside)
        keys_in = sum(1 for key in held if key in inside)
        print(f"held out (first {args.held_out} BBC articles): {sum(held.values()):,} tokens, {len(held):,} distinct "
              f"keys; the table holds {tokens_in / sum(held.values()):.1%} of the tokens and "
              f"{keys_in / len(held):.1%} of the keys ({keys_in:,})")
    other = rules._other_label()
    learn_labels = {key: (labels[key] if key[2] != 1 else other) for key in kept}
    values = rules.run_components(kept, learn_labels)
    rows = rules.format_rows(kept, values)
    if args.dry_run:
        return 0
    header = {**tagtable.model_identity(nlp), "keys": str(len(rows)), "min_count": str(args.min_count),
              "built_by": f"python bench/build_tagtable.py --min-count {args.min_count} --held-out {args.held_out} "
                          f"--sets {' '.join(args.sets)}"}
    written = args.out.with_name(args.out.name + ".new")  # put in place only once proved
    tagtable.write(written, header, rows)
    # prove it: read back, the same keys and values, and every row learned again equal
    _, back, problems = tagtable.read(written)
    if problems:
        print(f"the written file has {len(problems)} problems, the first: {problems[0]}")
        return 1
    keys, back_labels, back_values = rules.parse_rows(back)
    if keys != kept or (back_values[:, :3] != values[:, :3]).any():
        print("the file read back differs from what was learned")
        return 1
    wrong = rules.disagreements(keys, back_labels, back_values)
    if wrong:
        print(f"{len(wrong)} rows differ from spaCy's components learned again, e.g. {back[wrong[0]]}")
        return 1
    os.replace(written, args.out)
    print(f"wrote {args.out}: {len(rows):,} rows, {args.out.stat().st_size / 1024:.0f} KB; every row learned again: "
          "equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
