"""Named competency queries: expected rows on an embedded store and on a real Oxigraph server alike."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest_sparql import load_sample, oxigraph_server, sample_store_on_disk

from kg.cli import main
from kg.errors import DataError, QueryError
from kg.queries import bind_parameters, load_queries, named_query, run_named
from kg.results import compact
from kg.sparql import query_form, service_targets
from kg.store import open_store

INJECTION = 'x" } ; DROP ALL ; #'
PERU_DEAL, PROSPECT = "dkgid:article/001-peru-k2/deal/1", "dkgid:article/001-peru-k2/deal/2"
POLAND_DEAL, POLAND_EXPORT = "dkgid:article/002-poland-k9/deal/1", "dkgid:article/002-poland-k9/deal/2"

#: name -> (parameters, selected columns, expected rows in order)
EXPECTED = {
    "partners": ({"org": "hyundai ROTEM"}, ("label", "agreements"), [("FAME", "1"), ("Poland", "1"),
                                                                        ("STX Corporation", "1")]),
    "country-agreements": ({"country": "Peru", "from": "2024", "to": "2024"}, ("agreement", "partyLabel"),
                           [(PERU_DEAL, "FAME"), (PERU_DEAL, "Hyundai Rotem"), (PERU_DEAL, "STX Corporation")]),
    "signatories": ({"firm": "Fábrica de Armas y Municiones del Ejército"}, ("name", "title", "date"),
                    [("Cesar Alvarez", "General Manager", "2024-11-14")]),
    "firm-sites": ({"firm": "FAME"}, ("siteLabel", "placeLabel"),
                   [("FAME plant", "Lima"), ("FAME plant", "Lurigancho-Chosica")]),
    "products": ({}, ("productLabel", "makerLabel", "buyerLabel"),
                 [("K2", "Hyundai Rotem", "FAME"), ("K2", "Hyundai Rotem", "Poland"),
                  ("K2", "Hyundai Rotem", "STX Corporation"), ("K9", "Hanwha Aerospace", "Polish Armament Agency")]),
    "organizations-by-agreements": ({}, ("label", "agreements"),
                                    [("Hyundai Rotem", "2"), ("FAME", "1"), ("Hanwha Aerospace", "1"),
                                     ("Poland", "1"), ("Polish Armament Agency", "1"), ("STX Corporation", "1")]),
    "undated-agreements": ({}, ("agreement", "kind", "sourceId"), [(POLAND_EXPORT, "export", "002-poland-k9")]),
    "evidence": ({"entity": "K9"}, ("predicate", "object", "sourceId"),
                 [("rdf:type", "dkg:Product", "002-poland-k9"),
                  ("dkg:manufacturer", "dkgid:company/hanwha-aerospace", "002-poland-k9")]),
    "article-entities": ({"article": "002-poland-k9"}, ("label", "type"),
                         [("Hanwha Aerospace", "dkg:Company"), ("Hyundai Rotem", "dkg:Company"),
                          ("Poland", "dkg:Country"), ("South Korea", "dkg:Country"),
                          ("Polish Armament Agency", "dkg:GovernmentBody"), ("K2", "dkg:Product"),
                          ("K9", "dkg:Product")]),
    "newest-agreements": ({}, ("agreement", "date", "kind"),
                          [(PERU_DEAL, "2024-11-14", "framework"), (POLAND_DEAL, "2022-08-26", "contract")]),
    "supplier-buyers": ({"supplier": "Republic of Korea"}, ("buyerLabel", "agreements"),
                        [("Poland", "2"), ("Peru", "1")]),
    "deal-prospects": ({}, ("kind", "involvedLabel"), [("export", "Hyundai Rotem"), ("export", "Peru")]),
    "positions": ({"org": "hyundai rotem"}, ("name", "title"), [("Lee Yong-bae", "CEO")]),
    "agreements-by-year": ({}, ("year", "kind", "agreements"), [("2022", "contract", "1"), ("2024", "framework", "1")]),
    "companies-of-country": ({"country": "South Korea"}, ("label", "agreements"),
                             [("Hyundai Rotem", "2"), ("Hanwha Aerospace", "1")]),
    "hedged-statements": ({}, ("subject", "predicate", "object"),
                          [(PROSPECT, "rdf:type", "dkg:DealProspect"), (PROSPECT, "dkg:agreementKind", "export"),
                           (PROSPECT, "dkg:concerns", "dkgid:product/k2"),
                           (PROSPECT, "dkg:involves", "dkgid:company/hyundai-rotem"),
                           (PROSPECT, "dkg:involves", "dkgid:country/peru"), (PROSPECT, "dkg:status", "negotiating")]),
    "agreement-details": ({"entity": "Hanwha Aerospace"}, ("agreement", "kind", "value", "currency", "concerns"),
                          [(POLAND_DEAL, "contract", "2400000000", "USD", "K9")]),
    "articles-mentioning": ({"entity": "k2"}, ("sourceId", "published"),
                            [("001-peru-k2", "2024-11-14"), ("002-poland-k9", "2022-08-26")]),
    "top-actors": ({}, ("label", "projection", "value"),
                   [("Hyundai Rotem", "partners", "0.4"), ("FAME", "partners", "0.2")]),
}


@pytest.fixture(scope="module")
def embedded_path(tmp_path_factory):
    return sample_store_on_disk(tmp_path_factory.mktemp("queries"))


@pytest.fixture(scope="module")
def remote_url(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("remote") / "oxigraph") as base:
        with open_store(base, writable=True) as store:
            load_sample(store)
        yield base


@pytest.fixture(params=["embedded", "remote"])
def store_uri(request, embedded_path, remote_url):
    return str(embedded_path) if request.param == "embedded" else remote_url


def rows(result, columns) -> list[tuple[str, ...]]:
    return [tuple(compact(row[c]) for c in columns) for row in result]


def triple_count(store) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def test_library_holds_at_least_fifteen_documented_queries():
    queries = load_queries()
    assert len(queries) >= 15
    assert set(EXPECTED) <= set(queries)
    for query in queries.values():
        assert query.description and query_form(query.text) == "SELECT", query.name
        assert all(p.help for p in query.parameters), query.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_rows(store_uri, name):
    params, columns, expected = EXPECTED[name]
    with open_store(store_uri) as store:
        assert rows(run_named(store, name, params), columns) == expected


def test_every_query_gives_the_same_answer_on_both_stores(embedded_path, remote_url):
    with open_store(str(embedded_path)) as embedded, open_store(remote_url) as remote:
        for name in load_queries():
            params = EXPECTED.get(name, ({},))[0]
            left, right = run_named(embedded, name, params), run_named(remote, name, params)
            columns = [v.value for v in left.variables]
            assert [v.value for v in right.variables] == columns, name
            assert rows(left, columns) == rows(right, columns), name


@pytest.mark.parametrize("name,param", [("partners", "org"), ("article-entities", "article"),
                                        ("positions", "org")])
def test_injected_text_matches_nothing_and_changes_nothing(store_uri, name, param):
    with open_store(store_uri) as store:
        before = triple_count(store)
        assert list(run_named(store, name, {param: INJECTION})) == []
        assert triple_count(store) == before > 0


def test_bound_text_keeps_the_value_a_single_literal():
    query = named_query("partners")
    text = bind_parameters(query, {"org": INJECTION})
    assert 'VALUES (?org) { ("x\\" } ; DROP ALL ; #") }' in text
    assert query_form(text) == "SELECT" and service_targets(text) == []


def test_unset_parameter_takes_default_or_stays_unbound(store_uri):
    with open_store(store_uri) as store:
        assert len(list(run_named(store, "positions"))) == 2  # ?org UNDEF: every position
        assert rows(run_named(store, "deal-prospects", {"status": "cancelled"}), ["kind"]) == []


def test_typed_parameters(tmp_path):
    (tmp_path / "typed.rq").write_text(
        "# Things typed.\n# Parameters:\n#   thing (iri): an IRI\n#   n (integer, default 3): a number\n"
        "#   day (date): a date\nSELECT ?thing ?n ?day WHERE { }\n"
    )
    query = named_query("typed", tmp_path)
    text = bind_parameters(query, {"thing": "dkgid:company/fame", "day": "2024-11-14"})
    assert ('(<https://w3id.org/defense-kg/id/company/fame> "3"^^<http://www.w3.org/2001/XMLSchema#integer> '
            '"2024-11-14"^^<http://www.w3.org/2001/XMLSchema#date>)') in text
    with open_store("memory:") as store:
        [row] = list(store.query(text))
        assert row["thing"] == ox.NamedNode("https://w3id.org/defense-kg/id/company/fame")
    for bad in ({"thing": INJECTION}, {"thing": "x", "n": "three"}, {"thing": "x:y", "day": "14/11/2024"}):
        with pytest.raises(QueryError, match="parameter"):
            bind_parameters(query, bad)


def test_unknown_parameter_and_unknown_query_are_clear_errors():
    with pytest.raises(QueryError, match="unknown parameter colour .*it takes org"):
        bind_parameters(named_query("partners"), {"colour": "red"})
    with pytest.raises(QueryError, match="no named query 'nope' .*partners"):
        named_query("nope")


@pytest.mark.parametrize(
    "text,message",
    [
        ("SELECT * WHERE { }\n", "line 1: the query needs a header comment"),
        ("# Q.\n# Parameters:\n#   x: no type\nSELECT ?x WHERE { }\n", "line 3: expected '#   name"),
        ("# Q.\n# Parameters:\n#   x (colour): c\nSELECT ?x WHERE { }\n", "line 3: unknown type 'colour'"),
        ("# Q.\n# Parameters:\n#   y (string): y\nSELECT ?x WHERE { }\n", "parameter y is not a variable"),
        ("# Q.\n# Parameters:\n#   x (string): x\nSELECT ?x { }\n", "needs an explicit WHERE"),
    ],
)
def test_bad_query_file_names_the_file(tmp_path, text, message):
    (tmp_path / "bad.rq").write_text(text)
    with pytest.raises(DataError, match=message) as info:
        load_queries(tmp_path)
    assert str(tmp_path / "bad.rq") in str(info.value)


@pytest.mark.parametrize(
    "text,targets",
    [
        ("SELECT * { SERVICE <http://a/> { ?s ?p ?o } }", ["http://a/"]),
        ("SELECT * { service silent<http://a/>{ ?s ?p ?o } }", ["http://a/"]),
        ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", [None]),
        ("PREFIX e: <http://e/>\nSELECT * { SERVICE e:x { ?s ?p ?o } }", ["e:x"]),
        ('SELECT * { ?s ?p "SERVICE <http://a/>" }', []),
        ("SELECT * { ?s ?p '''\nSERVICE <http://a/>''' }", []),
        ("SELECT * { ?s ?p ?o } # SERVICE <http://a/>", []),
        ("SELECT * { ?s e:SERVICE ?o . ?service ?p ?o }", []),
        ('SELECT * { ?s ?p "a\\"" . SERVICE <http://a/> { } }', ["http://a/"]),
        ("SELECT * { FILTER(?a < ?b) SERVICE <http://a/> { } FILTER(?c > 1) }", ["http://a/"]),
    ],
)
def test_service_targets_skip_strings_comments_and_names(text, targets):
    assert service_targets(text) == targets


def test_query_form_tells_updates_and_queries_apart():
    assert query_form("BASE <http://b/> PREFIX a: <http://a/> DESCRIBE a:x") == "DESCRIBE"
    assert query_form("  # comment ASK\nINSERT DATA { <a> <b> <c> }") == "UPDATE"
    assert query_form("nonsense") is None


def test_cli_lists_and_runs_named_queries(embedded_path):
    runner = CliRunner()
    listing = runner.invoke(main, ["query", "--list"])
    assert listing.exit_code == 0, listing.output
    assert "partners" in listing.output and "org (string)" in listing.output
    result = runner.invoke(main, ["query", "--named", "partners", "--param", "org=Hyundai Rotem",
                                  "--format", "csv", "--store", str(embedded_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "https://w3id.org/defense-kg/id/company/fame,FAME,1",
        "https://w3id.org/defense-kg/id/country/poland,Poland,1",
        "https://w3id.org/defense-kg/id/company/stx-corporation,STX Corporation,1",
    ]
    bad = runner.invoke(main, ["query", "--named", "partners", "--param", "org", "--store", str(embedded_path)])
    assert bad.exit_code == 2 and "key=value" in bad.output


# -- the sample corpus, ingested by the real pipeline ------------------------------------------------

PERU_ARTICLE = "001-peru-fame-hyundai-rotem-plant"

#: name -> (parameters, selected columns, rows the answer must contain); facts stated in data/gold.
CORPUS_EXPECTED = {
    "partners": ({"org": "Hyundai Rotem"}, ("label",), {("FAME",), ("STX Corporation",)}),
    "country-agreements": ({"country": "Peru"}, ("partyLabel",), {("DAPA",), ("Hyundai Rotem",)}),
    "signatories": ({"firm": "FAME"}, ("name", "title"), {("Jorge Zapata Vargas", "General Manager")}),
    "firm-sites": ({"firm": "Korea Aerospace Industries"}, ("siteLabel", "placeLabel"),
                   {("Las Palmas Air Base", "Lima")}),
    "products": ({}, ("productLabel", "makerLabel"), {("F-16 Fighting Falcon", "Lockheed Martin"),
                                                       ("P-8 Poseidon", "Boeing")}),
    "organizations-by-agreements": ({}, ("label",), {("Hanwha Aerospace",), ("Hyundai Rotem",), ("Poland",)}),
    "undated-agreements": ({}, ("sourceId",), {(PERU_ARTICLE,)}),
    "evidence": ({"entity": "Hyundai Rotem"}, ("predicate", "sourceId"), {("rdf:type", PERU_ARTICLE)}),
    "claims": ({"entity": "Peru", "modality": "hedged"}, ("label", "sourceId"), {("Peru", "006-peru-k2-k9-fa50-talks")}),
    "article-entities": ({"article": PERU_ARTICLE}, ("label", "type"),
                         {("FAME", "dkg:Company"), ("Hyundai Rotem", "dkg:Company"), ("STX Corporation", "dkg:Company"),
                          ("Peru", "dkg:Country"), ("South Korea", "dkg:Country"), ("Lee Yong-bae", "dkg:Person")}),
    "newest-agreements": ({}, ("date", "kind"), {("2025-09-25", "contract"), ("2024-12-20", "contract")}),
    "supplier-buyers": ({"supplier": "South Korea"}, ("buyerLabel",), {("Peru",), ("Poland",), ("Malaysia",)}),
    "deal-prospects": ({"status": "planned"}, ("sourceId",), {(PERU_ARTICLE,)}),
    "positions": ({"org": "Hyundai Rotem"}, ("name", "title"), {("Lee Yong-bae", "CEO")}),
    "agreements-by-year": ({}, ("year", "kind"), {("2022", "contract"), ("2024", "contract")}),
    "companies-of-country": ({"country": "South Korea"}, ("label",),
                             {("Hyundai Rotem",), ("Hanwha Aerospace",), ("Korea Aerospace Industries",)}),
    "hedged-statements": ({}, ("sourceId",), {(PERU_ARTICLE,)}),
    "agreement-details": ({"entity": "Hindustan Aeronautics Limited"}, ("kind", "date", "placeLabel"),
                          {("contract", "2025-09-25", "Bengaluru")}),
    "articles-mentioning": ({"entity": "K9"}, ("sourceId",),
                            {("029-india-k9-vajra-larsen-toubro",), ("011-egypt-hanwha-k9-howitzers",),
                             ("015-poland-k2-k9-executive-contracts",), ("018-norway-k9-vidar-contract",)}),
    "top-actors": ({}, ("label",), {("Hanwha Aerospace",)}),
    "party-evidence": ({"country": "Peru"}, ("party", "sourceId"),
                       {("FAME", PERU_ARTICLE), ("STX Corporation", PERU_ARTICLE), ("Hyundai Rotem", PERU_ARTICLE)}),
    "actor-timeline": ({"actor": "FAME"}, ("kind", "reports"), {("contract", "2"), ("framework", "1")}),
    "resolved-evidence": ({"entity": "Saab"}, ("value", "chosen", "sourceId"),
                          {("dkgid:country/sweden", "true", "039-thailand-gripen-saab")}),
}


@pytest.fixture(scope="module")
def corpus_remote_url(tmp_path_factory):
    from conftest import CORPUS

    from kg.ingest import ingest

    with oxigraph_server(tmp_path_factory.mktemp("corpus-remote") / "oxigraph") as base:
        with open_store(base, writable=True) as store:
            ingest(store, [CORPUS])
        yield base


@pytest.fixture(scope="module")
def corpus_stores(sample_store_path, corpus_remote_url, tmp_path_factory):
    """The sample corpus in an embedded store and on a real Oxigraph server, PageRank written to both."""
    local = tmp_path_factory.mktemp("corpus-embedded") / "store"
    shutil.copytree(sample_store_path, local)
    for uri in (str(local), corpus_remote_url):
        result = CliRunner().invoke(main, ["centrality", "--measure", "pagerank", "--write", "--store", uri])
        assert result.exit_code == 0, result.output
    return {"embedded": str(local), "remote": corpus_remote_url}


def test_every_query_is_checked_on_the_corpus():
    assert set(CORPUS_EXPECTED) == set(load_queries())


@pytest.mark.parametrize("kind", ["embedded", "remote"])
@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_named_query_on_the_sample_corpus(corpus_stores, kind, name):
    params, columns, expected = CORPUS_EXPECTED[name]
    with open_store(corpus_stores[kind]) as store:
        found = set(rows(run_named(store, name, params), columns))
    assert expected <= found, expected - found


def test_corpus_answers_are_the_same_on_both_stores(corpus_stores):
    with open_store(corpus_stores["embedded"]) as embedded, open_store(corpus_stores["remote"]) as remote:
        for name, (params, _, _) in CORPUS_EXPECTED.items():
            left, right = run_named(embedded, name, params), run_named(remote, name, params)
            columns = [v.value for v in left.variables]
            left_rows, right_rows = rows(left, columns), rows(right, columns)
            if name == "top-actors":  # PageRank is computed afresh on each store: equal up to rounding
                left_rows = [r[:-1] + (round(float(r[-1]), 6),) for r in left_rows]
                right_rows = [r[:-1] + (round(float(r[-1]), 6),) for r in right_rows]
            assert left_rows == right_rows, name
