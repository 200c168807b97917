"""Lexicon matching and slot filling: which entry a trigger word matches and which words fill its
slots, the nested event a framing verb is about, and which of a sentence's matches to code.

Every lexicon entry is tried on a token, most specific first; the first whose constraints all hold
on the parse is the match. The slots' fillers and the tokens' word forms are memoised in the
report's :class:`~flashpoint.events.context.ParseCache` (entries of one trigger share slots).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import compress

from spacy.tokens import Doc, Token

from flashpoint import language
from flashpoint.events import clauses
from flashpoint.events.clauses import NOUN_POS, VERB_POS
from flashpoint.events.context import Knowledge, ParseCache
from flashpoint.events.lexicon import Entry
from flashpoint.events.wordforms import _hyphen_word, regular_lemmas, word_forms
from flashpoint.language.arrays import ParseArrays, arrays, verb_tagged_noun


@dataclass(slots=True)
class Match:
    """A lexicon entry matched on a trigger, with the words filling its slots."""

    entry: Entry
    trigger: Token
    nested: list[tuple[Token, Entry]] = field(default_factory=list)
    slots: dict[str, list[int]] = field(default_factory=dict)  # the fillers' token indices
    consumed: set[int] = field(default_factory=set)  # tokens of nested events, not coded on their own


class Matcher:
    """Matches lexicon entries on tokens. Build once: its caches are keyed on the lexicon and the
    vocabulary only, never on a report."""

    def __init__(self, known: Knowledge) -> None:
        self.known = known
        self._forms_of_triggers: frozenset[str] | None = None
        self._entries: dict[tuple, list[Entry]] = {}

    # -- which tokens and entries to try ---------------------------------------------------------

    def candidate_tokens(self, doc: Doc) -> list[int]:
        """Indices of the tokens that may trigger an entry: their lemma or form is a trigger (or a
        regular inflection of one), or they touch a hyphen. Read from the arrays' lemma and
        lower-case columns (which the stages read anyway) with one set lookup per word: three
        times faster than a binary search of the words' hashes in numpy, and no Token made for
        the other nine tokens in ten."""
        n = len(doc)
        if not n:
            return []
        forms = self._trigger_forms()
        a = arrays(doc)
        hits = [lemma in forms or lower in forms for lemma, lower in zip(a.lemma, a.lower)]
        text = a.text
        if "-" in text:
            space = a.space
            for i, word in enumerate(text):
                if word == "-" and not space[i]:
                    if i > 0:
                        hits[i - 1] = True
                    if i + 1 < n:
                        hits[i + 1] = True
        return list(compress(range(n), hits))

    def _trigger_forms(self) -> frozenset[str]:
        """Every trigger form: the lexicon's trigger lemmas and their regular inflections."""
        if self._forms_of_triggers is None:
            forms = set()
            for lemma, pos in self.known.lexicon.by_trigger:
                forms.add(lemma)
                forms.update(_inflections(lemma))
                if pos == "v":  # a verb the tagger takes for a noun keeps its form: "shot"
                    forms.update(language.irregular_verb_forms(lemma))
            self._forms_of_triggers = frozenset(forms)
        return self._forms_of_triggers

    def entries_for(self, doc: Doc, i: int) -> list[Entry]:
        """The lexicon entries token ``i`` may trigger, most specific first."""
        a = arrays(doc)
        pos = "v" if a.pos[i] in VERB_POS or verb_tagged_noun(a, i) else "n" if a.pos[i] in NOUN_POS else None
        if pos is None:
            return []
        hyphenated = _hyphen_word(a, i)
        key = (pos, hyphenated, a.lemma[i], a.lower[i], a.tag[i])
        cached = self._entries.get(key)
        if cached is None:
            cached = self._entries[key] = self._lookup(doc[i], pos, hyphenated)
        return cached

    def _lookup(self, token: Token, pos: str, hyphenated: str | None) -> list[Entry]:
        lexicon = self.known.lexicon
        found: list[Entry] = []
        if hyphenated:
            found.extend(lexicon.candidates(hyphenated, pos))
        by_lemma = lexicon.candidates(token.lemma_.lower(), pos)
        found.extend(by_lemma)
        if pos == "v" and token.lower_ != token.lemma_.lower():
            found.extend(e for e in lexicon.candidates(token.lower_, pos) if e not in found)
        if not found and pos == "n" and token.tag_ == "VBG":
            found.extend(lexicon.candidates(token.lemma_.lower(), "v"))
        if not by_lemma and pos == "v" and token.pos_ == "NOUN":  # a verb tagged as a noun: "shot"
            for lemma in language.irregular_verb_lemmas(token.lower_):
                found.extend(e for e in lexicon.candidates(lemma, "v") if e not in found)
        if not by_lemma and pos == "v":
            # the small model's lemmatizer misses some past forms ("staged" -> "stag"): the regular
            # lemma's entries too, also when entries written for the past form itself did not fit
            # ("staged a dharna" is `stage obj:dharna`, not one of the `staged` entries)
            for lemma in regular_lemmas(token.lower_):
                found.extend(e for e in lexicon.candidates(lemma, "v") if e not in found)
        return sorted(found, key=lambda e: -e.specificity)

    # -- matching one token ------------------------------------------------------------------------

    def match(self, token: Token, cache: ParseCache, depth: int = 0) -> Match | None:
        """The first entry (most specific first) whose constraints all hold on the parse."""
        return self.match_at(token.doc, token.i, cache, depth)

    def match_at(self, doc: Doc, i: int, cache: ParseCache, depth: int = 0) -> Match | None:
        """:meth:`match` on token ``i``: the Token is made only for a match."""
        a = arrays(doc)
        for entry in self.entries_for(doc, i):
            found = self._try(entry, doc, a, i, cache, depth)
            if found:
                return found
        return None

    def _try(self, entry: Entry, doc: Doc, a: ParseArrays, i: int, cache: ParseCache, depth: int) -> Match | None:
        if entry.particle and not _has_particle(a, i, entry.particle):
            return None
        # the Match is made only when every constraint holds: most tries fail; fillers are indices,
        # memoised per report (entries of one trigger share slots), and so are their word forms
        nested: list[tuple[Token, Entry]] = []
        slots: dict[str, list[int]] = {}
        consumed: set[int] = set()
        memo, forms, slot_forms = cache.fillers, cache.forms, cache.slot_forms
        for constraint in entry.constraints:
            slot = constraint.slot
            fillers = memo.get((i, slot))
            if fillers is None:
                fillers = memo[i, slot] = self._fill(slot, a, i, cache)
            if not fillers:
                return None
            if constraint.role == "nested":
                nested = self._nested(doc, fillers, depth, cache, consumed)
            elif constraint.role == "actor":
                fillers = [f for f in fillers if cache.actors.argument_at(doc, f)]
                if not fillers:
                    return None  # "captured the mosque": no one is captured
            elif constraint.role is None:
                values = constraint.values
                union = slot_forms.get((i, slot)) or self._slot_forms(a, i, slot, fillers, cache)
                if union.isdisjoint(values):
                    return None  # no filler is a listed word (most tries end here)
                fillers = [f for f in fillers if not forms[f].isdisjoint(values)]
                if self._about_another_act(entry) or slot == "to":
                    # "called for the release of the hostages": the release has not happened
                    consumed |= {t.i for hit in fillers for t in doc[hit].subtree}
                elif slot in SENSE_SLOTS:
                    consumed |= {f for f in fillers if self._other_family(doc, f, entry, cache, depth)}
            slots[slot] = fillers
        return Match(entry, doc[i], nested, slots, consumed)

    def _other_family(self, doc: Doc, filler: int, entry: Entry, cache: ParseCache, depth: int) -> bool:
        """Whether a listed object of a protest would code violence of its own, or the protest
        itself again: in "went on **strike**" or "called a general **strike**" the noun is the
        form of protest, no military strike; in "observed a **bandh**" or "staged a **sit-in**" the
        noun is the same protest, told once (unless the noun says more: "held **anti-coup protests**"
        codes the noun's 1414). (Other acts keep their objects' events: "documented
        the torture of detainees", "held joint exercises".)"""
        if depth > 1 or not self.known.ontology.properties(entry.code).crowd_source:
            return False
        own = self.match_at(doc, filler, cache, depth + 1)
        if own is None:
            return False
        same = own.entry.code[:2] == entry.code[:2] and len(own.entry.code) <= len(entry.code)
        return same or self.known.ontology.properties(own.entry.code).violence

    def _about_another_act(self, entry: Entry) -> bool:
        known = self.known.ontology.properties(entry.code)
        return known.framing or known.undoing

    def _nested(self, doc: Doc, fillers: list[int], depth: int, cache: ParseCache,
                consumed: set[int]) -> list[tuple[Token, Entry]]:
        """The events a framing act is about; their words are consumed (not coded on their own)."""
        nested = []
        if depth < 2:
            for index in fillers:
                filler = doc[index]
                inner = self._nested_match(filler, depth, cache)
                if inner:
                    nested.append((inner.trigger, _deepest(inner)))
                # what an appeal or threat is about is not coded on its own
                consumed |= {t.i for t in filler.subtree}
        return nested

    def _nested_match(self, filler: Token, depth: int, cache: ParseCache) -> Match | None:
        """What a framing act is about: the nested event, or its purpose when that says more
        ("work with India **to de-escalate**", "work towards **reducing** tensions")."""
        if filler.pos_ in VERB_POS:
            for clause in clauses.purpose(filler):
                found = self.match(clause, cache, depth + 1)
                if found:
                    return found
        options = [filler]
        if filler.pos_ in VERB_POS:
            options += [g for c in filler.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pcomp"]
        best: Match | None = None
        for option in options:
            found = self.match(option, cache, depth + 1)
            if found and (best is None or found.entry.specificity > best.entry.specificity):
                best = found
        return best

    # -- slot filling ------------------------------------------------------------------------------

    def _slot_forms(self, a: ParseArrays, i: int, slot: str, fillers: list[int], cache: ParseCache) -> set[str]:
        """The word forms of all the fillers of a slot of trigger ``i`` (never empty: a word has
        its lemma at least), kept for the report; each filler's own forms are then in
        ``cache.forms``."""
        each = [self._forms(a, f, cache) for f in fillers]
        found = cache.slot_forms[i, slot] = each[0] if len(each) == 1 else set().union(*each)
        return found

    @staticmethod
    def _forms(a: ParseArrays, i: int, cache: ParseCache) -> set[str]:
        """Token ``i``'s word forms, worked out once per report (never empty: the lemma at least)."""
        forms = cache.forms.get(i)
        if forms is None:
            forms = cache.forms[i] = word_forms(a, i)
        return forms

    @staticmethod
    def _objects(a: ParseArrays, i: int, cache: ParseCache) -> list[int]:
        """The trigger's objects, worked out once per report: every prepositional slot asks for them."""
        found = cache.objects.get(i)
        if found is None:
            found = cache.objects[i] = clauses._objects(a, i)
        return found

    def _fill(self, slot: str, a: ParseArrays, i: int, cache: ParseCache) -> list[int]:
        if slot == "obj":
            return list(self._objects(a, i, cache))
        if slot == "subj":
            found = clauses._subjects(a, i)
            if not found and a.dep[i] == "conj" and a.pos[a.head[i]] in ("VERB", "AUX"):
                # "Maoists stormed the village **and took away** a teacher": a conjoined verb's subject
                found = clauses._subjects(a, a.head[i])
            return found
        if slot == "mod":
            return clauses.modifiers(a, i)
        found = clauses._prep_objects(a, i, slot)
        for obj in self._objects(a, i, cache):
            found.extend(clauses._prep_objects(a, obj, slot))
        if not found and a.pos[i] in NOUN_POS:
            verb = clauses.governing_verb_at(a, i)
            if verb is not None and clauses.support_verb_at(a, verb, self.known.cues, mutual=True) and clauses.complement_at(a, i, verb):
                found = clauses._prep_objects(a, verb, slot)  # "launched an inquiry **into** the poisoning"
        if slot == "to":
            found = clauses.infinitive(a, i) + found
        if slot == "from" and not found:
            dep, lower, kids = a.dep, a.lower, a.children
            found = [g for c in kids[i] if dep[c] == "prep" and lower[c] == "from" for g in kids[c]]
        ent_type = a.ent_type
        return [t for t in found if ent_type[t] not in TIME_ENTITIES]  # "on March 3" is no march


def _has_particle(a: ParseArrays, i: int, particle: str) -> bool:
    """Whether the trigger has the entry's particle ("carry **out**", "call **for**")."""
    dep, lemmas = a.dep, a.lemma_lower
    return any(lemmas[c] == particle and dep[c] in ("prt", "advmod", "prep") for c in a.children[i])


#: Slots whose listed words give a protest its form ("go on:strike", "call obj:strike").
SENSE_SLOTS = frozenset({"obj", "on"})

#: Entity labels of words that say when, never what: a slot is not filled by them.
TIME_ENTITIES = frozenset({"DATE", "TIME"})


def concrete_over_umbrella(matches: list[Match], known: Knowledge) -> list[Match]:
    """"Pakistan retaliated by closing its airspace", "Islamabad responded, shutting the
    crossing": a vague verb (cues.tsv: umbrella-verb) whose clause names the concrete act is not
    coded itself; "heavy shelling killed civilians": the shelling is the event, the killing its
    toll; "civilians were killed by heavy shelling": the shelling says how, so the killing takes
    the shelling's code and the shelling is not coded twice."""
    by_token = {m.trigger.i: m for m in matches}
    keep: list[Match] = []
    dropped: set[int] = set()
    for found in matches:
        if _names_a_concrete_act(found, by_token, known) or _toll_of(found, by_token, known):
            continue
        dropped |= _take_the_means(found, by_token, known)
        keep.append(found)
    return [m for m in keep if m.trigger.i not in dropped]


def _names_a_concrete_act(found: Match, by_token: dict[int, Match], known: Knowledge) -> bool:
    """An umbrella verb whose clause holds another match: "retaliated by closing its airspace"."""
    trigger = found.trigger
    if trigger.lemma_.lower() not in known.cues["umbrella-verb"]:
        return False
    return any(t.i in by_token and t.i != trigger.i and t.dep_ in ("pcomp", "advcl", "conj", "xcomp", "pobj")
               for t in trigger.subtree)


def _toll_of(found: Match, by_token: dict[int, Match], known: Knowledge) -> bool:
    """Violence whose subject is itself a violent event: "heavy shelling killed civilians"."""
    trigger = found.trigger
    violence = known.ontology.properties
    if trigger.pos_ not in VERB_POS or not violence(found.entry.code).violence:
        return False
    if trigger.lemma_.lower() not in known.cues["occurrence-verb"]:
        return False
    return any(c.dep_ == "nsubj" and c.i in by_token and violence(by_token[c.i].entry.code).violence
               for c in trigger.children)


def _take_the_means(found: Match, by_token: dict[int, Match], known: Knowledge) -> set[int]:
    """A passive act of violence whose agent is a violent event takes the agent's code: "killed by
    heavy shelling". Returns the agents' tokens, whose own matches are then dropped."""
    trigger = found.trigger
    if trigger.pos_ not in VERB_POS or not clauses.is_passive(trigger):
        return set()
    violence = known.ontology.properties
    agents = [g for c in trigger.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
              for g in c.children if g.dep_ == "pobj" and g.i in by_token]
    dropped = set()
    for agent in agents:
        how = by_token[agent.i].entry
        if violence(how.code).violence and violence(found.entry.code).violence:
            found.entry = replace(found.entry, code=how.code)
            dropped.add(agent.i)
    return dropped


def _deepest(found: Match) -> Entry:
    """A nested event's own code, preferring its purpose clause ("work with India **to de-escalate**")."""
    return found.nested[-1][1] if found.nested else found.entry


def _inflections(lemma: str) -> list[str]:
    """Regular forms of a trigger, for the pre-filter ("stage" -> "staged", "stages")."""
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = [lemma + "s", lemma + "es", lemma + "d", lemma + "ed", stem + "ed", stem + "ing", lemma + "ing"]
    if lemma.endswith("y"):
        forms += [lemma[:-1] + "ied", lemma[:-1] + "ies"]
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]  # "ban" -> "banned"
    return forms
