"""Centrality against hand-computed values, igraph against networkx, communities, write-back and the CLI."""

from __future__ import annotations

import json
import math
import random

import network_fixtures as fixtures
import networkx as nx
import pytest
from network_fixtures import FAME, PERU, ROTEM

from kg.cli import main
from kg.errors import KgError
from kg.network import centralities, louvain, network, project, write_scores
from kg.network.centrality import (
    MEASURES,
    betweenness,
    closeness,
    degree,
    eigenvector,
    pagerank,
    strength,
    to_igraph,
)
from kg.store import open_store

ENGINES = ("igraph", "networkx")

network_store = fixtures.network_store
network_store_path = fixtures.network_store_path


def approx(expected: dict, rel: float = 1e-6) -> object:
    return pytest.approx(expected, rel=rel, abs=1e-9)


@pytest.fixture
def path4() -> nx.Graph:
    return nx.path_graph(["a", "b", "c", "d"])


@pytest.fixture
def star() -> nx.Graph:
    return nx.star_graph(["hub", "x", "y", "z"])


@pytest.mark.parametrize("engine", ENGINES)
def test_path_by_hand(path4, engine):
    # Of the 3 pairs not involving b, (a,c) and (a,d) pass through b: 2/3.
    assert betweenness(path4, engine=engine) == approx({"a": 0, "b": 2 / 3, "c": 2 / 3, "d": 0})
    # a is 1+2+3 = 6 steps from the others: 3/6; b is 1+1+2 = 4: 3/4.
    assert closeness(path4, engine=engine) == approx({"a": 0.5, "b": 0.75, "c": 0.75, "d": 0.5})
    assert degree(path4) == approx({"a": 1 / 3, "b": 2 / 3, "c": 2 / 3, "d": 1 / 3})


@pytest.mark.parametrize("engine", ENGINES)
def test_star_by_hand(star, engine):
    # PageRank: hub y = 0.15/4 + 0.85*3x and leaf x = 0.15/4 + 0.85*y/3 give y = 0.133125/0.2775.
    hub = 0.133125 / 0.2775
    leaf = (1 - hub) / 3
    assert pagerank(star, engine=engine) == approx({"hub": hub, "x": leaf, "y": leaf, "z": leaf}, rel=1e-5)
    # Largest eigenvalue sqrt(3): hub 1/sqrt(2), each leaf 1/sqrt(6), unit length.
    s2, s6 = 1 / math.sqrt(2), 1 / math.sqrt(6)
    assert eigenvector(star, engine=engine) == approx({"hub": s2, "x": s6, "y": s6, "z": s6}, rel=1e-6)
    assert betweenness(star, engine=engine)["hub"] == pytest.approx(1.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_disconnected_graph(engine):
    g = nx.path_graph(["a", "b", "c"])
    g.add_node("d")
    # Wasserman-Faust: b reaches 2 of 3 others at total distance 2: (2/2)*(2/3); a: (2/3)*(2/3).
    assert closeness(g, engine=engine) == approx({"a": 4 / 9, "b": 2 / 3, "c": 4 / 9, "d": 0.0})
    # Each component gets its own eigenvector, scaled by sqrt(size / non-isolated nodes); isolates score 0.
    g.add_edge("e", "f")
    scores = eigenvector(g, engine=engine)
    assert scores["d"] == 0.0
    assert scores["e"] == pytest.approx(math.sqrt(0.5) * math.sqrt(2 / 5))
    assert scores["b"] == pytest.approx(math.sqrt(0.5) * math.sqrt(3 / 5))
    assert sum(v * v for v in scores.values()) == pytest.approx(1.0)
    assert sum(pagerank(g, engine=engine).values()) == pytest.approx(1.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_weights_are_tie_strength(engine):
    # a-c is one weak tie (length 1/1); a-b-c are strong ties (length 1/4 each): the path goes through b.
    g = nx.Graph()
    g.add_edge("a", "b", weight=4)
    g.add_edge("b", "c", weight=4)
    g.add_edge("a", "c", weight=1)
    assert betweenness(g, engine=engine)["b"] == pytest.approx(1.0)
    assert betweenness(g, engine=engine, weight=None)["b"] == 0.0
    assert strength(g) == {"a": 5.0, "b": 8.0, "c": 5.0}
    assert closeness(g, engine=engine)["b"] == pytest.approx(1 / 0.25)


def _random_graph(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.gnm_random_graph(40, 70, seed=seed)
    g = nx.relabel_nodes(g, {n: f"https://x/{n}" for n in g})
    for u, v in g.edges():
        # Powers of two keep 1/weight path lengths exact, so ties break the same in both engines.
        g.edges[u, v]["weight"] = rng.choice([1, 2, 4])
    g.add_edge("https://x/p", "https://x/q", weight=2)  # a second component
    g.add_node("https://x/alone")
    return g


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("measure", list(MEASURES))
def test_igraph_equals_networkx(seed, measure):
    g = _random_graph(seed)
    fast = MEASURES[measure].function(g, engine="igraph")
    slow = MEASURES[measure].function(g, engine="networkx")
    assert fast == approx(slow, rel=1e-5 if measure == "pagerank" else 1e-6)


def test_sampled_betweenness_equals_networkx_with_the_same_seed():
    g = _random_graph(4)
    fast = betweenness(g, k=10, seed=7, engine="igraph")
    assert fast == approx(nx.betweenness_centrality(g, k=10, seed=7, weight=lambda u, v, d: 1 / d["weight"]))
    assert fast == approx(betweenness(g, k=10, seed=7, engine="networkx"))


def test_betweenness_samples_above_the_limit_and_says_so():
    g = _random_graph(5)
    exact = centralities(g, ["betweenness"])
    assert exact.notes[-1] == f"betweenness: exact over {len(g)} nodes"
    sampled = centralities(g, ["betweenness"], k=12, seed=3)
    assert sampled.notes[-1] == f"betweenness: sampled from k=12 sources of {len(g)}, seed 3"
    limited = betweenness(g, exact_limit=10, seed=3)  # k defaults to 256 > n: exact after all
    assert limited == approx(exact.scores["betweenness"])


def test_igraph_copy_is_cached_until_the_graph_changes():
    g = nx.path_graph(["a", "b", "c"])
    first = to_igraph(g)
    assert to_igraph(g) is first
    g.add_edge("c", "d")
    again = to_igraph(g)
    assert again is not first and again[0].vcount() == 4


def test_centralities_all_and_unknown():
    result = centralities(nx.path_graph(3))
    assert list(result.scores) == list(MEASURES)
    with pytest.raises(KgError, match="unknown measure"):
        centralities(nx.path_graph(3), ["fame"])
    with pytest.raises(KgError, match="unknown engine"):
        pagerank(nx.path_graph(3), engine="gpu")


def test_empty_graph():
    g = nx.Graph()
    assert all(MEASURES[m].function(g) == {} for m in MEASURES)


def test_louvain_is_seeded_and_numbers_largest_first():
    g = nx.Graph()
    nx.add_path(g, ["a1", "a2", "a3", "a4", "a1", "a3"])
    nx.add_path(g, ["b1", "b2", "b3", "b1"])
    g.add_edge("a1", "b1")
    first = louvain(g, seed=1)
    assert first == louvain(g, seed=1)
    assert {n for n, c in first.items() if c == 0} == {"a1", "a2", "a3", "a4"}
    assert {n for n, c in first.items() if c == 1} == {"b1", "b2", "b3"}


def test_fixture_ranking_is_sensible(network_store):
    g = project(network_store, "partners")
    scores = centralities(g).scores
    for measure in ("degree", "betweenness", "pagerank", "closeness", "strength"):
        assert max(scores[measure], key=scores[measure].get) == ROTEM, measure
    assert scores["betweenness"][FAME] > scores["betweenness"][PERU] == 0.0


def test_scores_are_written_back_and_replaced(tmp_path):
    from network_fixtures import make_store

    path = make_store(tmp_path)
    with open_store(path, writable=True) as store:
        g = project(store, "partners")
        assert write_scores(store, {"pagerank": pagerank(g), "degree": degree(g)}, "partners") == 18
        assert write_scores(store, {"pagerank": {ROTEM: 0.5}}, "partners") == 1
        rows = list(
            store.query(
                "PREFIX dkg: <https://w3id.org/defense-kg/ontology#> "
                "SELECT ?m (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/defense-kg/id/graph/scores> "
                "{ ?e dkg:score ?s . ?s a dkg:Score ; dkg:measure ?m ; dkg:projection 'partners' ; "
                "dkg:scoreValue ?v } } GROUP BY ?m ORDER BY ?m"
            )
        )
        assert [(r["m"].value, int(r["n"].value)) for r in rows] == [("degree", 9), ("pagerank", 1)]
        # Article graphs are untouched.
        assert project(store, "partners").number_of_edges() == 14


def test_cli_centrality_all(runner, network_store_path):
    result = runner.invoke(
        main, ["centrality", "--store", network_store_path, "--measure", "all", "--top", "3"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# partners: 9 nodes, 14 edges"
    assert "betweenness: exact over 9 nodes" in result.output
    assert lines[5].split()[1:3] == ["Hyundai", "Rotem"]
    assert len([line for line in lines if not line.startswith("#")]) == 2 + 3


def test_cli_centrality_json_csv_and_filters(runner, network_store_path):
    result = runner.invoke(
        main,
        [
            "centrality",
            "--store",
            network_store_path,
            "--measure",
            "pagerank",
            "--format",
            "json",
            "--ego",
            "Peru",
            "--top",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["rows"]) == 5 and set(data["rows"][0]) >= {"rank", "label", "node", "pagerank"}
    assert sum(r["pagerank"] for r in data["rows"]) == pytest.approx(1.0)
    csv_out = runner.invoke(
        main,
        [
            "centrality",
            "--store",
            network_store_path,
            "--measure",
            "degree",
            "--format",
            "csv",
            "--projection",
            "countries",
        ],
    )
    assert csv_out.output.splitlines()[0] == "rank,label,class,country,node,degree"
    assert csv_out.output.splitlines()[1].startswith("1,South Korea,Country")


def test_cli_errors(runner, network_store_path):
    bad_date = runner.invoke(main, ["centrality", "--store", network_store_path, "--since", "2024-13"])
    assert bad_date.exit_code == 2 and "not a month" in bad_date.output
    missing = runner.invoke(main, ["centrality", "--store", network_store_path, "--ego", "Atlantis"])
    assert missing.exit_code == 1 and "no such node" in missing.output


def test_cli_communities_write(runner, tmp_path):
    from network_fixtures import make_store

    path = make_store(tmp_path)
    result = runner.invoke(main, ["communities", "--store", path, "--write", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "community,size,label,class,country,node"
    with open_store(path) as store:
        count = store.query(
            "PREFIX dkg: <https://w3id.org/defense-kg/ontology#> "
            "SELECT (COUNT(*) AS ?n) WHERE { ?e dkg:score ?s . ?s dkg:measure 'louvain' }"
        )
        assert int(next(iter(count))["n"].value) == 9


def test_a_network_scores_as_its_networkx_graph(sample_store):
    """The igraph graph built from the rows lists edges as the networkx conversion does: the same numbers."""
    net = network(sample_store, "partners")
    graph = net.to_networkx()
    assert net.number_of_edges() > 50
    assert pagerank(net) == approx(pagerank(graph), rel=1e-12)  # PRPACK varies by ~1e-15 between calls
    assert strength(net) == strength(graph) and degree(net) == approx(degree(graph))
    assert eigenvector(net) == approx(eigenvector(graph), rel=1e-9)
    assert betweenness(net) == approx(betweenness(graph), rel=1e-9)
    assert closeness(net, nodes=list(net)[:20]) == approx(closeness(graph, nodes=list(net)[:20]), rel=1e-9)
    assert pagerank(net, engine="networkx") == approx(pagerank(graph), rel=1e-5)
    assert louvain(net) == louvain(graph) == louvain(project(sample_store, "partners"))
