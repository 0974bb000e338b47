"""``kg serve`` as a real process on loopback, with SPARQLWrapper, curl and urllib as its clients."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.dom.minidom

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest_sparql import KG, free_port, running, sample_store_on_disk
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from kg.cli import main
from kg.serve import ServeConfig

TIMEOUT = 1.0
MAX_ROWS = 5
ALLOWED = "http://allowed.example"
AGREEMENTS = "SELECT ?a ?kind WHERE { ?a a dkg:Agreement ; dkg:agreementKind ?kind } ORDER BY ?a"
PRODUCTS = "CONSTRUCT { ?p dkg:manufacturer ?m } WHERE { ?p dkg:manufacturer ?m }"
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# No row ever comes out of the filter, so Oxigraph never reaches a point where it checks its own timeout.
CROSS_FILTERED = ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
                  "FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), STR(?l), 'x')) }")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return sample_store_on_disk(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def served(store_path):
    """A running ``kg serve`` process; yields (base URL, process)."""
    port = free_port()
    args = [str(KG), "serve", "--store", str(store_path), "--port", str(port), "--timeout", str(TIMEOUT),
            "--max-rows", str(MAX_ROWS), "--workers", "2", "--cors-origin", ALLOWED, "--quiet"]
    base = f"http://127.0.0.1:{port}"
    with running(args, f"{base}/query") as process:
        yield base, process


@pytest.fixture(scope="module")
def endpoint(served):
    return served[0] + "/query"


def request(url: str, data: bytes | None = None, method: str | None = None, **headers: str):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, method=method, headers={k.replace("_", "-"): v
                                                                          for k, v in headers.items()})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def get(endpoint: str, query: str, **headers: str):
    return request(f"{endpoint}?{urllib.parse.urlencode({'query': query})}", **headers)


def triple_count(endpoint: str) -> int:
    status, _, body = get(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                          Accept="application/sparql-results+json")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# -- SPARQLWrapper ------------------------------------------------------------------------------


def wrapper(endpoint: str, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(POST)
        client.setRequestMethod(method)
    return client


@pytest.mark.parametrize("method", [None, "urlencoded", POSTDIRECTLY])
def test_sparqlwrapper_select_json(endpoint, method):
    result = wrapper(endpoint, AGREEMENTS, JSON, method).query().convert()
    assert [b["kind"]["value"] for b in result["results"]["bindings"]] == ["framework", "contract", "export"]


def test_sparqlwrapper_select_xml_csv_tsv(endpoint):
    document = wrapper(endpoint, AGREEMENTS, XML).query().convert()
    assert isinstance(document, xml.dom.minidom.Document)
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == ["framework", "contract", "export"]
    csv_text = wrapper(endpoint, AGREEMENTS, CSV).query().convert().decode()
    assert csv_text.splitlines()[0] == "a,kind" and csv_text.splitlines()[1].endswith(",framework")
    tsv_text = wrapper(endpoint, AGREEMENTS, TSV).query().convert().decode()
    assert tsv_text.splitlines()[0] == "?a\t?kind" and tsv_text.splitlines()[1].endswith('\t"framework"')


def test_sparqlwrapper_ask(endpoint):
    assert wrapper(endpoint, "ASK { ?a a dkg:Agreement }", JSON).query().convert()["boolean"] is True
    assert wrapper(endpoint, "ASK { ?a a dkg:Nothing }", JSON).query().convert()["boolean"] is False


def test_sparqlwrapper_construct_turtle_and_jsonld(endpoint):
    turtle = wrapper(endpoint, PRODUCTS, TURTLE).query().convert()
    triples = set(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 2 and b"@prefix dkg:" in turtle
    graph = wrapper(endpoint, PRODUCTS, JSONLD).query().convert()  # rdflib parses the JSON-LD
    assert len(graph) == 2


def test_sparqlwrapper_update_is_forbidden(endpoint):
    before = triple_count(endpoint)
    client = wrapper(endpoint, "DROP ALL", JSON, "urlencoded")
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
    assert triple_count(endpoint) == before > 0


# -- curl -----------------------------------------------------------------------------------------

CURL = shutil.which("curl")


def curl(*args: str) -> tuple[int, str]:
    done = subprocess.run([CURL, "-s", "-o", "-", "-w", "\n%{http_code}", *args], capture_output=True, text=True,
                          timeout=30, check=True)
    body, _, code = done.stdout.rpartition("\n")
    return int(code), body


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
@pytest.mark.parametrize(
    "query,accept,check",
    [
        (AGREEMENTS, "application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"]) == 3),
        (AGREEMENTS, "application/sparql-results+xml", lambda b: b.count("<result>") == 3),
        (AGREEMENTS, "text/csv", lambda b: b.splitlines()[0] == "a,kind" and len(b.splitlines()) == 4),
        (AGREEMENTS, "text/tab-separated-values", lambda b: b.splitlines()[0] == "?a\t?kind"),
        (PRODUCTS, "text/turtle", lambda b: len(list(ox.parse(b, format=ox.RdfFormat.TURTLE))) == 2),
        (PRODUCTS, "application/n-triples", lambda b: len(b.strip().splitlines()) == 2),
        (PRODUCTS, "application/ld+json", lambda b: len(json.loads(b)) == 2),
    ],
)
def test_curl_gets_every_format(endpoint, query, accept, check):
    for args in (["-G", "--data-urlencode", f"query={query}"], ["--data-urlencode", f"query={query}"],
                 ["-H", "Content-Type: application/sparql-query", "--data-binary", query]):
        status, body = curl(*args, "-H", f"Accept: {accept}", endpoint)
        assert status == 200 and check(body), (args, body)


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_updates_get_403(endpoint, served):
    before = triple_count(endpoint)
    attempts = [
        ["--data-urlencode", "update=DROP ALL", endpoint],
        ["-H", "Content-Type: application/sparql-update", "--data-binary", "DROP ALL", endpoint],
        ["-G", "--data-urlencode", "update=DROP ALL", endpoint],
        ["-H", "Content-Type: application/sparql-update", "--data-binary", "DROP ALL", served[0] + "/update"],
        ["-X", "PUT", "-H", "Content-Type: application/n-triples", "--data-binary", "<a:a> <a:b> <a:c> .",
         served[0] + "/store?default"],
        ["-X", "DELETE", served[0] + "/store?default"],
        ["--data-urlencode", "query=LOAD <http://example.org/x>", endpoint],
    ]
    for args in attempts:
        status, body = curl(*args)
        assert status == 403 and "read-only" in body, args
    assert triple_count(endpoint) == before


# -- the guard: formats, limits, SERVICE, CORS, page ----------------------------------------------


def test_406_when_the_format_does_not_fit_the_query(endpoint):
    status, _, body = get(endpoint, AGREEMENTS, Accept="text/turtle")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = get(endpoint, PRODUCTS, Accept="text/csv")
    assert status == 406


def test_format_parameter_and_default_format(endpoint):
    status, headers, _ = request(f"{endpoint}?{urllib.parse.urlencode({'query': AGREEMENTS, 'format': 'csv'})}")
    assert status == 200 and headers.get_content_type() == "text/csv"
    status, headers, _ = get(endpoint, AGREEMENTS)
    assert headers.get_content_type() == "application/sparql-results+json"


def test_row_cap_cuts_and_says_so(endpoint):
    status, headers, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }", Accept="application/sparql-results+json")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert f"cut at {MAX_ROWS} rows" in headers["X-KG-Truncated"]
    status, headers, body = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", Accept="application/n-triples")
    assert len(body.decode().strip().splitlines()) == MAX_ROWS and headers["X-KG-Truncated"]
    status, headers, _ = get(endpoint, AGREEMENTS)
    assert headers["X-KG-Truncated"] is None


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


@pytest.mark.parametrize("query", [CROSS_COUNT, CROSS_FILTERED], ids=["count", "filtered"])
def test_cross_product_is_stopped_at_the_timeout_and_the_server_keeps_answering(endpoint, served, query):
    started = time.monotonic()
    status, _, body = get(endpoint, query)
    elapsed = time.monotonic() - started
    assert status == 503 and b"query stopped: it ran past the 1 s limit" in body
    assert elapsed < TIMEOUT + 3
    for _ in range(3):
        assert get(endpoint, "ASK { ?a a dkg:Agreement }")[0] == 200
    deadline = time.monotonic() + 10
    while len(_children(served[1].pid)) != 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # a killed worker is replaced in the background
    assert len(_children(served[1].pid)) == 2


def test_service_to_outside_addresses_is_refused(endpoint):
    for target in (f"<http://127.0.0.1:{free_port()}/sparql>", "?anywhere", "<http://example.org/sparql>"):
        status, _, body = get(endpoint, f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}")
        assert status == 403 and b"SERVICE" in body and b"refused" in body


def test_syntax_error_is_400_naming_the_users_line(endpoint):
    status, _, body = get(endpoint, "SELECT ?a WHERE {\n  ?a dkg:sourceId }")
    assert status == 400 and body.startswith(b"error at 2:")


def test_cors_only_for_the_named_origin(endpoint):
    _, headers, _ = get(endpoint, AGREEMENTS, Origin=ALLOWED)
    assert headers["Access-Control-Allow-Origin"] == ALLOWED
    _, headers, _ = get(endpoint, AGREEMENTS, Origin="http://elsewhere.example")
    assert headers["Access-Control-Allow-Origin"] is None
    status, headers, _ = request(endpoint, method="OPTIONS", Origin=ALLOWED,
                                 Access_Control_Request_Method="POST")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    _, headers, _ = request(endpoint, method="OPTIONS", Origin="http://elsewhere.example")
    assert headers["Access-Control-Allow-Origin"] is None and headers["Access-Control-Allow-Methods"] is None


def test_service_description(endpoint):
    status, headers, body = request(endpoint, Accept="text/turtle")
    assert status == 200 and headers.get_content_type() == "text/turtle"
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert ox.NamedNode(endpoint) in {t.object for t in triples if t.predicate.value == sd + "endpoint"}
    assert request(endpoint, Accept="application/ld+json")[0] == 200
    assert request(endpoint, Accept="text/html")[0] == 406


def test_query_page_works_offline(served):
    status, headers, body = request(served[0] + "/")
    page = body.decode()
    assert status == 200 and headers.get_content_type() == "text/html"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "PREFIX dkg: &lt;https://w3id.org/defense-kg/ontology#&gt;" in page
    assert 'value="partners"' in page


def test_predeclared_prefixes(endpoint):
    status, _, body = get(endpoint, "ASK { ?a a dkg:Agreement ; dkg:party dkgid:company\\/fame }")
    assert status == 200, body
    assert json.loads(body)["boolean"] is True


# -- one writer at a time ----------------------------------------------------------------------


def test_ingest_while_serving_is_refused_clearly(served, store_path, tmp_path):
    (tmp_path / "001-new.txt").write_text("FAME signed a contract with Hyundai Rotem.\n")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "001-new.txt"), "--store", str(store_path),
                                       "--no-progress"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "kg serve" in result.output and "Traceback" not in result.output
    reader = CliRunner().invoke(main, ["query", "ASK { ?a a dkg:Agreement }", "--store", str(store_path)])
    assert reader.output.strip() == "true"  # readers share the store with the server


def test_serve_refuses_what_it_cannot_serve(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert missing.exit_code == 1 and "no store here" in missing.output
    remote = runner.invoke(main, ["serve", "--store", "http://127.0.0.1:1/sparql"])
    assert remote.exit_code == 1 and "has its own SPARQL endpoint" in remote.output


def test_binds_loopback_by_default(tmp_path):
    assert ServeConfig(tmp_path).host == "127.0.0.1"


# -- measurement: the delegated server against Oxigraph alone and a pure-Python one ----------------
# Run with: pytest tests/test_server.py --benchmark-only --benchmark-group-by=param:query

PURE_PYTHON_SERVER = r'''
import sys, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        if "query" not in params:
            body, media = b"", "text/plain"
        else:
            result = store.query(params["query"], use_default_graph_as_union=True)
            if isinstance(result, ox.QueryTriples):
                body, media = ox.serialize(result, format=ox.RdfFormat.TURTLE) or b"", "text/turtle"
            else:
                body = result.serialize(format=ox.QueryResultsFormat.JSON)
                media = "application/sparql-results+json"
        self.send_response(200)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler).serve_forever()
'''

BENCH_QUERIES = {
    "ask": "ASK { ?a a <https://w3id.org/defense-kg/ontology#Agreement> }",
    "ranking": "PREFIX dkg: <https://w3id.org/defense-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
               "SELECT ?actor ?label (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dkg:Agreement ; dkg:party ?actor . "
               "?actor rdfs:label ?label } GROUP BY ?actor ?label ORDER BY DESC(?n) ?label",
    "rows-5000": "SELECT * WHERE { ?s ?p ?o } LIMIT 5000",
    "construct-2000": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2000",
}


@pytest.fixture(scope="module", params=["oxigraph", "kg-serve", "pure-python"])
def bench_endpoint(request, sample_store_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    import sys

    if request.param == "oxigraph":
        from conftest_sparql import OXIGRAPH

        args = [str(OXIGRAPH), "serve-read-only", "--location", str(sample_store_path), "--bind",
                f"127.0.0.1:{port}", "--union-default-graph"]
    elif request.param == "kg-serve":
        args = [str(KG), "serve", "--store", str(sample_store_path), "--port", str(port), "--quiet"]
    else:
        args = [sys.executable, "-c", PURE_PYTHON_SERVER, str(sample_store_path), str(port)]
    with running(args, f"{base}/query"):
        yield request.param, f"{base}/query"


def _ask(url: str, query: str) -> int:
    accept = "text/turtle" if query.startswith("CONSTRUCT") else "application/sparql-results+json"
    status, _, body = get(url, query, Accept=accept)
    assert status == 200, body
    return len(body)


@pytest.mark.benchmark
@pytest.mark.parametrize("query", sorted(BENCH_QUERIES))
def test_latency(benchmark, bench_endpoint, query):
    benchmark.group = f"latency {query}"
    benchmark.extra_info["server"] = bench_endpoint[0]
    benchmark(_ask, bench_endpoint[1], BENCH_QUERIES[query])


@pytest.mark.benchmark
def test_throughput_four_clients(benchmark, bench_endpoint):
    """40 ranking queries from 4 client threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    benchmark.group = "throughput 40 queries / 4 clients"
    benchmark.extra_info["server"] = bench_endpoint[0]

    def burst() -> None:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: _ask(bench_endpoint[1], BENCH_QUERIES["ranking"]), range(40)))

    benchmark.pedantic(burst, rounds=5, iterations=1)
