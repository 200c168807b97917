"""Finding the places a parsed report names, and how each one sits in its sentence.

Candidates come from the statistical NER (GPE, LOC, FAC; ORG and PERSON only on strong evidence,
since the small model calls "Wagah-Attari" an organisation) and from runs of proper nouns the NER
left unlabelled ("the deadly Pahalgam terror attack"). Each candidate is looked up in the
gazetteer with dict lookups, longest span first; nothing scans the gazetteer.

The syntactic *role* of a mention says what it is the place of: ``locative`` ("in Kashmir": the
place of the word the phrase hangs on), ``modifier`` ("the Pahalgam attack": the place of that
noun), ``object`` ("the Wagah-Attari border has been closed"), ``directional`` ("from X",
"towards X": a place, but not where the event was), ``subject`` or ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from flashpoint import language
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.actors.kb import knowledge_base
from flashpoint.cues import cues
from flashpoint.places.gazetteer import Gazetteer, Match
from flashpoint.places.names import fold

#: Prepositions of place: "in Kashmir", "along the border".
LOCATIVE_PREPS = cues()["locative-preposition"] | cues()["path-preposition"]
#: Nouns that name part of a place: "the village of X", "the X district", "the outskirts of X".
PART_NOUN_WORDS = cues()["place-part-noun"]
#: Nouns whose "of" object is a place: parts of places and their people ("residents of Durban").
OF_PLACE_NOUNS = PART_NOUN_WORDS | cues()["inhabitant-noun"]
PLACE_NOUNS = PART_NOUN_WORDS | cues()["place-noun"]
#: A generic noun after a name, and the kind of place it hints at ("Kupwara district": admin).
HINTS = {word: hint for hint in ("border", "crossing", "admin", "region", "city") for word in cues()[f"{hint}-noun"]}
#: Words inside a multi-word proper name ("Line of Control").
NAME_PARTICLES = cues()["name-particle"]
#: Words of a newspaper's name ("Herald", "Tribune"): an organisation named with one holds no place.
MEDIA_NAME_WORDS = cues()["media-name-word"]
#: Ranks and roles that are never alone a town ("Station House Officer").
ROLE_WORDS = cues()["role-word"]
#: Bodies a place name before them localises: "Karachi police", "the Gwadar administration".
LOCAL_BODY_NOUNS = cues()["local-body-noun"]
#: ... of which those that are buildings (actors/cues.tsv `facility-word`) take their names from
#: towns anywhere: "Victoria Hospital" in South Africa is no trip to the Seychelles, so a name before
#: one is a word of the building's name, a place only where the story names its country.
TOWN_BODY_NOUNS = LOCAL_BODY_NOUNS - cues()["facility-word"]
NER_PLACE = frozenset({"GPE", "LOC", "FAC"})
#: Labels the small model often gives places ("Kharkiv" PERSON, "Aleppo" NORP, "Kursk" PRODUCT):
#: a place only on strong evidence (see Placer's plausibility rules).
NER_MAYBE = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "EVENT"})
#: Prepositions of direction: "from X", "towards X" name places, though not where an event was.
DIRECTIONAL_PREPS = cues()["directional-preposition"]
MAX_TOKENS = 6


@dataclass(slots=True)
class PlaceMention:
    """One stretch of text naming a place, before and after resolution."""

    text: str
    span: tuple[int, int]  # character offsets
    tokens: tuple[int, int]  # token range [start, end)
    sentence: int
    key: str
    matches: list[Match]
    source: str  # ner | ner-weak | propn
    hint: str | None = None  # border | crossing | admin | region | city
    qualifier: str | None = None  # "Pakistan" in "Hyderabad, Pakistan"
    role: str = "other"  # locative | directional | modifier | object | subject | other
    anchor: int = -1  # token the place belongs to (the word its phrase hangs on)
    head: int = -1
    entry: object = None  # the chosen gazetteer Entry, set by resolution
    score: float = 0.0
    extra: dict = field(default_factory=dict)


def find(doc: Doc, gaz: Gazetteer, skip: tuple[int, int] = (0, 0)) -> list[PlaceMention]:
    """All gazetteer-matched place candidates of a parsed report, in text order, with roles.

    ``skip`` is a character range to ignore (the dateline, which is resolved on its own).
    """
    sentence_of = language.sentence_index(doc)  # kept in the Doc: the actor stage made it
    columns = arrays(doc)
    taken: set[int] = set()
    found: list[PlaceMention] = []
    for start, end, label in columns.entities:
        if skip[0] <= columns.idx[start] < skip[1]:
            taken.update(range(start, end))
            continue
        if label == "ORG" and any(word in MEDIA_NAME_WORDS for word in columns.lower[start:end]):
            pass  # "the Latin American Herald Tribune reported": a paper's name, no place
        elif label in NER_PLACE or label in NER_MAYBE:
            source = "ner" if label in NER_PLACE else "ner-weak"
            found.extend(_match_span(doc, gaz, start, _extend(doc, end), source, sentence_of))
        taken.update(range(start, end))
    for start, end in _propn_runs(doc, taken):
        if skip[0] <= columns.idx[start] < skip[1]:
            continue
        found.extend(_match_span(doc, gaz, start, end, "propn", sentence_of))
    found = sorted((m for m in found if not _given_an_age(doc, m.tokens[1])), key=lambda m: m.tokens)
    covered = {i for m in found for i in range(*m.tokens)}
    for mention in found:
        mention.role, mention.anchor = role_of(columns, mention.head, covered)
        mention.qualifier = _qualifier(columns, mention)
        if mention.role == "modifier" and columns.lemma_lower[mention.anchor] in LOCAL_BODY_NOUNS:
            mention.extra["local_body"] = True  # "Karachi police"
    return found


def _given_an_age(doc: Doc, end: int) -> bool:
    """A name followed by an age is a person's, not a place's: "shot dead one Nasir (20)" (no
    Nasir, South Sudan), "Chika, 33, was shot"."""
    a = arrays(doc)
    if end + 2 >= a.n or a.text[end] not in ("(", ","):
        return False
    age, close = a.text[end + 1], a.text[end + 2]
    return age.isdigit() and 0 < int(age) < 110 and close == (")" if a.text[end] == "(" else ",")


def _extend(doc: Doc, end: int) -> int:
    """Take in capitalised proper nouns the NER left out ("Darien" + "Gap")."""
    a = arrays(doc)
    limit = min(len(doc), end + 2)
    while end < limit and a.pos[end] == "PROPN" and a.text[end][:1].isupper() and not a.ent_type[end]:
        end += 1
    return end


def _propn_runs(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of proper nouns outside entities ("Pahalgam", "Line of Control")."""
    runs = []
    i, n = 0, len(doc)
    # Read from the Doc's arrays: making spaCy Token objects is the costly part, and the scan
    # would make several per token.
    a = arrays(doc)
    propn = [pos == "PROPN" for pos in a.pos]
    name = [p and shape[:1] == "X" for p, shape in zip(propn, a.shape)]
    text, lower = a.text, a.lower
    while i < n:
        if i in taken or not name[i]:
            i += 1
            continue
        j = i + 1
        while j < n and j not in taken:
            if name[j]:
                j += 1
            elif text[j] in ("-", "\u2013") or lower[j] in NAME_PARTICLES:
                if j + 1 < n and propn[j + 1] and (j + 1) not in taken:
                    j += 2
                else:
                    break
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _match_span(doc: Doc, gaz: Gazetteer, start: int, end: int, source: str, sentence_of: list[int]) -> list[PlaceMention]:
    """Gazetteer matches inside tokens [start, end), longest first, left to right."""
    a = arrays(doc)
    while start < end and a.lower[start] in ("the", "a"):
        start += 1
    while end > start and a.tag[end - 1] == "POS":
        end -= 1
    found = []
    i = start
    while i < end:
        hit = None
        for j in range(min(end, i + MAX_TOKENS), i, -1):
            hit = _try(doc, gaz, i, j, source, sentence_of)
            if hit:
                break
        if hit:
            found.append(hit)
            i = hit.tokens[1] if hit.tokens[1] <= end else end
        else:
            i += 1
    return found


def _try(doc: Doc, gaz: Gazetteer, i: int, j: int, source: str, sentence_of: list[int]) -> PlaceMention | None:
    """A gazetteer match on tokens [i, j), read from the Doc's arrays: a Span is made only for a
    match (most tries are misses)."""
    a = arrays(doc)
    if not any(a.is_alpha[i:j]):
        return None
    # A generic noun right after the name may belong to it ("Wagah-Attari border").
    if j < a.n and a.lower[j] in HINTS:
        key = fold(a.span_text(i, j + 1))
        if gaz.knows(key):
            return _mention(doc, i, j + 1, key, gaz.lookup(key), source, sentence_of, None)
    key = fold(a.span_text(i, j))
    if i == 0 or not a.text[i - 1][:1].isupper():  # "Glen Acres" is a name, not Acre's
        key = _possessive_without_apostrophe(gaz, key)
    if len(key) < 2 or not gaz.knows(key) or (j - i == 1 and (
            a.lower[i] in NAME_PARTICLES or _names_a_sector(a.lower[i])
            or j < a.n and _names_a_sector(f"{a.lower[i]} {a.lower[j]}"))):
        return None  # "El" of "El Informador"; "Police", "Officer"; "Supreme" of "Supreme Court"
    hint = HINTS.get(a.lower[j]) if j < a.n else None
    mention = _mention(doc, i, j, key, gaz.lookup(key), source, sentence_of, hint)
    if hint:
        mention.head = j  # "Kupwara district": the phrase's head is "district"
    return mention


def _possessive_without_apostrophe(gaz: Gazetteer, key: str) -> str:
    """"in **Chhattisgarhs** Narayanpur District": text stripped of its punctuation (as South Asia
    Terrorism Portal reports are) glues the possessive "s" to the name; a name the gazetteer lacks
    is read without it when that is a country or a region the gazetteer holds by name (never a
    town: "Wales" is no Wale)."""
    if key.endswith("s") and len(key) > 4 and not gaz.knows(key) and key[:-1] in gaz.named:
        return key[:-1]
    return key


def _names_a_sector(lower: str) -> bool:
    """A word (lower case) the actor vocabulary knows as a body or a role is not, alone, the town
    of that name: "according to **Police**" is no trip to Police, Poland; "the **Union**",
    "**Congress**"; nor is a rank ("Station House **Officer**", cues.tsv role-word)."""
    return lower in knowledge_base().sector_terms or lower in ROLE_WORDS


def _mention(doc: Doc, start: int, end: int, key: str, matches: list[Match], source: str, sentence_of: list[int],
             hint: str | None) -> PlaceMention:
    """The mention of tokens ``start:end``, read from the arrays: a Span is made only for the root
    of a name of several words (one word is its own root)."""
    columns = arrays(doc)
    return PlaceMention(
        text=columns.span_text(start, end),
        span=columns.char_span(start, end),
        tokens=(start, end),
        sentence=sentence_of[start],
        key=key,
        matches=matches,
        source=source,
        hint=hint,
        head=start if end - start == 1 else doc[start:end].root.i,
    )


def role_of(columns: ParseArrays, head: int, places: set[int]) -> tuple[str, int]:
    """What the place mention headed by token ``head`` is the place of: (role, index of the
    anchoring token). Walks the arrays' heads, not Tokens (it runs for every mention)."""
    dep, heads, lower = columns.dep, columns.head, columns.lower
    token = head
    for _ in range(8):  # climbs through "in the village of X in Y district"
        while dep[token] == "conj" and heads[token] != token:
            token = heads[token]  # "in India and Pakistan": the second shares the first's role
        if dep[token] == "pobj":
            prep = heads[token]
            anchor = heads[prep]
            if lower[prep] == "of" and _is_place_word(columns, anchor, places):
                token = anchor
                continue
            if lower[prep] in LOCATIVE_PREPS or lower[prep] in DIRECTIONAL_PREPS:
                if _is_place_word(columns, anchor, places) and dep[anchor] in ("pobj", "compound", "appos", "conj"):
                    token = anchor
                    continue
                return ("locative" if lower[prep] in LOCATIVE_PREPS else "directional"), anchor
            return "other", anchor
        if dep[token] in ("compound", "nmod", "amod", "poss", "npadvmod") and columns.pos[heads[token]] in ("NOUN", "PROPN"):
            anchor = heads[token]
            if _is_place_word(columns, anchor, places):
                token = anchor
                continue
            return "modifier", anchor
        if dep[token] == "appos":
            token = heads[token]
            continue
        if dep[token] in ("dobj", "nsubjpass", "attr", "oprd"):
            return "object", heads[token]  # what the event acts on: "closed the border"
        if dep[token] == "nsubj":
            return "subject", heads[token]
        return "other", heads[token]
    return "other", heads[token]


def _is_place_word(columns: ParseArrays, token: int, places: set[int]) -> bool:
    return token in places or columns.lower[token] in PLACE_NOUNS


def _qualifier(columns: ParseArrays, mention: PlaceMention) -> str | None:
    """The "Pakistan" of "Hyderabad, Pakistan" or "Hyderabad (Sindh)": a strong hint."""
    end, n, pos = mention.tokens[1], columns.n, columns.pos
    if end + 1 < n and columns.text[end] in (",", "(") and pos[end + 1] == "PROPN":
        j = end + 1
        while j < n and j < end + 4 and pos[j] == "PROPN":
            j += 1
        return fold(columns.span_text(end + 1, j))
    return None


def acronym(doc: Doc, mention: PlaceMention) -> bool:
    """A short run of capitals ("IG", "ASP", "RIMS"): in cased text, an abbreviation, unless it
    spells a place's own name ("DUBAI" in a capitalised dateline)."""
    text = arrays(doc).span_text(*mention.tokens)
    return len(text) <= 5 and text.isalpha() and text.isupper()


def scene_nouns(heads: list[Token]) -> set[int]:
    """The nouns a clause says it happened at ("went off **in a market** in Peshawar", "near a
    checkpoint in X"): a place phrase on one of them places the clause too."""
    return {obj.i for head in heads for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPS for obj in prep.children if obj.dep_ == "pobj"}


def named_part(columns: ParseArrays, token: int) -> bool:
    """ "parts of X", "the outskirts of X", "the village of X", "residents of X": X (token
    ``token``) is a place by the syntax."""
    of = columns.head[token]
    return columns.dep[token] == "pobj" and columns.lower[of] == "of" and columns.lower[columns.head[of]] in OF_PLACE_NOUNS
