"""One registry of formats: a name means the same format to ``kg query``, ``kg serve`` and ``kg export``."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.export import lookup
from kg.formats import FORMATS, GRAPH, RESULTS, find_format
from kg.results import OUTPUT_NAMES, render_results
from kg.serve import GRAPH_TYPES, RESULT_TYPES
from kg.serve.negotiation import format_parameter
from kg.store import open_store

CONSTRUCT = "CONSTRUCT { <http://ex/a> <http://ex/b> 'c' } WHERE {}"


@pytest.mark.parametrize("name", [n for f in FORMATS.values() for n in f.names])
def test_every_name_finds_its_format_in_any_case(name):
    assert find_format(name.upper()) is find_format(name) is not None


@pytest.mark.parametrize("fmt", [f for f in FORMATS.values() if f.kind == GRAPH], ids=lambda f: f.name)
def test_each_graph_format_serves_query_serve_and_export_alike(fmt):
    with open_store("memory:") as store:
        for name in (fmt.name, *fmt.aliases):
            text = render_results(store.query(CONSTRUCT), name)
            assert [t.object.value for t in ox.parse(text.encode(), fmt.oxigraph)] == ["c"]
    for name in fmt.names:
        assert format_parameter([("format", name)], GRAPH_TYPES) == fmt.media_type
    assert set(fmt.media_types) <= set(GRAPH_TYPES)
    if fmt.name in ("ttl", "nt", "nq", "trig", "jsonld"):
        assert all(lookup(name).name == fmt.name for name in fmt.names)


@pytest.mark.parametrize("fmt", [f for f in FORMATS.values() if f.kind == RESULTS], ids=lambda f: f.name)
def test_each_results_format_serves_query_and_serve_alike(fmt):
    with open_store("memory:") as store:
        text = render_results(store.query("SELECT ?x WHERE { VALUES ?x { 1 } }"), fmt.name)
    if fmt.name == "csv":  # lossy: pyoxigraph does not read it back
        assert text.splitlines()[0] == "x"
    else:
        assert ox.parse_query_results(text.encode(), fmt.oxigraph).variables == [ox.Variable("x")]
    assert format_parameter([("format", fmt.name)], RESULT_TYPES) == fmt.media_type
    assert set(fmt.media_types) <= set(RESULT_TYPES)


def test_the_query_command_offers_every_registered_name():
    assert {n for f in FORMATS.values() for n in (f.name, *f.aliases)} <= set(OUTPUT_NAMES)
    result = CliRunner().invoke(main, ["query", "--format", "N-Triples", CONSTRUCT, "--store", "memory:"])
    assert result.exit_code == 0 and '"c"' in result.output, result.output


def test_a_results_format_for_a_graph_is_refused_naming_the_graph_formats():
    result = CliRunner().invoke(main, ["query", "--format", "csv", CONSTRUCT, "--store", "memory:"])
    assert result.exit_code == 1
    assert "not for CONSTRUCT/DESCRIBE results (use ttl, nt, nq, trig, jsonld, rdfxml)" in result.output


def test_the_oxigraph_binary_is_a_setting(tmp_path, monkeypatch):
    with open_store(str(tmp_path / "store"), writable=True):
        pass
    monkeypatch.setenv("KG_OXIGRAPH", str(tmp_path / "no-oxigraph-here"))
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"), "--port", "0"])
    assert result.exit_code == 1
    assert f"{tmp_path / 'no-oxigraph-here'}: cannot start the Oxigraph server" in result.output
