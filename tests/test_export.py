"""Exports: RDF formats re-parse, GEXF validates against the GEXF 1.3 schema, GraphML/CSV/JSON re-read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import network_fixtures as fixtures
import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
import xmlschema
from network_fixtures import EVIL, EVIL_NAME, FAME, PERU, ROTEM

from kg.cli import main
from kg.errors import KgError
from kg.export import FORMATS, export, format_names, lookup
from kg.export.graph import clean_attributes, write_gexf

network_store = fixtures.network_store
network_store_path = fixtures.network_store_path

GEXF_XSD = Path(__file__).parent / "data" / "gexf-1.3" / "gexf.xsd"
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


@pytest.fixture(scope="module")
def gexf_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(GEXF_XSD))


def _store_quads(store) -> set:
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    return set(ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS))


def test_registry_names_and_aliases():
    assert format_names() == ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv", "json"]
    assert lookup("turtle") is FORMATS["ttl"] is lookup("TEXT/TURTLE")
    assert lookup("application/ld+json").name == "jsonld"
    with pytest.raises(KgError, match="unknown export format 'xls'"):
        lookup("xls")


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_dataset_formats_keep_article_graphs(network_store, tmp_path, fmt):
    (path,) = export(network_store, fmt, tmp_path / f"out.{fmt}")
    quads = set(ox.parse(path.read_bytes(), RDF_FORMATS[fmt]))
    assert quads == _store_quads(network_store)
    assert len({q.graph_name for q in quads}) == 6


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_triple_formats_hold_the_union_graph(network_store, tmp_path, fmt):
    (path,) = export(network_store, fmt, tmp_path / f"out.{fmt}")
    triples = {
        ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path.read_bytes(), RDF_FORMATS[fmt])
    }
    assert triples == {ox.Triple(q.subject, q.predicate, q.object) for q in _store_quads(network_store)}
    if fmt == "ttl":
        assert "@prefix dkg: <https://w3id.org/defense-kg/ontology#> ." in path.read_text().splitlines()


def test_jsonld_uses_the_shipped_context_inline(network_store, tmp_path):
    (path,) = export(network_store, "jsonld", tmp_path / "out.jsonld")
    document = json.loads(path.read_text())
    context = document["@context"]
    assert isinstance(context, dict) and context["party"] == {"@id": "dkg:party", "@type": "@id"}
    shipped = json.loads((Path(__file__).parent.parent / "ontology" / "context.jsonld").read_text())[
        "@context"
    ]
    assert context == shipped
    # Compacted: terms from the context, not full IRIs.
    assert '"party"' in path.read_text() and "ontology#party" not in path.read_text()
    dataset = rdflib.Dataset()
    dataset.parse(data=path.read_text(), format="json-ld")  # the context is inline: nothing to fetch
    assert len(list(dataset.quads())) == len(_store_quads(network_store))


def test_gexf_validates_against_the_schema(network_store, tmp_path, gexf_schema):
    for projection in ("partners", "countries", "bipartite", "full"):
        (path,) = export(network_store, "gexf", tmp_path / f"{projection}.gexf", projection=projection)
        gexf_schema.validate(str(path))
    g = nx.read_gexf(tmp_path / "partners.gexf", version="1.3")
    assert g.nodes[ROTEM]["label"] == "Hyundai Rotem"
    assert g.edges[FAME, ROTEM]["weight"] == 2.0
    assert g.edges[FAME, ROTEM]["kinds"] == "framework; option"
    assert g.nodes[EVIL]["label"] == EVIL_NAME


def test_networkx_alone_writes_invalid_gexf_13(gexf_schema):
    g = nx.Graph([("a", "b")])
    plain = "\n".join(nx.generate_gexf(g, version="1.3"))
    assert not gexf_schema.is_valid(plain)  # the reason write_gexf post-processes
    fixed = io.BytesIO()
    write_gexf(g, fixed)
    assert gexf_schema.is_valid(fixed.getvalue().decode())


def test_gexf_schema_rejects_what_gephi_would(gexf_schema):
    bad = (
        '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes><node label="x"/></nodes>'
        "<edges/></graph></gexf>"
    )
    assert not gexf_schema.is_valid(bad)  # a node needs an id
    typed = bad.replace('<node label="x"/>', '<node id="a"/>').replace(
        "<graph>", '<graph><attributes class="node"><attribute id="0" title="t" type="list"/></attributes>'
    )
    assert not gexf_schema.is_valid(typed)  # no such attribute type


def test_graphml_reads_back_with_typed_flat_attributes(network_store, tmp_path):
    (path,) = export(network_store, "graphml", tmp_path / "out.graphml")
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == 9 and g.number_of_edges() == 14
    assert g.nodes[FAME] == {"label": "FAME", "class": "Company", "country": PERU, "degree": 5}
    edge = g.edges[FAME, ROTEM]
    assert edge["weight"] == 2 and edge["dates"] == "2024-11; 2025-01-10"
    assert "None" not in path.read_text()


def test_csv_writes_nodes_and_edges_files(network_store, tmp_path):
    written = export(network_store, "csv", tmp_path / "net.csv", projection="countries")
    assert [p.name for p in written] == ["net.nodes.csv", "net.edges.csv"]
    nodes = list(csv.DictReader(written[0].open()))
    edges = list(csv.DictReader(written[1].open()))
    assert list(nodes[0])[:5] == ["id", "label", "class", "country", "degree"]
    assert {n["label"] for n in nodes} == {"Peru", "South Korea", "Poland"}
    assert list(edges[0])[:3] == ["source", "target", "weight"]
    assert sorted(e["weight"] for e in edges) == ["2", "2"]


def test_json_node_link(network_store, tmp_path):
    (path,) = export(network_store, "json", tmp_path / "out.json", center="Peru")
    g = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    assert g.number_of_nodes() == 5
    assert g.graph["ego"] == PERU


def test_clean_attributes_flattens_and_unifies_types():
    g = nx.Graph()
    g.add_node("a", n=1, x=1, flag=True, tags=["b", "a"], none=None, start="2020")
    g.add_node("b", n=2, x=2.5, flag=False, tags=set())
    g.add_edge("a", "b", weight=3, kinds=("mou",), label="x", id=7)
    clean = clean_attributes(g)
    assert clean.nodes["a"] == {
        "n": 1,
        "x": 1.0,
        "flag": True,
        "tags": "b; a",
        "start_": "2020",
        "label": "a",
    }
    assert clean.nodes["b"]["tags"] == "" and isinstance(clean.nodes["b"]["x"], float)
    assert clean.edges["a", "b"] == {"weight": 3, "kinds": "mou", "label_": "x", "id_": 7}
    assert g.nodes["a"]["tags"] == ["b", "a"]  # the original is untouched


def test_export_errors(network_store, tmp_path):
    with pytest.raises(KgError, match="cannot be written to standard output"):
        export(network_store, "csv", "-", stream=io.BytesIO())
    with pytest.raises(KgError, match="cannot write"):
        export(network_store, "nt", tmp_path / "missing" / "out.nt")


def test_cli_export_every_format(runner, network_store_path, tmp_path):
    for name in FORMATS:
        out = tmp_path / f"all.{name}"
        result = runner.invoke(
            main, ["export", "--store", network_store_path, "--format", name, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"all.{n}" for n in FORMATS if n != "csv"] + ["all.nodes.csv", "all.edges.csv"]
    )


def test_cli_export_stdout_and_usage_errors(runner, network_store_path):
    nt = runner.invoke(main, ["export", "--store", network_store_path, "--format", "ntriples", "-o", "-"])
    assert nt.exit_code == 0 and "<https://w3id.org/defense-kg/id/company/fame>" in nt.output
    graphml = runner.invoke(
        main, ["export", "--store", network_store_path, "--format", "graphml", "-o", "-", "--kind", "mou"]
    )
    assert graphml.exit_code == 0 and graphml.output.count("<node ") == 2
    csv_out = runner.invoke(main, ["export", "--store", network_store_path, "--format", "csv", "-o", "-"])
    assert csv_out.exit_code == 2 and "two files" in csv_out.output
    unknown = runner.invoke(main, ["export", "--store", network_store_path, "--format", "xls", "-o", "x"])
    assert unknown.exit_code == 2 and "choose from ttl" in unknown.output
