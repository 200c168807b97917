"""Write-side routes: code posted text (never stored), and, only when enabled, store articles.

Coding runs the full pipeline, which is CPU-bound and not thread-safe: the :class:`Coder` runs it
in a worker process, one request at a time, and stops a request that codes for longer than the
server's ``--code-seconds`` (413). The request body is size-limited by
:class:`~flashpoint.faces.web.security.BodyLimit`.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

from flashpoint.faces.web.coder import Coder
from flashpoint.faces.web.config import WebConfig
from flashpoint.faces.web.models import CodeRequest, CodeResult, IngestRequest, IngestResult
from flashpoint.faces.web.spans import document_spans
from flashpoint.ingest import check_report_date
from flashpoint.ingest.shapes import tame
from flashpoint.records import MODALITIES
from flashpoint.store.query import QueryError, read_date

router = APIRouter(prefix="/api")


def coder(request: Request) -> Coder:
    return request.app.state.coder


def config(request: Request) -> WebConfig:
    return request.app.state.config


def json_body(request: Request) -> None:
    """POSTs must say they are JSON: a page on another site cannot then send one without the
    browser asking this server first (a CORS preflight, which it does not grant)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the body as application/json")


@router.post("/code", response_model=CodeResult, dependencies=[Depends(json_body)],
             summary="Code posted text and return its events (nothing is stored)")
def code(body: CodeRequest, coder: Annotated[Coder, Depends(coder)]) -> CodeResult:
    """The events of one report, as ``flashpoint code`` gives them, with the spans to highlight.
    The body is limited to the server's max_code_bytes, and coding to its code_seconds (413
    beyond either); 503 when other texts kept the coder busy for as long."""
    published = read_date(body.published, "published")
    if published is not None:
        try:
            check_report_date(published)
        except ValueError as error:
            raise QueryError("published", str(error)) from None
    wanted = frozenset(body.modalities)
    unknown = wanted - set(MODALITIES)
    if unknown:
        raise QueryError("modalities", f"{sorted(unknown)} not among {', '.join(MODALITIES)}")
    began = time.perf_counter()
    text, notes = tame(body.text)  # shapes the parser crawls on: a 100 KB post of them took a minute
    events = coder.code_text(text, published, wanted)
    spans = [span.to_dict() for span in document_spans(text, events)]
    return CodeResult(events=events, spans=spans, text=text, notes=notes, seconds=round(time.perf_counter() - began, 3))


def writes_enabled(request: Request) -> None:
    """Refuse before the body is even read: a read-only server answers 403 to any write."""
    if not request.app.state.config.allow_writes:
        raise HTTPException(403, "this server is read-only; start it with `flashpoint serve --allow-writes`")


@router.post("/documents", response_model=IngestResult, dependencies=[Depends(writes_enabled), Depends(json_body)],
             summary="Code and STORE articles (only when the server runs with --allow-writes)")
def store_documents(body: IngestRequest, request: Request, coder: Annotated[Coder, Depends(coder)],
                    cfg: Annotated[WebConfig, Depends(config)]) -> IngestResult:
    """Articles as JSON Lines records (id, text, title, url, outlet, published) are coded, stored
    and merged, exactly as ``flashpoint ingest`` does; 403 unless writes are enabled."""
    from flashpoint.ingest import document_from_record
    from flashpoint.runner import ingest
    from flashpoint.store import Store

    items = [document_from_record(doc.model_dump(exclude_none=True), source="api", fallback_id=doc.id)
             for doc in body.documents]
    with request.app.state.write_lock, Store(cfg.db, create=False) as store, coder.ingesting() as pipeline:
        progress = ingest(store, items, pipeline=pipeline, merge=True)
    return IngestResult(coded=progress.coded, events=progress.events, failures=progress.failures,
                        skipped=progress.skipped, merged_groups=progress.merged_groups)
