"""``flashpoint serve``: the HTTP API and the dashboard (FastAPI under uvicorn).

Registered on the main group by :func:`register`. Safe by default: it binds 127.0.0.1, accepts
only loopback Host headers, reads the store through connections that cannot write, and limits
what may be posted; writes (POST /api/documents) need ``--allow-writes``.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--db", "db", type=click.Path(path_type=Path), default=Path("flashpoint.db"), show_default=True,
              envvar="FLASHPOINT_DB", help="The store (an SQLite file); also FLASHPOINT_DB.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the store to the network.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-writes", is_flag=True,
              help="Enable POST /api/documents (code and STORE articles). Off: the server never writes.")
@click.option("--allowed-host", "allowed_hosts", multiple=True,
              help="Extra Host header names to accept (repeatable; loopback names always are), "
                   "e.g. the machine's name when --host is not loopback.")
@click.option("--max-code-bytes", type=click.IntRange(1_000, 10_000_000), default=100_000, show_default=True,
              help="Largest request body (POST /api/code, /api/documents); larger is refused with 413.")
@click.option("--code-seconds", type=click.FloatRange(1, 600), default=10, show_default=True,
              help="Longest a posted text may code (POST /api/code; each document of /api/documents); "
                   "the coder runs in a worker process that is stopped past it, and the client gets 413.")
@click.option("--readers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="Read connections to the store (requests served at once).")
@click.option("--warm", "warm_dyads", type=click.IntRange(-1, 50), default=3, show_default=True,
              help="Keep the alerts and the N busiest dyads' timelines computed, at start and after each "
                   "ingest (-1: never), so they open instantly on large stores.")
@click.option("--preload/--no-preload", default=True, show_default=True,
              help="Start the coder (load the language model) in the background at start, so the first "
                   "'code this text' is quick.")
def serve(db: Path, host: str, port: int, allow_writes: bool, allowed_hosts: tuple[str, ...], max_code_bytes: int,
          code_seconds: float, readers: int, warm_dyads: int, preload: bool) -> None:
    """Serve the HTTP API (/api, OpenAPI at /docs and /openapi.json) and the dashboard (/).

    The store must exist (make one with `flashpoint ingest`). Its schema is upgraded on start, as
    every command does; after that the server only reads, unless --allow-writes.

    \b
    Examples:
      flashpoint serve --db crisis.db
      flashpoint serve --db crisis.db --port 8080 --allow-writes
    Then open http://127.0.0.1:8000/ (dashboard) or http://127.0.0.1:8000/docs (API).
    """
    import uvicorn

    from flashpoint.faces.web import WebConfig, create_app
    from flashpoint.faces.web.config import LOOPBACK_HOSTS
    from flashpoint.faces.web.serving import server_config

    hosts = list(LOOPBACK_HOSTS) + list(allowed_hosts)
    if not _loopback(host):
        if host not in ("0.0.0.0", "::"):
            hosts.append(host)
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read the store"
                   + (" and write to it" if allow_writes else ""), err=True)
    config = WebConfig(db=db, allow_writes=allow_writes, max_code_bytes=max_code_bytes, code_seconds=code_seconds,
                       readers=readers, allowed_hosts=tuple(dict.fromkeys(hosts)), warm_dyads=warm_dyads)
    app = create_app(config)
    if preload:
        app.state.coder.preload()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Flashpoint on http://{shown}:{port}/ (API docs: /docs) over {db}"
               f"{' — writes ENABLED' if allow_writes else ' (read-only)'}; Ctrl-C stops it", err=True)
    uvicorn.Server(server_config(app, host, port)).run()


def register(group: click.Group) -> None:
    """Add ``serve`` to the ``flashpoint`` command group."""
    group.add_command(serve)
