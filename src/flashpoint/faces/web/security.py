"""Protections every response and request passes through, as plain ASGI middleware.

- :class:`BodyLimit` refuses request bodies over a size (413) before they are read into memory,
  whether the client declares a Content-Length or streams chunks: coding text costs CPU, so the
  size of what anyone may post is bounded. URLs over 8 KB (414) and more than 100 headers or
  16 KB of them (431) are refused too.
- :class:`SecurityHeaders` adds a Content-Security-Policy that allows scripts and styles from
  this server only. The dashboard renders article text and actor names as text; the policy is
  the second line of defence should any markup ever slip through (no inline script could run).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The dashboard: nothing but this server; no inline script, no plugins, no framing.
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: Swagger UI sets inline styles on its elements; its scripts still come only from this server.
DOCS_CSP = STRICT_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


MAX_URL_BYTES = 8_192
MAX_HEADERS = 100
MAX_HEADER_BYTES = 16_384


class TooLarge(HTTPException):
    """Raised from the body stream: an HTTPException, so FastAPI answers 413 rather than
    reporting a body it could not parse."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


class BodyLimit:
    """Answer 413 to any request whose body is larger than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _oversized(scope)
        if refusal:
            await _error(send, *refusal)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _error(send, 413, f"request body over {self.limit} bytes")
            return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge(self.limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except TooLarge:
            if not started:
                await _error(send, 413, f"request body over {self.limit} bytes")


class SecurityHeaders:
    """Add CSP, no-sniff, no-referrer and frame denial to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path", "").startswith("/docs") else STRICT_CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", csp.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"),
                            (b"x-frame-options", b"DENY")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _oversized(scope: Scope) -> tuple[int, str] | None:
    """A request line or headers larger than any the dashboard or a script sends: refused before
    any route parses them (the server may be fronting a store of millions of events)."""
    if len(scope.get("raw_path") or b"") > MAX_URL_BYTES or len(scope.get("query_string") or b"") > MAX_URL_BYTES:
        return 414, f"URL over {MAX_URL_BYTES} bytes"
    headers = scope.get("headers") or []
    if len(headers) > MAX_HEADERS or sum(len(k) + len(v) for k, v in headers) > MAX_HEADER_BYTES:
        return 431, f"more than {MAX_HEADERS} headers or {MAX_HEADER_BYTES} bytes of them"
    return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


async def _error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
