"""When two reports describe the same real-world event.

Forty outlets reporting one strike must count as one event with forty mentions, but two strikes a
day apart, or a strike and a protest, must stay apart. Two reports (each a coded event, called a
*mention*) are compatible when all of these hold:

1. **Same dyad.** Same source and same target, compared by country (``PAK`` in ``PAKGOV``), or by
   the actor's name or text when its country is unknown; no target on one side means no target on
   the other. Sectors must agree when both are known (``PAKGOV`` joins ``PAK`` but not
   ``PAKMIL``), and so must canonical person names when both are known (Rubio's call is not
   Trump's call). Direction counts: "India struck Pakistan" is not "Pakistan struck India".
2. **Compatible codes.** Same CAMEO root, or both in one of :attr:`MergeRule.families`; by
   default ``18`` assault, ``19`` fight and ``20`` mass violence are one family, because outlets
   describe the same attack as an "assault", "shelling" or "massacre".
3. **Near dates.** A mention whose report dates the act itself ("on Wednesday", "yesterday": a
   date expression of day precision, :attr:`Mention.date_exact`) happened on that day; one dated
   only by its report (the dateline or publication day) happened on that day or up to
   :attr:`MergeRule.window_days` before it. Two mentions merge only when they can be on the same
   day: two acts the reports date on different days stay apart (the strikes of 7 May and those
   of 8 May), a report of 8 May that gives no date may tell of the strikes of 7 May, and two
   undated reports may be at most ``window_days`` apart. A mention without a date never merges.
4. **Same or near place.** When both have a place tied to the event (its origin is one of
   :attr:`MergeRule.place_origins`: the event's clause or sentence, not the dateline or some
   other sentence of the story): same country; and when both are points with coordinates (not a
   whole country, province or region), at most :attr:`MergeRule.max_km` apart. A mention without
   such a place does not block a merge.

Mentions are grouped with complete linkage (see :mod:`flashpoint.merge.cluster`): a mention joins a
merged event only when it is compatible with every mention already in it, so one merged event
never spans more than the date window and chains of "similar" reports do not snowball.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass

from flashpoint.ontology import ontology
from flashpoint.records import Actor, Event

#: Place features that are areas, not points: their coordinates are a centroid, so only their
#: country is compared.
BROAD_FEATURES = frozenset({"country", "admin1", "region", "continent"})
UNKNOWN_COUNTRIES = frozenset({"", "---"})


@dataclass(frozen=True, slots=True)
class MergeRule:
    """The merge parameters. Stored with the merged events: changing them re-merges everything."""

    window_days: int = 2
    #: How many days apart two mentions whose reports date the act (:attr:`Mention.date_exact`)
    #: may be and still merge: 0, as a date written in the report is the act's.
    dated_days: int = 0
    max_km: float = 50.0
    families: tuple[tuple[str, ...], ...] = (ontology().marked("violence"),)
    match_names: bool = True
    place_origins: tuple[str, ...] = ("clause", "sentence")

    def family(self, root: str) -> str:
        """The code family of a CAMEO root: the first root of its family, or the root itself."""
        for members in self.families:
            if root in members:
                return members[0]
        return root

    def fingerprint(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def compatible(self, a: Mention, b: Mention) -> bool:
        """Whether two mentions may report the same event (the four conditions above)."""
        return (
            a.group == b.group
            and self.family(a.cameo_root) == self.family(b.cameo_root)
            and self.dates_agree(a, b)
            and _roles_agree(a.source, b.source, self.match_names)
            and _roles_agree(a.target, b.target, self.match_names)
            and _places_agree(self._place(a), self._place(b), self.max_km)
        )

    def dates_agree(self, a: Mention, b: Mention) -> bool:
        """Whether the two mentions can tell of an act on the same day (condition 3)."""
        if a.date is None or b.date is None:
            return False
        if not (a.date_exact or b.date_exact):
            return abs((a.date - b.date).days) <= self.window_days
        if a.date_exact and b.date_exact:
            return abs((a.date - b.date).days) <= self.dated_days
        dated, reported = (a, b) if a.date_exact else (b, a)
        # the act is on the dated day; the other report was filed on it or up to window_days after
        after = (reported.date - dated.date).days  # type: ignore[operator]
        return -self.dated_days <= after <= self.window_days + self.dated_days

    @property
    def reach(self) -> int:
        """The most days two mentions that may merge can be apart."""
        return self.window_days + self.dated_days

    def _place(self, mention: Mention) -> Mention | None:
        """The mention when its place counts as where the event happened, else None."""
        if mention.loc_country is None and mention.lat is None:
            return None
        return mention if (mention.loc_origin or "clause") in self.place_origins else None


@dataclass(frozen=True, slots=True)
class Role:
    """The parts of an actor that merging compares."""

    country: str | None
    sector: str | None
    name: str | None


@dataclass(slots=True)
class Mention:
    """One coded event as one document reports it: what merging needs to know about it."""

    event_id: str
    article: str  # the document (distinct articles)
    outlet: str  # the outlet (distinct sources)
    seen: str | None  # the day the document was published or reported
    date: dt.date | None
    group: str
    cameo_root: str
    confidence: float
    source: Role | None = None
    target: Role | None = None
    loc_country: str | None = None
    loc_feature: str | None = None
    lat: float | None = None
    lon: float | None = None
    loc_origin: str | None = None  # clause | sentence | dateline | document
    #: The report dates the act itself (a date expression of day precision), not only its filing.
    date_exact: bool = False
    #: Other outlets that carried the same text, each with its seen day: more sources and articles.
    carried: tuple[tuple[str, str | None], ...] = ()

    @property
    def outlets(self) -> tuple[str, ...]:
        """Every outlet that published the mention's text: its document's, then its carriers'."""
        return (self.outlet, *(outlet for outlet, _ in self.carried)) if self.carried else (self.outlet,)

    @classmethod
    def from_event(cls, event: Event, *, article: str | None = None, outlet: str = "",
                   seen: str | None = None) -> Mention:
        """A mention of a coded event (``article`` defaults to the event's document)."""
        place = event.location
        return cls(
            event_id=event.event_id,
            article=article or event.doc_id,
            outlet=outlet or article or event.doc_id,
            seen=seen,
            date=event.date.date,
            group=group_key(event.source, event.target),
            cameo_root=event.cameo_root,
            confidence=event.confidence,
            source=role(event.source),
            target=role(event.target),
            loc_country=place.country if place else None,
            loc_feature=place.feature if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            loc_origin=place.origin if place else None,
            date_exact=is_dated(event.date.origin, event.date.precision),
        )


def is_dated(origin: str | None, precision: str | None) -> bool:
    """Whether an event's date is the act's own: read from a date expression of day precision
    ("on Wednesday"), not the report's dateline or publication day."""
    return origin == "expression" and precision == "day"


def role(actor: Actor | None) -> Role | None:
    if actor is None:
        return None
    return Role(actor.country, actor.sector, actor.name)


def actor_key(actor: Actor | None) -> str:
    """An actor's part of the merge group: its country, else its name or words (``?`` first)."""
    if actor is None:
        return "-"
    if actor.country and actor.country not in UNKNOWN_COUNTRIES:
        return actor.country
    return "?" + (actor.name or actor.text or actor.code or "").strip().casefold()


def group_key(source: Actor | None, target: Actor | None) -> str:
    """The merge group: the directed dyad by country. Only mentions in one group can merge, so
    merging after an ingest only has to revisit the groups that received new events."""
    return f"{actor_key(source)}>{actor_key(target)}"


def _roles_agree(a: Role | None, b: Role | None, match_names: bool) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a.sector and b.sector and a.sector != b.sector:
        return False
    if match_names and a.name and b.name and a.name.casefold() != b.name.casefold():
        return False
    return True


def _places_agree(a: Mention | None, b: Mention | None, max_km: float) -> bool:
    if a is None or b is None:
        return True
    if a.loc_country and b.loc_country and a.loc_country != b.loc_country:
        return False
    points = (
        a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
        and a.loc_feature not in BROAD_FEATURES and b.loc_feature not in BROAD_FEATURES
    )
    return not points or km(a.lat, a.lon, b.lat, b.lon) <= max_km  # type: ignore[arg-type]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
