"""Communities of a projection: seeded Louvain, numbered largest first."""

from __future__ import annotations

import networkx as nx

from kg.network.centrality import SEED

__all__ = ["louvain"]


def louvain(
    graph: nx.Graph, *, weight: str | None = "weight", resolution: float = 1.0, seed: int = SEED
) -> dict[str, int]:
    """Community number of each node; 0 is the largest community, ties broken by smallest node id.

    The same graph and seed always give the same partition.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> louvain(g)
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1, 'z': 1}
    """
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(graph, weight=weight, resolution=resolution, seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    membership = {node: number for number, community in enumerate(ordered) for node in community}
    return {node: membership[node] for node in sorted(graph, key=str)}
