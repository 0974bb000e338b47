"""``kg query`` and ``kg stats`` on a real store, through the real command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kg.cli import main
from kg.ingest import ingest
from kg.store import open_store

ARTICLE = "Title: Deal\nDate: 2024-11-14\n\nFAME signed a framework contract with Hyundai Rotem.\n"


@pytest.fixture
def store_path(tmp_path):
    (tmp_path / "001-deal.txt").write_text(ARTICLE)
    path = tmp_path / "store"
    with open_store(str(path), writable=True) as store:
        ingest(store, [tmp_path / "001-deal.txt"])
    return str(path)


SELECT = "SELECT ?id ?title WHERE { ?a dkg:sourceId ?id ; dkg:title ?title }"


def test_table_output_uses_predeclared_prefixes(runner, store_path):
    result = runner.invoke(main, ["query", SELECT, "--store", store_path])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "title"] and lines[2].split() == ["001-deal", "Deal"] and lines[-1] == "(1 row)"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_machine_formats(runner, store_path, fmt):
    result = runner.invoke(main, ["query", SELECT, "--format", fmt, "--store", store_path])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert list(csv.reader(io.StringIO(result.output))) == [["id", "title"], ["001-deal", "Deal"]]
    elif fmt == "json":
        bindings = json.loads(result.output)["results"]["bindings"]
        assert bindings == [{"id": {"type": "literal", "value": "001-deal"}, "title": {"type": "literal", "value": "Deal"}}]
    elif fmt == "tsv":
        assert result.output.splitlines()[0] == "?id\t?title"
    else:
        assert "<sparql" in result.output and "001-deal" in result.output


def test_query_from_file_and_stdin(runner, store_path, tmp_path):
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?a dkg:sourceId '001-deal' }")
    from_file = runner.invoke(main, ["query", "-f", str(query_file), "--store", store_path])
    from_stdin = runner.invoke(main, ["query", "-", "--store", store_path], input="ASK { ?a dkg:sourceId 'nope' }")
    assert (from_file.output.strip(), from_stdin.output.strip()) == ("true", "false")


def test_construct_as_ntriples_and_nquads(runner, store_path):
    query = "CONSTRUCT { ?a dkg:sourceId ?id } WHERE { ?a dkg:sourceId ?id }"
    nt = runner.invoke(main, ["query", query, "--format", "nt", "--store", store_path])
    assert nt.output.strip() == '<https://w3id.org/defense-kg/id/article/001-deal> ' \
        '<https://w3id.org/defense-kg/ontology#sourceId> "001-deal" .'
    turtle = runner.invoke(main, ["query", query, "--store", store_path])
    assert "dkg:sourceId" in turtle.output


def test_syntax_error_names_the_position_and_exits_1(runner, store_path):
    result = runner.invoke(main, ["query", "SELECT ?a WHERE {\n  ?a dkg:sourceId }", "--store", store_path])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error at line 2, column")
    assert len(result.output.strip().splitlines()) == 1


def test_missing_store_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no store here" in result.output


def test_stats_counts(runner, store_path):
    result = runner.invoke(main, ["stats", "--store", store_path])
    counts = dict(line.rsplit(None, 1) for line in result.output.splitlines())
    assert counts["articles"] == "1" and int(counts["triples"]) > 5


def test_ingest_command_reports_skips_and_fails_when_nothing_lands(runner, tmp_path):
    (tmp_path / "bad.txt").write_text("")
    result = runner.invoke(main, ["ingest", str(tmp_path / "bad.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "bad.txt: empty file" in result.output and "no article could be ingested" in result.output


def test_env_var_names_the_default_store(runner, store_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", store_path)
    result = runner.invoke(main, ["query", "ASK { ?a dkg:sourceId '001-deal' }"])
    assert result.output.strip() == "true"
