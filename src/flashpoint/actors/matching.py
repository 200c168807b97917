"""Surface matching and chunking: which stretches of a report name actors.

One phrase matcher finds knowledge-base names (states, demonyms, capitals, seats, organisations,
institutions, armed groups, office holders), office holders' surnames, and sector words (titles
and group nouns); spaCy's PERSON/ORG/NORP entities add names the knowledge base lacks. Adjacent
pieces then form one actor phrase (a *chunk*): "Indian External Affairs Minister S Jaishankar",
"Pakistan's defense minister", "the foreign minister of Pakistan", "South Korea's acting
president". Coordinated phrases stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from flashpoint.actors.kb import Entry, KnowledgeBase
from flashpoint.actors.phrase import span_root
from flashpoint.cues import cues
from flashpoint.language.arrays import ParseArrays, arrays

# Titles the phrase matcher takes in before a name ("Mr", "Gen.", "Sheikh").
HONORIFICS = cues()["courtesy-title"] | cues()["honorific"]
#: Words that make a demonym a region's ("**South** American", "**Latin** American").
REGION_WORDS = cues()["region-word"]
NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
# Words too ambiguous to be a name when a text has no capital letters.
CASELESS_STOPWORDS = cues()["caseless-stopword"]
# Parts of speech of function words: in text without case, a name that is one of them is the word.
FUNCTION_POS = frozenset({"PRON", "DET", "ADP", "AUX", "CCONJ", "SCONJ", "PART"})
#: Knowledge-base kinds that name one body, which a longer name around them does not.
BODY_KINDS = frozenset({"group", "institution", "igo", "ngo"})
# Modifiers allowed between the pieces of one actor phrase ("Pakistan's *former* prime minister").
INNER_MODIFIERS = frozenset({"ADJ", "NUM"})
# "Medina **Hospital**": a capitalised word after a surname that names a building after someone.
FACILITY_WORDS = cues()["facility-word"]


@dataclass(slots=True)
class Piece:
    """A matched stretch inside a chunk: a knowledge-base name, a surname, a sector word or an entity."""

    start: int
    end: int
    kind: str  # kb | surname | sector | entity
    entries: list[Entry] = field(default_factory=list)
    sector: str | None = None
    sector_kind: str | None = None
    label: str | None = None  # spaCy entity label for kind == entity


@dataclass(slots=True)
class Chunk:
    start: int
    end: int
    pieces: list[Piece]


def _untagged_surnames(columns: ParseArrays, found: list[Piece], skip: tuple[int, int]) -> list[Piece]:
    """"Public Protector Busisiwe Mkhwebane ... **Mkhwebane** on Monday said": the surname of a
    person the report named in full is that person wherever it stands as a proper noun, though the
    entity recogniser missed it there (the resolver's coreference then finds who it is)."""
    text, pos = columns.text, columns.pos
    surnames = {text[p.end - 1] for p in found if p.label == "PERSON" and p.end - p.start >= 2}
    if not surnames:
        return []
    taken = {i for p in found for i in range(p.start, p.end)}
    return [Piece(i, i + 1, "entity", label="PERSON") for i in range(len(text))
            if text[i] in surnames and pos[i] == "PROPN" and i not in taken and not skip[0] <= i < skip[1]]


#: Quote marks around a nickname ("alias **"Z43,"**").
QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''"})


def alias_after(columns: ParseArrays, i: int) -> tuple[int, int] | None:
    """The nickname after the word "alias" at token ``i`` ("Jose Maria Guizar Valencia, alias
    **"Z43,"**", "Dairo Antonio Usuga, alias **Otoniel**"): its token bounds, or None. A nickname is
    one to three capitalised or alphanumeric words, inside quotes or not."""
    text, n = columns.text, columns.n
    if columns.lower[i] != "alias" or i == 0 or text[i - 1] != ",":
        return None
    start = i + 1
    while start < n and text[start] in QUOTES:
        start += 1
    end = start
    while end < n and end - start < 3 and text[end][:1].isalnum() and (text[end][:1].isupper() or text[end][:1].isdigit()):
        end += 1
    return (start, end) if end > start else None


def _aliases(columns: ParseArrays, found: list[Piece], skip: tuple[int, int]) -> list[Piece]:
    """Nicknames given after "alias" (InSight Crime names one in about one report in five), where
    they are given and wherever the report uses them again ("The US government has accused **Z43**"):
    names of people the entity recogniser often takes for products or misses (the resolver's
    :func:`flashpoint.actors.coref.follow_aliases` then makes them the person)."""
    lower = columns.lower
    if "alias" not in lower:
        return []  # most reports
    nicknames = {tuple(columns.text[a:b]) for i in range(columns.n) if (bounds := alias_after(columns, i))
                 for a, b in [bounds]}
    taken = {i for p in found for i in range(p.start, p.end)}
    out = []
    for words in nicknames:
        k = len(words)
        for i in range(columns.n - k + 1):
            if tuple(columns.text[i:i + k]) == words and not taken & set(range(i, i + k)) and not skip[0] <= i < skip[1]:
                out.append(Piece(i, i + k, "entity", label="PERSON"))
    return out


class SurfaceMatcher:
    """Finds the pieces and chunks of a parsed report."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._kb_key = nlp.vocab.strings.add("KB")
        self._surname_key = nlp.vocab.strings.add("SURNAME")
        surfaces = list(kb.names)
        self.matcher.add("KB", list(nlp.tokenizer.pipe(surfaces)))
        self.matcher.add("SECTOR", list(nlp.tokenizer.pipe(list(kb.sector_terms))))
        # keyed as the tokenizer splits them, as the matcher finds them ("people 's army", "consul - general")
        self._sector_terms = {" ".join(t.text for t in nlp.tokenizer(term)).lower(): entry
                              for term, entry in kb.sector_terms.items()}
        self.matcher.add("SURNAME", list(nlp.tokenizer.pipe(list(kb.surnames))))
        self._by_lower: dict[str, list[str]] = {}
        for surface in surfaces:
            key = " ".join(t.text for t in nlp.tokenizer(surface)).lower()
            self._by_lower.setdefault(key, []).append(surface)

    def pieces(self, doc: Doc, caseless: bool, skip: tuple[int, int]) -> list[Piece]:
        """Every match of the phrase matcher that may name an actor, and the recogniser's names.
        Read from the arrays: a Span is made only for a multi-word sector term's root."""
        found: list[Piece] = []
        columns = arrays(doc)
        for match_id, start, end in self.matcher(doc):
            if skip[0] <= start < skip[1]:
                continue
            if match_id == self._kb_key:
                entries = self._kb_entries(columns, start, end, caseless)
                if entries and _modifies_a_thing(doc, end):
                    # "the Fatah-series missile": a name inside a compound word names no actor
                    entries = [e for e in entries if e.kind in ("country", "demonym", "capital")]
                if entries and _regional_demonym(doc, start, entries):
                    continue  # "South American", "Latin American": a region's people, not a nation's
                if entries and not caseless and self._inside_a_longer_name(doc, start):
                    entries = [e for e in entries if e.kind not in BODY_KINDS]
                if entries:
                    found.append(Piece(start, end, "kb", entries))
            elif match_id == self._surname_key:
                # a capitalised word that is not a plain noun: spaCy's small model tags some
                # surnames as nouns or organisations ("Trump said", "Guterres said")
                text = columns.span_text(start, end)
                if text[:1].isupper() and (columns.pos[start] == "PROPN" or columns.ent_type[start] in ("PERSON", "ORG")):
                    found.append(Piece(start, end, "surname", list(self.kb.surnames.get(text, []))))
            else:
                term = self._sector_terms.get(_words_of(columns, start, end))
                if term and term.kind == "weapon" and not _owned_by_a_state(doc[start:end]):
                    continue  # "Indian missiles struck", "downed Indian drones"; but "test-fired a missile"
                if term and _fits_part_of_speech(doc, columns, start, end, term.kind):
                    found.append(Piece(start, end, "sector", sector=term.sector, sector_kind=term.kind))
        for start, end, label in columns.entities:
            if label in NAME_ENTS and not (skip[0] <= start < skip[1]):
                found.append(Piece(start, _sentence_end(doc, start, end), "entity", label=label))
        found.extend(self._unrecognised_bodies(doc, found, skip))
        found.extend(_untagged_surnames(columns, found, skip))
        found.extend(_aliases(columns, found, skip))
        found = [p for p in found if not _names_a_facility(columns, p)]
        found = _names_over_their_head_word(found, columns, self.kb.name_heads)
        return _without_overlaps(_without_redefined_acronyms(doc, found))

    def _unrecognised_bodies(self, doc: Doc, found: list[Piece], skip: tuple[int, int]) -> list[Piece]:
        """A capitalised name ending in a body's head word that the entity recogniser missed: "The
        Greater Hyderabad Cab and Bus Operators **Association** went on strike" (name_heads.tsv).
        The run may hold "and" or "of" between capitalised words; it stops at a sentence start."""
        heads = self.kb.name_heads
        lower = arrays(doc).lower
        candidates = list(compress(range(len(lower)), map(heads.__contains__, lower)))  # most reports: none
        if not candidates:
            return []
        taken = {i for p in found for i in range(p.start, p.end)}
        out = []
        for i in candidates:
            token = doc[i]
            if not token.is_title or token.pos_ != "PROPN" or i in taken:
                continue
            start = i
            while start > 0 and not doc[start].is_sent_start and (start - 1) not in taken:
                before = doc[start - 1]
                if before.is_title and before.pos_ == "PROPN":
                    start -= 1
                elif before.lower_ in ("and", "of", "for") and start >= 2 and doc[start - 2].is_title \
                        and doc[start - 2].pos_ == "PROPN" and not before.is_sent_start:
                    start -= 2
                else:
                    break
            if i - start >= 1 and not (skip[0] <= start < skip[1]):
                out.append(Piece(start, i + 1, "entity", label="ORG"))
        return out

    def _inside_a_longer_name(self, doc: Doc, start: int) -> bool:
        """"The **Garo** National Liberation Army" is not Colombia's National Liberation Army: a
        known body's name that the entity recogniser reads as the tail of a longer name, after a
        proper noun that is no state or people of the knowledge base, names another body."""
        if start == 0 or doc[start].ent_iob_ != "I":
            return False
        before = doc[start - 1]
        return before.pos_ == "PROPN" and before.text[:1].isupper() and before.lower_ not in self._by_lower

    def _kb_entries(self, columns: ParseArrays, start: int, end: int, caseless: bool) -> list[Entry]:
        """Entries for the matched tokens ``start:end``, respecting case in normally-cased text
        ("us" is not the US)."""
        key = _words_of(columns, start, end)
        if caseless and (key in CASELESS_STOPWORDS or (end - start == 1 and columns.pos[start] in FUNCTION_POS)):
            return []  # lower-case text: "who" is a pronoun, not the WHO
        entries: list[Entry] = []
        surfaces = self._by_lower.get(key, [])
        text = columns.span_text(start, end) if surfaces and not caseless else ""
        for surface in surfaces:
            if caseless or _same_case(text, surface):
                entries.extend(self.kb.names[surface])
        return entries

    def chunks(self, doc: Doc, pieces: list[Piece]) -> list[Chunk]:
        """Adjacent pieces joined into actor phrases, read from the arrays: from each piece not
        taken into the phrase before it (no step per word between the pieces)."""
        by_start = {p.start: p for p in pieces}
        chunks: list[Chunk] = []
        columns = arrays(doc)
        lower, sent_start = columns.lower, columns.sent_start
        i, n = 0, len(doc)
        for at in sorted(by_start):
            if at < i or at >= n:
                continue
            i, piece = at, by_start[at]
            start = i - 1 if i > 0 and lower[i - 1] in HONORIFICS else i
            members, j = [piece], piece.end
            while j < n and not sent_start[j]:  # a phrase ends with its sentence
                nxt = by_start.get(j)
                if nxt is not None:
                    members.append(nxt)
                    j = nxt.end
                    continue
                step = self._glue(columns, j, members, by_start)
                if not step:
                    break
                j += step
            chunks.append(Chunk(start, j, members))
            i = j
        return chunks

    def _glue(self, columns: ParseArrays, j: int, members: list[Piece], by_start: dict[int, Piece]) -> int:
        """How many tokens at ``j`` join the current phrase to a following piece (0: none)."""
        lower = columns.lower[j]
        possessive = columns.text[j] in POSSESSIVE and columns.tag[j] == "POS"
        if (possessive or lower in HONORIFICS) and (j + 1) in by_start:
            return 1
        if _bracketed_acronym_glue(columns, j, members, by_start):
            return 1
        k = _modifiers_before_sector(columns, j, j + 1 if possessive else j, by_start)
        if k > j:
            return k - j
        # "Sudan's army chief Abdel Fattah al-Burhan": a role noun between a body and a name
        nxt = by_start.get(j + 1)
        if columns.pos[j] == "NOUN" and columns.dep[j] in ("compound", "nmod") and nxt is not None \
                and nxt.kind in ("kb", "surname", "entity"):
            return 1
        if lower == "of" and members[-1].kind == "sector":
            return _of_a_body(columns, j, by_start)
        return 0


def _bracketed_acronym_glue(columns: ParseArrays, j: int, members: list[Piece], by_start: dict[int, Piece]) -> bool:
    """"Lashkar e Toiba **(** LeT **)** militants": the brackets round a one-word name between a
    name and a piece that goes on the phrase join them (a bracketed acronym at a phrase's end
    stays a mention of its own: later mentions of the acronym are resolved by it)."""
    text = columns.text
    if text[j] == "(":
        inner = by_start.get(j + 1)
        return inner is not None and inner.end - inner.start == 1 and inner.end + 1 < columns.n \
            and text[inner.end] == ")" and (inner.end + 1) in by_start and members[-1].kind == "kb"
    return text[j] == ")" and j >= 2 and text[members[-1].start - 1] == "(" and (j + 1) in by_start \
        and len(members) > 1 and members[-1].end == j


def _modifiers_before_sector(columns: ParseArrays, j: int, k: int, by_start: dict[int, Piece]) -> int:
    """Where a sector word starts after modifiers from ``k`` on, at most two tokens after ``j``
    ("Pakistan's **former** prime minister", "South Korea's **acting** president", "India's
    **defence** advisers"), else -1. The first piece after the modifiers ends them: "Mexican **drug**
    trafficking organizations", where "trafficking" is a modifier too but starts the sector phrase."""
    dep, pos, tag = columns.dep, columns.pos, columns.tag
    while k < columns.n and k - j < 3 and k not in by_start and dep[k] in ("amod", "nummod", "compound") and (
        pos[k] in INNER_MODIFIERS or tag[k] in ("VBG", "VBN") or pos[k] in ("NOUN", "PROPN")
    ):
        k += 1
    return k if k in by_start and by_start[k].kind == "sector" else -1


def _of_a_body(columns: ParseArrays, j: int, by_start: dict[int, Piece]) -> int:
    """"The foreign minister **of (the)** Pakistan": how many tokens join a sector word to the state
    or body it belongs to (0: none)."""
    k = j + 1
    if k < columns.n and columns.lower[k] == "the":
        k += 1
    nxt = by_start.get(k)
    if nxt is not None and nxt.kind == "kb" and any(
        e.kind in ("country", "igo", "ngo", "group", "institution") for e in nxt.entries
    ):
        return k - j
    return 0


def _owned_by_a_state(span: Span) -> bool:
    """A weapon stands for a force only when the phrase says whose: a demonym, a possessive, or
    the state it stands in ("air-defence systems in Pakistan")."""
    head = span.root if len(span) > 1 else span[-1]
    if head.dep_ in ("amod", "compound") and head.head.i >= span.end:
        head = head.head  # "air-defence" in "air-defence systems"
    for child in head.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and (child.ent_type_ in ("NORP", "GPE") or child.pos_ == "PRON"):
            return True
        if child.dep_ == "prep" and child.lower_ == "in" and any(p.ent_type_ == "GPE" for p in child.children):
            return True
    return False


def _names_a_facility(columns: ParseArrays, piece: Piece) -> bool:
    """"Taken to **Medina** Hospital", "the **Jinnah** International Airport": a person's name
    followed, perhaps after one more capitalised word, by a capitalised facility word (cues.tsv
    ``facility-word``) names a building after the person, not the person (Danilo Medina)."""
    personal = piece.kind == "surname" or piece.label == "PERSON" or (
        piece.kind == "kb" and piece.entries and all(e.kind == "person" for e in piece.entries))
    if not personal:
        return False
    text = columns.text
    for k in (piece.end, piece.end + 1):
        if k >= columns.n or not text[k][:1].isupper():
            return False
        if text[k].lower() in FACILITY_WORDS:
            return True
    return False


def _words_of(columns: ParseArrays, start: int, end: int) -> str:
    """The words ``start:end`` in lower case, one space between each (how the knowledge base's
    names and sector words are keyed)."""
    return " ".join(columns.text[start:end]).lower()


def _modifies_a_thing(doc: Doc, end: int) -> bool:
    """Is the name glued by a hyphen to a following word ("Fatah-series", "Hamas-run")?"""
    columns = arrays(doc)
    return end + 1 < columns.n and columns.text[end] == "-" and not columns.space[end - 1] and not columns.space[end]


def _names_over_their_head_word(pieces: list[Piece], columns: ParseArrays, heads: dict[str, str]) -> list[Piece]:
    """"Suspected **Garo National Liberation Army** militants": a name the entity recogniser read
    as an organisation, ending in a sector word that heads names of another sector (name_heads.tsv:
    a named army that names no state is a rebel one) and holding no name the knowledge base knows,
    is that organisation, not the sector word ("the Nigerian Air Force", "the Pakistan Army", which
    hold a state's name, stay its forces)."""
    orgs = [p for p in pieces if p.kind == "entity" and p.label == "ORG" and p.end - p.start >= 3]
    if not orgs:
        return pieces
    known = [p for p in pieces if p.kind == "kb"]
    swallowed = {id(p) for p in pieces if p.kind == "sector" and p.end - p.start == 1
                 and heads.get(columns.lower[p.start], p.sector) != p.sector
                 for org in orgs if org.start < p.start and p.end == org.end
                 and not any(org.start <= k.start < org.end for k in known)}
    return [p for p in pieces if id(p) not in swallowed]


def _without_overlaps(pieces: list[Piece]) -> list[Piece]:
    """Keep non-overlapping pieces: knowledge-base names and sector words first (longest first),
    then surnames and statistical entities where they do not overlap them ("The Nigerian Air
    Force" is a demonym and a sector word, not an unknown organisation)."""
    rank = {"kb": 0, "sector": 0, "surname": 1, "entity": 1}
    tiebreak = {"kb": 0, "sector": 0, "surname": 0, "entity": 1}
    chosen: list[Piece] = []
    taken = bytearray(max((p.end for p in pieces), default=0))  # 1 where a chosen piece lies
    for piece in sorted(pieces, key=lambda p: (rank[p.kind], -(p.end - p.start), tiebreak[p.kind], p.start)):
        start, end = piece.start, piece.end
        if 1 in taken[start:end]:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(piece)
    return sorted(chosen, key=lambda p: p.start)


def _fits_part_of_speech(doc: Doc, columns: ParseArrays, start: int, end: int, kind: str) -> bool:
    """A sector word (the tokens ``start:end``) must be used as a noun ("the accused", not
    "India accused Pakistan")."""
    last = span_root(columns, start, end) if end - start > 1 else end - 1
    pos = columns.pos[last]
    if kind == "adjective":
        return pos in ("ADJ", "NOUN", "PROPN")
    return pos in ("NOUN", "PROPN") or (pos == "ADJ" and columns.dep[last] in ("nsubj", "dobj", "pobj", "conj"))


def _same_case(text: str, surface: str) -> bool:
    if text == surface:
        return True
    if text.isupper() and len(text) > 3:
        return text == surface.upper()
    # "the United States" written "The United States" at a sentence start; but "a memorial" is no
    # Memorial (a name written with a capital is not found in lower case in cased text)
    if text[:1].islower() and surface[:1].isupper():
        return False
    return text[:1].upper() + text[1:] == surface[:1].upper() + surface[1:]


def _regional_demonym(doc: Doc, start: int, entries: list[Entry]) -> bool:
    """A demonym after a capitalised region word ("South American", "Latin American", "Central
    African"): the knowledge base names the nations that have such words ("South Korean") whole."""
    if start == 0 or not all(e.kind == "demonym" for e in entries):
        return False
    columns = arrays(doc)
    return columns.text[start - 1][:1].isupper() and columns.lower[start - 1] in REGION_WORDS


def _without_redefined_acronyms(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """"The Nationwide Ceasefire Accord (NCA)": an acronym the report spells out as something the
    knowledge base does not know by that name is not the body the knowledge base knows by the
    letters (Britain's National Crime Agency), here or anywhere later in the report."""
    kb_pieces = [p for p in pieces if p.kind == "kb"]
    redefined: set[str] = set()
    text = arrays(doc).text
    for piece in kb_pieces:
        if piece.end - piece.start != 1:
            continue
        letters = text[piece.start]  # one token: the span's text is the token's
        if not letters.isupper() or not 2 <= len(letters) <= 6:
            continue
        if piece.start < 2 or text[piece.start - 1] != "(":
            continue
        spelled = _spelled_out(doc, piece.start - 1, letters)
        if spelled is None:
            continue
        entries = {id(e) for e in piece.entries}
        if not any(p.start < spelled[1] and p.end > spelled[0] and entries & {id(e) for e in p.entries}
                   for p in kb_pieces if p is not piece):
            redefined.add(letters)
    if not redefined:
        return pieces
    columns = arrays(doc)
    return [p for p in pieces if not (p.kind == "kb" and columns.span_text(p.start, p.end) in redefined)]


def _spelled_out(doc: Doc, paren: int, letters: str) -> tuple[int, int] | None:
    """The words just before "(" whose initials spell ``letters`` (small words skipped), if any."""
    initials = ""
    start = paren
    while start > 0 and len(initials) < len(letters) and paren - start < len(letters) + 4:
        start -= 1
        word = doc[start]
        if word.is_punct:
            return None
        if word.lower_ in ("of", "the", "and", "for", "de", "del", "la", "-"):
            continue
        initials = word.text[:1].upper() + initials
    return (start, paren) if initials == letters else None


def _sentence_end(doc: Doc, start: int, end: int) -> int:
    """Where a name stops at the latest: the start of the next sentence. The entity recogniser
    runs across sentence breaks ("reports Daily Excelsior | Militants fired upon ...")."""
    sent_start = arrays(doc).sent_start
    for i in range(start + 1, end):
        if sent_start[i]:
            return i
    return end
