"""The words an actor's event record quotes: the whole noun phrase a mention heads."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from spacy.tokens import Doc, Token

from flashpoint.cues import cues
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.records import Mention

_LEFT_DEPS = frozenset({"det", "amod", "compound", "nummod", "quantmod", "poss", "predet", "nmod", "advmod",
                        "npadvmod", "case", "punct"})


def noun_phrase(doc: Doc, mention: Mention) -> tuple[int, int]:
    """The whole noun phrase an actor mention heads, as an analyst would quote it: "the top US
    diplomat", "The Nigerian Air Force (NAF)", "Ranil Wickremesinghe, the former Prime Minister of
    Sri Lanka". Modifiers on the left; an apposition, a bracketed acronym or an "of" phrase on the
    right; never a coordinated phrase, a clause or another preposition.

    Read from the Doc's arrays (it runs for every mention): a Token is made only for a subtree's
    edges, which the arrays do not hold."""
    start, end = mention.tokens
    columns = arrays(doc)
    head = doc[mention.head]
    counted = _counting_head(columns, mention.head)
    if counted is not None:  # "Thousands of textile workers in Haiti"
        start = doc[counted].left_edge.i
    start = _left_edge(columns, start, end, head.left_edge.i)
    subtree_end = head.right_edge.i + 1
    i = end
    while i < subtree_end:
        after = _past_right_part(doc, columns, i, mention.tokens[0])
        if after is None:
            break
        i = after
    end = max(end, min(i, subtree_end))
    dep, text = columns.dep, columns.text
    while end > start + 1 and dep[end - 1] == "punct" and text[end - 1] not in (")",):
        end -= 1
    return start, end


def _left_edge(columns: ParseArrays, start: int, end: int, subtree_start: int) -> int:
    """Take in the modifiers on the left ("the top US"), not a verb or punctuation but a dash."""
    dep, pos, text = columns.dep, columns.pos, columns.text
    while start > subtree_start:
        before = start - 1
        if dep[before] not in _LEFT_DEPS or dep[before] == "punct" and text[before] not in ("-", "\u2013"):
            break
        if pos[before] in ("VERB", "AUX") and dep[before] != "amod":
            break
        start -= 1
    while start < end - 1 and dep[start] == "punct":
        start += 1
    return start


def _past_right_part(doc: Doc, columns: ParseArrays, i: int, first: int) -> int | None:
    """Where the phrase goes on after the part starting at ``i`` on the right (a bracketed
    acronym, an apposition, an "of" phrase, "in" a named place), or None: it ends here.
    ``first`` is the mention's first token."""
    text, dep, head, n = columns.text, columns.dep, columns.head, columns.n
    word = text[i]
    if word == "(":
        close = next((j for j in range(i + 1, min(i + 6, n)) if text[j] == ")"), None)
        return None if close is None else close + 1
    if word == "," and _apposition_follows(columns, i):
        appos = next(t for t in range(i + 1, min(i + 3, n)) if dep[t] == "appos" or dep[head[t]] == "appos")
        target = appos if dep[appos] == "appos" else head[appos]
        return doc[target].right_edge.i + 1
    if dep[i] == "appos":
        return doc[i].right_edge.i + 1
    if dep[i] != "prep" or not first <= head[i] < i:
        return None
    lower = columns.lower[i]
    if lower == "of":
        return doc[i].right_edge.i + 1
    if lower == "in" and any(dep[g] == "pobj" and columns.ent_type[g] in ("GPE", "LOC") for g in columns.children[i]):
        return doc[i].right_edge.i + 1  # "a court in Britain"
    return None


# Words that count a group: "thousands of protesters", "crowds of students".
PARTITIVES = cues()["partitive"] | cues()["group-noun"]


def _apposition_follows(columns: ParseArrays, comma: int) -> bool:
    """", the former Prime Minister": an apposition within two tokens after a comma."""
    dep, n = columns.dep, columns.n
    if comma + 1 < n and dep[comma + 1] == "appos":
        return True
    return comma + 2 < n and (dep[comma + 1] == "appos" or dep[comma + 2] == "appos")


def _counting_head(columns: ParseArrays, head: int) -> int | None:
    """The quantity a phrase is counted by: "**thousands** of protesters"."""
    of = columns.head[head]
    counter = columns.head[of]
    if columns.dep[head] == "pobj" and columns.lower[of] == "of" and columns.lower[counter] in PARTITIVES:
        return counter
    return None


# Prepositions whose object, when a capital, is a place and not its government ("a market in Kabul").
LOCATIVE_PREPOSITIONS = cues()["locative-preposition"] | cues()["capital-preposition"]


def capital_as_place(columns: ParseArrays, head: int, bodies: Mapping[str, object]) -> bool:
    """A capital used as a place (token ``head``): the object of "in", "at", "near", "of" ..., or
    the modifier of a thing or an act ("the Brussels attacks", "the Moscow talks"), not of a body
    ("the Kabul government")."""
    dep, lower = columns.dep, columns.lower
    noun = columns.head[head]
    if dep[head] == "pobj" and lower[noun] in LOCATIVE_PREPOSITIONS:
        return True
    return dep[head] in ("compound", "nmod") and noun > head and columns.pos[noun] == "NOUN" \
        and columns.text[noun].islower() and lower[noun] not in bodies and columns.lemma[noun].lower() not in bodies


def head_index(columns: ParseArrays, start: int, end: int) -> int:
    """The token of ``start:end`` (``end > start``) whose head lies outside it (the last such token
    on ties; else the last token), as an index: no Span made."""
    head = columns.head
    heads = [i for i in range(start, end) if head[i] < start or head[i] >= end or head[i] == i]
    return heads[-1] if heads else end - 1


DEFINITE = cues()["definite-determiner"]


def is_definite(columns: ParseArrays, start: int, end: int) -> bool:
    """"the army", "the new government", "this ministry": the phrase ``start:end`` is definite."""
    dep, lower = columns.dep, columns.lower
    head = head_index(columns, start, end)
    return any(dep[c] == "det" and lower[c] in DEFINITE for c in columns.children[head]) or lower[start] == "the"


#: Prepositions whose object is a place, not a person: "in Raha", "near Medina".
PLACE_PREPOSITIONS = cues()["locative-preposition"]
#: Nouns whose "of" phrase names a place: "the city of Pereira", "the province of Zabul".
PLACE_NOUNS = cues()["place-noun"] | cues()["admin-noun"] | cues()["city-noun"]


def names_a_thing(columns: ParseArrays, word: int) -> bool:
    """"near Medina restaurant": a lone name modifying a common noun outside its phrase names a
    place or a thing, not the office holder who shares the surname; so does a name in a place
    phrase ("in Raha", "near Medina", "the city of Pereira"), and a date ("on May 15"). (Routes,
    "from A to B", are not: "a letter from Sharif to Modi".) ``word`` is a token index."""
    dep, head = columns.dep, columns.head[word]
    if columns.ent_type[word] in ("DATE", "TIME"):
        return True  # "on May 15" is no Theresa May
    if dep[word] == "compound" and columns.pos[head] == "NOUN" and head > word:
        return True
    if dep[word] != "pobj":
        return False
    lower = columns.lower[head]
    return lower in PLACE_PREPOSITIONS or lower == "of" and columns.lemma[columns.head[head]] in PLACE_NOUNS


def names_of(place: Token) -> Iterator[str]:
    """The names a place word may end or head, longest first: "Papua New Guinea" before "Guinea",
    and "the Democratic Republic of the Congo" whole."""
    doc = place.doc
    for start in range(place.left_edge.i, place.i + 1):
        for end in dict.fromkeys((place.right_edge.i + 1, place.i + 1)):
            yield doc[start:end].text


def names_a_body(columns: ParseArrays, start: int, end: int) -> bool:
    """"**Vodacom** donated R500,000", "**People Opposing Woman Abuse** said": an organisation the
    recogniser names and no knowledge base knows is still an actor (its country comes from the
    report). Only proper names: every word a capitalised proper noun (or a joining word), so that
    a misread common phrase stays no one; and not one with an apposition, which says who it is
    ("Madvi Soma, a Special Police Officer": the recogniser's organisation is a person), nor one
    naming a kind of place ("the **Mamund** area"). The tokens ``start:end``, read from the arrays."""
    dep, pos, text, lower = columns.dep, columns.pos, columns.text, columns.lower
    root = span_root(columns, start, end)
    if any(dep[c] == "appos" for c in columns.children[root]):
        return False
    if dep[root] == "compound" and columns.lemma[columns.head[root]].lower() in PLACE_NOUNS:
        return False
    words = [i for i in range(start, end) if pos[i] != "DET"]
    doc = columns.doc  # a Token only to ask whether a word is punctuation
    return bool(words) and pos[words[0]] == "PROPN" and pos[words[-1]] == "PROPN" and all(
        (pos[i] == "PROPN" and text[i][:1].isupper()) or lower[i] in ("of", "for", "and", "&", "-")
        or doc[i].is_punct for i in words)


def span_root(columns: ParseArrays, start: int, end: int) -> int:
    """``doc[start:end].root.i`` without the Span: the first token that is its own head, else the
    one token whose head lies outside the span; with several of those, spaCy's own answer (the
    fewest steps to the root)."""
    head = columns.head
    outside = []
    for i in range(start, end):
        if head[i] == i:
            return i
        if not start <= head[i] < end:
            outside.append(i)
    if len(outside) == 1:
        return outside[0]
    return columns.doc[start:end].root.i
