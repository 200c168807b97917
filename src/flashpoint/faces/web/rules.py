"""Why an event was coded, in words: the coder's rule string as a sentence an analyst can read.

The coder records the lexicon entry that matched (``19-fight:117 open obj:fire``: root 19's entry
117, the verb "open" with the object "fire"), or the statistical model's guess
(``model:0 quad=MATERIAL_CONFLICT p=0.87 type=COERCE``), followed by notes in brackets
(``[subject of 'opened']``). :func:`rule_sentence` turns one into "Lexicon entry 117 of 19 Fight:
the verb “open” with the object “fire”.", keeping the notes as they are written.
"""

from __future__ import annotations

import re

_ENTRY = re.compile(r"(?P<root>\d{2})-(?P<family>[a-z-]+):(?P<number>\d+) (?P<pattern>[^\[]*)")
_MODEL = re.compile(r"model:\d+ quad=(?P<quad>[A-Z_]+) p=(?P<p>[\d.]+)(?: type=(?P<type>[A-Z]+))?")
_NOTE = re.compile(r"\[([^\]]*)\]")
_ROLES = {"obj": "the object", "subj": "the subject"}
_SLOTS = {"$E": "an event", "$T": "the target", "*": "any word"}
MAX_WORDS = 6


def rule_sentence(rule: str | None) -> str:
    """``rule`` in words; the rule itself when it has an unknown shape, "" for none."""
    if not rule:
        return ""
    notes = [note.strip() for note in _NOTE.findall(rule) if note.strip()]
    head = _NOTE.sub("", rule).strip()
    model = _MODEL.fullmatch(head)
    entry = _ENTRY.fullmatch(head)
    if model:
        text = _model(model)
    elif entry:
        text = _entry(entry)
    else:
        text = head
    if notes:
        text += " (" + "; ".join(notes) + ")"
    return text + ("" if text.endswith(".") else ".")


def _model(found: re.Match[str]) -> str:
    kind = found["quad"].replace("_", " ").lower()
    text = f"The statistical model, no lexicon entry: {kind} (probability {float(found['p']):.2f})"
    return text + (f", PLOVER type {found['type']}" if found["type"] else "")


def _entry(found: re.Match[str]) -> str:
    family = found["family"].replace("-", " ")
    words = found["pattern"].split()
    if not words:
        return f"Lexicon entry {found['number']} of {found['root']} {family}"
    trigger, parts = words[0], words[1:]
    lemma, _, kind = trigger.partition("/")
    what = f"the noun “{lemma}”" if kind == "n" else f"the verb “{lemma.replace('_', ' ')}”"
    clauses = [_part(part) for part in parts]
    joined = " and ".join(clause for clause in clauses if clause)
    return (f"Lexicon entry {found['number']} of {found['root']} {family.capitalize()}: {what}"
            + (f" with {joined}" if joined else ""))


def _part(part: str) -> str:
    """``obj:fire|gunfire`` -> the object “fire” or “gunfire”; ``by:phone`` -> “by phone”."""
    role, found, words = part.partition(":")
    if not found:
        return f"“{part.replace('_', ' ')}”"
    if role not in _ROLES:  # a preposition: "by phone", "to" an event
        choices = [f"“{role}” {_SLOTS[word]}" if word in _SLOTS else f"“{role} {word.replace('_', ' ')}”"
                   for word in words.split("|") if word]
        return _listed(choices)
    choices = [_SLOTS.get(word, f"“{word.replace('_', ' ')}”") for word in words.split("|") if word]
    return f"{_ROLES[role]} {_listed(choices)}"


def _listed(choices: list[str]) -> str:
    if len(choices) > MAX_WORDS:
        choices = [*choices[:MAX_WORDS], f"{len(choices) - MAX_WORDS} more"]
    return choices[0] if len(choices) == 1 else ", ".join(choices[:-1]) + " or " + choices[-1]
