"""Place-name keys: one normal form for gazetteer names and report text alike.

News writes "Wagah–Attari", "Wagah-Attari" and "Wagah Attari"; GeoNames writes "Rājauri" where
news writes "Rajauri". Folding both sides to the same key (no accents, lower case, dashes and
apostrophes as spaces or nothing) turns name lookup into a plain dict lookup.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d",
                          "ħ": "h", "Ħ": "H"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\-_/]+")
_DROP = re.compile(r"[\u2018\u2019\u02bc\u02bb'`.\u00b4]")
_OTHER = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ASCII key of a name: accents stripped, dashes to spaces, apostrophes dropped.

    Cached: place finding folds every candidate span of every report, and the same few thousand
    names ("Pakistan", "the Line of Control") come back report after report.
    """
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _DROP.sub("", _DASHES.sub(" ", text))
    text = _OTHER.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def is_ascii_name(text: str) -> bool:
    """A name a English news report could contain: Latin letters once accents are stripped."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text.translate(_LETTERS)) if not unicodedata.combining(c))
    return stripped.isascii() and any(c.isalpha() for c in stripped)
