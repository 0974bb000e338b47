"""Centrality measures on projections: networkx API, heavy measures dispatched to igraph.

Each measure takes a projection (a ``kg.network.graph.Network``, whose igraph graph was built
straight from the store's rows) or a networkx graph and returns ``{node: value}`` with the values
networkx's function of the same name would give; betweenness, closeness,
eigenvector and PageRank run in igraph when it is installed (``engine="auto"``)
and fall back to networkx otherwise. The igraph copy of a networkx graph is kept in
networkx's own per-graph cache (``G.__networkx_cache__``), which networkx clears
whenever the graph is changed through its methods, so several measures on one
graph convert it once.

Weights mean tie strength (shared agreements): strength, eigenvector and PageRank
use them as is; betweenness and closeness walk shortest paths whose length is
``1 / weight``, so strong ties are short.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from kg.errors import KgError
from kg.network.graph import Network, igraph_module

if TYPE_CHECKING:
    import igraph as ig

__all__ = [
    "BETWEENNESS_SAMPLE",
    "ENGINES",
    "EXACT_BETWEENNESS_LIMIT",
    "MEASURES",
    "SEED",
    "Centralities",
    "betweenness",
    "centralities",
    "closeness",
    "degree",
    "eigenvector",
    "pagerank",
    "strength",
    "to_igraph",
]

#: Above this many nodes betweenness samples ``BETWEENNESS_SAMPLE`` sources.
EXACT_BETWEENNESS_LIMIT = 5000
BETWEENNESS_SAMPLE = 256
SEED = 42
ENGINES = ("auto", "igraph", "networkx")

Scores = dict[str, float]
Graph = Network | nx.Graph


def _use_igraph(engine: str) -> bool:
    if engine not in ENGINES:
        raise KgError(f"unknown engine {engine!r}: choose from {', '.join(ENGINES)}")
    installed = igraph_module() is not None
    if engine == "igraph" and not installed:
        raise KgError("engine igraph: python-igraph is not installed")
    return engine != "networkx" and installed


def to_igraph(
    graph: Network | nx.Graph, weight: str | None = "weight"
) -> tuple[ig.Graph, list, list[float] | None]:
    """The igraph twin of an undirected ``graph``, its node order and edge weights (cached).

    A ``Network`` already has one; a networkx graph is converted once.

    >>> g, nodes, weights = to_igraph(nx.path_graph(["a", "b", "c"]))
    >>> g.vcount(), g.ecount(), nodes, weights  # all weights 1: unweighted
    (3, 2, ['a', 'b', 'c'], None)
    """
    if isinstance(graph, Network):
        return graph.igraph(weight)
    if graph.is_directed() or graph.is_multigraph():
        raise KgError("centrality needs a simple undirected graph")
    cache = getattr(graph, "__networkx_cache__", None)
    key = ("kg.network.igraph", weight)
    if cache is not None and key in cache:
        return cache[key]
    adj = graph._adj
    nodes = list(adj)
    index = {node: i for i, node in enumerate(nodes)}
    counts = np.fromiter(map(len, adj.values()), np.int64, count=len(nodes))
    total = int(counts.sum())
    # Walk the adjacency with C-level map/chain: a Python loop over 1M entries costs more than igraph's PageRank.
    targets = np.fromiter(
        chain.from_iterable(map(index.__getitem__, nbrs) for nbrs in adj.values()), np.int64, total
    )
    sources = np.repeat(np.arange(len(nodes), dtype=np.int64), counts)
    once = sources <= targets  # each undirected edge is stored twice, a self-loop once
    g = igraph_module().Graph(n=len(nodes))
    g.add_edges(np.column_stack([sources[once], targets[once]]))
    weights = None
    edge_data = chain.from_iterable(nbrs.values() for nbrs in adj.values())
    # Scanning for the key (in C, stopping at the first hit) is far cheaper than a KeyError per edge.
    if weight is not None and any(map(methodcaller("__contains__", weight), edge_data)):
        get = _weight_getter(weight)
        values = chain.from_iterable(map(get, nbrs.values()) for nbrs in adj.values())
        array = np.fromiter(values, float, total)[once]
        # All ones is the unweighted graph: igraph takes its faster unweighted paths.
        if array.size and not np.all(array == 1.0):
            weights = array.tolist()
            g.es["weight"] = weights
    result = (g, nodes, weights)
    if cache is not None:
        cache[key] = result
    return result


def _weight_getter(weight: str) -> Callable[[dict], float]:
    fast = itemgetter(weight)

    def get(data: dict) -> float:
        try:
            return fast(data)
        except KeyError:
            return 1.0

    return get


def _networkx(graph: Network | nx.Graph) -> nx.Graph:
    return graph.to_networkx() if isinstance(graph, Network) else graph


def _has_weights(graph: nx.Graph, weight: str | None) -> bool:
    return weight is not None and any(w != 1 for *_, w in graph.edges(data=weight, default=1))


def _inverse(weight: str) -> Callable[[object, object, dict], float]:
    return lambda u, v, data: 1.0 / data.get(weight, 1)


def degree(graph: Graph, **_: object) -> Scores:
    """Share of the other nodes each node is linked to (``nx.degree_centrality``).

    >>> degree(nx.star_graph(2))
    {0: 1.0, 1: 0.5, 2: 0.5}
    """
    cached = _cached_igraph(graph, "weight")
    if cached is None or len(graph) < 2:
        return nx.degree_centrality(_networkx(graph))
    g, nodes, _ = cached
    scale = 1.0 / (len(nodes) - 1)
    return dict(zip(nodes, (d * scale for d in g.degree())))


def strength(graph: Graph, *, weight: str | None = "weight", **_: object) -> Scores:
    """Sum of a node's edge weights: its number of agreements counted per partner.

    >>> g = nx.Graph(); g.add_edge("a", "b", weight=2); g.add_edge("b", "c", weight=1)
    >>> strength(g)
    {'a': 2.0, 'b': 3.0, 'c': 1.0}
    """
    cached = _cached_igraph(graph, weight)
    if cached is None:
        return {node: float(value) for node, value in _networkx(graph).degree(weight=weight)}
    g, nodes, weights = cached
    return dict(zip(nodes, map(float, g.strength(weights=weights, loops=True))))


def _cached_igraph(graph: Graph, weight: str | None):
    """The igraph copy if it exists (a network's, or one another measure made); degree is not worth converting for."""
    if isinstance(graph, Network):
        return graph.igraph(weight) if igraph_module() is not None else None
    cache = getattr(graph, "__networkx_cache__", None)
    return cache.get(("kg.network.igraph", weight)) if cache and igraph_module() is not None else None


def betweenness(
    graph: Graph,
    *,
    weight: str | None = "weight",
    k: int | None = None,
    seed: int = SEED,
    engine: str = "auto",
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    **_: object,
) -> Scores:
    """Normalized betweenness, exact up to ``exact_limit`` nodes, else from ``k`` sampled sources.

    The sources are the ones ``nx.betweenness_centrality(G, k=k, seed=seed)`` draws,
    so both engines give the same numbers.

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    n = len(graph)
    if k is None and n > exact_limit:
        k = BETWEENNESS_SAMPLE
    if k is not None and k >= n:
        k = None
    if not _use_igraph(engine):
        graph = _networkx(graph)
        distance = _inverse(weight) if _has_weights(graph, weight) else None
        return nx.betweenness_centrality(graph, k=k, weight=distance, seed=seed)
    g, nodes, weights = to_igraph(graph, weight)
    distances = [1.0 / w for w in weights] if weights is not None else None
    if k is None:
        # igraph counts unordered pairs; networkx's ordered count is twice that.
        raw = [2.0 * b for b in g.betweenness(directed=False, weights=distances)]
        sampled = None
    else:
        sampled = random.Random(seed).sample(nodes, k)
        index = {node: i for i, node in enumerate(nodes)}
        raw = [
            2.0 * b
            for b in g.betweenness(directed=False, weights=distances, sources=[index[s] for s in sampled])
        ]
    return _rescale_betweenness(dict(zip(nodes, raw)), n, sampled)


def _rescale_betweenness(raw: Scores, n: int, sampled: list | None) -> Scores:
    """networkx's normalization of ordered-pair counts (endpoints excluded)."""
    big_n = n - 1
    if big_n < 2:
        return {node: 0.0 for node in raw}
    if sampled is None:
        scale = 1 / (big_n * (big_n - 1))
        return {node: value * scale for node, value in raw.items()}
    k = len(sampled)
    scale_source = 1 / ((k - 1) * (big_n - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (big_n - 1))
    chosen = set(sampled)
    return {node: value * (scale_source if node in chosen else scale_other) for node, value in raw.items()}


def eigenvector(graph: Graph, *, weight: str | None = "weight", engine: str = "auto", **_: object) -> Scores:
    """Eigenvector centrality of unit length, as ``nx.eigenvector_centrality_numpy`` gives on a connected graph.

    A disconnected graph has no single principal eigenvector (networkx refuses it):
    each component gets its own, scaled by the square root of its share of the
    non-isolated nodes so the whole vector still has unit length; isolated nodes score 0.

    >>> {n: round(v, 4) for n, v in eigenvector(nx.path_graph(3)).items()}
    {0: 0.5, 1: 0.7071, 2: 0.5}
    """
    scores = dict.fromkeys(graph, 0.0)
    use_igraph = _use_igraph(engine)
    if use_igraph:
        g, nodes, weights = to_igraph(graph, weight)
        components = [[nodes[i] for i in c] for c in g.connected_components()]
    else:
        graph = _networkx(graph)
        components = [list(c) for c in nx.connected_components(graph)]
    linked = sum(len(c) for c in components if len(c) > 1)
    for component in components:
        if len(component) < 2:
            continue
        share = math.sqrt(len(component) / linked)
        if len(component) == 2:
            values = dict.fromkeys(component, math.sqrt(0.5))
        elif use_igraph:
            values = _igraph_eigenvector(g, nodes, weights, component, len(components) == 1)
        else:
            values = nx.eigenvector_centrality_numpy(graph.subgraph(component), weight=weight)
        for node, value in values.items():
            scores[node] = abs(value) * share
    return scores


def _igraph_eigenvector(g, nodes: list, weights: list[float] | None, component: list, whole: bool) -> Scores:
    if whole:
        sub, members, sub_weights = g, nodes, weights
    else:
        index = {node: i for i, node in enumerate(nodes)}
        vertices = sorted(index[node] for node in component)
        sub = g.induced_subgraph(vertices)  # keeps vertex order and the "weight" edge attribute
        members = [nodes[i] for i in vertices]
        sub_weights = sub.es["weight"] if weights is not None else None
    values = np.abs(np.asarray(sub.eigenvector_centrality(scale=True, weights=sub_weights), dtype=float))
    norm = np.linalg.norm(values)
    return dict(zip(members, (values / norm if norm else values).tolist()))


def pagerank(
    graph: Graph, *, weight: str | None = "weight", alpha: float = 0.85, engine: str = "auto", **_: object
) -> Scores:
    """PageRank with damping ``alpha``; isolated nodes spread their rank evenly, as in networkx.

    >>> {n: round(v, 3) for n, v in pagerank(nx.path_graph(3)).items()}
    {0: 0.257, 1: 0.486, 2: 0.257}
    """
    if len(graph) == 0:
        return {}
    if not _use_igraph(engine):
        # A tight tolerance: networkx stops at an L1 error of n * 1e-6 by default, igraph solves exactly.
        return nx.pagerank(_networkx(graph), alpha=alpha, weight=weight, tol=1e-10, max_iter=1000)
    g, nodes, weights = to_igraph(graph, weight)
    return dict(zip(nodes, g.pagerank(directed=False, damping=alpha, weights=weights)))


def closeness(
    graph: Graph,
    *,
    weight: str | None = "weight",
    engine: str = "auto",
    nodes: Iterable | None = None,
    **_: object,
) -> Scores:
    """Closeness with networkx's Wasserman–Faust scaling for disconnected graphs.

    ``nodes`` limits the computation to some nodes (each costs one shortest-path search).

    >>> closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    n = len(graph)
    wanted = list(graph) if nodes is None else list(nodes)
    if not _use_igraph(engine):
        graph = _networkx(graph)
        distance = _inverse(weight) if _has_weights(graph, weight) else None
        return {node: nx.closeness_centrality(graph, u=node, distance=distance) for node in wanted}
    g, order, weights = to_igraph(graph, weight)
    index = {node: i for i, node in enumerate(order)}
    vertices = [index[node] for node in wanted]
    distances = [1.0 / w for w in weights] if weights is not None else None
    raw = g.closeness(vertices=vertices, weights=distances, normalized=True)
    components = g.connected_components()
    sizes, membership = components.sizes(), components.membership
    scores = {}
    for node, vertex, value in zip(wanted, vertices, raw):
        reachable = sizes[membership[vertex]] - 1
        if n <= 1 or reachable == 0 or value is None or math.isnan(value):
            scores[node] = 0.0
        else:
            # igraph averages over reachable nodes only; networkx also weighs by the share reachable.
            scores[node] = value * reachable / (n - 1)
    return scores


@dataclass(frozen=True)
class Measure:
    """A registered centrality measure."""

    name: str
    function: Callable[..., Scores]
    help: str


#: Measures by name, in the order ``--measure all`` computes them.
MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("degree", degree, "share of the other actors an actor is linked to"),
        Measure("strength", strength, "sum of edge weights (shared agreements)"),
        Measure("betweenness", betweenness, "share of shortest paths through an actor (1/weight lengths)"),
        Measure("eigenvector", eigenvector, "linked to actors that are themselves central (weighted)"),
        Measure("pagerank", pagerank, "random-walk importance, damping 0.85 (weighted)"),
        Measure("closeness", closeness, "inverse mean distance to reachable actors, Wasserman-Faust scaled"),
    )
}


@dataclass
class Centralities:
    """Scores per measure and notes on how they were computed (sampling, engine)."""

    scores: dict[str, Scores] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def centralities(
    graph: Graph,
    measures: Iterable[str] = ("all",),
    *,
    weight: str | None = "weight",
    engine: str = "auto",
    k: int | None = None,
    seed: int = SEED,
) -> Centralities:
    """Compute several measures; ``"all"`` means every registered one.

    >>> result = centralities(nx.path_graph(3), ["degree", "pagerank"])
    >>> sorted(result.scores), result.notes[0]
    (['degree', 'pagerank'], 'engine: igraph')
    """
    names = list(MEASURES) if "all" in measures else list(dict.fromkeys(measures))
    unknown = [name for name in names if name not in MEASURES]
    if unknown:
        raise KgError(f"unknown measure {unknown[0]!r}: choose from {', '.join(MEASURES)}, all")
    result = Centralities(notes=[f"engine: {'igraph' if _use_igraph(engine) else 'networkx'}"])
    for name in names:
        result.scores[name] = MEASURES[name].function(graph, weight=weight, engine=engine, k=k, seed=seed)
    n = len(graph)
    if "betweenness" in names:
        sample = k if k is not None else (BETWEENNESS_SAMPLE if n > EXACT_BETWEENNESS_LIMIT else None)
        if sample is not None and sample < n:
            result.notes.append(f"betweenness: sampled from k={sample} sources of {n}, seed {seed}")
        else:
            result.notes.append(f"betweenness: exact over {n} nodes")
    return result
