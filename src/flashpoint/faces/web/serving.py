"""Running the app under uvicorn with deadlines on slow clients.

uvicorn closes a keep-alive connection that stays idle, but not one that sends half a request and
then trickles the rest (slowloris): such connections are held open for as long as the client
likes, and enough of them exhaust the server. :class:`DeadlineH11Protocol` gives every request
``request_seconds`` to arrive in full (request line, headers and body) from its first byte, or from
the moment the connection opens; past it the connection is closed. Answering is not bounded here
(a route's own work is): the deadline stops once the request has been read.

``flashpoint serve`` runs :func:`server_config`; tests run the same configuration.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn import Config
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a client has to send a whole request.
REQUEST_SECONDS = 10.0
#: Seconds an idle keep-alive connection is kept.
KEEP_ALIVE_SECONDS = 5
#: Connections and requests handled at once; beyond, uvicorn answers 503.
MAX_CONNECTIONS = 200


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing connections whose request does not arrive in time."""

    request_seconds = REQUEST_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_deadline()

    def data_received(self, data: bytes) -> None:
        if self._deadline is None and self.conn.their_state is h11.IDLE:
            self._start_deadline()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
            self._stop_deadline()  # the whole request is in (or the connection is ending)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)

    def _start_deadline(self) -> None:
        self._stop_deadline()
        self._deadline = self.loop.call_later(self.request_seconds, self._too_slow)

    def _stop_deadline(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()


def protocol(request_seconds: float) -> type[DeadlineH11Protocol]:
    """The protocol class with its deadline (uvicorn builds one protocol object per connection)."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"request_seconds": request_seconds})


def server_config(app: Any, host: str = "127.0.0.1", port: int = 8000, *,
                  request_seconds: float = REQUEST_SECONDS, log_level: str = "warning") -> Config:
    """The uvicorn configuration of ``flashpoint serve``: deadlines on requests and idle
    connections, a bound on connections, no ``Server`` header."""
    return Config(app, host=host, port=port, http=protocol(request_seconds), log_level=log_level,
                  timeout_keep_alive=KEEP_ALIVE_SECONDS, limit_concurrency=MAX_CONNECTIONS, server_header=False)
