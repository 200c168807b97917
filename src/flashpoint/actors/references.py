"""References outside actor phrases (pronouns, "both countries", "the group", "his Saudi
counterpart") and the mention record every rule of the resolver ends in. A mixin of
:class:`flashpoint.actors.resolver.ActorResolver`, which holds ``self.references``."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from spacy.tokens import Doc, Token

from flashpoint.actors.coref import (
    NON_STATES,
    STATE_NOUNS,
    CorefState,
    cataphora,
    clause_subjects,
    is_the_state,
    paired,
    partitive_referent,
    speaker_of,
)
from flashpoint.cues import cues
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.records import Actor, Mention

PLURAL_PRONOUNS = cues()["plural-pronoun"]


@dataclass(slots=True)
class Resolution:
    code: str
    country: str | None
    sector: str | None
    name: str | None
    reasons: list[str]
    kind: str
    owner: str | None = None  # the actor a possessive pronoun in the phrase stands for
    guessed_state: bool = False  # the state is the nearest one in context, not one the phrase names
    antecedent: Mention | None = None  # the mention a pronoun stands for


class References:
    """Resolution of reference words, and mentions from token indices."""

    references: dict[str, tuple[str, str | None]]

    def _references(self, doc: Doc, covered: set[int], state: CorefState, sentence_of: list[int],
                    skip: tuple[int, int]) -> list[Mention]:
        """Pronouns, paired references, "the group", "his counterpart"."""
        mentions: list[Mention] = []
        by_head = {m.head: m for m in state.history}
        lowers = arrays(doc).lower
        references = self.references
        # the reference words' indices in one pass in C (most words are none)
        for i in compress(range(len(lowers)), map(references.__contains__, lowers)):
            if i in covered or skip[0] <= i < skip[1]:
                continue
            token = doc[i]
            kind, sector = references[lowers[i]]
            sentence = sentence_of[i]
            for resolution in self._reference(doc, token, kind, sector, state, by_head, sentence):
                mention = self._mention(doc, i, i + 1, i, sentence, resolution)
                mentions.append(mention)
                if kind == "group":
                    state.remember(mention)  # "the group vowed to continue its attacks"
        return mentions

    def _reference(self, doc: Doc, token: Token, kind: str, sector: str | None, state: CorefState,
                   by_head: dict[int, Mention], sentence: int) -> list[Resolution]:
        if kind == "pair":
            owned = self._owners_state(token, state, sentence)
            if owned:
                return owned
            if is_the_state(token):
                country = state.state_before(token.left_edge.i)
                return [Resolution(country, country, None, None, [f"'the {token.text}' is the state named before"],
                                   "coref")] if country else []
            if not self._is_pair(arrays(doc), token.i):
                return []
            return [Resolution(f"{c}{sector or ''}", c, sector, None,
                               ["'both'/'the two' refer to the states paired earlier"], "coref")
                    for c in state.pair_before(token.i)]
        if kind == "group":
            if not any(c.lower_ == "the" for c in token.children):
                return []
            group = state.latest_group(sentence, token.i)
            if group is None:
                return []
            return [Resolution(group.code, group.country, group.sector, group.name,
                               [f"'the {token.text}' is '{group.text}'"], "coref")]
        if kind == "counterpart":
            return self._counterpart(token, state, by_head, sentence)
        if token.pos_ != "PRON":
            return []
        counted = partitive_referent(token)
        if counted is not None:  # "struck air-defence systems, among them one at Lahore": the systems
            mention = by_head.get(counted.i)
            if mention is None:
                return []
            return [Resolution(mention.actor.code, mention.actor.country, mention.actor.sector, mention.actor.name,
                               [f"'{token.text}' counts '{mention.text}'"], "pronoun")]
        antecedent = speaker_of(token, by_head) if kind == "speaker" else cataphora(token, kind, by_head) or \
            state.antecedent(kind, sentence, token.i, clause_subjects(token))
        if antecedent is None:
            return []
        said = next((m for m in reversed(state.history) if m.actor is antecedent), None)
        return [Resolution(antecedent.code, antecedent.country, antecedent.sector, antecedent.name,
                           [f"pronoun for '{antecedent.text}'"], "pronoun", antecedent=said)]

    def _owners_state(self, token: Token, state: CorefState, sentence: int) -> list[Resolution]:
        """"Putin said **his country** will not lift the ban": a person's, or a body's, own state
        ("its nation", "their country": the state of whom the possessive pronoun stands for)."""
        if token.tag_ != "NN" or token.lower_ not in STATE_NOUNS:
            return []
        owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in self.references), None)
        if owner is None:
            return []
        antecedent = state.antecedent(self.references[owner.lower_][0], sentence, owner.i)
        country = antecedent.country if antecedent is not None else None
        if not country or len(country) != 3 or country in NON_STATES:
            return []
        return [Resolution(country, country, None, None,
                           [f"'{owner.text} {token.text}' is the state of '{antecedent.text}'"], "coref")]

    def _counterpart(self, token: Token, state: CorefState, by_head: dict[int, Mention], sentence: int) -> list[Resolution]:
        """"his Saudi counterpart": the state of the phrase, the role of the one whose counterpart it is."""
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        counterpart_of = state.antecedent("person", sentence, owner.i) if owner is not None else None
        countries = [m.actor.country for c in token.children if c.dep_ in ("amod", "compound")
                     for m in ([by_head[c.i]] if c.i in by_head else []) if m.actor.country]
        if counterpart_of is None or not countries:
            return []
        country, sector = countries[0], counterpart_of.sector
        return [Resolution(f"{country}{sector or ''}", country, sector, None,
                           [f"counterpart of '{counterpart_of.name or counterpart_of.text}'"], "title")]

    def _is_pair(self, columns: ParseArrays, i: int) -> bool:
        """"both countries", "the two sides" (but not "two countries"): token ``i``."""
        lower = columns.lower
        ref = self.references.get(lower[i])
        if not ref or ref[0] != "pair":
            return False
        if any(lower[c] == "both" for c in columns.children[i]):
            return True
        return paired(list(lower[max(i - 4, 0) : i]))

    @staticmethod
    def _mention(doc: Doc, start: int, end: int, head: int, sentence: int, r: Resolution) -> Mention:
        """The mention of tokens ``start:end`` headed by ``head``, read from the arrays."""
        columns = arrays(doc)
        text, chars = columns.span_text(start, end), columns.char_span(start, end)
        actor = Actor(code=r.code, text=text, span=chars, country=r.country,
                      sector=r.sector, name=r.name, rule="; ".join(r.reasons))
        return Mention(text, chars, sentence, actor,
                       tokens=(start, end), head=head, kind=r.kind, owner=r.owner,
                       guessed_state=r.guessed_state, antecedent=r.antecedent,
                       plural=columns.tag[head] in ("NNS", "NNPS") or columns.lower[head] in PLURAL_PRONOUNS)
