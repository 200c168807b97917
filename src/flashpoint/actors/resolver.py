"""Find every actor mention in a parsed report and resolve it to a code, saying why.

How it works, in order:

1. *Surface matching.* One phrase matcher finds knowledge-base names (states, demonyms,
   capitals and seats, organisations, armed groups, office holders) and sector words (titles and
   group nouns); spaCy's PERSON/ORG/NORP entities add names the knowledge base lacks.
2. *Chunking.* Adjacent pieces form one actor phrase: "Indian External Affairs Minister S
   Jaishankar" (demonym + title + name), "Pakistan's defense minister" (possessive + title),
   "the foreign minister of Pakistan" (title + "of" + state). Coordinated phrases stay apart.
3. *Resolution.* A phrase's country comes from its state, demonym, capital or organisation, or
   from the office its named person held on the report date; its sector from its title or group
   noun, an office, a capital (GOV), or an organisation.
4. *Coreference.* Surnames alone and "Ms. Bruce" take the actor of the earlier full name (else a
   unique office holder of that surname on the report date); role phrases without a state ("the
   minister") take the state of the latest actor with the same sector; pronouns take the latest
   fitting actor; "both neighbours" / "the two countries" take the two states most mentioned.

Every resolved :class:`~flashpoint.records.Actor` carries ``rule``: the entries and rules used.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from flashpoint.actors.kb import Entry, KnowledgeBase
from flashpoint.datafiles import Column, Schema, data_path, read_table
from flashpoint.records import Actor, Mention

HONORIFICS = frozenset("mr mr. ms ms. mrs mrs. dr dr. sir dame lord gen gen. lt lt. col col. sheikh".split())
NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
COORDINATORS = frozenset({",", "and", "or", "&", "as", "well", "both"})
PAIR_DETERMINERS = frozenset({"both", "two"})

REFERENCES = Schema(
    columns=(
        Column("term", pattern=r"[a-z]+"),
        Column("kind", choices=frozenset({"person", "thing", "plural", "pair"})),
        Column("sector", required=False),
    ),
    unique=("term",),
)


@dataclass(slots=True)
class Piece:
    """A matched stretch inside a chunk: a knowledge-base name, a sector word or an entity."""

    start: int
    end: int
    kind: str  # kb | sector | entity
    entries: list[Entry] = field(default_factory=list)
    sector: str | None = None
    sector_kind: str | None = None
    label: str | None = None  # spaCy entity label for kind == entity


@dataclass(slots=True)
class Chunk:
    start: int
    end: int
    pieces: list[Piece]


class ActorResolver:
    """Resolves the actors of one report at a time; build once per process (see ``resolver()``)."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        references = read_table(data_path("actors", "references.tsv"), REFERENCES)
        self.problems = references.problems
        self.references = {row["term"]: (row["kind"], row["sector"] or None) for row in references.rows}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        surfaces = list(kb.names)
        terms = list(kb.sector_terms)
        self._kb_key = nlp.vocab.strings.add("KB")
        self._sector_key = nlp.vocab.strings.add("SECTOR")
        self.matcher.add("KB", list(nlp.tokenizer.pipe(surfaces)))
        self.matcher.add("SECTOR", list(nlp.tokenizer.pipe(terms)))
        self._lower_names: dict[str, list[str]] = {}
        for surface in surfaces:
            key = " ".join(t.text for t in nlp.tokenizer(surface)).lower()
            self._lower_names.setdefault(key, []).append(surface)
        self._token_keys: dict[str, str] = {}

    # -- 1. surface matching -------------------------------------------------------------------

    def _pieces(self, doc: Doc, caseless: bool, skip: tuple[int, int]) -> list[Piece]:
        pieces: list[Piece] = []
        for match_id, start, end in self.matcher(doc):
            if skip[0] <= start < skip[1]:
                continue
            span = doc[start:end]
            if match_id == self._kb_key:
                entries = self._kb_entries(span, caseless)
                if entries:
                    pieces.append(Piece(start, end, "kb", entries))
            else:
                term = self.kb.sector_terms.get(span.text.lower()) or self.kb.sector_terms.get(
                    " ".join(t.text for t in span).lower()
                )
                if term and _fits_part_of_speech(span, term.kind):
                    pieces.append(Piece(start, end, "sector", sector=term.sector, sector_kind=term.kind))
        for ent in doc.ents:
            if ent.label_ in NAME_ENTS and not (skip[0] <= ent.start < skip[1]):
                pieces.append(Piece(ent.start, ent.end, "entity", label=ent.label_))
        return _longest_first(pieces)

    def _kb_entries(self, span: Span, caseless: bool) -> list[Entry]:
        """Entries for a matched span, respecting case in normally-cased text ("us" is not the US)."""
        key = " ".join(t.text for t in span).lower()
        surfaces = self._lower_names.get(key, [])
        text = span.text
        entries: list[Entry] = []
        for surface in surfaces:
            if caseless or _same_case(text, surface):
                entries.extend(self.kb.names[surface])
        if caseless and len(text) <= 3 and key in ("us", "is", "it", "un", "eu", "so", "or", "an", "no", "as"):
            return []  # too ambiguous without case
        return entries

    # -- 2. chunking ------------------------------------------------------------------------------

    def _chunks(self, doc: Doc, pieces: list[Piece]) -> list[Chunk]:
        by_start: dict[int, Piece] = {p.start: p for p in pieces}
        chunks: list[Chunk] = []
        i = 0
        n = len(doc)
        while i < n:
            piece = by_start.get(i)
            if piece is None:
                i += 1
                continue
            start = i
            if start > 0 and doc[start - 1].lower_ in HONORIFICS:
                start -= 1
            members = [piece]
            j = piece.end
            while j < n:
                nxt = by_start.get(j)
                if nxt is not None:
                    members.append(nxt)
                    j = nxt.end
                    continue
                token = doc[j]
                if token.text in POSSESSIVE and token.tag_ == "POS" and j + 1 < n and (j + 1) in by_start:
                    j += 1
                    continue
                if token.lower_ in HONORIFICS and j + 1 < n and (j + 1) in by_start:
                    j += 1
                    continue
                if (
                    token.lower_ == "of"
                    and members[-1].kind == "sector"
                    and j + 1 < n
                    and self._of_complement(doc, j + 1, by_start)
                ):
                    j += 1
                    if doc[j].lower_ == "the":
                        j += 1
                    continue
                break
            chunks.append(Chunk(start, j, members))
            i = j
        return chunks

    @staticmethod
    def _of_complement(doc: Doc, j: int, by_start: dict[int, Piece]) -> bool:
        if doc[j].lower_ == "the" and j + 1 < len(doc):
            j += 1
        nxt = by_start.get(j)
        return nxt is not None and nxt.kind == "kb" and any(
            e.kind in ("country", "igo", "ngo", "group") for e in nxt.entries
        )

    # -- 3. resolution ----------------------------------------------------------------------------

    def resolve(self, doc: Doc, day: dt.date | None, skip: tuple[int, int] = (0, 0)) -> list[Mention]:
        """All actor mentions of a parsed report; ``skip`` is a token range to ignore (the dateline)."""
        caseless = _is_caseless(doc)
        pieces = self._pieces(doc, caseless, skip)
        chunks = self._chunks(doc, pieces)
        sentence_of = _sentence_index(doc)
        mentions: list[Mention] = []
        state = _CorefState()
        covered = set()
        for chunk in chunks:
            for mention in self._resolve_chunk(doc, chunk, day, state, sentence_of):
                mentions.append(mention)
                state.remember(mention, doc)
            covered.update(range(chunk.start, chunk.end))
        mentions.extend(self._references(doc, covered, state, sentence_of, skip))
        mentions.sort(key=lambda m: (m.tokens[0], m.tokens[1]))
        for mention in mentions:
            if mention.kind != "pronoun":
                start, end = _phrase(doc, mention)
                mention.actor.text = doc[start:end].text
                mention.actor.span = (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        return mentions

    def _resolve_chunk(
        self, doc: Doc, chunk: Chunk, day: dt.date | None, state: _CorefState, sentence_of: list[int]
    ) -> list[Mention]:
        span = doc[chunk.start : chunk.end]
        head = _head_of(span)
        sentence = sentence_of[head.i]
        countries: list[tuple[str, str]] = []  # (code, why)
        sector: tuple[str, str] | None = None
        coded: tuple[str, str, str | None, str | None] | None = None  # (code, why, country, sector)
        person: Entry | None = None
        person_text: str | None = None
        unknown_names: list[Span] = []
        kinds: list[str] = []
        for piece in chunk.pieces:
            text = doc[piece.start : piece.end].text
            if piece.kind == "sector":
                sector = (piece.sector or "", f"{piece.sector_kind} '{text.lower()}'")
                kinds.append("title")
                continue
            if piece.kind == "entity":
                if piece.label == "PERSON":
                    unknown_names.append(doc[piece.start : piece.end])
                    kinds.append("name")
                elif piece.label in ("ORG", "NORP"):
                    unknown_names.append(doc[piece.start : piece.end])
                    kinds.append("group" if piece.label == "NORP" else "org")
                continue
            entries = piece.entries
            people = [e for e in entries if e.kind == "person"]
            if people:
                chosen = self.kb.person(_surface_for(entries, people), day) or people[0]
                person, person_text = chosen, text
                kinds.append("name")
                continue
            orgs = [e for e in entries if e.kind in ("igo", "ngo", "group")]
            if orgs:
                org = orgs[0]
                coded = (org.code or "---", f"{org.kind} '{org.name}'", org.country, org.sector)
                kinds.append("group" if org.kind == "group" else "org")
                continue
            for entry in entries:
                if entry.kind in ("capital", "seat"):
                    countries.append((entry.country or "---", f"{entry.kind} '{text}' of {entry.name}"))
                    if sector is None:
                        sector = ("GOV", f"{entry.kind} '{text}' stands for the government")
                    kinds.append("capital")
                    break
                if entry.kind in ("country", "demonym"):
                    countries.append((entry.country or "---", f"{entry.kind} '{text}'"))
                    kinds.append("demonym" if entry.kind == "demonym" else "name")
                    break
        reasons: list[str] = []
        country: str | None = None
        sector_code: str | None = None
        name: str | None = None
        if coded:
            code, why, country, sector_code = coded
            reasons.append(why)
            if sector and sector[0] != sector_code and country:
                # "Hamas officials": the group's state, the title's sector.
                sector_code = sector[0]
                reasons.append(sector[1])
            actor_code = code if not (sector and country) else f"{country}{sector_code}"
            return [self._mention(doc, span, head, sentence, actor_code, country, sector_code, None, reasons, "group")]
        if person is not None and person.code and not countries:
            # an official of an international body: "UN Secretary-General Antonio Guterres"
            why = f"office holder '{person.name}' ({person.role}, {_term(person)})"
            return [self._mention(doc, span, head, sentence, person.code, None, person.sector, person.name, [why], "name")]
        if person is not None:
            name = person.name
            country = person.country
            sector_code = person.sector
            reasons.append(f"office holder '{person.name}' ({person.role}, {_term(person)})")
        elif unknown_names:
            coref = self._coref_name(unknown_names[-1], state, day)
            if coref is not None:
                return [
                    self._mention(
                        doc, span, head, sentence, coref.code, coref.country, coref.sector,
                        coref.name, [f"same person as '{coref.text}'"], "coref",
                    )
                ]
            name = unknown_names[-1].text
        if countries:
            # The state written in the phrase outranks an office holder's default.
            code, why = countries[-1] if len(countries) > 1 and _possessive_first(doc, chunk) is None else countries[0]
            if country and country != code:
                reasons.append(f"phrase names {code}")
            country = code
            reasons.append(why)
        if sector:
            sector_code = sector[0]
            reasons.append(sector[1])
        if country is None and not sector_code and not name:
            return []
        pair = self._pair_in_chunk(doc, chunk, head, state) if country is None else None
        if pair:
            # "the leaders of both neighbours": one mention per state of the pair
            return [
                self._mention(doc, span, head, sentence, f"{c}{sector_code or ''}", c, sector_code, None,
                              reasons + [f"'both'/'the two' refer to {' and '.join(pair)}"], "coref")
                for c in pair
            ]
        if country is None and sector_code and not name:
            # "the minister", "the army": the state of the latest actor with this sector.
            earlier = state.latest_with_sector(sector_code, sentence)
            if earlier is not None and _is_definite(doc, chunk):
                country = earlier.country
                reasons.append(f"same {sector_code} actor as '{earlier.text}'")
        if country is None and name and not sector_code and all(k == "org" for k in kinds):
            return []  # an unknown organisation name alone is not an actor we can code
        code = f"{country or '---'}{sector_code or ''}"
        kind = "name" if name else ("title" if sector_code else (kinds[0] if kinds else "name"))
        return [self._mention(doc, span, head, sentence, code, country, sector_code, name, reasons, kind)]

    def _coref_name(self, name: Span, state: _CorefState, day: dt.date | None) -> Actor | None:
        """A surname or partial name: the earlier full name in the report, else a unique office holder."""
        last = name[-1].text
        earlier = state.person_with_surname(last, name.text)
        if earlier is not None:
            return earlier
        if len(name) == 1:
            entry = self.kb.person_by_surname(last, day)
            if entry is not None:
                return Actor(
                    code=f"{entry.country}{entry.sector}",
                    text=entry.name,
                    span=(0, 0),
                    country=entry.country,
                    sector=entry.sector,
                    name=entry.name,
                    rule=f"surname of office holder '{entry.name}'",
                )
        return None

    def _pair_in_chunk(self, doc: Doc, chunk: Chunk, head: Token, state: _CorefState) -> list[str] | None:
        """A paired reference in or right after the phrase: "both leaders", "leaders of the two countries"."""
        candidates = [head, *(g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                              for g in c.children if g.dep_ == "pobj")]
        if any(self._is_pair(t) for t in candidates) or any(
            t.lower_ in PAIR_DETERMINERS for t in doc[chunk.start : chunk.end]
        ) and head.tag_ in ("NNS", "NNPS"):
            return state.pair_before(chunk.start)
        return None

    def _is_pair(self, token: Token) -> bool:
        ref = self.references.get(token.lower_)
        if not ref or ref[0] != "pair":
            return False
        return any(c.lower_ in PAIR_DETERMINERS for c in token.children) or any(
            t.lower_ in PAIR_DETERMINERS for t in token.doc[max(token.i - 3, 0) : token.i]
        )

    def _references(
        self, doc: Doc, covered: set[int], state: _CorefState, sentence_of: list[int], skip: tuple[int, int]
    ) -> list[Mention]:
        """Pronouns and paired references outside name chunks ("he", "its", "both neighbours")."""
        mentions: list[Mention] = []
        mentions_by_head = {m.head: m for m in state.history}
        for token in doc:
            if token.i in covered or skip[0] <= token.i < skip[1]:
                continue
            ref = self.references.get(token.lower_)
            if not ref:
                continue
            kind, sector = ref
            sentence = sentence_of[token.i]
            span = doc[token.i : token.i + 1]
            if kind == "pair":
                if not self._is_pair(token):
                    continue
                for country in state.pair_before(token.i):
                    mentions.append(
                        self._mention(doc, span, token, sentence, f"{country}{sector or ''}", country, sector, None,
                                      ["'both'/'the two' refer to the states paired earlier"], "coref")
                    )
                continue
            if token.pos_ != "PRON":
                continue
            antecedent = self._cataphora(token, kind, mentions_by_head) or state.antecedent(kind, sentence, token.i)
            if antecedent is not None:
                mentions.append(
                    self._mention(doc, span, token, sentence, antecedent.code, antecedent.country,
                                  antecedent.sector, antecedent.name, [f"pronoun for '{antecedent.text}'"], "pronoun")
                )
        return mentions

    @staticmethod
    def _cataphora(token: Token, kind: str, by_head: dict[int, Mention]) -> Actor | None:
        """A pronoun in an opening phrase refers forward to the clause's subject:
        "In **his** discussion with Sharif, **Rubio** urged ..."."""
        if kind not in ("person", "thing", "plural"):
            return None
        clause = token
        while clause.dep_ not in ("ROOT",) and clause.head is not clause:
            if clause.dep_ in ("ccomp", "relcl", "advcl", "conj"):
                return None
            clause = clause.head
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > token.i]
        if not subjects:
            return None
        mention = by_head.get(subjects[0].i)
        if mention is None:
            return None
        if kind == "person" and not (mention.actor.name or mention.kind in ("name", "coref")):
            return None
        return mention.actor

    @staticmethod
    def _mention(
        doc: Doc, span: Span, head: Token, sentence: int, code: str, country: str | None,
        sector: str | None, name: str | None, reasons: list[str], kind: str,
    ) -> Mention:
        actor = Actor(
            code=code,
            text=span.text,
            span=(span.start_char, span.end_char),
            country=country,
            sector=sector,
            name=name,
            rule="; ".join(reasons),
        )
        return Mention(span.text, (span.start_char, span.end_char), sentence, actor,
                       tokens=(span.start, span.end), head=head.i, kind=kind)


class _CorefState:
    """What the report has said so far, for linking later references."""

    def __init__(self) -> None:
        self.history: list[Mention] = []
        self.country_counts: Counter[str] = Counter()
        self.pairs: list[tuple[int, list[str]]] = []  # (token index, two states named together)

    def remember(self, mention: Mention, doc: Doc | None = None) -> None:
        if doc is not None and self.history:
            self._note_pair(self.history[-1], mention, doc)
        self.history.append(mention)
        country = mention.actor.country
        if country and len(country) == 3 and country not in ("---", "IGO", "NGO", "IMG"):
            self.country_counts[country] += 1

    def person_with_surname(self, surname: str, text: str) -> Actor | None:
        for mention in reversed(self.history):
            actor = mention.actor
            if actor.name and actor.name.split()[-1] == surname and actor.name != text:
                return actor
        return None

    def latest_with_sector(self, sector: str, sentence: int) -> Actor | None:
        for mention in reversed(self.history):
            if sentence - mention.sentence_index > 3:
                return None
            if mention.actor.sector == sector and mention.actor.country:
                return mention.actor
        return None

    def antecedent(self, kind: str, sentence: int, token_i: int) -> Actor | None:
        for mention in reversed(self.history):
            if mention.tokens[0] >= token_i:
                continue
            if sentence - mention.sentence_index > 1:
                return None
            actor = mention.actor
            if kind == "person" and mention.kind in ("name", "coref") and actor.name:
                return actor
            if kind == "thing" and mention.kind in ("name", "group", "capital") and not actor.name and actor.country:
                return actor
            if kind == "plural" and not actor.name and actor.country:
                return actor
        return None

    def _note_pair(self, previous: Mention, mention: Mention, doc: Doc) -> None:
        """Two states coordinated in the text ("India and Pakistan") form the pair "both" refers to."""
        a, b = previous.actor.country, mention.actor.country
        if not a or not b or a == b or "-" in a + b:
            return
        between = doc[previous.tokens[1] : mention.tokens[0]]
        words = [t.lower_ for t in between]
        if len(words) <= 2 and all(w in ("and", ",", "&") for w in words) and ("and" in words or "&" in words):
            self.pairs.append((mention.tokens[1], [a, b]))

    def pair_before(self, token_i: int) -> list[str]:
        """The latest coordinated pair of states before a token, else the two most mentioned states."""
        earlier = [pair for end, pair in self.pairs if end <= token_i]
        if earlier:
            return earlier[-1]
        return [c for c, _ in self.country_counts.most_common(2)]


_LEFT_DEPS = frozenset({"det", "amod", "compound", "nummod", "quantmod", "poss", "predet", "nmod", "advmod",
                        "npadvmod", "case", "punct"})


def _phrase(doc: Doc, mention: Mention) -> tuple[int, int]:
    """The whole noun phrase an actor mention heads, as an analyst would quote it: "the top US
    diplomat", "The Nigerian Air Force (NAF)", "Ranil Wickremesinghe, the former Prime Minister of
    Sri Lanka". Modifiers on the left; an apposition, a bracketed acronym or an "of" phrase on the
    right; never a coordinated phrase, a clause or another preposition."""
    start, end = mention.tokens
    head = doc[mention.head]
    subtree_start, subtree_end = head.left_edge.i, head.right_edge.i + 1
    while start > subtree_start:
        token = doc[start - 1]
        if token.dep_ not in _LEFT_DEPS or token.dep_ == "punct" and token.text not in ("-", "–"):
            break
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "amod":
            break
        start -= 1
    while start < end - 1 and doc[start].dep_ == "punct":
        start += 1
    i = end
    while i < subtree_end:
        token = doc[i]
        if token.text == "(" :
            close = next((j for j in range(i + 1, min(i + 6, len(doc))) if doc[j].text == ")"), None)
            if close is None:
                break
            i = close + 1
            continue
        if token.text == "," and i + 1 < len(doc) and doc[i + 1].dep_ == "appos" or (
            token.text == "," and i + 2 < len(doc) and any(t.dep_ == "appos" for t in doc[i + 1 : i + 3])
        ):
            appos = next(t for t in doc[i + 1 : i + 3] if t.dep_ == "appos" or t.head.dep_ == "appos")
            target = appos if appos.dep_ == "appos" else appos.head
            i = target.right_edge.i + 1
            continue
        if token.dep_ == "appos":
            i = token.right_edge.i + 1
            continue
        if token.dep_ == "prep" and token.lower_ == "of" and token.head.i in range(mention.tokens[0], i):
            i = token.right_edge.i + 1
            continue
        break
    end = max(end, min(i, subtree_end))
    while end > start + 1 and doc[end - 1].dep_ == "punct" and doc[end - 1].text not in (")",):
        end -= 1
    return start, end


def _longest_first(pieces: list[Piece]) -> list[Piece]:
    """Keep non-overlapping pieces: knowledge-base names and sector words first (longest first),
    then the statistical entities where they do not overlap them ("The Nigerian Air Force" is a
    demonym and a sector word, not an unknown organisation)."""
    rank = {"kb": 0, "sector": 0, "entity": 1}
    chosen: list[Piece] = []
    taken: set[int] = set()
    for piece in sorted(pieces, key=lambda p: (rank[p.kind], -(p.end - p.start), p.start)):
        cells = set(range(piece.start, piece.end))
        if cells & taken:
            continue
        taken |= cells
        chosen.append(piece)
    return sorted(chosen, key=lambda p: p.start)


def _fits_part_of_speech(span: Span, kind: str) -> bool:
    """A sector word must be used as a noun ("the accused", not "India accused Pakistan")."""
    last = span[-1]
    if kind == "adjective":
        return last.pos_ in ("ADJ", "NOUN", "PROPN")
    return last.pos_ in ("NOUN", "PROPN") or (last.pos_ == "ADJ" and last.dep_ in ("nsubj", "dobj", "pobj", "conj"))


def _same_case(text: str, surface: str) -> bool:
    if text == surface:
        return True
    if text.isupper() and len(text) > 3:
        return text == surface.upper()
    # "the United States" written "The United States" at a sentence start
    return text[:1].upper() + text[1:] == surface[:1].upper() + surface[1:]


def _is_caseless(doc: Doc) -> bool:
    letters = [c for c in doc.text[:3000] if c.isalpha()]
    if len(letters) < 20:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper < len(letters) * 0.01 or upper > len(letters) * 0.9


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _head_of(span: Span) -> Token:
    """The token of the span whose head lies outside it (the last such token on ties)."""
    heads = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    return heads[-1] if heads else span[-1]


def _surface_for(entries: list[Entry], people: list[Entry]) -> str:
    return people[0].name


def _term(entry: Entry) -> str:
    start = entry.start.isoformat() if entry.start else "?"
    end = entry.end.isoformat() if entry.end else "present"
    return f"{start} to {end}"


def _possessive_first(doc: Doc, chunk: Chunk) -> int | None:
    for i in range(chunk.start, chunk.end):
        if doc[i].tag_ == "POS":
            return i
    return None


def _is_definite(doc: Doc, chunk: Chunk) -> bool:
    before = doc[chunk.start - 1].lower_ if chunk.start > 0 else ""
    return before in ("the", "this", "that") or doc[chunk.start].lower_ == "the"
