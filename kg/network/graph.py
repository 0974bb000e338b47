"""A projection as rows: nodes with attributes and weighted edges, an igraph graph built straight from them.

Centrality and the map read a ``Network`` directly (its igraph graph is made once, from
the edge rows, when the network is); a networkx graph is made only when asked for
(``to_networkx``: exports, Louvain, the map's layout, or when igraph is missing).

Edges keep the order they were added in, which is the order networkx would store them;
the igraph graph lists them as ``kg.network.centrality.to_igraph`` would list that
networkx graph's, so both are the same igraph graph and give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from kg.errors import KgError

if TYPE_CHECKING:
    import igraph as ig

__all__ = ["Network", "igraph_module"]


@cache
def igraph_module() -> ModuleType | None:
    """python-igraph, imported on first use (commands that make no network do not pay for it); None if missing."""
    try:
        import igraph
    except ImportError:  # pragma: no cover - igraph is a dependency, this is the documented fallback
        return None
    return igraph


class Network:
    """Nodes (IRI -> attributes, in order) and undirected edges between node indices, with weights.

    >>> net = Network({"a": {}, "b": {}, "c": {}}, [(0, 1), (1, 2)], [2, 1])
    >>> net.number_of_nodes(), net.number_of_edges(), net.degrees()
    (3, 2, [1, 2, 1])
    >>> sorted(net.to_networkx().edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """

    def __init__(
        self,
        nodes: Mapping[str, dict],
        edges: Sequence[tuple[int, int]] | np.ndarray,
        weights: Sequence[float] | np.ndarray,
        edge_data: Sequence[dict] | None = None,
        graph: dict | None = None,
    ) -> None:
        self.nodes: dict[str, dict] = dict(nodes)
        self.names: list[str] = list(self.nodes)
        pairs = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        self.sources, self.targets = pairs[:, 0], pairs[:, 1]
        self.weights = np.asarray(weights)
        if len(self.weights) != len(pairs):
            raise KgError(f"{len(pairs)} edges but {len(self.weights)} weights")
        self.edge_data: list[dict] = (
            list(edge_data) if edge_data is not None else [{} for _ in range(len(pairs))]
        )
        self.graph: dict = dict(graph or {})
        module = igraph_module()
        self._igraph = (
            _build_igraph(module, len(self.names), self.sources, self.targets, self.weights)
            if module
            else None
        )

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def number_of_nodes(self) -> int:
        return len(self.names)

    def number_of_edges(self) -> int:
        return len(self.sources)

    def degrees(self) -> list[int]:
        """Links per node, in node order (a self-loop counts twice, as in networkx)."""
        counts = np.bincount(self.sources, minlength=len(self.names))
        return (counts + np.bincount(self.targets, minlength=len(self.names))).tolist()

    def igraph(self, weight: str | None = "weight") -> tuple[ig.Graph, list[str], list[float] | None]:
        """The igraph graph, node order and edge weights (None when unweighted or all 1), as centrality wants them."""
        if self._igraph is None:
            raise KgError("engine igraph: python-igraph is not installed")
        if weight not in (None, "weight"):
            raise KgError(f"weight {weight!r}: a network's edges have one weight, 'weight'")
        g, weights = self._igraph
        return g, self.names, weights if weight else None

    def subgraph(self, nodes: Iterable[str]) -> Network:
        """The network induced by ``nodes``, in this network's node and edge order."""
        wanted = set(nodes)
        keep = np.fromiter((n in wanted for n in self.names), bool, len(self.names))
        index = np.cumsum(keep) - 1
        mask = keep[self.sources] & keep[self.targets]
        kept = np.flatnonzero(mask)
        return Network(
            {n: data for n, data in self.nodes.items() if n in wanted},
            np.column_stack([index[self.sources[mask]], index[self.targets[mask]]]),
            self.weights[mask],
            [self.edge_data[i] for i in kept],
            self.graph,
        )

    def to_networkx(self) -> nx.Graph:
        """A networkx graph with the same nodes, edges, attributes and order; edges carry ``weight`` first."""
        graph = nx.Graph()
        graph.graph.update(self.graph)
        graph.add_nodes_from(self.nodes.items())
        names = self.names
        graph.add_edges_from(
            (names[u], names[v], {"weight": w, **data})
            for u, v, w, data in zip(
                self.sources.tolist(), self.targets.tolist(), self.weights.tolist(), self.edge_data
            )
        )
        return graph

    @classmethod
    def from_networkx(cls, graph: nx.Graph) -> Network:
        """The network of an undirected networkx graph, keeping its order; a missing ``weight`` is 1."""
        if graph.is_directed() or graph.is_multigraph():
            raise KgError("a network is a simple undirected graph")
        index = {node: i for i, node in enumerate(graph)}
        edges, weights, data = [], [], []
        for u, v, attributes in graph.edges(data=True):
            edges.append((index[u], index[v]))
            rest = dict(attributes)
            weights.append(rest.pop("weight", 1))
            data.append(rest)
        return cls({n: dict(d) for n, d in graph.nodes(data=True)}, edges, weights, data, graph.graph)


def _build_igraph(module: ModuleType, n: int, sources: np.ndarray, targets: np.ndarray, weights: np.ndarray):
    """igraph graph and weight list, edges listed per lower endpoint in insertion order (as ``to_igraph`` lists them)."""
    low, high = np.minimum(sources, targets), np.maximum(sources, targets)
    order = np.argsort(low, kind="stable")
    g = module.Graph(n=n, edges=list(zip(low[order].tolist(), high[order].tolist())))
    values = weights[order].astype(float)
    if values.size == 0 or np.all(values == 1.0):
        return g, None
    listed = values.tolist()
    g.es["weight"] = listed
    return g, listed
