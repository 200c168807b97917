"""Clause finding on the dependency parse: who is the subject, what are the objects, which words
fill a pattern's slots.

These functions read spaCy tokens only; they know nothing about the lexicon or actors, so the
same clause logic serves every lexicon entry.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "dep"})
# Dependencies through which a clause without its own subject borrows one from above.
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "pobj", "acl", "dobj", "appos", "npadvmod", "mark",
                          "acomp"})


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def word_forms(token: Token) -> set[str]:
    """Lemma, lower-case form, the whole hyphenated word ("de-escalation", "cross-border") and each
    modifier joined to the lemma with "_" ("chemical_weapon", "humanitarian_aid"), so patterns can
    ask for a kind of object."""
    lemma = token.lemma_.lower()
    forms = {lemma, token.lower_, *regular_lemmas(token.lower_)}  # "bases" -> "base" (the model says "basis")
    hyphenated = hyphen_word(token)
    if hyphenated:
        forms.add(hyphenated)
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i < token.i:
            forms.add(f"{child.lemma_.lower()}_{lemma}")
            forms.add(f"{child.lower_}_{lemma}")
            if any(g.dep_ == "cc" for g in child.children):
                # "all firing and military action", parsed with "firing" as a modifier: a
                # coordinated head, so it names the object too
                forms.update({child.lemma_.lower(), child.lower_})
                forms.update(f"{g.lower_}_{lemma}" for g in child.children if g.dep_ == "conj")
            if token.pos_ == "PROPN" and child.dep_ == "compound":
                forms.add(child.lemma_.lower())  # "Operation Sindoor" is an operation
    return forms


def regular_lemmas(word: str) -> list[str]:
    """Candidate lemmas of a regular form: staged -> stage, stag; bases -> base; waging -> wage."""
    out = []
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "e"), ("ing", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)] + repl)
    return out


def hyphen_word(token: Token) -> str | None:
    """The hyphenated word a token is part of, written without spaces, or None."""
    doc = token.doc
    start = end = token.i
    while start >= 2 and doc[start - 1].text in ("-", "\u2010", "\u2011") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_:
        start -= 2
    while end + 2 < len(doc) and doc[end + 1].text in ("-", "\u2010", "\u2011") and not doc[end].whitespace_ \
            and not doc[end + 1].whitespace_:
        end += 2
    if start == end:
        return None
    return "".join(t.text for t in doc[start : end + 1]).lower()


def subjects(verb: Token) -> list[Token]:
    """The explicit subject of a clause: nsubj, or the agent of a passive ("by India"), also of a
    passive participle ("talks **mediated by the United States**")."""
    found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not found and verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.pos_ in NOUN_POS:
        # "British officials liaised with ...": the small model hangs a finite verb on its subject
        return [verb.head]
    if is_passive(verb) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
        found = [pobj for c in verb.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
                 for pobj in c.children if pobj.dep_ == "pobj"]
    return found


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
        current = current.head
        if current.pos_ in VERB_POS:
            found = subjects(current)
            if found:
                return found, f"subject of '{current.text}'"
            if is_passive(current):
                return [], ""
    return [], ""


def objects(verb: Token) -> list[Token]:
    """Direct objects; the subject of a passive is its object ("the border was closed")."""
    found = [c for c in verb.children if c.dep_ in OBJECT_DEPS or c.dep_ == "dative"]
    if is_passive(verb):
        found += [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not found and verb.pos_ in VERB_POS:
        # "implored the leaders to work": the parser makes "leaders" the subject of "work"
        for clause in verb.children:
            if clause.dep_ in ("ccomp", "xcomp") and any(a.lower_ == "to" for a in clause.children if a.dep_ == "aux"):
                found += [c for c in clause.children if c.dep_ == "nsubj"]
    if not found and verb.pos_ in NOUN_POS:
        found = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        found += [c for c in verb.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return with_conjuncts(found)


PARTITIVE_HEADS = frozenset({"some", "many", "most", "all", "part", "several", "thousands", "hundreds", "dozens",
                             "scores", "millions", "tens", "number", "majority", "bulk", "rest", "remainder"})


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    """The tokens with their conjuncts, and what a partitive counts ("some **of its troops**")."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(t for t in token.conjuncts if t.i > token.i)
        if token.lower_ in PARTITIVE_HEADS or token.pos_ == "NUM":
            out.extend(g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj")
    return out


def prep_objects(head: Token, prep: str) -> list[Token]:
    """Objects of a preposition attached to ``head`` ("ties with Pakistan", "airspace to India"),
    or to a participle modifying it ("visas **issued to** Pakistani nationals")."""
    found: list[Token] = []
    for child in head.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == prep:
            found.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
        elif child.dep_ == "acl" and child.tag_ == "VBN" and head.pos_ in NOUN_POS:
            found.extend(prep_objects(child, prep))
    return with_conjuncts(found)


def purpose(verb: Token) -> list[Token]:
    """A purpose clause: "work with India **to de-escalate**" (an infinitive adverbial)."""
    return [c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.pos_ in VERB_POS
            and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")]


def infinitive(head: Token) -> list[Token]:
    """A to-infinitive or gerund complement: "urged X to cooperate", "denied sending troops",
    "pushed Riyadh to cooperate" (parsed as an adverbial clause), "expressed willingness to
    negotiate" (an infinitive on the object)."""
    found = [c for c in head.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in VERB_POS]
    found += [c for c in head.children if c.dep_ == "advcl" and c.pos_ in VERB_POS and _has_to(c)]
    for obj in (c for c in head.children if c.dep_ in OBJECT_DEPS):
        found += [c for c in obj.children if c.dep_ == "acl" and c.pos_ in VERB_POS and _has_to(c)]
    return with_conjuncts(found)


def _has_to(verb: Token) -> bool:
    return any(a.lower_ == "to" for a in verb.children if a.dep_ == "aux")


def modifiers(token: Token) -> Iterator[Token]:
    """Modifiers of a trigger, including a verb's resulting state ("shot **dead**")."""
    for child in token.children:
        if child.dep_ in MODIFIER_DEPS or (token.pos_ in VERB_POS and child.dep_ in ("acomp", "oprd")):
            yield child
            yield from (g for g in child.children if g.dep_ in ("amod", "compound", "npadvmod", "advmod"))


def governing_verb(token: Token, limit: int = 4) -> Token | None:
    """The nearest verb above a noun event ("engaging in firing" -> engaging)."""
    current = token
    for _ in range(limit):
        if current.head is current:
            return None
        current = current.head
        if current.pos_ in VERB_POS:
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
