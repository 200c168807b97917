"""The actor network: who acts on whom, how often, and how cooperatively."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flashpoint.analysis import names, queries
from flashpoint.analysis.models import Edge, Network, Node

if TYPE_CHECKING:
    from flashpoint.store import Store


def _party(side: str) -> str:
    """An SQL expression for an actor's node: its country, else its code when the code names an
    organisation (IGOUNSC); NULL for actors of unknown country (---MIL), which join no edge."""
    return (f"CASE WHEN e.{side}_country IS NOT NULL AND e.{side}_country NOT IN ('', '---') "
            f"THEN e.{side}_country WHEN e.{side}_code NOT LIKE '---%' THEN e.{side}_code END")


def network(store: Store, since: dt.date | None = None, until: dt.date | None = None,
            max_nodes: int | None = None, min_events: int = 1) -> Network:
    """Directed edges between actors (countries and organisations) over merged events, each split
    into cooperation (quad classes 1-2) and conflict (3-4) with its Goldstein sum. Events within
    one country (INDGOV on INDREB) are left out: the network is about who acts on whom abroad.
    ``max_nodes`` keeps the most active actors and the edges between them."""
    queries.prepare(store)
    with_sql, with_params = queries.dated(store, "1", [], since, until, vote=False)
    sql = (f"{with_sql} SELECT source, target, count(*), sum(mentions), sum(quad IN (1, 2)), sum(quad IN (3, 4)), "
           f"sum(g) FROM (SELECT {_party('source')} AS source, {_party('target')} AS target, "
           f"m.num_mentions AS mentions, e.quad_class AS quad, e.goldstein AS g FROM {queries.DATED_JOIN}) "
           f"WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target GROUP BY 1, 2 HAVING count(*) >= ?")
    params = with_params
    edges = [Edge(source, target, n, mentions or 0, coop or 0, conflict or 0, gsum or 0.0)
             for source, target, n, mentions, coop, conflict, gsum in queries.rows(store, sql, params + [min_events])]
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
