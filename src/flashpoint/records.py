"""The plain records that flow between pipeline stages.

Every stage takes and returns these dataclasses; none of them holds behaviour beyond conversion to
and from the DESIGN.md JSON record, so a stage can be replaced without touching the others.
Offsets are character offsets into ``Document.text`` as ingested.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Span = tuple[int, int]
Modality = Literal["asserted", "negated", "hypothetical", "future", "reported", "background", "generic"]
#: Every modality, in the order of :data:`Modality`: the choices the CLI and the HTTP API offer.
MODALITIES: tuple[str, ...] = get_args(Modality)
DateOrigin = Literal["published", "option", "dateline", "file", "today"]
DatePrecision = Literal["day", "week", "month", "year"]


def content_hash(text: str) -> str:
    """The identity of a document's text: equal texts are the same document for the store.

    Texts are compared as :func:`canonical_text` gives them, so a copy of a report with other
    line ends (CRLF), trailing spaces or another Unicode normal form is the same document, not a
    duplicate with duplicate events. The document keeps its text as it came (offsets point into
    it); only the identity is normalised."""
    return hashlib.sha256(canonical_text(text).encode("utf-8", "surrogatepass")).hexdigest()


def canonical_text(text: str) -> str:
    """``text`` as compared for identity: NFC, line ends as ``\\n``, no spaces at line ends or
    around the whole text. Applying it twice changes nothing."""
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


@dataclass(slots=True)
class Dateline:
    """The "Washington, May 1:" opening of a wire report."""

    place: str
    text: str
    span: Span
    day: dt.date | None = None


@dataclass(slots=True)
class Document:
    """One input report, as ingested.

    ``report_date`` is the day the report speaks from (relative dates resolve against it) and
    ``date_origin`` says where it came from: the record's own ``published`` field, the ``--date``
    option, the dateline (year from elsewhere), the file's modification date, or today.
    """

    doc_id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    report_date: dt.date | None = None
    date_origin: DateOrigin | None = None
    dateline: Dateline | None = None
    language: str | None = None
    content_hash: str = ""
    #: What ingest changed or noticed before coding (stretches blanked, a time budget run over),
    #: kept with the document in the store, so nothing is changed without a word.
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)


@dataclass(slots=True)
class Failure:
    """An input that could not be coded, and why. Failures are data, never exceptions."""

    source: str
    reason: str
    doc_id: str | None = None
    content_hash: str | None = None
    text: str | None = None


#: Sectors of armed bodies (CAMEO actor codebook: military, rebels, insurgents, separatists,
#: unidentified armed forces): the actor and event coders read it.
ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "SEP", "UAF"})
#: The state's own bodies: one side in a country's internal conflict (the resolver's own
#: STATE_SECTORS is another set: the bare nouns that belong to the state in context).
STATE_BODIES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD"})
#: Private people (not parties, opposition or campaigners): where they come from is no state in context.
PRIVATE_SECTORS = frozenset({"CVL", "BUS", "REF", "EDU", "HLH", "MED", "LAB", "REL", "AGR"})
#: People who bear no arms, private or political: their blockades and clashes are protests.
UNARMED_SECTORS = PRIVATE_SECTORS | {"PTY", "OPP", "HRI", "ENV", "NGO"}
#: The code blocks of actors that are no state: international bodies, non-governmental bodies and
#: transnational armed groups ("IGOUNO", "NGOAMN", "IMGREB"); such an actor has no country.
ORGANISATION_BLOCKS = frozenset({"IGO", "NGO", "IMG"})


@dataclass(slots=True)
class Actor:
    """A resolved actor: a CAMEO/PLOVER-style code plus the words it came from.

    ``code`` is the country (ISO alpha-3, or IGO/NGO/IMG, or ``---``) followed by an optional
    sector block (GOV, MIL, ...). ``rule`` names the knowledge-base entry and resolution rule that
    chose the code, so an analyst can see why.
    """

    code: str
    text: str
    span: Span
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    rule: str = ""
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "name": self.name,
            "text": self.text,
            "span": list(self.span),
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            code=data["code"],
            text=data.get("text", ""),
            span=tuple(data.get("span") or (0, 0)),  # type: ignore[arg-type]
            country=data.get("country"),
            sector=data.get("sector"),
            name=data.get("name"),
            rule=data.get("rule", ""),
        )


@dataclass(slots=True)
class Mention:
    """A stretch of text that names or refers to an actor, with its resolution."""

    text: str
    span: Span
    sentence_index: int
    actor: Actor
    tokens: Span = (0, 0)  # token range [start, end) in the parsed doc
    head: int = -1  # token index of the mention's syntactic head in the parsed doc
    kind: str = "name"  # name | title | capital | group | org | pronoun | coref
    plural: bool = False  # the phrase's head is plural ("rebels", "officials")
    owner: str | None = None  # code of the actor a possessive pronoun names ("its troops": its = Russia)
    guessed_state: bool = False  # the state is the nearest one in context, not one the words name
    grounded: bool = False  # the country is the one the report places the actor in (flashpoint.context)
    antecedent: Mention | None = None  # a pronoun's: the mention it stands for


@dataclass(slots=True)
class Place:
    """A resolved place (gazetteer entry) and the words that named it."""

    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None  # city | admin1 | country | region | border | crossing | ...
    text: str | None = None
    span: Span | None = None
    origin: str = "clause"  # clause | sentence | dateline

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "feature": self.feature,
            "text": self.text,
            "span": list(self.span) if self.span else None,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        span = data.get("span")
        return cls(
            name=data["name"],
            country=data.get("country"),
            admin1=data.get("admin1"),
            lat=data.get("lat"),
            lon=data.get("lon"),
            geonameid=data.get("geonameid"),
            feature=data.get("feature"),
            text=data.get("text"),
            span=tuple(span) if span else None,  # type: ignore[arg-type]
            origin=data.get("origin", "clause"),
        )


@dataclass(slots=True)
class EventDate:
    """When an event happened, how precisely we know it, and the words that say so."""

    date: dt.date | None
    precision: DatePrecision | None = "day"
    text: str | None = None
    origin: str = "report"  # expression | report | dateline


@dataclass(slots=True)
class Evidence:
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int
    trigger: str
    trigger_span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "trigger": self.trigger,
            "trigger_span": list(self.trigger_span),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(
            sentence_index=data["sentence_index"],
            sentence=data["sentence"],
            char_start=data["char_start"],
            char_end=data["char_end"],
            trigger=data["trigger"],
            trigger_span=tuple(data["trigger_span"]),  # type: ignore[arg-type]
        )


@dataclass(slots=True)
class Event:
    """One coded event: the DESIGN.md record."""

    doc_id: str
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    cameo_name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    modality: Modality
    evidence: Evidence
    confidence: float
    rule: str
    date: EventDate = field(default_factory=lambda: EventDate(None, None))
    location: Place | None = None
    event_id: str = ""

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = self.stable_id()

    def stable_id(self) -> str:
        """Same document, same words, same code, same actors: same id, on any machine."""
        key = "|".join(
            [
                self.doc_id,
                str(self.evidence.trigger_span),
                self.cameo,
                self.source.code if self.source else "",
                str(self.source.span) if self.source else "",
                self.target.code if self.target else "",
                str(self.target.span) if self.target else "",
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "date": self.date.date.isoformat() if self.date.date else None,
            "date_precision": self.date.precision if self.date.date else None,
            "date_text": self.date.text,
            "date_origin": self.date.origin,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "cameo_name": self.cameo_name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": {"type": self.plover_type, "mode": self.plover_mode} if self.plover_type else None,
            "modality": self.modality,
            "location": self.location.to_dict() if self.location else None,
            "evidence": self.evidence.to_dict(),
            "confidence": self.confidence,
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        plover = data.get("plover") or {}
        day = data.get("date")
        return cls(
            event_id=data.get("event_id", ""),
            doc_id=data["doc_id"],
            source=Actor.from_dict(data["source"]) if data.get("source") else None,
            target=Actor.from_dict(data["target"]) if data.get("target") else None,
            cameo=data["cameo"],
            cameo_root=data.get("cameo_root") or data["cameo"][:2],
            cameo_name=data.get("cameo_name", ""),
            goldstein=data.get("goldstein", 0.0),
            quad_class=data.get("quad_class", 0),
            plover_type=plover.get("type"),
            plover_mode=plover.get("mode"),
            modality=data.get("modality", "asserted"),
            evidence=Evidence.from_dict(data["evidence"]),
            confidence=data.get("confidence", 0.0),
            rule=data.get("rule", ""),
            date=EventDate(
                dt.date.fromisoformat(day) if day else None,
                data.get("date_precision"),
                data.get("date_text"),
                data.get("date_origin", "report"),
            ),
            location=Place.from_dict(data["location"]) if data.get("location") else None,
        )


@dataclass(slots=True)
class CodedDocument:
    """A document and everything the coder found in it."""

    document: Document
    events: list[Event]
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
