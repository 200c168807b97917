"""The actor network: who acts on whom, how often, and how cooperatively."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flashpoint.analysis import names, queries
from flashpoint.analysis.models import Edge, Network, Node

if TYPE_CHECKING:
    from flashpoint.store import Store


def network(store: Store, since: dt.date | None = None, until: dt.date | None = None,
            max_nodes: int | None = None, min_events: int = 1) -> Network:
    """Directed edges between actors (countries and organisations) over merged events, each split
    into cooperation (quad classes 1-2) and conflict (3-4) with its Goldstein sum. Events within
    one country (INDGOV on INDREB) are left out: the network is about who acts on whom abroad.
    ``max_nodes`` keeps the most active actors and the edges between them.

    An actor is its country, else its code when the code names an organisation (IGOUNSC);
    actors of unknown country (---MIL) join no edge. Summed from the store's daily sums per pair
    of such actors (``merged_days``), by each merged event's date."""
    queries.prepare(store)
    span, span_params = queries.day_range(since, until)
    sql = ("SELECT source, target, sum(events), sum(mentions), sum(quad1 + quad2), sum(quad3 + quad4), "
           f"total(goldstein) FROM merged_days WHERE {span} AND source <> target GROUP BY 1, 2 "
           "HAVING sum(events) >= ?")
    edges = [Edge(source, target, n, mentions or 0, coop or 0, conflict or 0, gsum or 0.0)
             for source, target, n, mentions, coop, conflict, gsum in queries.rows(store, sql,
                                                                                  span_params + [min_events])]
    nodes: dict[str, Node] = {}
    for edge in edges:
        for code, role in ((edge.source, "acts"), (edge.target, "receives")):
            node = nodes.setdefault(code, Node(code, names.label(code)))
            node.events += edge.events
            setattr(node, role, getattr(node, role) + edge.events)
    ranked = sorted(nodes.values(), key=lambda node: (-node.events, node.code))
    if max_nodes is not None:
        ranked = ranked[:max_nodes]
    kept = {node.code for node in ranked}
    edges = [edge for edge in edges if edge.source in kept and edge.target in kept]
    edges.sort(key=lambda edge: (-edge.events, edge.source, edge.target))
    return Network(nodes=ranked, edges=edges)
