"""The models' matrix products on numpy's BLAS (flashpoint.language.blas) parse and code as BLIS does.

The project's own sentences and the worked example are parsed and coded both ways in one
pipeline: every token (tag, head, dependency, lemma, entity) and every event must agree.
``bench/blas_check.py`` runs the token comparison over the development sets.
"""

from __future__ import annotations

from pathlib import Path

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, ORTH, POS, TAG
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from flashpoint.language import blas
from flashpoint.pipeline import Pipeline

COLUMNS = [ORTH, TAG, HEAD, DEP, POS, LEMMA, ENT_IOB, ENT_TYPE]
TEXTS = [
    "Pakistan closed its airspace to Indian airlines on Thursday.",
    "Indian troops fired on Pakistani posts along the Line of Control, the army said in Rawalpindi.",
    "Police arrested 12 protesters in Lahore after clashes with supporters of Imran Khan.",
    "Rubio encouraged India to collaborate with Pakistan to de-escalate the situation.",
]


def test_every_model_runs_on_numpy_blas_in_one_thread(pipeline: Pipeline) -> None:
    nodes = list(blas.models(pipeline.nlp))
    assert nodes and not blas.uses_blis(pipeline.nlp)
    assert all(not node.ops.use_blis for node in nodes if isinstance(node.ops, NumpyOps))
    assert all(pool["num_threads"] == blas.THREADS for pool in threadpool_info() if pool["user_api"] == "blas")


def test_stock_puts_blis_back_for_a_while(pipeline: Pipeline) -> None:
    with blas.stock(pipeline.nlp):
        assert blas.uses_blis(pipeline.nlp)
    assert not blas.uses_blis(pipeline.nlp)


def test_the_parse_is_the_same_token_for_token(pipeline: Pipeline) -> None:
    nlp = pipeline.nlp
    with blas.stock(nlp):
        reference = [doc.to_array(COLUMNS) for doc in nlp.pipe(TEXTS)]
    for doc, expected in zip(nlp.pipe(TEXTS), reference):
        assert (doc.to_array(COLUMNS) == expected).all(), doc.text


def test_the_worked_example_gives_the_same_events(pipeline: Pipeline, worked_example: Path) -> None:
    text = worked_example.read_text(encoding="utf-8")

    def events() -> list[tuple]:
        return [(e.evidence.sentence_index, e.cameo, e.source and e.source.code, e.target and e.target.code)
                for e in pipeline.code_text(text, published="2025-05-01")]

    with blas.stock(pipeline.nlp):
        before = events()
    assert before and events() == before
