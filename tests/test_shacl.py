"""Every article graph of the ingested sample corpus conforms to ontology/shapes.ttl."""

from __future__ import annotations

import io

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Dataset, Graph

from kg.vocab import ontology_path


def test_sample_corpus_graphs_pass_shacl(sample_store):
    out = io.BytesIO()
    sample_store.dump(out, ox.RdfFormat.N_QUADS)
    data = Dataset()
    data.parse(data=out.getvalue().decode(), format="nquads")
    assert len(list(data.graphs())) > 30
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    ontology = Graph().parse(ontology_path())
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, report


def test_shapes_catch_a_broken_graph():
    data = Graph().parse(
        data="""
        @prefix dkg: <https://w3id.org/defense-kg/ontology#> .
        <urn:x:deal> a dkg:Agreement ; dkg:agreementKind "handshake" ; dkg:status "signed" .
        """,
        format="turtle",
    )
    conforms, _, report = validate(data, shacl_graph=Graph().parse(ontology_path("shapes.ttl")))
    assert not conforms
    assert "agreementKind" in report and "party" in report
