"""The model's matrix products on numpy's BLAS, one thread (issue 17).

spaCy's models compute through thinc, whose CPU backend sends every matrix product (the tok2vec
layers of the tagger/parser and of the entity recogniser, the parser's and recogniser's
precomputed features: most of the parse's arithmetic) to the BLIS library it ships. On this
project's x86-64 machines BLIS runs them at about a third of the speed of the OpenBLAS that
numpy ships (32 against 96 GFLOP/s on one core of the project machine, the shapes of a batch of
32 reports), so :func:`install` gives every model of the pipeline thinc's numpy backend without
BLIS, and limits numpy's BLAS to one thread: Flashpoint scales by processes (one per core, the
Dask runner), and a second thread per process would only take another process's core.

The weights and the operations are the same; only the order of the floating-point additions
inside a product differs, so a score within rounding of a tie can, very rarely, tip the other way
(``bench/blas_check.py`` compares the parses token for token). The parser's per-step products stay
on BLIS (they go through a C table thinc fills itself). :func:`stock` puts BLIS back for a while
(the benchmarks time both in one process).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.language import Language
from thinc.api import NumpyOps, Ops
from thinc.model import Model
from threadpoolctl import threadpool_limits

#: numpy's BLAS threads per process (see the module's docstring).
THREADS = 1

_limits: threadpool_limits | None = None


def models(nlp: Language) -> Iterator[Model]:
    """Every thinc layer of every component of the pipeline, enabled or not."""
    seen: set[int] = set()
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if id(node) not in seen:
                seen.add(id(node))
                yield node


def install(nlp: Language) -> None:
    """Run the pipeline's matrix products on numpy's BLAS, in one thread."""
    global _limits
    if _limits is None:
        _limits = threadpool_limits(limits=THREADS, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for node in models(nlp):
        if isinstance(node.ops, NumpyOps):
            node.ops = ops


def uses_blis(nlp: Language) -> bool:
    """Whether some layer of the pipeline still sends its products to BLIS."""
    return any(isinstance(node.ops, NumpyOps) and node.ops.use_blis for node in models(nlp))


@contextmanager
def stock(nlp: Language) -> Iterator[Language]:
    """Run the pipeline on BLIS, as spaCy ships it, for a while (the benchmarks' "before")."""
    saved: list[tuple[Model, Ops]] = [(node, node.ops) for node in models(nlp)]
    blis = NumpyOps(use_blis=True)
    for node, _ in saved:
        node.ops = blis
    try:
        yield nlp
    finally:
        for node, ops in saved:
            node.ops = ops
