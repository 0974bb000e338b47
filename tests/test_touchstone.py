"""The questions the sample corpus must answer about the FAME / STX / Hyundai Rotem plant in Peru."""

from __future__ import annotations

import math

from kg.network import centralities, find_node, project
from kg.queries import run_named
from kg.sparql import run_query

ARTICLE = "https://w3id.org/defense-kg/id/article/001-peru-fame-hyundai-rotem-plant"


def _rows(store, sparql: str) -> list[tuple[str, ...]]:
    result = run_query(store, sparql)
    names = [v.value for v in result.variables]
    return [tuple(s[n].value if s[n] is not None else None for n in names) for s in result]


def test_parties_of_agreements_with_a_peruvian_party(sample_store):
    by_agreement: dict[str, set[str]] = {}
    for solution in run_named(sample_store, "party-evidence", {"country": "Peru"}):
        by_agreement.setdefault(solution["agreement"].value, set()).add(solution["party"].value)
    assert {"FAME", "STX Corporation", "Hyundai Rotem"} in [labels & {"FAME", "STX Corporation", "Hyundai Rotem"}
                                                            for labels in by_agreement.values()]


def test_provenance_gives_the_sentence_that_says_so(sample_store):
    rows = _rows(sample_store, f"""
        SELECT ?sentence ?modality WHERE {{
          GRAPH <{ARTICLE}> {{
            ?deal a dkg:Agreement ; dkg:agreementKind "framework" .
            ?st rdf:subject ?deal ; rdf:predicate dkg:party ; rdf:object ?party ; dkg:evidence ?s .
            ?party rdfs:label "Hyundai Rotem" .
            ?s dkg:text ?sentence ; dkg:modality ?modality .
          }}
        }}""")
    assert any("framework contract" in sentence and "Hyundai Rotem" in sentence for sentence, _ in rows)
    assert all("Hyundai Rotem" in sentence for sentence, _ in rows)  # each cited sentence states the fact
    assert {modality for _, modality in rows} == {"asserted"}


def test_who_signed_for_whom(sample_store):
    rows = _rows(sample_store, f"""
        SELECT ?person ?title ?org WHERE {{
          GRAPH <{ARTICLE}> {{
            ?deal a dkg:Agreement ; dkg:signatory ?p .
            ?p rdfs:label ?person ; dkg:holds ?position .
            ?position dkg:title ?title ; dkg:organization/rdfs:label ?org .
          }}
        }}""")
    assert {("Jorge Zapata Vargas", "FAME"), ("Lee Yong-bae", "Hyundai Rotem"), ("Park Sang-jun", "STX Corporation")} \
        <= {(person, org) for person, _, org in rows}


def test_where_the_plant_is(sample_store):
    rows = _rows(sample_store, f"""
        SELECT ?thing ?place WHERE {{
          GRAPH <{ARTICLE}> {{ ?t dkg:locatedIn ?p . ?t rdfs:label ?thing . ?p rdfs:label ?place }}
        }}""")
    assert ("Lurigancho-Chosica", "Lima") in rows


def test_firms_partnering_with_peru_and_the_centrality_of_hyundai_rotem(sample_store):
    graph = project(sample_store, "partners")
    rotem = find_node(graph, "Hyundai Rotem")
    fame = find_node(graph, "FAME")
    assert graph.has_edge(rotem, fame)
    assert graph.nodes[fame]["country"].endswith("/country/peru")
    scores = centralities(graph, ["degree", "pagerank", "betweenness"]).scores
    assert scores["degree"][rotem] > 0 and scores["pagerank"][rotem] > 1 / len(graph)
    ahead = [n for n in graph if scores["degree"][n] > scores["degree"][rotem]]
    assert len(ahead) < math.ceil(len(graph) / 10)  # among the top tenth of the network (ties share a rank)


def test_firm_facts_and_aspirations_are_told_apart(sample_store):
    rows = _rows(sample_store, f"""
        SELECT ?modality ?text WHERE {{ GRAPH <{ARTICLE}> {{ ?s a dkg:Sentence ; dkg:modality ?modality ; dkg:text ?text }} }}""")
    hedged = [text for modality, text in rows if modality == "hedged"]
    asserted = [text for modality, text in rows if modality == "asserted"]
    assert any("poised to" in t for t in hedged) and any("could lead to" in t for t in hedged)
    assert any("has signed a framework contract" in t for t in asserted)
    assert not any("poised to" in t or "could" in t for t in asserted)


def test_the_possible_follow_on_order_is_a_prospect_not_an_agreement(sample_store):
    rows = _rows(sample_store, f"""
        SELECT ?deal WHERE {{ GRAPH <{ARTICLE}> {{ ?deal a dkg:DealProspect ; dkg:status "planned" }} }}""")
    assert rows
