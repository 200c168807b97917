"""Acronyms the report does not bear out: "SAA" in a South African business story is South
African Airways, not the Syrian Arab Army the knowledge base knows by those letters.

A short all-capital name is read as the body the knowledge base knows by it only when the report
gives its country some other evidence (a place, or another actor of that country), or is not
clearly about another country (at least :data:`CLEAR_HOME` of evidence). Otherwise the reading is dropped: an unknown actor is better than a wrong state.
"""

from __future__ import annotations

from flashpoint.context.countries import ReportCountries, report_countries
from flashpoint.places import DocPlaces
from flashpoint.records import Mention

#: Names this short, in capitals, are acronyms that many bodies share.
ACRONYM_LETTERS = 5
#: How much evidence the report must give its own country before an acronym of another country
#: that nothing else names is doubted ("The IDF said ... in southern Gaza" stays the IDF).
CLEAR_HOME = 3.0


def drop_unsupported_acronyms(mentions: list[Mention], places: DocPlaces | None) -> list[Mention]:
    """The mentions without the acronym readings the rest of the report does not support."""
    acronyms = [m for m in mentions if _acronym(m)]
    if not acronyms:
        return mentions
    others = report_countries([m for m in mentions if not _acronym(m)], places)
    home = others.home
    doubtful = [m for m in acronyms if _unsupported(m, others, home)]
    codes = {m.actor.code for m in doubtful}
    dropped = {id(m) for m in doubtful}
    # and the pronouns and references that stood for them ("SAA ... its creditors")
    dropped |= {id(m) for m in mentions if m.kind in ("pronoun", "coref") and m.actor.code in codes}
    return [m for m in mentions if id(m) not in dropped]


def _acronym(mention: Mention) -> bool:
    words = mention.actor.text.split()
    word = words[-1] if words else ""
    return mention.kind in ("org", "group") and word.isupper() and word.isalpha() and len(word) <= ACRONYM_LETTERS \
        and len([w for w in words if w.lower() != "the"]) == 1


def _unsupported(mention: Mention, others: ReportCountries, home: str | None) -> bool:
    country = mention.actor.country
    return bool(country and home and country != home and others.weights[country] == 0
                and others.weights[home] >= CLEAR_HOME)
