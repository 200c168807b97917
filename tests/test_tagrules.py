"""The cached attribute ruler and lemmatizer (flashpoint.language.tagrules) give spaCy's output.

The sentences are the project's own, chosen to reach every kind of pattern the model's attribute
ruler has: tag-only mappings, word-and-tag exceptions ("been", "n't", "ca"), the expletive pattern
("there were"), the two-word patterns that send a Doc to spaCy's own components ("gon na",
"let 's"), and space tokens (tag and dependency rewritten). ``bench/tagrules_check.py`` runs the
same comparison over the development sets.
"""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

from flashpoint.language import tagrules

COLUMNS = [ORTH, TAG, DEP, POS, MORPH, LEMMA]
TEXTS = [
    "Pakistan closed its airspace to Indian airlines on Thursday.",
    "There were protests in Lahore, and there is no sign they will stop.",
    "The talks haven't been held; officials said they ca n't meet and wo n't sign.",
    "We are gon na wait.  Let's see what they do.\n\nThe army has been deployed.",
    "Being careful, the minister didn't say whether troops had gone or were going.",
    "Police arrested 12 people.\n\n\nThey got ta answer questions about y'all's plans.",
    "Rebels de-escalated.   Nothing happened.",
]


def test_the_table_replaces_both_components(pair) -> None:
    fast, _ = pair
    assert tagrules.NAME in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names


@pytest.mark.parametrize("rounds", [1, 2])  # the second round reads the table it learned
def test_token_for_token_equal_to_spacy(pair, rounds: int) -> None:
    fast, reference = pair
    for _ in range(rounds):
        for ours, theirs in zip(fast.pipe(TEXTS), reference.pipe(TEXTS)):
            assert (ours.to_array(COLUMNS) == theirs.to_array(COLUMNS)).all(), ours.text


def test_stock_restores_spacys_components_for_a_while(pair) -> None:
    fast, _ = pair
    with tagrules.stock(fast):
        assert "attribute_ruler" in fast.pipe_names and tagrules.NAME not in fast.pipe_names
    assert tagrules.NAME in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
