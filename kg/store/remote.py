"""A store on an existing SPARQL 1.1 server, spoken to over the SPARQL 1.1 Protocol.

``http://host:port`` means Oxigraph-style endpoints (``/query``, ``/update``,
``/store``); a URL ending in ``/query`` gets its ``/update`` sibling; a GraphDB
repository (``…/repositories/NAME``) gets ``…/statements``; any other URL
(Virtuoso's ``/sparql``) takes queries and updates alike. ``KG_REMOTE_QUERY_URL``,
``KG_REMOTE_UPDATE_URL`` and ``KG_REMOTE_GSP_URL`` override the guesses, and
credentials come from ``KG_REMOTE_USER``/``KG_REMOTE_PASSWORD`` or
``KG_REMOTE_TOKEN``. Answers are parsed by pyoxigraph, so callers get the same
result objects as from the embedded store.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO

import pyoxigraph as ox

from kg.errors import StoreError
from kg.settings import setting
from kg.sparql import query_form
from kg.store.base import QueryResult, Store, graph_block, graph_data, quads_to_insert, triples_by_graph

__all__ = ["Endpoints", "RemoteStore", "endpoints_for"]

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


@dataclass(frozen=True)
class Endpoints:
    """Where a remote store takes queries, updates and (optionally) Graph Store Protocol requests."""

    query: str
    update: str
    gsp: str | None = None


def endpoints_for(uri: str) -> Endpoints:
    """The endpoints a store URI names, before the KG_REMOTE_* overrides.

    >>> endpoints_for("http://localhost:7878")
    Endpoints(query='http://localhost:7878/query', update='http://localhost:7878/update', gsp='http://localhost:7878/store')
    >>> endpoints_for("http://db:7200/repositories/kg").update
    'http://db:7200/repositories/kg/statements'
    >>> endpoints_for("http://virtuoso:8890/sparql").update
    'http://virtuoso:8890/sparql'
    """
    parts = urllib.parse.urlsplit(uri)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit(parts._replace(path=new_path))

    if not path:
        return Endpoints(at("/query"), at("/update"), at("/store"))
    if path.endswith("/query"):
        return Endpoints(uri, at(path.removesuffix("/query") + "/update"))
    head, _, name = path.rpartition("/")
    if head.endswith("/repositories") and name:
        return Endpoints(uri, at(path + "/statements"))
    return Endpoints(uri, uri)


def _auth_header() -> dict[str, str]:
    token = setting("remote_token")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = setting("remote_user")
    if user:
        pair = f"{user}:{setting('remote_password')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
    return {}


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0][:300] if text else "(no message)"


def _is_true(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


class RemoteStore(Store):
    """A dataset on a SPARQL 1.1 server; queries see the union of its graphs, like the embedded store."""

    def __init__(self, uri: str, writable: bool = False, endpoints: Endpoints | None = None):
        self.uri = uri
        self.writable = writable
        guessed = endpoints or endpoints_for(uri)
        self.endpoints = Endpoints(
            setting("remote_query_url") or guessed.query,
            setting("remote_update_url") or guessed.update,
            setting("remote_gsp_url") or None,
        )
        self.timeout = float(setting("remote_timeout"))
        self.batch = max(1, int(setting("remote_batch")))
        self.union = _is_true(setting("remote_union_default_graph"))
        self._headers = _auth_header()
        self.query("ASK {}")  # fail now, naming the URL, rather than after an ingest has done its work

    # -- HTTP ---------------------------------------------------------------------------------

    def _request(
        self, url: str, data: bytes | None, headers: dict[str, str], method: str = "POST"
    ) -> IO[bytes]:
        request = urllib.request.Request(url, data=data, headers={**self._headers, **headers}, method=method)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            body = exc.read()
            exc.close()
            if exc.code in (401, 403):
                raise StoreError(
                    f"{url}: access refused (HTTP {exc.code}: {_first_line(body)}); set KG_REMOTE_USER and "
                    "KG_REMOTE_PASSWORD, or KG_REMOTE_TOKEN"
                ) from None
            if exc.code == 400:
                # Like the embedded store: a rejected query is a SyntaxError carrying the server's message.
                raise SyntaxError(f"{url}: {_first_line(body)}") from None
            raise StoreError(f"{url}: HTTP {exc.code} {exc.reason}: {_first_line(body)}") from None
        except urllib.error.URLError as exc:
            reason = (
                exc.reason
                if isinstance(exc.reason, str)
                else getattr(exc.reason, "strerror", None) or exc.reason
            )
            raise StoreError(f"{url}: no SPARQL server answers there ({reason}); is it running?") from None
        except TimeoutError:
            raise StoreError(f"{url}: no answer within {self.timeout:g} s (KG_REMOTE_TIMEOUT)") from None

    def _post_query(self, sparql: str, accept: str, union: bool) -> IO[bytes]:
        fields = {"query": sparql}
        if union:
            fields["union-default-graph"] = ""
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        return self._request(self.endpoints.query, body, headers)

    # -- Store API ----------------------------------------------------------------------------

    def query(self, sparql: str) -> QueryResult:
        form = query_form(sparql)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = _GRAPH_ACCEPT if graph else _RESULTS_JSON if form else f"{_RESULTS_JSON}, {_GRAPH_ACCEPT}"
        with self._post_query(sparql, accept, self.union) as response:
            media_type = response.headers.get_content_type()
            data = response.read()
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media_type)
            if results_format is not None:
                return ox.parse_query_results(data, results_format)
            rdf_format = ox.RdfFormat.from_media_type(media_type)
            if rdf_format is not None:
                return _as_query_triples(data, rdf_format)
        except SyntaxError as exc:
            raise StoreError(f"{self.endpoints.query}: unreadable answer ({media_type}): {exc}") from None
        raise StoreError(f"{self.endpoints.query}: answered with {media_type}, not SPARQL results or RDF")

    def update(self, sparql: str) -> None:
        if not self.writable:
            raise StoreError(f"{self.uri}: the store is open read-only")
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        self._request(self.endpoints.update, sparql.encode("utf-8"), headers).close()

    def replace_graph(self, graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Replace ``graph``: one PUT through the Graph Store Protocol, or SPARQL Update in batches.

        A graph of up to ``KG_REMOTE_BATCH`` triples is replaced in one atomic request; a
        bigger one in several, the first of which drops the old graph.
        """
        if not self.writable:
            raise StoreError(f"{self.uri}: the store is open read-only")
        triples = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
        if self.endpoints.gsp:
            url = f"{self.endpoints.gsp}?{urllib.parse.urlencode({'graph': graph.value})}"
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            self._request(url, body, {"Content-Type": "application/n-triples"}, method="PUT").close()
            return
        chunks = iter(triples)
        first = list(islice(chunks, self.batch))
        self.update(quads_to_insert(graph, first))
        while chunk := list(islice(chunks, self.batch)):
            self.update(f"INSERT DATA {graph_data(graph, chunk)}")

    def write_graphs(self, nquads: bytes, replaced: Iterable[ox.NamedNode] = ()) -> None:
        """Replace each graph of the document: whole graphs per request, up to ``KG_REMOTE_BATCH`` triples each.

        Every graph in the document is dropped first (the server has no cheaper way to know
        which exist), in the same atomic request as its new triples.
        """
        if not self.writable:
            raise StoreError(f"{self.uri}: the store is open read-only")
        request: list[tuple[ox.NamedNode, list[ox.Triple]]] = []
        size = 0
        for graph, triples in triples_by_graph(nquads).items():
            if self.endpoints.gsp or len(triples) > self.batch:
                self.replace_graph(graph, triples)
                continue
            if size + len(triples) > self.batch:
                self._replace_all(request)
                request, size = [], 0
            request.append((graph, triples))
            size += len(triples)
        if request:
            self._replace_all(request)

    def _replace_all(self, graphs: list[tuple[ox.NamedNode, list[ox.Triple]]]) -> None:
        drops = "".join(f"DROP SILENT GRAPH {g} ;\n" for g, _ in graphs)
        self.update(f"{drops}INSERT DATA {{ {' '.join(graph_block(g, t) for g, t in graphs)} }}")

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat) -> None:
        sparql = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        with self._post_query(sparql, _RESULTS_JSON, union=False) as response:
            quads = _quads(ox.parse_query_results(response, ox.QueryResultsFormat.JSON))
            if fmt.supports_datasets:
                ox.serialize(quads, output, fmt)
            else:
                ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), output, fmt)


def _quads(solutions: ox.QuerySolutions) -> Iterator[ox.Quad]:
    for row in solutions:
        graph = row["g"]
        yield ox.Quad(row["s"], row["p"], row["o"], graph if graph is not None else ox.DefaultGraph())


def _as_query_triples(data: bytes, fmt: ox.RdfFormat) -> ox.QueryTriples:
    """The same ``QueryTriples`` object the embedded store gives, rebuilt from a serialized graph."""
    scratch = ox.Store()
    scratch.load(data, format=fmt)
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
