"""Places: where each event happened, from an offline gazetteer.

:meth:`Placer.prepare` runs once per report: it finds the places the report names
(:mod:`~flashpoint.places.mentions`), resolves each against the gazetteer in the light of the
whole story (:mod:`~flashpoint.places.resolve`) and resolves the dateline. :meth:`DocPlaces.locate`
runs once per event and takes, in order (``Place.origin`` says which):

1. ``clause``: a place tied to the event's own clause - a locative phrase ("in/at/near/across/
   along ...") on the trigger or the verbs whose clause it shares, a noun event's modifier
   ("the Pahalgam attack", "the attack in Kashmir"), or the place the event acts on ("the
   Wagah-Attari border has been closed");
2. ``sentence``: a locative phrase elsewhere in the sentence, on a verb (places that modify
   another noun belong to that noun);
3. ``document``: for material events (quad classes 2 and 4) only, the place the report names
   most often among those belonging to the event's actors' countries, preferring places that
   belong to all of them (a border or disputed region for a bilateral event); countries, seas
   and continents are too broad to count here, and a capital standing for its government
   ("Washington's interests") is not a place.

The dateline ("WASHINGTON, May 10 -") says where the report was filed, never where an event
happened: it helps resolve the story's ambiguous names but places no event.

A border or crossing between two countries is reported on the acting side: the event's source
country when it is one of the two (:func:`other_side` gives the far side).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from flashpoint import language
from flashpoint.cues import cues
from flashpoint.datafiles import Problem
from flashpoint.language.arrays import arrays
from flashpoint.places.gazetteer import BETWEEN_KINDS, BROAD_KINDS, Entry, Gazetteer, gazetteer
from flashpoint.places.mentions import PLACE_NOUNS, TOWN_BODY_NOUNS, PlaceMention, acronym, find, named_part, scene_nouns
from flashpoint.places.names import fold
from flashpoint.places.resolve import Story, best_entry, choose, outside_its_whole, score
from flashpoint.records import Document, Event, Mention, Place
from flashpoint.time import clause

__all__ = ["DocPlaces", "Placer", "acting_side", "other_side", "validate"]

#: Specificity of a place kind: the smaller, the more precise a location it gives.
SPECIFICITY = {
    "city": 0, "town": 0, "facility": 0, "crossing": 0, "border": 1, "valley": 1, "glacier": 1,
    "lake": 1, "river": 2, "islands": 2, "region": 2, "admin1": 2, "waterway": 1, "strait": 2,
    "peninsula": 3, "mountains": 2, "sea": 4, "gulf": 4, "country": 5, "macroregion": 6, "continent": 7,
}
#: Verbs whose object is typically a place: "captured Goma", "shelled Kharkiv".
PLACE_VERBS = cues()["place-verb"]
#: Words that say what kind of place a name is ("Kupwara **District**", "Swat **Valley**").
PLACE_KIND_WORDS = PLACE_NOUNS | cues()["admin-noun"]
COMPASS_WORDS = cues()["compass-word"]
#: What the dateline's country weighs in the story that resolves ambiguous names (never evidence
#: of the report's country: that is the context stage's, which leaves the dateline out).
DATELINE_WEIGHT = 0.5
RULER_KINDS = {"crossing": "FAC", "border": "FAC", "facility": "FAC", "waterway": "FAC",
               "sea": "LOC", "gulf": "LOC", "strait": "LOC", "river": "LOC", "lake": "LOC",
               "glacier": "LOC", "mountains": "LOC", "valley": "LOC"}


@dataclass(slots=True)
class DocPlaces:
    """The places of one report: resolved mentions, the story's countries and the dateline."""

    document: Document
    places: list[Place] = field(default_factory=list)
    mentions: list[PlaceMention] = field(default_factory=list)
    story: Story = field(default_factory=Story)
    dateline: Place | None = None

    def locate(self, trigger: Token, event: Event | None = None) -> Place | None:
        """The event's place (see the module docstring for the order), or None."""
        actors = _actor_countries(event)
        mention = _clause_place(self, trigger)
        origin = "clause"
        if mention is None:
            mention, origin = _sentence_place(self, trigger), "sentence"
        if mention is not None:
            return _place(mention.entry, mention, origin, event)
        entry, first = _document_place(self, actors if _material(event) else set())
        if entry is not None:
            return _place(entry, first, "document", event)
        return None  # never the dateline: where the report was filed


class Placer:
    """Finds and resolves places; build once per process (the gazetteer is shared)."""

    def __init__(self, nlp: Language, gaz: Gazetteer | None = None) -> None:
        self.nlp = nlp
        self.gaz = gaz or gazetteer()
        self._country_names = _country_names(self.gaz)
        _add_ruler_patterns(nlp)

    def prepare(self, doc: Doc, document: Document, mentions: list[Mention] | None = None) -> DocPlaces:
        """Find, filter and resolve the report's places (actor ``mentions`` sharpen the story)."""
        skip = (0, document.dateline.span[1]) if document.dateline else (0, 0)
        found = find(doc, self.gaz, skip)
        found = _drop_actor_names(found, mentions)
        cased = not language.is_caseless(doc)
        columns = arrays(doc)  # read for every mention: no Tokens
        text = columns.text
        for m in found:
            m.extra["verb"] = columns.lemma[m.anchor] if m.anchor >= 0 else None
            m.extra["in_place"] = named_part(columns, m.head)
            m.extra["inside_name"] = _inside_longer_name(doc, m) and fold(m.text) != m.key + "s"  # "Chhattisgarhs X": a possessive
            m.extra["common_word"] = cased and not any(text[i][:1].isupper() for i in range(*m.tokens))
            m.extra["acronym"] = cased and acronym(doc, m)
            m.extra["kind_word"] = m.tokens[1] - m.tokens[0] == 1 and columns.lower[m.tokens[0]] in PLACE_KIND_WORDS
        story = self._story(doc, found, mentions)
        dateline = document.dateline and document.dateline.place and self._dateline(
            document.dateline.place, document.dateline.span, story) or None
        if dateline is not None and dateline.country:  # where the reporter sits breaks ties ("Georgia" under ATLANTA)
            story.countries[dateline.country] += DATELINE_WEIGHT
        kept = [m for m in found if _plausible(m, story)]
        choose(kept, story)
        solid = _solid_evidence(found, mentions) + Counter([dateline.country] if dateline and dateline.country else [])
        local = {m.key for m in kept if outside_its_whole(doc, m, kept)}  # "Wari area of Upper Dir", then "Wari"
        kept = [m for m in kept if m.entry is not None and not _stray_part(m, solid) and not _far_town(m, solid)
                and m.key not in local]
        places = DocPlaces(document, mentions=kept, story=story, dateline=dateline)
        places.places = [_place(m.entry, m, "mention") for m in kept]
        if dateline is not None:
            places.places.insert(0, dateline)
        return places

    # -- story and dateline ----------------------------------------------------------------------

    def _story(self, doc: Doc, found: list[PlaceMention], mentions: list[Mention] | None) -> Story:
        """Countries the report is about: its actors' countries and the places it names.

        Each place mention also records what it contributed itself (``extra["own"]``), so that
        resolution can leave it out: the actors it names, and those the actor stage placed in it
        ("voters in Georgia" are Georgian because of the word Georgia, which is no evidence for
        the country over the US state).
        """
        story = Story(country_names=self._country_names)
        countries: Counter = Counter()
        actor_at: dict[int, str] = {}
        actor_heads: dict[int, str] = {}
        for m in mentions or ():
            country = m.actor.country
            if country and len(country) == 3 and country != "---":
                countries[country] += 1
                actor_at[m.tokens[0]] = country
                actor_heads[m.head] = country
        for m in found:
            kinds = {x.entry.kind for x in m.matches}
            own = _own_countries(doc, m, kinds, actor_at, actor_heads, bool(mentions))
            m.extra["country_name"] = "country" in kinds
            countries.update(own if mentions is None or "country" not in kinds else Counter())
            m.extra["own"] = own
            if "admin1" in kinds:
                story.admin1.add(m.key)
        story.countries = countries
        return story

    def _dateline(self, text: str, span: tuple[int, int], story: Story) -> Place | None:
        """The dateline's place: "Washington" is the US capital, "HYDERABAD, Pakistan" is Sindh's."""
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            return None
        key = fold(parts[0])
        qualifier = fold(parts[1]) if len(parts) > 1 else None
        entry = best_entry(self.gaz.lookup(key), story, dateline=True, qualifier=qualifier)
        if entry is None:
            return None
        start = span[0]
        return Place(entry.name, entry.country, entry.admin1, entry.lat, entry.lon, entry.geonameid,
                     entry.kind, parts[0], (start, start + len(parts[0])), "dateline")


def _own_countries(doc: Doc, m: PlaceMention, kinds: set[str], actor_at: dict[int, str],
                   actor_heads: dict[int, str], has_actors: bool) -> Counter:
    """The countries a place mention itself contributes to the story: the actors it names, the
    actor placed in it ("voters in Georgia"), its own country when the actor stage found nothing,
    the one country a place can be in."""
    own: Counter = Counter()
    for i in range(*m.tokens):
        if i in actor_at:
            own[actor_at[i]] += 1
    columns = arrays(doc)
    preposition = columns.head[m.head]
    placed = actor_heads.get(columns.head[preposition]) if columns.dep[preposition] == "prep" else None
    if placed and placed in {x.entry.country for x in m.matches}:  # "voters in Georgia", not "Russian troops in Georgia"
        own[placed] += 1
    if "country" in kinds and not has_actors:
        code = next(x.entry.country for x in m.matches if x.entry.kind == "country")
        own[code] += 1
    elif "country" not in kinds:
        homes = {x.entry.country for x in m.matches if not x.alternate}
        if len(homes) == 1 and None not in homes:
            own[homes.pop()] += 0.5  # a place that can only be in one country
    return own


def _country_names(gaz: Gazetteer) -> dict[str, str]:
    names: dict[str, str] = {}
    for key, entries in gaz.named.items():
        for entry in entries:
            if entry.kind == "country" and entry.country:
                names.setdefault(key, entry.country)
    return names


def _add_ruler_patterns(nlp: Language) -> None:
    """Teach the NER the curated borders, crossings and waters ("Wagah-Attari" is not an ORG).

    Regions are left to the statistical NER, which already calls them GPE or LOC; relabelling
    them could change what the actor stage sees. Added once per spaCy pipeline.
    """
    if language.RULER_NAME in nlp.pipe_names:
        ruler = nlp.get_pipe(language.RULER_NAME)
        if any(p.get("id") == "place" for p in getattr(ruler, "patterns", ())):
            return  # this pipeline already has them
    from flashpoint.datafiles import data_path, read_table
    from flashpoint.places.gazetteer import REGIONS

    patterns = []
    for row in read_table(data_path("places", "regions.tsv"), REGIONS).rows:
        label = RULER_KINDS.get(row["kind"])
        if label is None:
            continue
        for surface in [row["name"], *row["aliases"]]:
            # Only names of two or more words: a bare "Indus" would cut "the Indus Waters Treaty".
            if surface[:1].isupper() and (" " in surface or "-" in surface):
                patterns.append({"label": label, "pattern": surface, "id": "place"})
                if "-" in surface:  # news writes the dash either way
                    patterns.append({"label": label, "pattern": surface.replace("-", "\u2013"), "id": "place"})
    language.add_entity_patterns(nlp, patterns)


# -- which mentions are places -------------------------------------------------------------------


def _drop_actor_names(found: list[PlaceMention], mentions: list[Mention] | None) -> list[PlaceMention]:
    """Words the actor stage resolved to people or organisations are not places ("Rubio").

    Only candidates the NER did not call a place are dropped, and never a country name or a
    capital standing for its government ("New Delhi said ...": still a place).
    """
    if not mentions:
        return found
    capitals = {i for m in mentions if m.kind == "capital" for i in range(*m.tokens)}
    for p in found:
        # "Washington's strategic interests": the government, not a place where things happen
        p.extra["metonym"] = p.role in ("subject", "modifier", "object") and any(i in capitals for i in range(*p.tokens))
    blocked = {
        i for m in mentions
        if m.kind != "capital" and not m.actor.code.startswith("---")  # unknown names may be places
        for i in range(*m.tokens)
    }
    # "reports Times of India", "the Bank of Japan": a place inside the name of a body the knowledge
    # base knows is part of that name (the body's own country is the evidence)
    inside_bodies = {i for m in mentions if m.kind == "org" and m.actor.country and m.tokens[1] - m.tokens[0] > 1
                     for i in range(m.tokens[0] + 1, m.tokens[1])}
    kept = []
    for p in found:
        overlaps = any(i in blocked for i in range(*p.tokens))
        strong = any(x.entry.kind == "country" or x.entry.source == "curated" for x in p.matches)
        if all(i in inside_bodies for i in range(*p.tokens)):
            continue
        if p.source == "ner" or not overlaps or strong:
            kept.append(p)
    return kept


def _plausible(mention: PlaceMention, story: Story) -> bool:
    """Whether a candidate is a place: NER says so, or the gazetteer and the syntax agree.

    A name the NER labelled otherwise ("Kharkiv" PERSON) or left unlabelled counts when the
    gazetteer knows it as a curated place, country or subdivision, or when the sentence uses it
    as a place: after a locative or directional preposition, as the object of a verb that takes
    places ("captured Goma"), or as a modifier of a noun in a story about its country
    ("the Pahalgam attack").
    """
    if not mention.matches or mention.extra.get("common_word"):
        return False  # cased text capitalises its places: "a pickup van", "the party's headquarters"
    if mention.extra.get("kind_word"):
        return False  # "East", "Centre", "Valley" alone name the kind or part of a place, not one
    if mention.extra.get("acronym") and not any(m.entry.kind == "country" or m.entry.source == "curated"
                                                or len(mention.key) > 3 and fold(m.entry.name) == mention.key
                                                for m in mention.matches):
        return False  # "the IG said", "according to ASP": letters stand for titles and bodies, not towns
    if mention.extra.get("inside_name") and not any(story.share(m.entry, mention.extra.get("own")) > 0
                                                    for m in mention.matches):
        return False  # "Tail Godown", "Swat Valley": one word of a longer name, in a country the story never names
    if mention.source == "ner":
        return True
    if any(m.entry.source in ("curated", "country", "admin1") for m in mention.matches):
        return True
    if mention.role in ("locative", "directional") or mention.extra.get("in_place"):
        return True
    if mention.role == "object":
        return mention.extra.get("verb") in PLACE_VERBS
    best = max(mention.matches, key=lambda m: score(m, mention, story))  # scored only when it matters
    if mention.extra.get("local_body") and not best.alternate and best.entry.kind == "city":
        return True  # "Karachi police": the NER reads the pair as an organisation
    if best.alternate and best.entry.population >= BIG_CITY_POPULATION:
        return True  # "roads of Bangalore": a city of millions by its old or English name
    if best.alternate or mention.source == "ner-weak":
        return False
    if mention.role == "modifier":
        return story.share(best.entry) > 0
    return story.share(best.entry) > 0 and best.entry.population >= 100_000


def _inside_longer_name(doc: Doc, mention: PlaceMention) -> bool:
    """Whether the matched words are only part of a longer capitalised name: "Godown" of "Tail
    Godown area", "Valley" of "Swat Valley", "Police" of "Township Police Station", "Council" (a
    town in Idaho) of "the Council of Higher Secondary Education"."""
    start, end = mention.tokens
    columns = arrays(doc)

    def capitalised(i: int) -> bool:
        """A title-case noun, name or adjective within its sentence (a Token only for the case)."""
        return columns.pos[i] in ("PROPN", "NOUN", "ADJ") and not columns.sent_start[i] and doc[i].is_title

    # "Pulwama District", "Imphal West", "Karachi Police": a kind of place or a local body after a
    # name, or a direction before it ("Southern Free State"), is not more of the name
    before = start > 0 and capitalised(start - 1) and columns.lower[start - 1] not in COMPASS_WORDS
    after = end < columns.n and capitalised(end) and columns.lower[end] not in PLACE_KIND_WORDS | TOWN_BODY_NOUNS
    titled = end + 1 < columns.n and columns.lower[end] == "of" and capitalised(end + 1)  # "Council of ..."
    return before or after or titled


def _solid_evidence(found: list[PlaceMention], mentions: list[Mention] | None) -> Counter:
    """Countries the report names in words that stand on their own: actors named as themselves
    (not pronouns or resolved references, which repeat one name) and places that are not one word
    of a longer name (see :func:`_stray_part`)."""
    solid: Counter = Counter()
    for mention in mentions or ():
        country = mention.actor.country
        if country and len(country) == 3 and country != "---" and mention.kind not in ("pronoun", "coref"):
            solid[country] += 1
    for place in found:
        if not place.extra.get("inside_name"):
            solid.update(place.extra.get("own") or Counter())
    return solid


def _stray_part(mention: PlaceMention, solid: Counter) -> bool:
    """"Garo **Hills**", "Imphal **West**", "Dera Murad Jamali": one word of a longer name whose
    chosen reading lies in a country that nothing else in the story names (``solid``: the story's
    countries without what such words gave) is a guess, not a place. The check before resolution
    asks only whether *some* reading fits the story; stray words must not vouch for each other."""
    entry = mention.entry
    return bool(mention.extra.get("inside_name")) and entry is not None \
        and not any(solid.get(c, 0) > 0 for c in entry.countries)


#: A city this big is a place by any of its names ("Bangalore" for Bengaluru, "Bombay").
BIG_CITY_POPULATION = 1_000_000
#: A town abroad smaller than this, in a country nothing else in a report names, is more likely a
#: local place the gazetteer lacks ("the Kanak area of Mastung District" is not Kanak, Serbia).
FAR_TOWN_POPULATION = 100_000
#: ... when the report's other evidence is this strong for some country.
FAR_TOWN_EVIDENCE = 1.5


def _far_town(mention: PlaceMention, solid: Counter) -> bool:
    """Whether the chosen reading is a small town in a country the rest of the report never names,
    in a report that clearly names another (see :data:`FAR_TOWN_POPULATION`)."""
    entry = mention.entry
    if entry is None or entry.kind != "city" or entry.source == "curated" or entry.population >= FAR_TOWN_POPULATION:
        return False
    others = solid - (mention.extra.get("own") or Counter())
    return max(others.values(), default=0) >= FAR_TOWN_EVIDENCE and not any(others.get(c, 0) > 0 for c in entry.countries)


# -- locating one event --------------------------------------------------------------------------


def _clause_place(places: DocPlaces, trigger: Token) -> PlaceMention | None:
    heads = clause.chain(trigger)
    head_ids = {t.i for t in heads}
    scene = scene_nouns(heads)
    found = [m for m in places.mentions if m.anchor in head_ids and _ties(m, trigger)
             or m.anchor in scene and m.role == "locative"]
    return _most_specific(found, trigger)


def _ties(mention: PlaceMention, trigger: Token) -> bool:
    """Whether a mention on the trigger's clause is the event's place (not, say, its target)."""
    if mention.role == "locative":
        return True  # "fired across the Line of Control", on the trigger or its clause
    if mention.anchor != trigger.i:
        return False
    if mention.role == "modifier":
        return True  # "the Pahalgam attack"
    # "the border has been closed", "shelled Kharkiv"; a country as object is an actor
    return mention.role == "object" and mention.entry.kind not in ("country", "continent")


def _sentence_place(places: DocPlaces, trigger: Token) -> PlaceMention | None:
    sent = language.sentence_of(trigger)
    doc = trigger.doc
    found = [
        m for m in places.mentions
        if sent.start <= m.tokens[0] < sent.end
        and m.role == "locative"
        and doc[m.anchor].pos_ in clause.VERB_POS
    ]
    return _most_specific(found, trigger)


def _most_specific(found: list[PlaceMention], trigger: Token) -> PlaceMention | None:
    if not found:
        return None
    return min(found, key=lambda m: (SPECIFICITY.get(m.entry.kind, 3), abs(m.head - trigger.i)))


def _document_place(places: DocPlaces, actors: set[str]) -> tuple[Entry | None, PlaceMention | None]:
    """The report's most-named place in the event's actors' countries."""
    if not actors:
        return None, None
    counts: Counter = Counter()
    first: dict[int, PlaceMention] = {}
    entries: dict[int, Entry] = {}
    for m in places.mentions:
        entry = m.entry
        if entry.kind in BROAD_KINDS or not (set(entry.countries) & actors) or m.extra.get("metonym"):
            continue
        counts[id(entry)] += 1
        first.setdefault(id(entry), m)
        entries[id(entry)] = entry
    if not counts:
        return None, None

    def rank(key: int) -> tuple:
        entry = entries[key]
        return (actors <= set(entry.countries), counts[key], -first[key].tokens[0])

    best = max(counts, key=rank)
    return entries[best], first[best]


def _material(event: Event | None) -> bool:
    """Material cooperation or conflict happens somewhere in the story; a statement or a phone
    call happens where the speaker is, which the story's other places do not say."""
    return event is not None and event.quad_class in (2, 4)


def _actor_countries(event: Event | None) -> set[str]:
    if event is None:
        return set()
    found = set()
    for actor in (event.source, event.target):
        if actor is not None and actor.country and len(actor.country) == 3 and actor.country != "---":
            found.add(actor.country)
    return found


def _place(entry: Entry, mention: PlaceMention | None, origin: str, event: Event | None = None) -> Place:
    country = entry.country
    if country is None and entry.kind in BETWEEN_KINDS and event is not None:
        country = acting_side(entry.countries, event)
    return Place(name=entry.name, country=country, admin1=entry.admin1, lat=entry.lat, lon=entry.lon,
                 geonameid=entry.geonameid, feature=entry.kind, text=mention.text if mention else None,
                 span=mention.span if mention else None, origin=origin)


def acting_side(countries: tuple[str, ...], event: Event) -> str | None:
    """The side of a border an event happens on: its source's country, else its target's."""
    for actor in (event.source, event.target):
        if actor is not None and actor.country in countries:
            return actor.country
    return None


def other_side(place: Place, country: str | None) -> str | None:
    """The country across a border or crossing from ``country`` ("closed the Wagah-Attari
    border" by India: Pakistan), or None when the place is not between exactly two countries."""
    if not place or place.feature not in BETWEEN_KINDS:
        return None
    for entry in (m.entry for m in gazetteer().lookup(fold(place.name))):
        if entry.name == place.name and len(entry.countries) == 2 and country in entry.countries:
            return next(c for c in entry.countries if c != country)
    return None


def validate() -> list[Problem]:
    """Problems in the place data files, for ``flashpoint check``."""
    from flashpoint.places.gazetteer import validate as check

    return check()
