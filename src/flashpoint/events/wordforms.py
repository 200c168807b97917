"""Word forms the lexicon's patterns are matched on: a token's lemma, its regular inflections'
lemmas, the whole hyphenated word it is part of, and its modifiers joined to it ("chemical_weapon").

Read from the Doc's arrays (:mod:`flashpoint.language.arrays`) by index, so the matcher can ask
for the forms of every slot filler without making Token objects.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.language.arrays import ParseArrays, arrays

HYPHENS = ("-", "\u2010", "\u2011")


def word_forms(a: ParseArrays, i: int) -> set[str]:
    """Lemma, lower-case form, the whole hyphenated word ("de-escalation", "cross-border") and each
    modifier joined to the lemma with "_" ("chemical_weapon", "humanitarian_aid") of token ``i``,
    so patterns can ask for a kind of object."""
    dep, lemmas, lowers, kids = a.dep, a.lemma_lower, a.lower, a.children
    lemma = lemmas[i]
    forms = {lemma, lowers[i], *regular_lemmas(lowers[i])}  # "bases" -> "base" (the model says "basis")
    hyphenated = _hyphen_word(a, i)
    if hyphenated:
        forms.add(hyphenated)
    for child in kids[i]:
        if dep[child] in ("amod", "compound", "nmod") and child < i:
            forms.add(f"{lemmas[child]}_{lemma}")
            forms.add(f"{lowers[child]}_{lemma}")
            if any(dep[g] == "cc" for g in kids[child]):
                # "all firing and military action", parsed with "firing" as a modifier: a
                # coordinated head, so it names the object too
                forms.update({lemmas[child], lowers[child]})
                forms.update(f"{lowers[g]}_{lemma}" for g in kids[child] if dep[g] == "conj")
            if a.pos[i] == "PROPN" and dep[child] == "compound":
                forms.add(lemmas[child])  # "Operation Sindoor" is an operation
        elif a.tag[child] == "$" and not any(dep[c] == "prep" and lowers[c] == "in" for c in kids[i]):
            forms.add("money")  # "seized $12,000" (but "pledged $3 billion in loans" says what)
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
    return _hyphen_word(arrays(token.doc), token.i)


def _hyphen_word(a: ParseArrays, i: int) -> str | None:
    text, space = a.text, a.space
    start = end = i
    while start >= 2 and text[start - 1] in HYPHENS and not space[start - 1] and not space[start - 2]:
        start -= 2
    while end + 2 < a.n and text[end + 1] in HYPHENS and not space[end] and not space[end + 1]:
        end += 2
    if start == end:
        return None
    return "".join(text[start : end + 1]).lower()
