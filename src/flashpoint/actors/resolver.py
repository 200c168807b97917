"""Find every actor mention in a parsed report and resolve it to a code, saying why.

1. *Matching and chunking* (:mod:`flashpoint.actors.matching`): knowledge-base names, surnames,
   sector words and spaCy entities, grouped into actor phrases.
2. *Resolution* of each phrase, by the first rule that applies:

   - an organisation, institution or armed group gives its own code ("a Hamas official" is
     PSEREB, "UN envoy" IGOUNO), except that a state's possessive makes a generic body national
     ("Russia's Security Council" is RUSGOV);
   - an office holder gives the office held on the report date ("Marco Rubio" is USAGOV in 2025,
     USALEG in 2015), a title in the phrase overriding the sector;
   - a surname or other part of a name takes the earlier full name in the report, else the one
     office holder of that name on the report date;
   - a state, demonym, capital or seat gives the country (a capital or seat as an actor stands
     for the government; as the object of "in", "at", "near" ... it is a place, not an actor);
   - the sector comes from the phrase's first sector word: the institution before the role
     ("army officials" MIL, "opposition leader" OPP);
   - a phrase with a sector and no state: a paired reference ("the leaders of both
     neighbours"), a possessive pronoun ("its forces"), the latest actor of that sector, or, for
     state institutions ("the army", "lawmakers"), the state of the nearest earlier actor.
3. *References* (:mod:`flashpoint.actors.coref`): pronouns, "both countries", "the group",
   "his Saudi counterpart"; then appositions lend a sector or state to a name ("Maria Alvarez, a
   human rights lawyer"), and coordinated demonyms share their head ("Russian and Ukrainian
   negotiators").

Every resolved :class:`~flashpoint.records.Actor` carries ``rule``: the entries and rules used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from flashpoint import language
from flashpoint.actors.coref import REFERENCES, CorefState, lend_between_mentions, paired
from flashpoint.actors.kb import Entry, KnowledgeBase
from flashpoint.actors.matching import POSSESSIVE, Chunk, SurfaceMatcher
from flashpoint.actors.phrase import (capital_as_place, head_index, is_definite, names_a_body, names_a_thing,
                                      names_of, noun_phrase)
from flashpoint.actors.references import References, Resolution
from flashpoint.cues import cues
from flashpoint.datafiles import data_path, read_table
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.records import ARMED_SECTORS, ORGANISATION_BLOCKS, Actor, Mention

# Sectors of state institutions: a bare "the army" or "lawmakers" belongs to the state in context.
STATE_SECTORS = frozenset({"MIL", "LEG", "COP", "JUD", "SPY"})
ORGANISATION_KINDS = frozenset({"igo", "ngo", "group", "institution"})
# Words that make a sector phrase foreign: "foreign troops" are not the state in context.
FOREIGN_WORDS = cues()["foreign-word"]
# "Mr", "Dr": left out when a name is looked up by its surname.
COURTESY_TITLES = cues()["courtesy-title"]


@dataclass(slots=True)
class Facts:
    """What one actor phrase says, before any rule decides."""

    countries: list[tuple[str, str]] = field(default_factory=list)  # (state, why), in order
    possessive_country: tuple[str, str] | None = None
    sectors: list[tuple[str, str, str]] = field(default_factory=list)  # (sector, kind, why)
    capital: tuple[str, str] | None = None  # (state, why) for a capital or seat
    organisation: Entry | None = None
    organisations: list[Entry] = field(default_factory=list)  # every reading of an ambiguous name
    person: Entry | None = None
    names: list[tuple[int, int]] = field(default_factory=list)  # PERSON entities and surnames (token bounds)
    groups: list[tuple[int, int]] = field(default_factory=list)  # unknown ORG/NORP entities (token bounds)

    def sector(self) -> tuple[str, str] | None:
        """The institution before the role: the first sector noun or title, else an adjective."""
        nouns = [s for s in self.sectors if s[1] != "adjective"]
        chosen = (nouns or self.sectors)[:1]
        return (chosen[0][0], chosen[0][2]) if chosen else None


#: How the rule of an actor told in its antecedent's words begins ("pronoun 'it' for 'The Pentagon'").
SAID_AS = "pronoun"
#: The reason of a sector phrase given the nearest state (a guess the event stages may overrule).
IN_CONTEXT = "the state in context"


class ActorResolver(References):
    """Resolves the actors of one report at a time; build once per process (see ``get_resolver``)."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.surfaces = SurfaceMatcher(nlp, kb)
        references = read_table(data_path("actors", "references.tsv"), REFERENCES)
        self.problems = references.problems
        self.references = {row["term"]: (row["kind"], row["sector"] or None) for row in references.rows}

    def resolve(self, doc: Doc, day: dt.date | None, skip: tuple[int, int] = (0, 0)) -> list[Mention]:
        """All actor mentions of a parsed report; ``skip`` is a token range to ignore (the dateline)."""
        pieces = self.surfaces.pieces(doc, language.is_caseless(doc), skip)
        chunks = self.surfaces.chunks(doc, pieces)
        sentence_of = language.sentence_index(doc)
        state = CorefState()
        mentions: list[Mention] = []
        covered: set[int] = set()
        for chunk in chunks:
            for mention in self._resolve_chunk(doc, chunk, day, state, sentence_of):
                mentions.append(mention)
                state.remember(mention, doc)
            covered.update(range(chunk.start, chunk.end))
        mentions.extend(self._references(doc, covered, state, sentence_of, skip))
        mentions.sort(key=lambda m: (m.tokens[0], m.tokens[1]))
        lend_between_mentions(doc, mentions)
        columns = arrays(doc)  # the quoted phrases' words, without a Span each
        for mention in mentions:
            if mention.kind != "pronoun":
                start, end = noun_phrase(doc, mention)
                mention.actor.text = columns.span_text(start, end)
                mention.actor.span = columns.char_span(start, end)
        for mention in mentions:  # a possessive ("its forces") keeps its word: the phrase is about what it owns
            if mention.antecedent is not None and columns.tag[mention.head] != "PRP$":
                said_as(mention)
        return mentions

    # -- one phrase ---------------------------------------------------------------------------

    def _facts(self, doc: Doc, chunk: Chunk, day: dt.date | None) -> Facts:
        """What the chunk's pieces say, read from the arrays (names and groups as token bounds)."""
        facts = Facts()
        columns = arrays(doc)
        for piece in chunk.pieces:
            if piece.kind == "sector":
                text = columns.span_text(piece.start, piece.end)
                facts.sectors.append((piece.sector or "", piece.sector_kind or "", f"{piece.sector_kind} '{text.lower()}'"))
            elif piece.kind == "surname":
                facts.names.append((piece.start, piece.end))
            elif piece.kind == "entity":
                (facts.names if piece.label == "PERSON" else facts.groups).append((piece.start, piece.end))
            else:
                self._kb_facts(columns, piece.entries, piece.end, columns.span_text(piece.start, piece.end), day, facts)
        return facts

    def _kb_facts(self, columns: ParseArrays, entries: list[Entry], end: int, text: str, day: dt.date | None,
                  facts: Facts) -> None:
        """What the knowledge-base entries of a piece ending at ``end`` and reading ``text`` say."""
        people = [e for e in entries if e.kind == "person"]
        if people:
            facts.person = self.kb.person(people[0].name, day) or people[0]
            return
        organisations = [e for e in entries if e.kind in ORGANISATION_KINDS]
        if organisations:
            # an armed group before an NGO of the same acronym ("RSF"), unless the report named the NGO
            organisations.sort(key=lambda e: {"group": 0, "institution": 1, "igo": 2, "ngo": 3}[e.kind])
            facts.organisation, facts.organisations = organisations[0], organisations
            return
        for entry in entries:
            if entry.kind in ("capital", "seat"):
                facts.capital = (entry.country or "---", f"{entry.kind} '{text}' of {entry.name}")
                facts.countries.append(facts.capital)
                return
            if entry.kind in ("country", "demonym"):
                why = (entry.country or "---", f"{entry.kind} '{text}'")
                facts.countries.append(why)
                if end < columns.n and columns.text[end] in POSSESSIVE and columns.tag[end] == "POS":
                    facts.possessive_country = why
                return

    def _resolve_chunk(self, doc: Doc, chunk: Chunk, day: dt.date | None, state: CorefState,
                       sentence_of: list[int]) -> list[Mention]:
        columns = arrays(doc)
        head = head_index(columns, chunk.start, chunk.end)  # a token index, like every head below
        sentence = sentence_of[head]
        facts = self._facts(doc, chunk, day)
        if facts.capital and len(facts.countries) == 1 and not facts.sectors and \
                capital_as_place(columns, head, self.kb.sector_terms):
            return []  # "a market in Kabul": a place, not the government
        resolutions = (
            self._office_holder(facts)
            or self._organisation(facts, state)
            or self._named_person(columns, facts, state, day)
            or self._stated(doc, chunk, head, facts, state, sentence)
        )
        return [self._mention(doc, chunk.start, chunk.end, head, sentence, r) for r in resolutions]

    def _organisation(self, facts: Facts, state: CorefState) -> list[Resolution]:
        org = facts.organisation
        if org is None:
            return []
        org = state.mentioned_organisation(facts.organisations) or org
        why = f"{org.kind} '{org.name}'"
        if facts.possessive_country and org.kind in ("igo", "ngo"):
            # "Russia's Security Council": a national body with a generic name
            country, because = facts.possessive_country
            sector = org.sector or "GOV"
            return [Resolution(f"{country}{sector}", country, sector, None, [because, f"national body like {why}"], "org")]
        kind = "group" if org.kind == "group" else "org"
        return [Resolution(org.code or "---", org.country, org.sector, None, [why], kind)]

    def _office_holder(self, facts: Facts) -> list[Resolution]:
        person = facts.person
        if person is None:
            return []
        why = f"office holder '{person.name}' ({person.role}, {_term(person)})"
        if person.code and not facts.countries:
            # an official of an international body: "UN Secretary-General Antonio Guterres"
            return [Resolution(person.code, None, person.sector, person.name, [why], "name")]
        reasons = [why]
        country = person.country
        if facts.countries and facts.countries[0][0] != country:
            country = facts.countries[0][0]
            reasons.append(f"phrase names {country} ({facts.countries[0][1]})")
        sector = person.sector
        titled = facts.sector()
        org = facts.organisation
        if org is not None and org.kind in ("group", "institution") and org.country == country:
            # "Hezbollah leader Naim Qassem", "Sudan's army chief al-Burhan": the body they lead
            titled = (org.sector or "", f"{org.kind} '{org.name}'")
        if titled:
            sector = titled[0]
            reasons.append(titled[1])
        return [Resolution(f"{country or '---'}{sector or ''}", country, sector, person.name, reasons, "name")]

    def _named_person(self, columns: ParseArrays, facts: Facts, state: CorefState,
                      day: dt.date | None) -> list[Resolution]:
        if not facts.names:
            return []
        start, end = facts.names[-1]
        thing = not facts.sectors and end - start == 1 and names_a_thing(columns, end - 1)
        if thing and not facts.countries:
            return []  # "from Changsari to Raha", "near Medina restaurant": no one
        earlier = self._coref_name(columns, start, end, state, day, surname=not thing)
        if earlier is not None and not facts.countries:
            return [Resolution(earlier.code, earlier.country, earlier.sector, earlier.name,
                               [f"same person as '{earlier.name or earlier.text}'"], "coref")]
        country, reasons = self._country(facts)
        titled = facts.sector()
        sector = titled[0] if titled else None
        if titled:
            reasons.append(titled[1])
        return [Resolution(f"{country or '---'}{sector or ''}", country, sector, columns.span_text(start, end),
                           reasons, "name")]

    def _stated(self, doc: Doc, chunk: Chunk, head: int, facts: Facts, state: CorefState,
                sentence: int) -> list[Resolution]:
        """A phrase that states its actor: a state, a sector, or both, completed from context."""
        country, reasons = self._country(facts)
        titled = self._named_body(doc, chunk, head, facts) or facts.sector()
        sector = titled[0] if titled else None
        if titled:
            reasons.append(titled[1])
        elif facts.capital:
            sector = "GOV"
            reasons.append(f"{facts.capital[1]} stands for the government")
        columns = arrays(doc)
        if country is None and sector is None:
            body = facts.groups[-1] if facts.groups and names_a_body(columns, *facts.groups[-1]) else None
            if body is None:
                return []  # a people alone is not an actor we can code
            text = columns.span_text(*body)
            return [Resolution("---", None, None, text, [f"unknown organisation '{text}'"], "org")]
        if country is None and not facts.capital and columns.pos[head] == "ADJ" and columns.dep[head] in ("amod", "conj"):
            return []  # "military action", "naval base": a sector adjective alone names no one
        kind = "title" if sector else ("capital" if facts.capital else "name")
        if facts.capital and not titled:
            kind = "capital"
        if country is None:
            return self._stateless(doc, chunk, head, sector, reasons, kind, state, sentence)
        return [Resolution(f"{country or '---'}{sector or ''}", country, sector, None, reasons, kind)]

    def _named_body(self, doc: Doc, chunk: Chunk, head: int, facts: Facts) -> tuple[str, str] | None:
        """The sector of a proper name the knowledge base does not know, by its head word
        (``name_heads.tsv``): "the Jalisco Liberation **Army**" is a non-state group (REB), not a
        state's army; "the Awami Tehreek **Front**", "the Kisan **Union**". Only for names that
        name no state ("the Pakistan Army" stays the state's)."""
        columns = arrays(doc)
        if facts.countries or facts.possessive_country or columns.pos[head] != "PROPN" or \
                not columns.text[head].istitle():
            return None
        lower = columns.lower[head]
        sector = self.kb.name_heads.get(lower)
        if sector is None:  # most heads: no Token made for the subtree
            return None
        words = [t for t in doc[head].subtree if t.i <= head and t.is_title and t.pos_ in ("PROPN", "NOUN")]
        if len(words) < 2:
            return None
        named = facts.sector()
        if named and named[1] != f"noun '{lower}'" and named[1] != f"title '{lower}'":
            return None  # a sector phrase that is more than the head: "the Kisan Union" (farmers)
        return sector, f"unknown body '{' '.join(t.text for t in words)}' named by its head '{lower}'"

    def _stateless(self, doc: Doc, chunk: Chunk, head: int, sector: str, reasons: list[str], kind: str,
                   state: CorefState, sentence: int) -> list[Resolution]:
        """A sector phrase that names no state: the pair "both" refers to, the owner a possessive
        pronoun stands for, or the state in context."""
        pair = self._pair(doc, chunk, head, state)
        if pair:
            why = f"'both'/'the two' refer to {' and '.join(pair)}"
            return [Resolution(f"{c}{sector}", c, sector, None, reasons + [why], "coref") for c in pair]
        owner = self._possessive_pronoun(doc, chunk, state, sentence)
        if owner is not None and (owner.code[:3] in ORGANISATION_BLOCKS or sector in ARMED_SECTORS and (
                owner.sector in ("REB", "INS", "SEP", "UAF") or owner.country is None)):
            # "the TTP said its fighters", "Hemedti said his forces", "the ICRC said its staff": the owner's own
            why = f"'{arrays(doc).text[chunk.start - 1]}' refers to '{owner.text}'"
            return [Resolution(owner.code, owner.country, owner.sector, None, reasons + [why], "coref",
                               owner=owner.code)]
        country, why, guessed = self._context_country(doc, chunk, head, sector, state, sentence, owner)
        if why:
            reasons.append(why)
        if owner is not None or guessed:
            return [Resolution(f"{country or '---'}{sector or ''}", country, sector, None, reasons, kind,
                               owner=owner.code if owner else None, guessed_state=guessed)]
        return [Resolution(f"{country or '---'}{sector or ''}", country, sector, None, reasons, kind)]

    @staticmethod
    def _country(facts: Facts) -> tuple[str | None, list[str]]:
        if facts.possessive_country:
            return facts.possessive_country[0], [facts.possessive_country[1]]
        if facts.countries:
            return facts.countries[0][0], [facts.countries[0][1]]
        return None, []

    def _context_country(self, doc: Doc, chunk: Chunk, head: int, sector: str, state: CorefState,
                         sentence: int, owner: Actor | None) -> tuple[str | None, str | None, bool]:
        """The state of a sector phrase that names none: "its forces", "air-defence systems in
        Pakistan", "the minister", "the army"; and whether it is only the nearest state in
        context (a guess the event stage may overrule: "Israel struck air defences in Iran")."""
        columns = arrays(doc)
        located = self._located_in(doc, columns.head[head] if columns.dep[head] in ("amod", "compound") else head)
        if located is not None:  # "air-defence systems in Pakistan"
            return (*located, False)
        if owner is not None:
            return owner.country, f"'{columns.text[chunk.start - 1]}' refers to '{owner.text}'", False
        if any(word in FOREIGN_WORDS for word in columns.lower[max(chunk.start - 2, 0) : chunk.end]):
            return None, None, False  # "foreign troops" are not the state in context
        singular = columns.tag[head] in ("NN", "NNP")
        definite = singular and is_definite(columns, chunk.start, chunk.end)  # asked once (both tests need singular)
        if definite or sector in STATE_SECTORS:
            # "the ministry" in the last three sentences; bare "police" only just after it was named
            # ("Brazil's Federal Police arrested smugglers from Paraguay. Police seized the plane"),
            # before the last state the text named
            earlier = state.latest_with_sector(sector, sentence, window=3 if definite else 1)
            if earlier is not None:
                return earlier.country, f"same {sector} actor as '{earlier.text}'", True
        if sector in STATE_SECTORS or (sector == "GOV" and definite):
            nearby = state.latest_state_actor(sentence, chunk.start)
            if nearby is not None:
                return nearby.country, f"{IN_CONTEXT}: '{nearby.text}'", True
        return None, None, False

    def _located_in(self, doc: Doc, head: int) -> tuple[str, str] | None:
        """"troops in Syria", "air-defence systems in Pakistan": the state the phrase places them in
        (token ``head``; a Token only for a place word, whose subtree's edges the names need)."""
        columns = arrays(doc)
        dep, lower, children = columns.dep, columns.lower, columns.children
        for place in (g for c in children[head] if dep[c] == "prep" and lower[c] == "in" for g in children[c]):
            for name in names_of(doc[place]):
                country = next((e.country for e in self.kb.names.get(name, []) if e.kind == "country"), None)
                if country:
                    return country, f"located in '{name}'"
        return None

    def _possessive_pronoun(self, doc: Doc, chunk: Chunk, state: CorefState, sentence: int) -> Actor | None:
        if chunk.start == 0:
            return None
        before = chunk.start - 1
        columns = arrays(doc)
        ref = self.references.get(columns.lower[before])
        if columns.dep[before] != "poss" or not ref:
            return None
        return state.antecedent(ref[0], sentence, before)

    def _pair(self, doc: Doc, chunk: Chunk, head: int, state: CorefState) -> list[str] | None:
        """"both leaders", "the leaders of the two countries": the last two states named together."""
        columns = arrays(doc)
        dep, lower, children = columns.dep, columns.lower, columns.children
        candidates = [head, *(g for c in children[head] if dep[c] == "prep" and lower[c] == "of"
                              for g in children[c] if dep[g] == "pobj")]
        window = list(lower[max(chunk.start - 2, 0) : chunk.end])
        plural_with_determiner = columns.tag[head] in ("NNS", "NNPS") and paired(window)
        if any(self._is_pair(columns, t) for t in candidates) or plural_with_determiner:
            return state.pair_before(chunk.start)
        return None

    def _coref_name(self, columns: ParseArrays, start: int, end: int, state: CorefState, day: dt.date | None,
                    surname: bool = True) -> Actor | None:
        """Part of the name ``start:end``: the earlier person in the report, else (``surname``) the
        one office holder that day. Read from the arrays: no Token per word of the name."""
        text, full = columns.text, columns.span_text(start, end)
        for i in reversed(range(start, end)):
            earlier = state.person_named(text[i], full)
            if earlier is not None:
                return earlier
        words = [i for i in range(start, end) if columns.lower[i].rstrip(".") not in COURTESY_TITLES]
        if len(words) == 1 and surname:
            entry = self.kb.person_by_surname(text[words[0]], day)
            if entry is not None:
                code = entry.code or f"{entry.country}{entry.sector}"
                why = f"surname of office holder '{entry.name}'" if entry.name else \
                    f"surname shared by office holders who are all {code}"
                return Actor(code=code, text=entry.name or full, span=(0, 0), country=entry.country,
                             sector=entry.sector, name=entry.name or None, rule=why)
        return None


def _term(entry: Entry) -> str:
    start = entry.start.isoformat() if entry.start else "?"
    end = entry.end.isoformat() if entry.end else "present"
    return f"{start} to {end}"


def said_as(pronoun: Mention) -> None:
    """A pronoun's actor is reported in the words of the mention it stands for when that mention is
    in the pronoun's sentence ("the Pentagon said **it** hit five bases": the source is "The
    Pentagon"), so an event's evidence names its actors. The mention keeps the pronoun's own words,
    and the actor's rule says which pronoun it was: "pronoun 'it' for 'The Pentagon'"
    (:data:`SAID_AS`), so later stages still know a pronoun named the actor. An antecedent in an
    earlier sentence is left to the rule: the evidence sentence says only the pronoun."""
    said = pronoun.antecedent
    if said is not None and said.sentence_index == pronoun.sentence_index:
        actor = pronoun.actor
        actor.text, actor.span = said.actor.text, said.actor.span
        actor.rule = actor.rule.replace("pronoun for", f"{SAID_AS} '{pronoun.text}' for", 1)
