"""In-document coreference: what a report has said so far, and what later references point to.

Surnames alone take the earlier full name; role phrases without a state ("the minister", "the
army") take the state of the latest fitting actor; pronouns take the latest fitting actor (or, in
an opening phrase, the clause's subject); "both neighbours" / "the two countries" take the last
two states named together; "the group" takes the latest organisation or armed group; "one of
them" counts out of the nearest plural noun. Resolved mentions then lend each other what they
know: an apposition its sector and state, a coordinated head its sector.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Token

from flashpoint.actors.matching import QUOTES, alias_after
from flashpoint.cues import cues
from flashpoint.datafiles import Column, Schema
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.records import ORGANISATION_BLOCKS, PRIVATE_SECTORS, Actor, Mention

REFERENCE_KINDS = frozenset({"person", "thing", "plural", "pair", "group", "counterpart", "speaker"})
REFERENCES = Schema(
    columns=(
        Column("term", pattern=r"[a-z]+"),
        Column("kind", choices=REFERENCE_KINDS),
        Column("sector", required=False),
    ),
    unique=("term",),
)
NON_STATES = ORGANISATION_BLOCKS | {"---"}
#: Words that count out of a group: "one of them", "most of them".
COUNTING_WORDS = cues()["counting-word"]
#: Words that pair two coordinated states ("India and Pakistan"; "or" does not).
CONJUNCTIONS = cues()["conjunction"]
#: Nouns that, singular after "the", mean the state named before ("the nation").
STATE_NOUNS = cues()["state-noun"]
#: Verbs of saying: the subject of one is the speaker of the words it reports.
REPORTING_VERBS = cues()["reporting-verb"]
#: Roles held in a body: "a spokesman for the rebels" is the rebels'.
MEMBER_TITLES = cues()["member-title"]


class CorefState:
    """The actors a report has named so far, in order."""

    def __init__(self) -> None:
        self.history: list[Mention] = []
        self.country_counts: Counter[str] = Counter()
        self.pairs: list[tuple[int, list[str]]] = []  # (token index, two states named together)

    def remember(self, mention: Mention, doc: Doc | None = None) -> None:
        """Add a mention, keeping the history in text order (references arrive after phrases)."""
        if doc is not None and self.history and self.history[-1].tokens[0] < mention.tokens[0]:
            self._note_pair(self.history[-1], mention, doc)
        position = len(self.history)
        while position and self.history[position - 1].tokens[0] > mention.tokens[0]:
            position -= 1
        self.history.insert(position, mention)
        country = mention.actor.country
        if country and country not in NON_STATES:
            self.country_counts[country] += 1

    def _note_pair(self, previous: Mention, mention: Mention, doc: Doc) -> None:
        """Two states coordinated in the text ("India and Pakistan") form the pair "both" refers to."""
        a, b = previous.actor.country, mention.actor.country
        if not a or not b or a == b or a in NON_STATES or b in NON_STATES:
            return
        words = list(arrays(doc).lower[previous.tokens[1] : mention.tokens[0]])
        if len(words) <= 2 and all(w in CONJUNCTIONS for w in words) and any(w != "," for w in words):
            self.pairs.append((mention.tokens[1], [a, b]))

    def pair_before(self, token_i: int) -> list[str]:
        """The latest coordinated pair of states before a token, else the two most mentioned states."""
        earlier = [pair for end, pair in self.pairs if end <= token_i]
        if earlier:
            return earlier[-1]
        return [c for c, _ in self.country_counts.most_common(2)]

    def state_before(self, token_i: int) -> str | None:
        """The state "the country" means: the latest state named as itself before the token (not
        a person's or a body's country), else the report's most mentioned state so far."""
        for mention in reversed(self.history):
            actor = mention.actor
            if mention.tokens[0] < token_i and actor.country and actor.country not in NON_STATES \
                    and not actor.sector and not actor.name and mention.kind not in ("pronoun", "coref"):
                return actor.country
        most = self.country_counts.most_common(1)
        return most[0][0] if most else None

    def mentioned_organisation(self, readings: list) -> object | None:
        """Of several readings of one name ("RSF"), the organisation the report already named."""
        named = {m.actor.code for m in self.history}
        return next((e for e in readings if e.code in named), None)

    def person_named(self, token_text: str, full_text: str) -> Actor | None:
        """The latest person whose name contains this word ("Rubio", "Abiy", "Wang")."""
        for mention in reversed(self.history):
            actor = mention.actor
            if actor.name and actor.name != full_text and token_text in _name_parts(actor.name):
                return actor
        return None

    def latest_with_sector(self, sector: str, sentence: int, window: int = 3) -> Actor | None:
        for mention in reversed(self.history):
            if sentence - mention.sentence_index > window:
                return None
            if mention.actor.sector == sector and mention.actor.country and mention.actor.country not in NON_STATES:
                return mention.actor
        return None

    def latest_state_actor(self, sentence: int, before_token: int) -> Actor | None:
        """The nearest earlier actor with a state, in this sentence or the one before. Private
        people are skipped: "Pakistani shopkeepers" or "Indian tourists" say where those people
        come from, not whose police and courts the story is about."""
        for mention in reversed(self.history):
            if mention.tokens[0] >= before_token:
                continue
            if sentence - mention.sentence_index > 1:
                return None
            country = mention.actor.country
            if country and country not in NON_STATES and mention.actor.sector not in PRIVATE_SECTORS:
                return mention.actor
        return None

    def latest_group(self, sentence: int, before_token: int) -> Actor | None:
        """The latest organisation or armed group, or an official's body ("Stoltenberg" -> NATO)."""
        for mention in reversed(self.history):
            if mention.tokens[0] >= before_token:
                continue
            if sentence - mention.sentence_index > 3:
                return None
            if mention.kind in ("group", "org") or mention.actor.code[:3] in ORGANISATION_BLOCKS:
                return mention.actor
        return None

    def antecedent(self, kind: str, sentence: int, token_i: int, exclude: frozenset[int] = frozenset()) -> Actor | None:
        """The latest actor a pronoun can refer to, in its sentence or the one before. "They" and
        "them" prefer a plural or a group ("M23 rebels ... backing them") over a state. Mentions
        headed by a token in ``exclude`` cannot be meant (the subject of the pronoun's own clause)."""
        candidates = [m for m in reversed(self.history)
                      if m.tokens[0] < token_i and sentence - m.sentence_index <= 1 and m.kind != "pronoun"
                      and m.head not in exclude]
        if kind == "person":
            named = next((m.actor for m in candidates if m.kind in ("name", "coref") and m.actor.name), None)
            # "an advocate said he had not seen it": a person known only by a role
            return named or next((m.actor for m in candidates if _one_person_by_role(m)), None)
        if kind == "thing":
            return next((m.actor for m in candidates if not m.actor.name and not m.plural), None)
        plural = next((m.actor for m in candidates if not m.actor.name and (m.plural or m.kind == "group")), None)
        return plural or next((m.actor for m in candidates if not m.actor.name and m.actor.country), None)


def clause_subjects(pronoun: Token) -> frozenset[int]:
    """The subjects of the clause a pronoun is the object of: "assailants opened fire on **them**"
    cannot mean the assailants (only "themselves" could)."""
    verb = pronoun.head
    if pronoun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif pronoun.dep_ not in ("dobj", "dative", "obj"):
        return frozenset()
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "conj":  # "our forces shot and killed them": the shared subject
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return frozenset(t.i for s in subjects for t in s.subtree)


def cataphora(token: Token, kind: str, by_head: dict[int, Mention]) -> Actor | None:
    """A pronoun in an opening phrase refers forward to the clause's subject:
    "In **his** discussion with Sharif, **Rubio** urged ..."."""
    if kind not in ("person", "thing", "plural"):
        return None
    columns = arrays(token.doc)  # the walk up to the clause, on indices
    dep, head = columns.dep, columns.head
    clause = token.i
    while dep[clause] != "ROOT" and head[clause] != clause:
        if dep[clause] in ("ccomp", "relcl", "advcl", "conj"):
            return None
        clause = head[clause]
    subjects = [c for c in columns.children[clause] if dep[c] in ("nsubj", "nsubjpass") and c > token.i]
    if not subjects:
        return None
    mention = by_head.get(subjects[0])
    if mention is None:
        return None
    if kind == "person" and not (mention.actor.name or mention.kind in ("name", "coref")):
        return None
    return mention.actor


def speaker_of(token: Token, by_head: dict[int, Mention]) -> Actor | None:
    """"**We** reject this abominable crime," the Honduran government said: a first-person
    pronoun in the words a verb of saying reports is its subject, the speaker."""
    below = token
    for verb in token.ancestors:
        if verb.lemma_.lower() in REPORTING_VERBS and below.dep_ in ("ccomp", "parataxis", "xcomp"):
            speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            mention = by_head.get(speaker.i) if speaker is not None else None
            return mention.actor if mention is not None else None
        below = verb
    return None


@lru_cache(maxsize=4096)
def _name_parts(name: str) -> frozenset[str]:
    """The words of a person's name a later mention may use alone ("Rubio", "Burhan" of
    "al-Burhan"). Cached: each word of a name found in a report asks it of every person the
    report named before."""
    parts = set()
    for part in name.replace(".", " ").split():
        parts.add(part)
        for prefix in ("al-", "el-", "Al-", "El-"):
            if part.startswith(prefix):
                parts.add(part[len(prefix):])
    return frozenset(p for p in parts if len(p) >= 3)


def partitive_referent(pronoun: Token) -> Token | None:
    """The plural noun a partitive pronoun counts out of: "among them" or "one of them" refer to
    the nearest plural noun before them in their sentence, not to an actor of the last sentence."""
    columns = arrays(pronoun.doc)
    if columns.lower[pronoun.i] != "them" or columns.dep[pronoun.i] != "pobj":
        return None  # most pronouns: no Token made for the head
    preposition = pronoun.head
    if preposition.lower_ not in ("among", "of"):
        return None
    if preposition.lower_ == "of" and not (preposition.head.pos_ == "NUM" or preposition.head.lower_ in COUNTING_WORDS):
        return None
    start = pronoun.sent.start
    for index in range(preposition.i - 1, start - 1, -1):
        candidate = pronoun.doc[index]
        if candidate.tag_ in ("NNS", "NNPS") and candidate.i != preposition.head.i:
            return candidate
    return None


def lend_between_mentions(doc: Doc, mentions: list[Mention]) -> None:
    """What resolved mentions lend each other, in order: a body its roles, an apposition its
    sector and state, a named person what their first mention learned, a coordinated head its
    sector."""
    speak_for_their_body(doc, mentions)
    lend_through_appositions(doc, mentions)
    follow_aliases(doc, mentions)
    follow_named_antecedents(mentions)
    share_coordinated_heads(doc, mentions)


def lend_through_appositions(doc: Doc, mentions: list[Mention]) -> None:
    """"Maria Alvarez, a human rights lawyer": the apposition lends its sector and state to the name."""
    by_head = {m.head: m for m in mentions}
    by_start = {m.tokens[0]: m for m in mentions}
    for mention in mentions:
        actor = mention.actor
        if mention.kind != "name" or (actor.country and actor.sector) or actor.code[:3] in ORGANISATION_BLOCKS:
            continue
        columns = arrays(doc)
        apposed = [by_head.get(c) for c in columns.children[mention.head] if columns.dep[c] == "appos"]
        for other in [*apposed, _apposed_by_position(columns, mention, by_start)]:
            if other is None:
                continue
            country = actor.country or other.actor.country
            sector = actor.sector or other.actor.sector
            actor.country, actor.sector = country, sector
            actor.code = f"{country or '---'}{sector or ''}"
            actor.rule += f"; apposition '{other.text}'"
            break


def _apposed_by_position(columns: ParseArrays, mention: Mention, by_start: dict[int, Mention]) -> Mention | None:
    """"captured Alicia Vargas, **a Colombian national** wanted for drug trafficking": the small
    model may read the description as the subject of a clause ("a national wanted ..."), not as
    an apposition; a role or nationality of a state right after the name's comma, with "a" or
    "an", describes the name all the same."""
    n, text = columns.n, columns.text
    i = mention.tokens[1]
    while i < n and text[i] in QUOTES:
        i += 1
    if i >= n or text[i] != ",":
        return None
    i += 1
    while i < n and text[i] in QUOTES:  # 'alias "La Mona," a Colombian national'
        i += 1
    if i + 1 >= n or columns.lower[i] not in ("a", "an"):
        return None
    other = by_start.get(i + 1) or by_start.get(i)
    return other if other is not None and other.kind in ("title", "name") and other.actor.country else None


def follow_aliases(doc: Doc, mentions: list[Mention]) -> None:
    """"Jose Maria Guizar Valencia, alias "Z43," the alleged leader of a Zetas faction": the name
    and its nickname are one person, who is what either was found to be (the apposition hangs on
    the nickname), there and wherever the report uses the nickname again ("accused Z43 of ...")."""
    columns = arrays(doc)
    if "alias" not in columns.lower:
        return
    by_start = {m.tokens[0]: m for m in mentions}
    for mention in mentions:
        if mention.kind not in ("name", "coref"):
            continue
        i = mention.tokens[1]
        bounds = alias_after(columns, i + 1) if i + 1 < columns.n else None
        nickname = by_start.get(bounds[0]) if bounds else None
        if nickname is None:
            continue
        # the name decides when it says anything, and always over a famous person the nickname shares
        # a name with ("alias "Leo"" is no Pope Leo): the nickname decides only by what its phrase says
        said = nickname.kind == "name" and not (mention.actor.country or mention.actor.sector)
        known = nickname if said else mention
        words = columns.span_text(*bounds)
        for other in [mention, nickname, *(m for m in mentions if m.tokens[0] >= bounds[1] and m.text == words)]:
            if other is not known:
                _same_as(other.actor, known.actor, f"alias '{words}' of '{mention.text}'")


def _same_as(actor: Actor, known: Actor, why: str) -> None:
    actor.code, actor.country, actor.sector = known.code, known.country, known.sector
    actor.name = actor.name or known.name
    actor.rule = f"{actor.rule}; {why}".lstrip("; ")


def speak_for_their_body(doc: Doc, mentions: list[Mention]) -> None:
    """"A spokesman for the rebels", "officials of the Maoist party", "the spokesman for the
    Darra Adamkhel chapter of TTP": a role in a body (cues.tsv `member-title`), which alone reads
    as a government's, is the body's that its "of"/"for" phrase names, also when the state in
    context was guessed for it ("Mexican authorities captured the leader of the Zetas")."""
    by_head = {m.head: m for m in mentions}
    columns = arrays(doc)
    for mention in mentions:
        actor, head = mention.actor, mention.head
        if mention.kind != "title" or (actor.country and not mention.guessed_state) or columns.lower[head] not in MEMBER_TITLES:
            continue
        body = _body_named_after(columns, head, by_head)
        if body is not None:  # a body of no known sector keeps a role's own ("cadres of the PLFI")
            actor.country = body.actor.country
            actor.sector = body.actor.sector or (actor.sector if actor.sector != "GOV" else None)
            actor.code = f"{actor.country or body.actor.code[:3]}{actor.sector or ''}"
            actor.rule += f"; role in '{body.text}'"


def _body_named_after(columns: ParseArrays, role: int, by_head: dict[int, Mention]) -> Mention | None:
    """The actor an "of"/"for" phrase after a role (token ``role``) names, looking through one
    more "of" phrase ("the Darra Adamkhel chapter of TTP") or a part the body names ("a Zetas
    faction")."""
    dep, lower, children = columns.dep, columns.lower, columns.children
    for prep in children[role]:
        if dep[prep] != "prep" or lower[prep] not in ("of", "for"):
            continue
        for owner in (g for g in children[prep] if dep[g] == "pobj"):
            found = by_head.get(owner)
            if found is None:
                inner = [g for p in children[owner] if dep[p] == "prep" and lower[p] == "of"
                         for g in children[p] if dep[g] == "pobj"]
                # ... or the body naming a part of it: "the leader of a Zetas faction", "an ULFA cell"
                inner += [c for c in children[owner] if dep[c] == "compound"]
                found = next((by_head[i] for i in inner if i in by_head), None)
            if found is not None and found.kind != "pronoun":
                return found
    return None


def share_coordinated_heads(doc: Doc, mentions: list[Mention]) -> None:
    """"Russian and Ukrainian negotiators": the first demonym shares the second one's sector."""
    for first, second in zip(mentions, mentions[1:]):
        if first.kind != "name" or first.actor.sector or first.actor.name or not second.actor.sector:
            continue
        columns = arrays(doc)
        between = list(columns.lower[first.tokens[1] : second.tokens[0]])
        head = first.head
        if between in (["and"], [","], ["or"]) and (columns.pos[head] == "ADJ" or columns.dep[head] in ("amod", "compound", "nmod")):
            first.actor.sector = second.actor.sector
            first.actor.code = f"{first.actor.country}{second.actor.sector}"
            first.actor.rule += f"; shares the head of '{second.text}'"


def follow_named_antecedents(mentions: list[Mention]) -> None:
    """A surname standing for a person named earlier takes what that person's mention learned
    since (a country and sector lent by an apposition: "Diego Fernandez de Cevallos, a former
    Senator of the PAN ... Cevallos spoke")."""
    latest: dict[str, Mention] = {}
    for mention in mentions:
        actor = mention.actor
        if not actor.name:
            continue
        earlier = latest.get(actor.name)
        if mention.kind == "coref" and earlier is not None and earlier.actor.country and not actor.country:
            actor.code, actor.country, actor.sector = earlier.actor.code, earlier.actor.country, earlier.actor.sector
        if mention.kind == "name":
            latest[actor.name] = mention


def _one_person_by_role(mention: Mention) -> bool:
    """A singular phrase whose head is a person's role ("an advocate", "the minister"), not a body
    ("the government", "police"): the resolver records a role word as "title '...'"."""
    return mention.kind == "title" and not mention.plural and "title '" in mention.actor.rule


def paired(words: list[str]) -> bool:
    """Whether words before a reference make it a pair: "both", or "the two"."""
    return "both" in words or any(a == "the" and b == "two" for a, b in zip(words, words[1:]))


def is_the_state(token: Token) -> bool:
    """"the South American country's drug policy", "the nation": a singular state reference with
    "the" (its pair readings need "both" or "the two"); it means :meth:`CorefState.state_before`."""
    return token.tag_ == "NN" and token.lower_ in STATE_NOUNS and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children)
