"""The FastAPI application: the HTTP API under /api, the dashboard at /, API docs at /docs.

:func:`create_app` is all a caller needs (``flashpoint serve`` runs it under uvicorn; tests use
it with a test client). Everything is served from this package — the dashboard's scripts, the
map's TopoJSON and Swagger UI are vendored in ``static/`` — so it works with no network.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from flashpoint import __version__
from flashpoint.faces.web import analysis_api, api, coding, lookup_api
from flashpoint.faces.web.coder import Coder, CoderBusy, CodingTooLong
from flashpoint.faces.web.config import WebConfig
from flashpoint.faces.web.reader import ReaderBusy, ReaderPool
from flashpoint.faces.web.security import BodyLimit, SecurityHeaders
from flashpoint.faces.web.warm import Warmer
from flashpoint.store import StoreError
from flashpoint.store.query import QueryError

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger(__name__)

DESCRIPTION = """Coded political events (CAMEO/PLOVER) from a Flashpoint store: events with their evidence,
articles with their marked spans, dyads, dyad timelines, escalation alerts, the actor network, and
coding of posted text. Read-only unless the server was started with `--allow-writes`.
Parameter errors are 400 with `{"error": "...", "detail": [...]}`. This page and its assets are
served locally; `/openapi.json` is the schema."""


def create_app(config: WebConfig, coder: Coder | None = None) -> FastAPI:
    """Build the app over the store ``config.db`` (which must exist: the server never creates
    one). The store's schema is brought up to date once here, as every command does."""
    pool = ReaderPool(config.db, config.readers)
    warmer = Warmer(pool, config.warm_dyads) if config.warm_dyads >= 0 else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warmer:
            warmer.start()
        yield
        if warmer:
            warmer.stop.set()
            warmer.thread.join(timeout=5)  # a long computation is abandoned: the thread is a daemon
        app.state.coder.close()
        pool.close()

    app = FastAPI(title="Flashpoint", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json", lifespan=lifespan)
    app.state.config = config
    app.state.pool = pool
    app.state.warmer = warmer
    app.state.coder = coder or Coder(budget=config.code_seconds)
    app.state.write_lock = threading.Lock()
    for router in (api.router, analysis_api.router, lookup_api.router, coding.router):
        app.include_router(router)
    _errors(app)
    _pages(app)
    # Outermost last: hosts are checked first, then the body size; every response gets the headers;
    # answers over 1 KB are compressed, at level 4: a two-year timeline (0.7 MB) in 7 ms to a
    # sixth of its size (level 9, Starlette's default, takes 40 ms for 30% less).
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=4)
    app.add_middleware(BodyLimit, limit=config.max_code_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts))
    return app


def _errors(app: FastAPI) -> None:
    """One error shape for every client error: {"error": message, "detail": [...]}."""

    @app.exception_handler(QueryError)
    async def bad_parameter(request: Request, error: QueryError) -> JSONResponse:
        return JSONResponse({"error": str(error), "detail": [{"param": error.name, "message": error.message}]}, 400)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        detail = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ())
                             if part not in ("query", "body", "path") and not isinstance(part, int))
            detail.append({"param": where or "body", "message": item.get("msg", "invalid")})
        message = "; ".join(f"{d['param']}: {d['message']}" for d in detail) or "invalid request"
        return JSONResponse({"error": message, "detail": detail}, 400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(error.detail), "detail": []}, error.status_code, headers=error.headers)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> JSONResponse:
        log.warning("store error: %s", error)  # the whole message, path included, for the operator only
        locked = "locked" in str(error)
        message = ("the store is busy (another process is writing to it); try again shortly" if locked
                   else "the store cannot be read right now; the server's log says why")
        return JSONResponse({"error": message, "detail": []}, 503, headers={"Retry-After": "5"} if locked else None)

    @app.exception_handler(CodingTooLong)
    async def too_long(request: Request, error: CodingTooLong) -> JSONResponse:
        return JSONResponse({"error": str(error), "detail": [{"param": "text", "message": str(error)}]}, 413)

    @app.exception_handler(CoderBusy)
    async def coder_busy(request: Request, error: CoderBusy) -> JSONResponse:
        return JSONResponse({"error": str(error), "detail": []}, 503, headers={"Retry-After": "10"})

    @app.exception_handler(ReaderBusy)
    async def busy(request: Request, error: ReaderBusy) -> JSONResponse:
        return JSONResponse({"error": str(error), "detail": []}, 503, headers={"Retry-After": "5"})


def _pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        """Swagger UI from the vendored bundle (FastAPI's default page loads it from a CDN)."""
        return FileResponse(STATIC / "docs.html", headers={"Cache-Control": "no-cache"})
