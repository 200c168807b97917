"""Choosing what an ambiguous place name means, from the story it is told in.

"Kashmir" in an India-Pakistan report is the disputed region, not Cashmere, Washington;
"Hyderabad" is the Indian city unless the story leans to Pakistan (or names Sindh); a dateline
"Washington" is the US capital. Every candidate gets a score:

- a prior: curated rows and countries high, first-level subdivisions next, cities by population
  (log scale) with a bonus for national capitals, names reached only through GeoNames' alternate
  names lower;
- the story: countries the report's actors and places belong to (weighted by how much the story
  is about each), subdivisions it names, a qualifier written next to the name ("Hyderabad,
  Pakistan"), the generic noun after it ("X district", "X border");
- a second pass: closeness (under 300 km) to the other places of the report breaks near-ties;
- a part lies in its whole: "the Sanda area of Lahore" is no Sanda outside Pakistan
  (:func:`outside_its_whole`).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from flashpoint.places.gazetteer import BETWEEN_KINDS, BROAD_KINDS, Entry, Match
from flashpoint.places.mentions import PLACE_NOUNS, PlaceMention
from flashpoint.places.names import fold

NEAR_KM = 300.0
TIE = 1.5


@dataclass(slots=True)
class Story:
    """What the report is about, as far as places are concerned."""

    countries: Counter = field(default_factory=Counter)  # ISO3 -> weight
    admin1: set[str] = field(default_factory=set)  # folded names of subdivisions it names
    country_names: dict[str, str] = field(default_factory=dict)  # folded name -> ISO3

    def share(self, entry: Entry, own: Counter | None = None) -> float:
        """How much of the story is about the entry's countries (0..1).

        ``own`` is what the mention itself contributed (the actor stage also reads "Georgia" as
        a country); it is left out, so a name cannot vouch for its own reading.
        """
        if not self.countries or not entry.countries:
            return 0.0
        if own:
            # what ``self.countries - own`` keeps of the entry's countries (the positive
            # differences), without building that Counter for every candidate
            countries = self.countries
            value = max((d for c in entry.countries if c in countries for d in (countries[c] - own[c],) if d > 0),
                        default=0)
            if not value:
                return 0.0
            return value / max(countries.values())
        top = max(self.countries.values())
        return max(self.countries.get(c, 0) for c in entry.countries) / top


def prior(match: Match) -> float:
    entry = match.entry
    if entry.source == "curated":
        value = 4.0
    elif entry.kind == "country":
        value = 4.5
    elif entry.kind == "admin1":
        value = 2.5
    elif entry.kind == "continent":
        value = 3.0
    else:
        value = min(3.5, math.log10(entry.population + 10) / 2) + (1.0 if entry.capital else 0.0)
    return value - (1.5 if match.alternate else 0.0)


def score(match: Match, mention: PlaceMention | None, story: Story, dateline: bool = False) -> float:
    entry = match.entry
    value = prior(match)
    share = story.share(entry, mention.extra.get("own") if mention is not None else None)
    if share > 0:
        value += 1.5 + 1.5 * share
    if entry.kind == "city" and entry.admin1:
        region = fold(entry.admin1)
        if region in story.admin1 and (mention is None or region != mention.key):
            value += 2.0  # "Hyderabad ... Sindh"; but "Tripoli" does not vouch for itself
    if entry.kind == "city" and mention is not None and mention.extra.get("country_name"):
        value -= 2.0  # a town that shares a country's name ("Jordan", Minnesota) is rarely meant
    if mention is not None:
        value += _hint_bonus(entry, mention.hint)
        if mention.qualifier and _qualifies(entry, mention.qualifier, story):
            value += 6.0
    if dateline and entry.capital:
        value += 3.0
    return value


def _hint_bonus(entry: Entry, hint: str | None) -> float:
    if hint is None:
        return 0.0
    if hint in ("border", "crossing"):
        return 2.0 if entry.kind in BETWEEN_KINDS else 0.0
    if hint == "admin":
        return 1.5 if entry.kind in ("admin1", "region") else 0.0
    if hint == "region":
        return 1.0 if entry.kind not in ("city", "country") else 0.0
    if hint == "city":
        return 1.5 if entry.kind in ("city", "town") else 0.0
    return 0.0


def _qualifies(entry: Entry, qualifier: str, story: Story) -> bool:
    code = story.country_names.get(qualifier)
    if code and code in entry.countries:
        return True
    return bool(entry.admin1) and fold(entry.admin1) == qualifier


def choose(mentions: list[PlaceMention], story: Story) -> None:
    """Set ``entry`` on every mention: best score, then closeness to the others for near-ties."""
    ranked: list[list[tuple[float, Entry]]] = []
    for mention in mentions:
        scored = sorted(
            ((score(m, mention, story), m.entry) for m in mention.matches),
            key=lambda pair: -pair[0],
        )
        ranked.append(scored)
        mention.entry = scored[0][1] if scored else None
        mention.score = scored[0][0] if scored else 0.0
    # Places the report names without doubt anchor the near-ties ("Hyderabad" near "Karachi").
    sure = [
        m.entry for m, scored in zip(mentions, ranked)
        if m.entry is not None and m.entry.kind not in BROAD_KINDS
        and (len(scored) == 1 or scored[0][0] - scored[1][0] >= TIE)
    ]
    for mention, scored in zip(mentions, ranked):
        if len(scored) < 2 or scored[0][0] - scored[1][0] >= TIE:
            continue
        best = max(scored, key=lambda pair: pair[0] + (TIE if _near_any(pair[1], sure) else 0.0))
        mention.entry = best[1]


def best_entry(matches: list[Match], story: Story, dateline: bool = False, qualifier: str | None = None) -> Entry | None:
    """The best entry for a bare name (the dateline's place)."""
    if not matches:
        return None
    fake = PlaceMention("", (0, 0), (0, 0), 0, "", matches, "dateline", qualifier=qualifier)
    return max(matches, key=lambda m: score(m, fake, story, dateline)).entry


def _near_any(entry: Entry, others: list[Entry]) -> bool:
    if entry.lat is None or entry.lon is None:
        return False
    return any(
        o.lat is not None and o.lon is not None and o is not entry and km(entry.lat, entry.lon, o.lat, o.lon) < NEAR_KM
        for o in others
    )


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def outside_its_whole(doc: Doc, mention: PlaceMention, others: list[PlaceMention]) -> bool:
    """"The **Sanda** area of Lahore": a place named as a part of a bigger one lies in the bigger
    one's country, so a reading in another country (Sanda, Japan) is a local name the gazetteer
    lacks, not that town."""
    head = doc[mention.head]  # the name, or the kind of place after it ("Sanda area")
    noun = head if head.lemma_.lower() in PLACE_NOUNS else head.head if head.dep_ == "compound" else None
    if mention.entry is None or noun is None or noun.lemma_.lower() not in PLACE_NOUNS:
        return False
    whole_at = {i: m for m in others if m is not mention and m.entry is not None for i in range(*m.tokens)}
    # the whole's name may be a compound of the object: "the Wari area of **Upper Dir** District"
    wholes = [whole_at[i] for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("of", "in")
              for obj in prep.children if obj.dep_ == "pobj"
              for i in [next((j for j in range(obj.left_edge.i, obj.i + 1) if j in whole_at), -1)] if i >= 0]
    return any(not set(w.entry.countries) & set(mention.entry.countries) for w in wholes)
