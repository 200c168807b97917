"""Store: coded events in an embedded SQLite database, merged, queried and exported.

See :class:`Store` (the Python API), docs/store.md (schema, merge rule, exports),
docs/architecture.md (what the store imports and what it offers above it) and
``flashpoint ingest|events|export --help`` (the CLI faces over it).
"""

from flashpoint.merge import MergedEvent, MergeRule
from flashpoint.store.errors import StoreError
from flashpoint.store.models import StoreCounts, StoredDocument
from flashpoint.store.query import EventQuery, QueryError
from flashpoint.store.store import DEFAULT_PATH, Store

__all__ = [
    "DEFAULT_PATH",
    "EventQuery",
    "MergeRule",
    "MergedEvent",
    "QueryError",
    "Store",
    "StoreCounts",
    "StoreError",
    "StoredDocument",
]
