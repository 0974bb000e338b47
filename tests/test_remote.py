"""The remote store against a real ``oxigraph serve`` on loopback, and against a recording server for auth."""

from __future__ import annotations

import base64
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest_sparql import free_port, load_sample, oxigraph_server

from kg.cli import main
from kg.errors import StoreError
from kg.store import open_store
from kg.store.remote import Endpoints, RemoteStore, endpoints_for

GRAPH = ox.NamedNode("https://w3id.org/defense-kg/id/article/x")
ARTICLE = "Title: Deal\nDate: 2024-11-14\n\nFAME signed a framework contract with Hyundai Rotem in Lima.\n"


def nquads(store) -> set[str]:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    return set(out.getvalue().decode().splitlines())


@pytest.fixture
def server(tmp_path):
    with oxigraph_server(tmp_path / "oxigraph") as base:
        yield base


def test_endpoint_guesses():
    assert endpoints_for("http://h:7878/") == Endpoints("http://h:7878/query", "http://h:7878/update",
                                                        "http://h:7878/store")
    assert endpoints_for("http://h:3030/ds/query") == Endpoints("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints_for("https://h/graphdb/repositories/kg").update == "https://h/graphdb/repositories/kg/statements"
    assert endpoints_for("http://h:7001/").query == "http://h:7001/query"
    assert endpoints_for("http://h:7019/sparql?x=1").update == "http://h:7019/sparql?x=1"


def test_remote_store_holds_what_the_embedded_store_holds(server, tmp_path):
    with open_store(server, writable=True) as remote, open_store(str(tmp_path / "embedded"), writable=True) as local:
        assert isinstance(remote, RemoteStore)
        load_sample(remote)
        load_sample(local)
        assert nquads(remote) == nquads(local)
        for query in ("SELECT ?s WHERE { ?s a dkg:Agreement }", "ASK { ?s a dkg:Product }",
                      "CONSTRUCT { ?p dkg:manufacturer ?m } WHERE { ?p dkg:manufacturer ?m }"):
            full = "PREFIX dkg: <https://w3id.org/defense-kg/ontology#>\n" + query
            left, right = local.query(full), remote.query(full)
            assert type(left) is type(right)
            if isinstance(left, ox.QueryBoolean):
                assert bool(left) == bool(right)
            else:
                assert sorted(map(str, left)) == sorted(map(str, right))


def test_triple_formats_dump_the_union_graph(server):
    with open_store(server, writable=True) as remote:
        load_sample(remote)
        out = io.BytesIO()
        remote.dump(out, ox.RdfFormat.TURTLE)
        triples = list(ox.parse(out.getvalue(), format=ox.RdfFormat.TURTLE))
        assert len(triples) == len(nquads(remote))


def test_replace_graph_in_batches_drops_the_old_graph(server, monkeypatch):
    monkeypatch.setenv("KG_REMOTE_BATCH", "3")
    p = ox.NamedNode("http://example.org/p")
    first = [ox.Triple(ox.NamedNode(f"http://example.org/s{i}"), p, ox.Literal(str(i))) for i in range(10)]
    second = first[:4]
    with open_store(server, writable=True) as remote:
        remote.replace_graph(GRAPH, first)
        assert len(nquads(remote)) == 10
        remote.replace_graph(GRAPH, second)
        assert nquads(remote) == {f"{t.subject} {t.predicate} {t.object} {GRAPH} ." for t in second}


def test_replace_graph_through_the_graph_store_protocol(server, monkeypatch, tmp_path):
    monkeypatch.setenv("KG_REMOTE_GSP_URL", f"{server}/store")
    with open_store(server, writable=True) as remote, open_store(str(tmp_path / "embedded"), writable=True) as local:
        assert remote.endpoints.gsp == f"{server}/store"
        load_sample(remote)
        load_sample(local)
        load_sample(remote)  # PUT replaces: writing twice changes nothing
        assert nquads(remote) == nquads(local)


def test_ingest_and_query_commands_work_against_the_server(server, tmp_path):
    (tmp_path / "001-deal.txt").write_text(ARTICLE)
    runner = CliRunner()
    for store in (server, str(tmp_path / "embedded")):
        result = runner.invoke(main, ["ingest", str(tmp_path / "001-deal.txt"), "--store", store, "--no-progress"])
        assert result.exit_code == 0, result.output
    query = "SELECT ?label WHERE { ?a dkg:party ?p . ?p rdfs:label ?label } ORDER BY ?label"
    answers = [runner.invoke(main, ["query", query, "--format", "csv", "--store", store]).output
               for store in (server, str(tmp_path / "embedded"))]
    assert answers[0] == answers[1] and "FAME" in answers[0]
    again = runner.invoke(main, ["ingest", str(tmp_path / "001-deal.txt"), "--store", server, "--no-progress"])
    assert again.exit_code == 0 and "unchanged" in again.output.lower()


def test_syntax_error_names_the_line_like_the_embedded_store(server):
    result = CliRunner().invoke(main, ["query", "SELECT ?a WHERE {\n  ?a dkg:sourceId }", "--store", server])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error at line 2, column")


def test_read_only_store_refuses_writes(server):
    with open_store(server) as remote:
        with pytest.raises(StoreError, match="read-only"):
            remote.update("INSERT DATA { <http://a> <http://b> <http://c> }")
        with pytest.raises(StoreError, match="read-only"):
            remote.replace_graph(GRAPH, [])


def test_server_down_is_a_clear_error_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=rf"{url}/query: no SPARQL server answers there .*is it running"):
        open_store(url)
    result = CliRunner().invoke(main, ["query", "ASK {}", "--store", url])
    assert result.exit_code == 1 and f"Error: {url}/query: no SPARQL server answers there" in result.output


class _Recorder(BaseHTTPRequestHandler):
    """Answers ASK {} with true once the right credentials come; remembers what it was sent."""

    seen: ClassVar[list[tuple[str, str | None]]] = []
    expected = ""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        auth = self.headers.get("Authorization")
        self.seen.append((self.path, auth))
        ok = auth == self.expected
        body = b'{"head":{},"boolean":true}' if ok else b"who are you?"
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/sparql-results+json" if ok else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    httpd = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Recorder.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    httpd.shutdown()
    httpd.server_close()


def test_basic_auth_from_the_environment(recorder, monkeypatch):
    _Recorder.expected = "Basic " + base64.b64encode(b"ana:s3cret").decode()
    with pytest.raises(StoreError, match="access refused .*KG_REMOTE_USER"):
        open_store(recorder)
    monkeypatch.setenv("KG_REMOTE_USER", "ana")
    monkeypatch.setenv("KG_REMOTE_PASSWORD", "s3cret")
    with open_store(recorder) as store:
        assert bool(store.query("ASK {}"))
    assert _Recorder.seen[-1] == ("/sparql", _Recorder.expected)


def test_bearer_token_from_the_environment(recorder, monkeypatch):
    _Recorder.expected = "Bearer t0ken"
    monkeypatch.setenv("KG_REMOTE_TOKEN", "t0ken")
    with open_store(recorder) as store:
        assert bool(store.query("ASK {}"))
