"""Ground unowned actors: give "police", "Maoists", "protesters" the country the report places them in.

An actor phrase that names a sector but no state (``---COP``) takes, by the first rule that
applies:

1. the country of a place its own phrase names: "police **in Quetta**", "**Karachi** police",
   "residents **of Soweto**";
2. the one country the places of its sentence lie in ("Maoists set ablaze a bus near Bandepara
   village in **Bijapur** District");
3. the report's country, when one clearly dominates its evidence (:mod:`.countries`).

A person the knowledge base does not know, named with no title ("an IDP identified as **Dure
Kamil**"), is grounded the same way as a civilian of that country (``PAKCVL``): most people news
names without a role are private people, and a person with a role is coded by the role. An
organisation no table knows ("**Vodacom** donated") takes the country alone (``ZAF``); the
surnames and pronouns that refer back to a grounded person take that person's code. Organs of
a state (GOV, MIL, LEG, SPY) are not placed by rule 2 when their sentence names another state as an
actor ("Interior Minister Seehofer defended Germany's decision to take refugees from Greece").
A phrase that says it is foreign ("foreign troops") keeps no country. The reason is appended to
the actor's ``rule`` and the mention is marked ``grounded``, so the event's confidence can say the
country was inferred rather than read.
"""

from __future__ import annotations

from spacy.tokens import Doc

from flashpoint.context.countries import ReportCountries
from flashpoint.cues import cues
from flashpoint.language.arrays import ParseArrays, arrays
from flashpoint.places import DocPlaces
from flashpoint.places.gazetteer import gazetteer
from flashpoint.places.names import fold
from flashpoint.records import PRIVATE_SECTORS, Mention

#: Prepositions whose object places the phrase they hang on: "police in Quetta", "residents of Soweto".
PLACING_PREPOSITIONS = cues()["locative-preposition"] | {"of", "from"}
FOREIGN_WORDS = cues()["foreign-word"]
#: The reasons rules 2 and 3 write: a country guessed from the sentence or the report, which the
#: place an act's own clause names may overrule (stages/reconcile.py ``acts_where_placed``).
SENTENCE_PLACES, REPORT_COUNTRY = "the places of its sentence are in", "the report's country"
#: Modifiers that name a place of the head: "Karachi police", "Soweto's residents".
PLACE_MODIFIERS = frozenset({"compound", "nmod", "poss", "amod"})


def ground(doc: Doc, mentions: list[Mention], places: DocPlaces | None, countries: ReportCountries) -> None:
    """Give each unowned actor mention its country (see the module docstring), in place."""
    place_at = _place_countries(places)
    for mention in mentions:
        if not _unowned(doc, mention, place_at):
            continue
        found = _attached_place(arrays(doc), mention.head, place_at) if 0 <= mention.head < len(doc) else None
        found = found or _named_after_a_city(mention)
        if found is None:
            country = countries.sentence_country(mention.sentence_index, mention.actor.sector)
            if country:
                found = (country, f"{SENTENCE_PLACES} {country}")
        home = countries.home_for(mention.sentence_index) if found is None else None
        if found is None and home is None and mention.actor.sector in AT_HOME_SECTORS:
            # the report's only country, named in this sentence alone: "the BJP members continued
            # the dharna", the students, the Supreme Court; not a state's organs that travel, nor armed
            # or aid groups: the counterparts such a sentence names ("Kabul sheltered militants", "Indian
            # tourists were among the dead, police said")
            home = countries.home
        if home:
            found = (home, f"{REPORT_COUNTRY}: {home} ({countries.why(home)})")
        if found is not None:
            _give(mention, *found)
    _share_with_later_references(mentions)


def _share_with_later_references(mentions: list[Mention]) -> None:
    """"Anwa Dramat ... Dramat said he would challenge it": the surnames and pronouns the actor
    stage resolved to a person it could not place take the country that person was grounded in;
    so do references to an unknown organisation ("the SDCEA ... The organisation declined")."""
    grounded = {m.actor.name: m.actor for m in mentions if m.grounded and m.kind in ("name", "org") and m.actor.name}
    for mention in mentions:
        actor = mention.actor
        person = grounded.get(actor.name) if actor.name and not actor.country else None
        if person is not None and mention.kind in ("coref", "pronoun"):
            actor.country, actor.code = person.country, person.code
            actor.sector = actor.sector or person.sector
            actor.rule += f"; grounded with '{person.text}'"
            mention.grounded = True


def drop_places_read_as_people(doc: Doc, mentions: list[Mention], places: DocPlaces | None) -> list[Mention]:
    """"Syrian forces recaptured **Palmyra**", "talks resumed in **Istanbul**": a name the NER calls
    a person or an organisation and the knowledge base does not know, where the gazetteer resolved
    a place, is that place, not someone; so is a body noun that is part of a place's name
    ("**Bajaur Agency**", a district, is no government agency)."""
    place_at = _place_countries(places)
    return [m for m in mentions
            if not ((_unknown_person(doc, m) or _unknown_body(m) or m.kind == "title")
                    and all(i in place_at for i in range(*m.tokens)))]


def states_read_as_places(mentions: list[Mention], places: DocPlaces | None) -> None:
    """"A **Georgia** death row inmate" in a report from Atlanta: the actor stage read the name as
    the country, the places stage (which weighs the whole story and the dateline) as the US state.
    When the name is a subdivision of the country the report was filed from, the place's reading
    wins: the actor is of the place's country, with the reason, in place. ("Serbia and Kosovo"
    keep Kosovo: Serbia's subdivision of that name is no reason to doubt the state.)"""
    filed_in = places.dateline.country if places is not None and places.dateline is not None else None
    place_at = {i: (p.entry.country, p.text) for p in (places.mentions if places is not None else ())
                if getattr(p.entry, "kind", "") == "admin1" and p.entry.country == filed_in for i in range(*p.tokens)}
    for mention in mentions:
        actor = mention.actor
        if not actor.country or not actor.rule.startswith(("country '", "demonym '")):
            continue
        start, end = mention.tokens
        readings = {place_at[i] for i in range(start, end) if i in place_at}
        if len(readings) != 1:
            continue
        country, words = next(iter(readings))
        if country != actor.country and len(country) == 3 and words.lower() in actor.rule.lower():
            actor.country, actor.code = country, f"{country}{actor.sector or ''}"
            actor.rule += f"; '{words}' is a place of {country} here"


def _unowned(doc: Doc, mention: Mention, place_at: dict[int, tuple[str, str]]) -> bool:
    """A sector actor (or an unknown person) with no state that its words or its context gave,
    and not a foreign one ("Western diplomats"; but "the Western Cape police" are the place's)."""
    actor = mention.actor
    if actor.country or not actor.code.startswith("---") or not (
            actor.sector or _unknown_person(doc, mention) or _unknown_body(mention)):
        return False
    start, end = mention.tokens
    lower = arrays(doc).lower
    return not any(lower[i] in FOREIGN_WORDS and i not in place_at for i in range(max(start - 2, 0), end))


def _unknown_person(doc: Doc, mention: Mention) -> bool:
    """A name the knowledge base does not know, which the recogniser calls a person, with no
    apposition to say who they are ("Thomas Shannon, U.S. undersecretary of state": the event
    coder reads the role from it)."""
    if mention.kind != "name" or mention.actor.code != "---" or not 0 <= mention.head < len(doc):
        return False
    columns, head = arrays(doc), mention.head
    return columns.ent_type[head] == "PERSON" and not any(columns.dep[c] == "appos" for c in columns.children[head])


def _unknown_body(mention: Mention) -> bool:
    """An organisation no knowledge base knows ("Vodacom"): it takes the report's country, and no
    sector (its words do not say what it is)."""
    return mention.kind == "org" and mention.actor.code == "---" and mention.actor.rule.startswith("unknown organisation")


def _place_countries(places: DocPlaces | None) -> dict[int, tuple[str, str]]:
    """Token index -> (country, place words) for every resolved place of one country."""
    found: dict[int, tuple[str, str]] = {}
    for place in places.mentions if places is not None else ():
        country = getattr(place.entry, "country", None)
        if country:
            for i in range(*place.tokens):
                found[i] = (country, place.text)
    return found


def _attached_place(columns: ParseArrays, head: int, place_at: dict[int, tuple[str, str]]) -> tuple[str, str] | None:
    """The country of a place the phrase headed by token ``head`` itself names, by a preposition
    or a modifier (read from the arrays)."""
    dep, lower, children = columns.dep, columns.lower, columns.children
    for child in children[head]:
        if dep[child] == "prep" and lower[child] in PLACING_PREPOSITIONS:
            for obj in children[child]:
                if dep[obj] == "pobj" and obj in place_at:
                    country, words = place_at[obj]
                    return country, f"{lower[child]} '{words}' ({country})"
        elif dep[child] in PLACE_MODIFIERS and child < head and child in place_at:
            country, words = place_at[child]
            return country, f"'{words}' ({country})"
    return None


#: Sectors of people (not refugees) and courts, who act at home: with no other sentence to ground
#: them, they take the country their own sentence names.
AT_HOME_SECTORS = (PRIVATE_SECTORS - {"REF"}) | {"PTY", "OPP", "JUD"}
#: A city an organisation is named after must be this large to speak for its country ("Mumbai
#: Crime Branch", "Karachi Electric"), and ten times larger than any namesake in another country.
NAMESAKE_POPULATION = 500_000


def _named_after_a_city(mention: Mention) -> tuple[str, str] | None:
    """An unknown organisation whose name opens with a large city ("**Mumbai** Crime Branch", which
    the recogniser reads as one name, so no place is found in it) is of that city's country."""
    if mention.kind != "org" or not mention.actor.text:
        return None
    first = mention.actor.text.split()[0]
    if first.lower() in ("the", "a") or not first[:1].isupper():
        return None
    cities = sorted((m.entry for m in gazetteer().lookup(fold(first)) if m.entry.kind == "city" and not m.alternate),
                    key=lambda e: -e.population)
    if not cities or not cities[0].country or cities[0].population < NAMESAKE_POPULATION:
        return None
    if any(e.country != cities[0].country and e.population * 10 > cities[0].population for e in cities[1:]):
        return None
    return cities[0].country, f"named after '{first}' ({cities[0].country})"


def _give(mention: Mention, country: str, why: str) -> None:
    actor = mention.actor
    if not actor.sector and mention.kind != "org":
        actor.sector, why = "CVL", f"a person the knowledge base does not know; {why}"
    actor.country = country
    actor.code = f"{country}{actor.sector or ''}"
    actor.rule = f"{actor.rule}; {why}" if actor.rule else why
    mention.grounded = True
