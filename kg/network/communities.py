"""Communities of a projection: seeded Louvain, numbered largest first."""

from __future__ import annotations

import networkx as nx

from kg.network.centrality import SEED
from kg.network.graph import Network

__all__ = ["community_rows", "louvain"]


def louvain(
    graph: Network | nx.Graph, *, weight: str | None = "weight", resolution: float = 1.0, seed: int = SEED
) -> dict[str, int]:
    """Community number of each node; 0 is the largest community, ties broken by smallest node id.

    The same graph and seed always give the same partition (a network runs on its networkx graph).

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> louvain(g)
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1, 'z': 1}
    """
    if graph.number_of_nodes() == 0:
        return {}
    if isinstance(graph, Network):
        graph = graph.to_networkx()
    found = nx.community.louvain_communities(graph, weight=weight, resolution=resolution, seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    membership = {node: number for number, community in enumerate(ordered) for node in community}
    return {node: membership[node] for node in sorted(graph, key=str)}


def community_rows(
    graph: Network | nx.Graph, membership: dict[str, int], top: int | None = None
) -> list[dict[str, object]]:
    """Rows of ``community``, its ``size`` and each member, largest community first; ``top`` keeps that many communities.

    >>> g = nx.Graph([("a", "b")]); g.add_node("c")
    >>> [(r["community"], r["size"], r["node"]) for r in community_rows(g, louvain(g))]
    [(0, 2, 'a'), (0, 2, 'b'), (1, 1, 'c')]
    """
    sizes: dict[int, int] = {}
    for number in membership.values():
        sizes[number] = sizes.get(number, 0) + 1
    rows = []
    for node in sorted(
        membership, key=lambda n: (membership[n], str(graph.nodes[n].get("label", "")), str(n))
    ):
        number = membership[node]
        if top is not None and top > 0 and number >= top:
            continue
        data = graph.nodes[node]
        rows.append(
            {
                "community": number,
                "size": sizes[number],
                "label": data.get("label", ""),
                "class": data.get("class", ""),
                "country": str(data.get("country", "")).rstrip("/").rsplit("/", 1)[-1],
                "node": node,
            }
        )
    return rows
