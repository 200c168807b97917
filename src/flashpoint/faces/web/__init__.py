"""The web face: an HTTP API (FastAPI, OpenAPI at /openapi.json and /docs) and a dashboard.

``flashpoint serve`` runs :func:`create_app` under uvicorn; see docs/web.md.
"""

from flashpoint.faces.web.app import create_app
from flashpoint.faces.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
