"""The pipeline: parse once, then actors, events, time and places over the shared parse.

``Pipeline.code`` takes Documents and yields CodedDocuments, batching the parser with
``nlp.pipe``. Each stage is a separate object with one job; the pipeline only wires them.

Hostile input is bounded here (see docs/reliability.md):

- a text longer than :data:`SEGMENT_CHARS` is coded in segments of at most that many characters,
  cut at paragraph breaks, else line breaks, else sentence ends, else spaces, so spaCy's
  ``max_length`` is never reached and memory is bounded by one segment; every offset is shifted
  back into the whole text, so evidence still points at the exact words;
- a stretch of more than :data:`RUN_CHARS` characters with no sentence end or line break (a
  200,000-character line without punctuation) is cut at spaces into pieces parsed apart and
  joined again (``Doc.from_docs``), so no "sentence" is longer than that;
- a document that is not in English (:mod:`flashpoint.ingest.screen`) is not parsed at all: it
  gets no events rather than English readings of another language.

Ordinary reports (under 100,000 characters, with sentence ends) take none of these paths.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from flashpoint import language, settings
from flashpoint.actors import get_resolver
from flashpoint.events.context import Candidate, ParseCache
from flashpoint.events.extractor import EventExtractor
from flashpoint.ingest import make_document
from flashpoint.ingest.screen import detect_language, valid_unicode
from flashpoint.places import Placer, other_side
from flashpoint.ontology import ontology
from flashpoint.records import Actor, CodedDocument, Document, Event
from flashpoint.time import Dater

DEFAULT_MODALITIES = frozenset({"asserted"})
#: Texts longer than this are coded segment by segment (spaCy's own max_length is 1,000,000, and
#: it needs about 1 GB per 100,000 characters while parsing).
SEGMENT_CHARS = 100_000
#: No stretch without a sentence end or line break longer than this is parsed in one piece.
RUN_CHARS = 3_000
_BREAK = re.compile(r"[.!?\n\u3002\uff01\uff1f\u0964]")
#: Where a segment may end, best first: a paragraph break, a line break, a sentence end, a space.
_SEGMENT_CUTS = (re.compile(r"\n[ \t\r\f\v]*\n\s*"), re.compile(r"\n\s*"),
                 re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+"), re.compile(r"\s+"))
_SPACE_CUTS = (re.compile(r"\s+"),)


class Pipeline:
    """Codes documents into events. Build one per process and reuse it: loading is the slow part."""

    def __init__(self, model: str | None = None, modalities: Iterable[str] = DEFAULT_MODALITIES) -> None:
        self.nlp = language.load(model)
        self.actors = get_resolver(self.nlp)
        self.events = EventExtractor()
        self.dater = Dater()
        self.placer = Placer(self.nlp)
        self.modalities = frozenset(modalities)

    def code(self, documents: Iterable[Document], batch_size: int | None = None) -> Iterator[CodedDocument]:
        """Code documents in order, parsing them in batches (long ones alone, in segments)."""
        size = batch_size or settings.batch_size()
        pending: list[Document] = []
        for document in documents:
            if not _english(document):
                yield from self._code_batch(pending, size)
                pending = []
                yield CodedDocument(document=document, events=[])
            elif needs_segments(document.text):
                yield from self._code_batch(pending, size)
                pending = []
                yield self._code_long(document)
            else:
                pending.append(document)
                if len(pending) >= size:
                    yield from self._code_batch(pending, size)
                    pending = []
        yield from self._code_batch(pending, size)

    def _code_batch(self, documents: list[Document], size: int) -> Iterator[CodedDocument]:
        if not documents:
            return
        texts = (valid_unicode(d.text) for d in documents)
        for document, doc in zip(documents, self.nlp.pipe(texts, batch_size=size)):
            yield self.code_parsed(document, doc)

    def parse(self, text: str) -> Doc:
        """One text, parsed; stretches longer than :data:`RUN_CHARS` without a sentence end are
        parsed as separate pieces and joined, so the Doc's text is exactly ``text``."""
        text = valid_unicode(text)
        spans = pieces(text)
        if len(spans) == 1:
            return self.nlp(text)
        docs = list(self.nlp.pipe((text[start:end] for start, end in spans), batch_size=8))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def _code_long(self, document: Document) -> CodedDocument:
        """A long document, coded segment by segment with its offsets shifted back."""
        out = CodedDocument(document=document, events=[])
        named: set[tuple] = set()
        sentences = tokens = 0
        for number, (start, end) in enumerate(segments(document.text)):
            part = replace(document, text=document.text[start:end], content_hash=document.content_hash,
                           dateline=document.dateline if number == 0 else None)
            doc = self.parse(part.text)
            coded = self.code_parsed(part, doc, named)
            _shift(coded, start, sentences, tokens)
            out.events.extend(coded.events)
            out.mentions.extend(coded.mentions)
            out.places.extend(coded.places)
            out.sentences.extend(coded.sentences)
            sentences += len(coded.sentences)
            tokens += len(doc)
        return out

    def code_parsed(self, document: Document, doc: Doc, named: set[tuple] | None = None) -> CodedDocument:
        """Run every stage after parsing on one document. ``named`` collects the noun events
        already kept (shared by the segments of one long document)."""
        if len(doc) and len(document.text) == doc[-1].idx + len(doc[-1].text_with_ws):
            doc.user_data.setdefault("flashpoint.text", document.text)  # Doc.text rebuilds it per call
        skip_chars = document.dateline.span[1] if document.dateline else 0
        skip_tokens = (0, _token_at(doc, skip_chars)) if skip_chars else (0, 0)
        mentions = self.actors.resolve(doc, document.report_date, skip_tokens)
        candidates = self.events.extract(doc, document.doc_id, ParseCache.of(doc, mentions), skip_chars)
        times = self.dater.prepare(doc, document, mentions)
        places = self.placer.prepare(doc, document, mentions)
        events: list[Event] = []
        named = set() if named is None else named
        for candidate in candidates:
            event = self._finish(candidate, times, places)
            if event is None:
                continue
            if candidate.nominal:
                # "the Pahalgam attack" named again and again is one event of the report
                key = (event.source.code if event.source else None, event.target.code if event.target else None,
                       event.cameo_root, event.date.date, event.location.name if event.location else None)
                if key in named:
                    continue
                named.add(key)
            events.append(event)
        return CodedDocument(
            document=document,
            events=events,
            mentions=mentions,
            places=list(places.places),
            sentences=[(s.start_char, s.end_char) for s in language.sentences(doc)],
        )

    def _finish(self, candidate: Candidate, times, places) -> Event | None:
        event = candidate.event
        if event.modality not in self.modalities:
            return None
        event.date = self.dater.date(times, candidate.trigger)
        if candidate.needs_date and event.date.origin != "expression":
            return None  # a noun event in a background phrase that the report never dates
        event.location = self.placer.locate(places, candidate.trigger, event)
        if event.source is None and event.target is None:
            return self._victims_of_place(event)
        if event.location is not None and event.source is not None:
            self._target_from_place(event)
        if event.target is None and candidate.unnamed_target is not None:
            event.target = candidate.unnamed_target  # "shelled the old city area of Mosul": kept by its words
            event.event_id = event.stable_id()
        return event

    @staticmethod
    def _target_from_place(event: Event) -> None:
        """The place of an act can name whom it is aimed at: "closed the Wagah-Attari border" (the
        other side), "struck nine sites in Pakistan" (force abroad hits that state), "civilians
        were killed in Poonch" (the civilians are that state's)."""
        place = event.location
        assert place is not None and event.source is not None
        own = event.source.country
        if event.target is None:
            across = other_side(place, own)
            tied = place.origin in ("clause", "sentence")
            abroad = tied and place.country and own and place.country != own and ontology().properties(event.cameo).violence
            country = across or (place.country if abroad else None)
            if country:
                why = f"across '{place.name}' from {own}" if across else f"force used at '{place.name}' in {country}"
                event.target = Actor(code=country, text=place.text or place.name, span=place.span or (0, 0),
                                     country=country, rule=why)
                event.event_id = event.stable_id()
        elif not event.target.country and event.target.sector and place.country and place.origin in ("clause", "sentence"):
            target = event.target
            target.country, target.code = place.country, f"{place.country}{target.sector}"
            target.rule += f"; at '{place.name}' in {place.country}"
            event.event_id = event.stable_id()

    @staticmethod
    def _victims_of_place(event: Event) -> Event | None:
        """Violence named without its actors is kept when placed in a state: its victims are that
        state's (civilians for one-sided violence: code property civilian_victims)."""
        place = event.location
        if place is None or not place.country or place.origin in ("dateline", "document"):
            return None
        sector = "CVL" if ontology().properties(event.cameo).civilian_victims else None
        event.target = Actor(code=f"{place.country}{sector or ''}", text=place.text or place.name,
                             span=place.span or (0, 0), country=place.country, sector=sector,
                             rule=f"victims of violence at '{place.name}'")
        event.event_id = event.stable_id()
        return event

    def code_text(self, text: str, published: dt.date | str | None = None, doc_id: str = "text") -> list[Event]:
        """Code one text; ``published`` anchors relative dates ("on Wednesday")."""
        day = dt.date.fromisoformat(published) if isinstance(published, str) else published
        document = make_document(text, doc_id=doc_id, source="<text>", published=day)
        return next(self.code([document])).events


def _english(document: Document) -> bool:
    """Whether to code the document: English, or too short to tell (see ingest.screen)."""
    if document.language is None:
        guess = detect_language(document.text)
        document.language = guess.code
        return guess.supported
    return document.language in ("en", "und")


def needs_segments(text: str) -> bool:
    """Whether ``text`` is too long to parse whole, or has a stretch longer than
    :data:`RUN_CHARS` without a sentence end or line break."""
    if len(text) > SEGMENT_CHARS:
        return True
    if len(text) <= RUN_CHARS:
        return False
    last = 0
    for match in _BREAK.finditer(text):
        if match.start() - last > RUN_CHARS:
            return True
        last = match.end()
    return len(text) - last > RUN_CHARS


def _cut(text: str, start: int, end: int, limit: int, cuts: tuple[re.Pattern, ...]) -> list[tuple[int, int]]:
    """[start, end) as consecutive spans of at most ``limit`` characters, each cut at the best
    place in the second half of its window (``cuts``, best first), else exactly at the limit."""
    spans: list[tuple[int, int]] = []
    while end - start > limit:
        window_start, window_end = start + limit // 2, start + limit
        cut = None
        for pattern in cuts:
            last = None
            for last in pattern.finditer(text, window_start, window_end):
                pass
            if last is not None:
                cut = last.end()
                break
        cut = cut if cut and cut > start else window_end
        spans.append((start, cut))
        start = cut
    if end > start or not spans:
        spans.append((start, end))
    return spans


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """Spans of ``text``, in order and covering it exactly, of at most ``limit`` characters."""
    return _cut(text, 0, len(text), limit, _SEGMENT_CUTS)


def pieces(text: str, run: int = RUN_CHARS) -> list[tuple[int, int]]:
    """Spans of ``text``, in order and covering it exactly, such that no stretch longer than
    ``run`` without a sentence end or line break stays in one span (cut at spaces)."""
    cuts: list[int] = []
    last = 0
    for match in [*_BREAK.finditer(text), None]:
        stop = match.start() if match else len(text)
        if stop - last > run:
            cuts.extend(cut for _, cut in _cut(text, last, stop, run, _SPACE_CUTS)[:-1])
        if match:
            last = match.end()
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a] or [(0, len(text))]


def _shifted(span, by: int):
    return (span[0] + by, span[1] + by) if span is not None else span


def _shift(coded: CodedDocument, chars: int, sentences: int, tokens: int) -> None:
    """Move a segment's offsets into the whole document: characters by the segment's start,
    sentence and token indexes by those of the segments before it. Stages share objects (an
    event's source is its mention's actor), so each object is moved once."""
    if not (chars or sentences or tokens):
        return
    moved: set[int] = set()

    def once(item) -> bool:
        if item is None or id(item) in moved:
            return False
        moved.add(id(item))
        return True

    for mention in coded.mentions:
        if once(mention):
            mention.span = _shifted(mention.span, chars)
            mention.tokens = _shifted(mention.tokens, tokens)
            mention.sentence_index += sentences
            if mention.head >= 0:
                mention.head += tokens
        if once(mention.actor) and mention.actor.span and mention.actor.span[1] > mention.actor.span[0]:
            mention.actor.span = _shifted(mention.actor.span, chars)
    for place in coded.places:
        if once(place) and place.span:
            place.span = _shifted(place.span, chars)
    for event in coded.events:
        if once(event.evidence):
            evidence = event.evidence
            evidence.char_start += chars
            evidence.char_end += chars
            evidence.trigger_span = _shifted(evidence.trigger_span, chars)
            evidence.sentence_index += sentences
        for actor in (event.source, event.target):
            if once(actor) and actor.span and actor.span[1] > actor.span[0]:  # (0, 0): no words
                actor.span = _shifted(actor.span, chars)
        if once(event.location) and event.location.span:
            event.location.span = _shifted(event.location.span, chars)
        event.event_id = event.stable_id()
    coded.sentences = [_shifted(span, chars) for span in coded.sentences]


def _token_at(doc: Doc, char: int) -> int:
    for token in doc:
        if token.idx >= char:
            return token.i
    return len(doc)
