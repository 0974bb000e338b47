"""Projections of the store into networkx graphs: partners, countries, bipartite, full, filters, ego."""

from __future__ import annotations

import network_fixtures as fixtures
import networkx as nx
import pytest
from network_fixtures import (
    EVIL,
    FAME,
    HANWHA,
    KOREA,
    NAVANTIA,
    PERU,
    POLAND,
    POLAND_MND,
    ROTEM,
    STX,
)

from kg.errors import KgError
from kg.network import Filters, Network, edge_evidence, ego, evidence, find_node, network, project

network_store = fixtures.network_store
network_store_path = fixtures.network_store_path


def test_partners_links_parties_of_the_same_agreement(network_store):
    g = project(network_store, "partners")
    assert set(g) == {FAME, ROTEM, STX, HANWHA, EVIL, PERU, KOREA, POLAND, POLAND_MND}
    assert g.number_of_edges() == 14
    # Hyundai Rotem and Peru are connected through the FAME agreement.
    assert g.has_edge(ROTEM, PERU)
    assert g.edges[ROTEM, PERU]["agreements"] == ["https://w3id.org/defense-kg/id/article/001-fame/deal/1"]
    shared = g.edges[FAME, ROTEM]
    assert shared["weight"] == 2
    assert shared["kinds"] == ["framework", "option"]
    assert shared["dates"] == ["2024-11", "2025-01-10"]


def test_partners_ignores_prospects_literals_and_types(network_store):
    g = project(network_store, "partners")
    # Navantia only appears in a deal prospect and shares a founding year and a class with FAME.
    assert NAVANTIA not in g
    assert not g.has_edge(FAME, STX) or g.edges[FAME, STX]["weight"] == 1
    assert all(isinstance(n, str) and n.startswith("https://") for n in g)


def test_node_attributes(network_store):
    g = project(network_store, "partners")
    assert g.nodes[FAME] == {
        "label": "FAME",
        "class": "Company",
        "country": PERU,
        "degree": 5,
    }
    assert g.nodes[PERU]["country"] == PERU  # a country is its own country
    assert g.nodes[EVIL]["country"] == ""
    assert g.nodes[POLAND_MND]["class"] == "GovernmentBody"


def test_countries_lift_parties_to_their_countries(network_store):
    g = project(network_store, "countries")
    assert set(g) == {PERU, KOREA, POLAND}
    assert {(u, v): w for u, v, w in g.edges(data="weight")} in (
        {(PERU, KOREA): 2, (KOREA, POLAND): 2},
        {(KOREA, PERU): 2, (KOREA, POLAND): 2},
        {(PERU, KOREA): 2, (POLAND, KOREA): 2},
        {(KOREA, PERU): 2, (POLAND, KOREA): 2},
    )
    assert nx.number_of_selfloops(g) == 0  # the Rotem–Hanwha MoU is Korean on both sides


def test_bipartite_actors_and_agreements(network_store):
    g = project(network_store, "bipartite")
    agreements = [n for n, b in g.nodes(data="bipartite") if b == 1]
    assert len(agreements) == 6
    assert all(g.nodes[a]["class"] == "Agreement" for a in agreements)
    assert nx.is_bipartite(g)
    assert g.number_of_edges() == 5 + 2 + 2 + 2 + 2 + 2


def test_full_has_entity_links_but_no_articles_or_literals(network_store):
    g = project(network_store, "full")
    k2 = "https://w3id.org/defense-kg/id/product/k2"
    assert g.edges[ROTEM, k2]["predicates"] == ["manufacturer"]
    assert g.has_edge(FAME, PERU) and "country" in g.edges[FAME, PERU]["predicates"]
    assert not any("/article/" in n and "/deal/" not in n for n in g)
    assert not any("/sentence/" in n or "/statement/" in n for n in g)
    # The deal prospect is an entity of the full graph, with its dkg:involves links.
    assert g.has_edge(NAVANTIA, "https://w3id.org/defense-kg/id/article/004-mou/deal/2")


@pytest.mark.parametrize(
    ("filters", "edges"),
    [
        (Filters(kinds=frozenset({"mou"})), {(ROTEM, HANWHA)}),
        (Filters(until="2022"), {(ROTEM, POLAND_MND), (HANWHA, POLAND)}),
        (Filters(since="2023", until="2023-12"), {(FAME, EVIL)}),
        # An agreement dated only "2024-11" overlaps a window opening on 2024-11-20.
        (Filters(since="2024-11-20", kinds=frozenset({"framework"})), None),
    ],
)
def test_date_and_kind_filters(network_store, filters, edges):
    g = project(network_store, "partners", filters)
    if edges is None:
        assert g.number_of_edges() == 10 and g.edges[FAME, ROTEM]["weight"] == 1
    else:
        assert {frozenset(e) for e in g.edges()} == {frozenset(e) for e in edges}


def test_country_filter_keeps_agreements_with_a_party_of_that_country(network_store):
    by_label = project(network_store, "partners", Filters(countries=frozenset({"Poland"})))
    assert {frozenset(e) for e in by_label.edges()} == {
        frozenset((ROTEM, POLAND_MND)),
        frozenset((HANWHA, POLAND)),
    }
    by_iri = project(network_store, "partners", Filters(countries=frozenset({PERU})))
    assert by_iri.has_edge(FAME, EVIL) and not by_iri.has_edge(ROTEM, POLAND_MND)
    with pytest.raises(KgError, match="no such country"):
        project(network_store, "partners", Filters(countries=frozenset({"Atlantis"})))


def test_type_filter_keeps_actors_of_a_class(network_store):
    g = project(network_store, "partners", Filters(types=frozenset({"Company"})))
    assert {g.nodes[n]["class"] for n in g} == {"Company"}
    assert g.has_edge(FAME, ROTEM)


def test_bad_dates_are_rejected():
    with pytest.raises(KgError, match="expected YYYY"):
        Filters(since="last year")
    with pytest.raises(KgError, match="not a month"):
        Filters(until="2024-13")


def test_ego_network(network_store):
    g = project(network_store, "partners")
    one = ego(g, "Peru", 1)
    assert set(one) == {PERU, FAME, STX, ROTEM, KOREA}
    assert one.nodes[PERU]["degree"] == 4
    two = project(network_store, "partners", center=PERU, radius=2)
    assert set(two) == set(one) | {EVIL, HANWHA, POLAND_MND}
    assert set(ego(g, "peru", 0)) == {PERU}


def test_find_node_by_label_slug_or_iri(network_store):
    g = project(network_store, "partners")
    assert find_node(g, "hyundai rotem") == ROTEM
    assert find_node(g, "hyundai-rotem") == ROTEM
    assert find_node(g, ROTEM) == ROTEM
    with pytest.raises(KgError, match="no such node"):
        find_node(g, "Lockheed")


def test_unknown_projection(network_store):
    with pytest.raises(KgError, match="unknown projection"):
        project(network_store, "everything")


def test_evidence_sentences_with_their_articles(network_store):
    found = evidence(network_store, [ROTEM, EVIL, PERU])
    assert found[ROTEM] == [
        {
            "text": "FAME, STX and Hyundai Rotem signed a framework agreement with Peru and South Korea.",
            "url": "https://example.org/news/fame-stx-rotem",
            "title": "FAME, STX and Hyundai Rotem sign with Peru",
        }
    ]
    assert found[EVIL][0]["text"].startswith("<img src=x")
    assert PERU not in found


def test_empty_store_gives_empty_graphs(tmp_path):
    from kg.store import open_store

    with open_store(str(tmp_path / "empty"), writable=True) as store:
        for name in ("partners", "countries", "bipartite", "full"):
            assert project(store, name).number_of_nodes() == 0


def _per_agreement(store, view: str, lift) -> nx.Graph:
    """The networkx graph projections built before they grouped in SPARQL: one row per agreement, linked in Python."""
    from kg.resolution.graph import RESOLUTION_GRAPH
    from kg.sparql import select_values

    if view == "resolved":
        query = f"""SELECT ?a ?k ?d ?p WHERE {{
          GRAPH {RESOLUTION_GRAPH} {{ ?a a dkg:Deal ; dkg:dealParty ?p OPTIONAL {{ ?a dkg:agreementKind ?k }}
                                      OPTIONAL {{ ?a dkg:dealDate ?d }} }}
          FILTER EXISTS {{ ?r a dkg:Agreement . GRAPH {RESOLUTION_GRAPH} {{ ?r dkg:canonicalDeal ?a }} }} }}"""
    else:
        query = """SELECT ?a ?k ?d ?p WHERE { ?a a dkg:Agreement ; dkg:party ?p . FILTER(isIRI(?p))
          OPTIONAL { ?a dkg:agreementKind ?k } OPTIONAL { ?a dkg:signedOn ?d } }"""
    agreements: dict[str, tuple[str, str, set[str]]] = {}
    for a, k, d, p in select_values(store, query):
        kind, date, parties = agreements.get(a, (k or "other", d, set()))
        agreements[a] = (kind, min(date, d) if date and d else date or d, parties | {p})
    graph = nx.Graph()
    for a in sorted(agreements):
        kind, date, parties = agreements[a]
        nodes = sorted({lift(p) for p in parties} - {""})
        graph.add_nodes_from(nodes)
        for i, u in enumerate(nodes):
            for v in nodes[i + 1 :]:
                if not graph.has_edge(u, v):
                    graph.add_edge(u, v, weight=0, agreements=[], kinds=[], dates=[])
                data = graph.edges[u, v]
                data["weight"] += 1
                data["agreements"].append(a)
                data["kinds"].append(kind)
                data["dates"].append(date)
    return graph


@pytest.mark.parametrize("view", ["resolved", "raw"])
def test_rows_per_edge_give_the_graph_rows_per_agreement_gave(sample_store, view):
    """Same nodes in the same order, same edges in the same order with the same lists, on the sample corpus."""
    partners = project(sample_store, "partners", Filters(view=view))
    expected = _per_agreement(sample_store, view, lambda p: p)
    assert partners.number_of_edges() > 50
    assert list(partners) == list(expected)
    assert [
        (u, v, {k: d[k] for k in ("weight", "agreements", "kinds", "dates")})
        for u, v, d in partners.edges(data=True)
    ] == list(expected.edges(data=True))
    countries = project(sample_store, "countries", Filters(view=view))
    lifted = _per_agreement(
        sample_store, view, lambda p: partners.nodes[p]["country"] if p in partners else ""
    )
    assert list(countries) == list(lifted)
    assert countries.number_of_edges() > 10
    assert [
        (u, v, {k: d[k] for k in ("weight", "agreements", "kinds", "dates")})
        for u, v, d in countries.edges(data=True)
    ] == list(lifted.edges(data=True))


def test_network_is_the_projection_as_rows(network_store):
    net = network(network_store, "partners")
    g = project(network_store, "partners")
    assert isinstance(net, Network) and list(net) == list(g)
    assert net.nodes == dict(g.nodes(data=True))
    assert list(net.to_networkx().edges(data=True)) == list(g.edges(data=True))
    again = Network.from_networkx(g)
    assert list(again.to_networkx().edges(data=True)) == list(g.edges(data=True))
    sub = net.subgraph([FAME, ROTEM, PERU])
    assert list(sub) == [n for n in net if n in {FAME, ROTEM, PERU}]
    assert {frozenset(e) for e in sub.to_networkx().edges()} == {
        frozenset(e) for e in g.subgraph([FAME, ROTEM, PERU]).edges()
    }
    assert ego(net, "Peru", 1).nodes[PERU]["degree"] == 4


def test_edge_evidence_quotes_the_deal_naming_both_ends(sample_store):
    g = project(sample_store, "partners")
    found = edge_evidence(sample_store, g.edges(data=True))
    assert len(found) == g.number_of_edges()
    u, v = next(
        (u, v) for u, v in found if {g.nodes[u]["label"], g.nodes[v]["label"]} == {"FAME", "Hyundai Rotem"}
    )
    first = found[(u, v)][0]
    assert "FAME" in first["text"] and "Hyundai Rotem" in first["text"] and first["url"].startswith("http")
    assert all(1 <= len(quotes) <= 3 for quotes in found.values())
    assert len(edge_evidence(sample_store, g.edges(data=True), most=5)) == 5
