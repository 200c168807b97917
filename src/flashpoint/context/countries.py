"""The countries a report is about, weighed from its places and its explicitly national actors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flashpoint.actors import knowledge_base
from flashpoint.context.outlets import OUTLET_SECTOR
from flashpoint.cues import cues
from flashpoint.places import DocPlaces
from flashpoint.records import Mention

#: A report's country must hold at least this much evidence (one place name or two national
#: actors are 1) ...
HOME_WEIGHT = 1.0
#: ... and more than this share of all the country evidence the report gives, or this many times
#: the evidence of the next country ("South Sudan" twice against one South African mediator).
HOME_SHARE = 0.5
HOME_LEAD = 2.0
#: When the report names one country and no other, one national actor is enough ("CPM leaders").
SOLE_WEIGHT = 0.5
#: The codes that are states (not IGO, NGO or IMG, the transnational groups' block).
STATES = frozenset(knowledge_base().countries)
#: An actor's evidence counts half a place's: where things happen says more about the report's
#: country than who is named ("the Indian consulate in Jalalabad" is an Afghan story).
ACTOR_WEIGHT = 0.5
#: News agencies of the world's news: their credit names no country of the report.
WIRE_AGENCIES = cues()["wire-agency"]
#: Sectors that act at home: "Kenyan police arrested four robbers" are Kenyan robbers.
DOMESTIC_SECTORS = frozenset({"COP", "JUD"})
#: Sectors of a state's organs, which act abroad as much as at home.
TRAVELLING_SECTORS = frozenset({"GOV", "MIL", "LEG", "SPY"})
#: Mention kinds whose country the report's own words name (not a pronoun, not a resolved reference).
NAMING_KINDS = frozenset({"name", "title", "capital", "group", "org"})
#: How an actor's ``rule`` begins when the phrase's own words gave its country (the first reason
#: the resolver records is the fact it started from; see flashpoint.actors.resolver).
OWN_WORDS = ("country ", "demonym ", "capital ", "seat ", "office holder ", "group ", "institution ", "igo ", "ngo ")


@dataclass(slots=True)
class ReportCountries:
    """Country evidence of one report: in all, per sentence, and the names that gave it."""

    weights: Counter = field(default_factory=Counter)  # ISO3 -> evidence
    by_sentence: dict[int, Counter] = field(default_factory=dict)  # sentence index -> place countries
    actors_by_sentence: dict[int, Counter] = field(default_factory=dict)  # sentence index -> actor countries
    names: dict[str, list[str]] = field(default_factory=dict)  # ISO3 -> the words that named it

    @property
    def home(self) -> str | None:
        """The report's country when one clearly dominates its evidence, else None."""
        return _dominant(self.weights)

    def home_for(self, sentence: int) -> str | None:
        """The report's country as the other sentences and the places give it: a national actor
        of the same sentence is more likely the counterpart of an unowned actor than its state
        ("diplomats of the region urged North Korea")."""
        own = self.actors_by_sentence.get(sentence)
        return _dominant(self.weights - own if own else self.weights)

    def sentence_country(self, sentence: int, sector: str | None = None) -> str | None:
        """The one country a sentence's places lie in, if they agree and the report bears it out:
        a single stray place of another country ("Tail" read as a Thai town) does not outvote a
        report that is clearly about one country. Organs of a state travel: a minister in a
        sentence that names another state as an actor ("Interior Minister Horst Seehofer defended
        Germany's decision to take refugees from camps in Greece") is not placed by it."""
        counts = self.by_sentence.get(sentence)
        if not counts or len(counts) != 1:
            return None
        country = next(iter(counts))
        if sector in TRAVELLING_SECTORS and set(self.actors_by_sentence.get(sentence, ())) - {country}:
            return None
        home = self.home
        if home is None or country == home or self.weights[country] >= 2:
            return country
        return None

    def why(self, country: str) -> str:
        names = self.names.get(country, [])
        shown = ", ".join(f"'{n}'" for n in dict.fromkeys(names).keys() if n)
        return shown[:80] or country

    def add(self, country: str, weight: float, name: str, sentence: int, kind: str = "place") -> None:
        """Count evidence: a ``place``, an ``actor``, or a ``domestic`` actor (police, courts),
        which acts at home and so vouches for the state of the actors of its own sentence too."""
        self.weights[country] += weight
        self.names.setdefault(country, []).append(name)
        per_sentence = {"place": self.by_sentence, "actor": self.actors_by_sentence}.get(kind)
        if per_sentence is not None:
            per_sentence.setdefault(sentence, Counter())[country] += weight


def _dominant(weights: Counter) -> str | None:
    ranked = weights.most_common(2)
    if not ranked:
        return None
    country, weight = ranked[0]
    if len(ranked) == 1:
        return country if weight >= SOLE_WEIGHT else None
    if weight >= HOME_WEIGHT and (weight > HOME_SHARE * sum(weights.values()) or weight >= HOME_LEAD * ranked[1][1]):
        return country
    return None


def report_countries(mentions: list[Mention], places: DocPlaces | None,
                     outlets: list[Mention] | None = None, telltale: tuple[str, str] | None = None) -> ReportCountries:
    """Weigh the report's countries: each resolved place (not the dateline) and each actor whose
    own words name a country counts once; a state named where something happens ("police in
    Cameroon") counts as a place, not as an actor. Actors placed by context count nothing (they would vouch
    for themselves). Only when nothing else names a country do the outlets the report credits
    (:mod:`.outlets`) give theirs, or the country its outlet's own marks name (``telltale``,
    country and why: the clock its timestamp is printed in, "00:00 IST", or words only that
    country's press uses, "IPC sections"), and then the dateline (where the reporter sits is a story's
    country only when the story names no other)."""
    found = ReportCountries()
    actor_tokens = {i for m in mentions if m.actor.country for i in range(*m.tokens)}
    where = set()  # tokens of places the text puts something in: "police in Cameroon"
    for place in places.mentions if places is not None else ():
        entry = place.entry
        country = getattr(entry, "country", None)
        if place.role == "locative":
            where.update(range(*place.tokens))
        elif any(i in actor_tokens for i in range(*place.tokens)):
            continue  # "urged North Korea": a state as an actor is counted as one, below
        if country in STATES and getattr(entry, "kind", "") != "continent":
            found.add(country, 1.0, place.text, place.sentence)
    for mention in mentions:
        actor = mention.actor
        country = actor.country
        if country not in STATES or mention.guessed_state or mention.kind not in NAMING_KINDS:
            continue
        if all(i in where for i in range(*mention.tokens)):
            continue  # counted as the place it is, above
        if actor.sector == OUTLET_SECTOR and (actor.name or "").lower() in WIRE_AGENCIES:
            continue  # "Sapa-AFP", "(Xinhua)": who carried the report, not where it happens
        if not actor.rule.startswith(OWN_WORDS):
            continue
        if actor.sector in DOMESTIC_SECTORS:  # police and courts act where they are: as good as a place
            found.add(country, 1.0, mention.text, mention.sentence_index, "domestic")
        else:
            found.add(country, ACTOR_WEIGHT, mention.text, mention.sentence_index, "actor")
    if not found.weights:  # only then do the outlets the report credits speak for it
        for mention in outlets or ():
            found.add(mention.actor.country, 1.0, mention.text, mention.sentence_index, "outlet")
    if not found.weights and telltale is not None and telltale[0] in STATES:  # "00:00 IST", "IPC sections"
        found.add(telltale[0], 1.0, telltale[1], 0, "outlet")
    dateline = places.dateline if places is not None else None
    if not found.weights and dateline is not None and dateline.country in STATES:
        # and last the dateline: a local report filed where it happens ("Bijapur: members of ...")
        found.add(dateline.country, 1.0, dateline.text or dateline.name, 0, "dateline")
    return found
