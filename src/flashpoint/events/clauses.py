"""Clause finding on the dependency parse: who is the subject, what are the objects, which words
fill a pattern's slots, which clause is the main one (which phrase only sets the background:
:mod:`flashpoint.events.background`).

These functions read spaCy tokens and cue words only; they know nothing about the lexicon or
actors, so the same clause logic serves every lexicon entry and every stage of the event coder.
The ones the coder calls for every candidate trigger (passives, objects, prepositional objects,
conjuncts) take a Token but walk the Doc's arrays (:mod:`flashpoint.language.arrays`)
by index, making Token objects only for what they return.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flashpoint.cues import Cues, cues
from flashpoint.language.arrays import ParseArrays, arrays, verb_tagged_noun

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "dep"})
# Dependencies through which a clause without its own subject borrows one from above.
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "pobj", "acl", "dobj", "appos", "npadvmod", "mark",
                          "acomp"})


PASSIVE_DEPS = ("auxpass", "nsubjpass")


def _tokens(doc: Doc, indices: list[int]) -> list[Token]:
    return [doc[i] for i in indices]


def is_passive(verb: Token) -> bool:
    return _passive(arrays(verb.doc), verb.i)


def _passive(a: ParseArrays, i: int) -> bool:
    dep = a.dep
    return any(dep[c] in PASSIVE_DEPS for c in a.children[i])


def subjects(verb: Token) -> list[Token]:
    """The explicit subject of a clause: nsubj, or the agent of a passive ("by India"), also of a
    passive participle ("talks **mediated by the United States**")."""
    return _tokens(verb.doc, _subjects(arrays(verb.doc), verb.i))


def _subjects(a: ParseArrays, i: int) -> list[int]:
    dep, kids, tag = a.dep, a.children, a.tag
    found = [c for c in kids[i] if dep[c] in SUBJECT_DEPS]
    if not found and tag[i] == "VBD":
        # "Turkey shipped aid": the small model may read a name before the verb as an adverb
        found = [c for c in kids[i] if c < i and dep[c] == "npadvmod" and a.pos[c] == "PROPN"
                 and a.ent_type[c] not in ("DATE", "TIME")]
    if not found and tag[i].startswith("VB") and any(dep[c] == "prep" and a.lower[c] == "according" for c in kids[i]):
        found = _appended_to_the_source(a, i)
    if not found and dep[i] == "acl" and a.pos[a.head[i]] in NOUN_POS and (
            tag[i] == "VBD" or tag[i] == "VBN" and dep[a.head[i]] == "ROOT" and not _has_agent(a, i)):
        # "British officials liaised with ...": the small model hangs a finite verb on its subject;
        # "ECOWAS pressed for a transition": when the noun is the root, the sentence has no other verb
        return [a.head[i]]
    if _passive(a, i) or (not found and dep[i] == "acl" and tag[i] == "VBN"):
        # a passive participle's doer is its agent; "reports that Santos **has asked**" keeps its subject
        lower = a.lower
        found = [pobj for c in kids[i] if dep[c] == "agent" or (dep[c] == "prep" and lower[c] == "by")
                 for pobj in kids[c] if dep[pobj] == "pobj"]
        if not found:
            # "was shot at and injured by militants": the agent of the last passive conjunct is all of theirs
            found = [pobj for v in kids[i] if dep[v] == "conj" and tag[v] == "VBN" for c in kids[v]
                     if dep[c] == "agent" for pobj in kids[c] if dep[pobj] == "pobj"]
    return [_antecedent(a, t, i) for t in found]


def _appended_to_the_source(a: ParseArrays, i: int) -> list[int]:
    """"According to the SHO of Kechi Baig, Ashiq Khattak, **unidentified assailants** riding a
    motorbike opened fire": the small model reads the subject as one more apposition of the source
    and leaves the verb none. The outermost apposition inside the "according to" phrase that ends
    right before the verb, after a comma, is its subject ("..., the minister, a loyal Chavista,
    offered": the minister)."""
    if i == 0:
        return []
    doc = a.doc
    found: list[int] = []
    for noun in (doc[i - 1], *doc[i - 1].ancestors):
        if noun.i >= i or noun.dep_ == "prep" and noun.lower_ == "according":
            return found[-1:] if noun.i < i else []
        if noun.dep_ == "appos" and noun.right_edge.i == i - 1 and noun.left_edge.i > 0 \
                and doc[noun.left_edge.i - 1].text == "," and noun.pos_ in NOUN_POS:
            found.append(noun.i)
    return []


def _has_agent(a: ParseArrays, i: int) -> bool:
    return any(a.dep[c] == "agent" or a.dep[c] == "prep" and a.lower[c] == "by" for c in a.children[i])


def _antecedent(a: ParseArrays, word: int, verb: int) -> int:
    """"militants **who** attacked the post": a relative pronoun stands for the noun its clause
    describes."""
    if a.dep[verb] == "relcl" and a.tag[word] in ("WP", "WDT") and a.pos[a.head[verb]] in NOUN_POS | {"PRON"}:
        return a.head[verb]
    return word


def inherited_subject(token: Token, limit: int = 8) -> tuple[list[Token], str]:
    """The subject a clause borrows from the clause it hangs on.

    "India has implemented measures, including downgrading ties" -> India for "downgrading";
    "Rubio spoke to Sharif, urging Pakistan ..." -> Rubio for "urging"; a conjoined verb shares its
    first conjunct's subject. Stops at reported speech (ccomp) and relative clauses, which have
    their own subjects.
    """
    current = token
    for _ in range(limit):
        if current.dep_ not in INHERIT_DEPS or current.head is current:
            return [], ""
        if current.dep_ == "xcomp" and any(c.dep_ in OBJECT_DEPS for c in current.head.children):
            # object control: "urged Pakistan to cooperate" -> Pakistan is the one to cooperate
            objects = [c for c in current.head.children if c.dep_ in OBJECT_DEPS]
            return objects, "object of the governing verb"
        if current.dep_ == "pcomp" and current.head.lower_ in ("of", "for") and current.head.head.pos_ in VERB_POS:
            # "accused Azerbaijan of kidnapping", "commended Bangladesh for hosting"
            objects = [c for c in current.head.head.children if c.dep_ in OBJECT_DEPS]
            if objects:
                return objects, "object of the governing verb"
        if _reporter_s_second_act(current):
            current = current.head  # the copula of the reported clause: its subject is not the doer
        raised = current.dep_ == "xcomp"
        current = current.head
        if current.pos_ in VERB_POS:
            found = subjects(current)
            if found:
                return found, f"subject of '{current.text}'"
            if is_passive(current):
                if raised and current.lemma_.lower() in cues()["raising-verb"]:
                    # "two officers are believed to have shot three men": the officers shot
                    return [c for c in current.children if c.dep_ == "nsubjpass"], f"subject of '{current.text}'"
                return [], ""
    return [], ""


def _reporter_s_second_act(conj: Token) -> bool:
    """"The judge found [that his actions were scandalous] and **ordered** the sheriff to ...": the
    small model hangs the second past-tense verb on the reported clause's copula; with no
    auxiliary of its own ("and would continue" stays in the reported clause), it is the act of
    whoever reported, in the same past tense."""
    copula = conj.head
    return (conj.dep_ == "conj" and conj.tag_ == "VBD" and copula.lemma_ == "be" and copula.dep_ == "ccomp"
            and copula.head.tag_ == "VBD" and not any(c.dep_ in ("aux", "auxpass") for c in conj.children))


def phrases_of(verb: Token) -> list[Token]:
    """The prepositions (and passive agents) of a verb and of its direct objects, where the parser
    may hang the verb's own phrase ("sustained injuries **in a roadside blast**")."""
    heads = [verb, *(o for o in verb.children if o.dep_ == "dobj")]
    return [c for head in heads for c in head.children if c.dep_ in ("prep", "agent")]


def objects(verb: Token) -> list[Token]:
    """Direct objects; the subject of a passive is its object ("the border was closed")."""
    return _tokens(verb.doc, _objects(arrays(verb.doc), verb.i))


def _objects(a: ParseArrays, i: int) -> list[int]:
    dep, pos, kids = a.dep, a.pos, a.children
    found = [c for c in kids[i] if dep[c] in OBJECT_DEPS or dep[c] == "dative"]
    if _passive(a, i):
        found += [_antecedent(a, c, i) for c in kids[i] if dep[c] == "nsubjpass"]
    if not found:
        # "called a general strike": the small model reads the object as a predicate (oprd)
        found = [c for c in kids[i] if dep[c] == "oprd" and pos[c] in NOUN_POS]
    if not found and pos[i] in VERB_POS:
        # "implored the leaders to work": the parser makes "leaders" the subject of "work"
        found = [c for clause in kids[i] if dep[clause] in ("ccomp", "xcomp") and _to(a, clause)
                 for c in kids[clause] if dep[c] == "nsubj"] or _approximate_quantity(a, i)
    if not found and pos[i] in NOUN_POS:
        lower = a.lower
        found = [g for c in kids[i] if dep[c] == "prep" and lower[c] == "of" for g in kids[c] if dep[g] == "pobj"]
        found += [c for c in kids[i] if dep[c] == "compound" and pos[c] == "NOUN"]
    return _with_conjuncts(a, found) if found else found


# Words whose "of" object is what they count: "some of its troops", "the bulk of the forces".
PARTITIVE_HEADS = cues()["partitive"] | cues()["portion-noun"] | cues()["share-word"]
# Quantities whose "of" object is the goods: "seized 1.4 tons of cocaine" (matched by lemma).
MEASURES = cues()["measure-noun"]
# Words before a quantity that the parser may read as prepositions ("over 20,000 tablets").
APPROXIMATORS = cues()["approximator"]


def _approximate_quantity(a: ParseArrays, i: int) -> list[int]:
    """"Seized **over a ton** of cocaine", "arrested **around 20** suspects": the small model reads
    the approximating word as a preposition, so the quantity it governs is the object."""
    dep, kids, pos = a.dep, a.children, a.pos
    return [g for c in kids[i] if dep[c] == "prep" and a.lower[c] in APPROXIMATORS for g in kids[c]
            if dep[g] == "pobj" and (pos[g] == "NUM" or a.lemma_lower[g] in MEASURES
                                     or any(dep[n] == "nummod" for n in kids[g]))]


def _with_conjuncts(a: ParseArrays, indices: list[int]) -> list[int]:
    """The tokens with their conjuncts, and what a partitive counts ("some **of its troops**")."""
    dep, lower, kids = a.dep, a.lower, a.children
    out: list[int] = []
    for i in indices:
        out.append(i)
        out.extend(c for c in _conjuncts(a, i) if c > i)
        if lower[i] in PARTITIVE_HEADS or a.pos[i] == "NUM" or a.lemma_lower[i] in MEASURES:
            # "$12,000 in fake bills": a sum's "in" phrase is the goods too ("20 in Kabul" is no sum)
            joins = ("of", "in") if any(a.tag[c] == "$" for c in kids[i]) else ("of",)
            out.extend(g for c in kids[i] if dep[c] == "prep" and lower[c] in joins
                       for g in kids[c] if dep[g] == "pobj")
    return out


def _conjuncts(a: ParseArrays, i: int) -> list[int]:
    """``Token.conjuncts`` by index: up to the first conjunct, then its conjoined right children,
    breadth first."""
    dep, head, kids = a.dep, a.head, a.children
    start = i
    while start != head[start] and dep[start] == "conj":
        start = head[start]
    output = [start]
    queue = [start]
    for word in queue:
        for child in kids[word]:
            if child > word and dep[child] == "conj":
                output.append(child)
                queue.append(child)
    return [w for w in output if w != i]


def prep_objects(head: Token, prep: str) -> list[Token]:
    """Objects of a preposition attached to ``head`` ("ties with Pakistan", "airspace to India"),
    or to a participle modifying it ("visas **issued to** Pakistani nationals"); a clause the
    preposition introduces is its object too ("called **for** the government to reverse the
    decision": the parser reads "for" as the marker of an adverbial clause)."""
    return _tokens(head.doc, _prep_objects(arrays(head.doc), head.i, prep))


def _prep_objects(a: ParseArrays, head: int, prep: str) -> list[int]:
    dep, lower, kids = a.dep, a.lower, a.children
    found: list[int] = []
    for child in kids[head]:
        # "called on Traditional Leaders to ...": the small model sometimes reads the preposition as
        # the verb's particle and still hangs the object on it; a particle with an object is a preposition
        if dep[child] in ("prep", "agent", "dative", "prt") and lower[child] == prep:
            found.extend(g for g in kids[child] if dep[g] in ("pobj", "pcomp"))
            found.extend(_object_read_as_subject(a, head, child))
        elif dep[child] == "acl" and a.tag[child] == "VBN" and a.pos[head] in NOUN_POS:
            found.extend(_prep_objects(a, child, prep))
        elif dep[child] == "advcl" and prep == "for" and any(dep[m] == "mark" and lower[m] == "for" for m in kids[child]):
            found.append(child)
    return _with_conjuncts(a, found) if found else found


def _object_read_as_subject(a: ParseArrays, head: int, prep: int) -> list[int]:
    """"called on [finance minister Trevor Manuel to intervene]": the small model sometimes leaves
    the preposition bare and reads its object as the subject of the infinitive that follows; the
    subject standing right after the preposition is its object."""
    dep, kids = a.dep, a.children
    if any(dep[g] in ("pobj", "pcomp") for g in kids[prep]):
        return []
    return [s for c in kids[head] if dep[c] in ("ccomp", "xcomp") and _to(a, c) for s in kids[c]
            if dep[s] == "nsubj" and _left_edge(a, s) == prep + 1]


def _left_edge(a: ParseArrays, i: int) -> int:
    """The first word of token ``i``'s subtree."""
    edge, queue = i, [i]
    while queue:
        for child in a.children[queue.pop()]:
            edge = min(edge, child)
            queue.append(child)
    return edge


def purpose(verb: Token) -> list[Token]:
    """A purpose clause: "work with India **to de-escalate**" (an infinitive adverbial)."""
    a = arrays(verb.doc)
    dep, pos = a.dep, a.pos
    return _tokens(verb.doc, [c for c in a.children[verb.i] if dep[c] in ("advcl", "xcomp") and pos[c] in VERB_POS
                              and _to(a, c)])


def infinitive(a: ParseArrays, i: int) -> list[int]:
    """A to-infinitive or gerund complement of token ``i``: "urged X to cooperate", "denied sending
    troops", "pushed Riyadh to cooperate" (parsed as an adverbial clause), "expressed willingness
    to negotiate" (an infinitive on the object)."""
    dep, pos, kids = a.dep, a.pos, a.children
    found = [c for c in kids[i] if dep[c] in ("xcomp", "ccomp") and (pos[c] in VERB_POS or verb_tagged_noun(a, c))]
    found += [c for c in kids[i] if dep[c] == "advcl" and pos[c] in VERB_POS and _to(a, c)]
    for obj in (c for c in kids[i] if dep[c] in OBJECT_DEPS):
        found += [c for c in kids[obj] if dep[c] == "acl" and pos[c] in VERB_POS and _to(a, c)]
    # "demanding for weeks that the minister resign": the small model hangs the that-clause on the
    # adverbial's noun as a relative clause, but a relative clause has no "that" as subordinator
    found += [c for p in kids[i] if dep[p] == "prep" for o in kids[p] if dep[o] == "pobj" for c in kids[o]
              if dep[c] == "relcl" and any(dep[m] == "mark" and a.lower[m] == "that" for m in kids[c])]
    return _with_conjuncts(a, found)


def _to(a: ParseArrays, i: int) -> bool:
    """Whether the verb has a "to" auxiliary (an infinitive)."""
    dep, lower = a.dep, a.lower
    return any(lower[c] == "to" for c in a.children[i] if dep[c] == "aux")


def modifiers(a: ParseArrays, i: int) -> list[int]:
    """Modifiers of token ``i``, including a verb's resulting state ("shot **dead**", "set the
    houses **ablaze**": an adjective after the object is the state the act leaves it in; "set
    **alight** a municipal office", which the parser reads as an indirect object)."""
    dep, kids = a.dep, a.children
    verb = a.pos[i] in VERB_POS
    out: list[int] = []
    for child in kids[i]:
        if dep[child] in MODIFIER_DEPS or (verb and (dep[child] in ("acomp", "oprd", "dative") or (
                dep[child] in ("ccomp", "xcomp") and a.pos[child] == "ADJ"))):
            out.append(child)
            out.extend(g for g in kids[child] if dep[g] in ("amod", "compound", "npadvmod", "advmod"))
        elif verb and dep[child] == "dobj":
            # a resultative the parser hangs on the object: "set fifty houses **ablaze**", "set
            # **ablaze** vehicles" (only entries that list such an adjective read it)
            out.extend(g for g in kids[child] if dep[g] == "amod")
    return out


def governing_verb(token: Token, limit: int = 4) -> Token | None:
    """The nearest verb above a noun event ("engaging in firing" -> engaging)."""
    found = governing_verb_at(arrays(token.doc), token.i, limit)
    return None if found is None else token.doc[found]


def governing_verb_at(a: ParseArrays, i: int, limit: int = 4) -> int | None:
    """:func:`governing_verb` by index (a noun root goes round to no verb, as Tokens did)."""
    head, pos = a.head, a.pos
    current = i
    for _ in range(limit):
        current = head[current]
        if pos[current] in VERB_POS:
            return current
    return None


def clause_tokens(trigger: Token) -> list[Token]:
    """The trigger's own clause (for modality and dates): its subtree, without relative clauses."""
    return [t for t in trigger.subtree if not _inside(t, trigger, ("relcl",))]


def _inside(token: Token, top: Token, deps: tuple[str, ...]) -> bool:
    current = token
    while current is not top and current.head is not current:
        if current.dep_ in deps:
            return True
        current = current.head
    return False


def complement_of(noun: Token, verb: Token) -> bool:
    """Is the noun what the support verb does: "launched **strikes**", "engaged in **firing**", "the
    **talks** were held" (not "offered assistance to India in the **investigation**")?"""
    return complement_at(arrays(noun.doc), noun.i, verb.i)


def complement_at(a: ParseArrays, noun: int, verb: int) -> bool:
    dep, head, kids = a.dep, a.head, a.children
    if dep[noun] in ("dobj", "nsubjpass") and head[noun] == verb:
        return True
    if dep[noun] == "pobj" and head[head[noun]] == verb:
        return not any(dep[c] in ("dobj", "obj") for c in kids[verb]) or any(
            dep[c] == "dobj" and a.lower[c] == "part" for c in kids[verb])  # "took part in talks"
    return False


def support_verb(verb: Token, cues: Cues, mutual: bool = False) -> bool:
    """A light verb whose object is the event ("launched strikes", "carried out an attack")."""
    return support_verb_at(arrays(verb.doc), verb.i, cues, mutual)


def support_verb_at(a: ParseArrays, verb: int, cues: Cues, mutual: bool = False) -> bool:
    """Whether token ``verb`` is a light verb; with ``mutual``, also one that is light only for a
    mutual act ("had an encounter with")."""
    lemma = a.lemma_lower[verb]
    if lemma in cues["support-verb"] or lemma in cues["event-support-verb"] or mutual and lemma in cues["mutual-support-verb"]:
        return True
    particles = [a.lemma_lower[c] for c in a.children[verb] if a.dep[c] == "prt"]
    return any(f"{lemma}+{p}" in cues["support-verb"] or f"{lemma}+{p}" in cues["event-support-verb"]
               for p in particles)


def main_clause(trigger: Token, cues: Cues) -> bool:
    """An unconditional main clause (or its conjoined verb): no "if", no governing verb."""
    verb = trigger
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    if verb.dep_ != "ROOT":
        return False
    conditions = cues["condition"]
    return not any(c.dep_ in ("advcl",) and any(m.lower_ in conditions for m in c.children) for c in verb.children)


def main_predicate(sent: Span, cues: Cues) -> Token | None:
    """The verb a sentence is about: its root, or what a reporting root reports ("X said Y did Z")."""
    root = sent.root
    if root.pos_ not in VERB_POS:
        return None
    if root.lemma_.lower() in cues["reporting-verb"]:
        reported = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in VERB_POS]
        return reported[0] if reported else None
    if root.lemma_.lower() in cues["stative-verb"] and not any(c.dep_ == "xcomp" for c in root.children):
        return None  # "the United States has close ties with both": a state of affairs, not an act
    return root


def prominence(trigger: Token, sentence_index: int) -> float:
    """News puts its main event first: the lead sentence and the main clause are where a report
    states what happened; later sentences and subordinate clauses add background."""
    score = 0.12 if sentence_index == 0 else 0.05 if sentence_index == 1 else 0.0
    verb = trigger
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    if verb.dep_ == "ROOT":
        score += 0.06
    elif verb.dep_ in ("advcl", "acl") and verb.tag_ in ("VBG", "VBN"):
        score -= 0.03  # "protesters marched, **calling** for ...": the march is the news
    return score


def governs_an_act(copula: Token) -> bool:
    """Whether a copula's complement governs an act: "Italy **is ready to contribute**", "they
    **are** in favour of holding talks" (a verb under its complement), unlike "China is in
    group A" or "he was the target"."""
    for complement in copula.children:
        if complement.dep_ not in ("acomp", "attr"):
            continue
        for child in complement.children:
            if child.dep_ == "xcomp" or child.dep_ == "prep" and any(g.pos_ == "VERB" for g in child.children):
                return True
    return False
