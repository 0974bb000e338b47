"""One registry of RDF and SPARQL results formats: names, aliases and media types.

``kg query --format``, the ``kg serve`` content negotiation and ``kg export``
all look formats up here, so a name means the same format everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["FORMATS", "GRAPH", "RESULTS", "Format", "find_format", "media_types", "serialize_graph"]

#: Kinds of format: SELECT/ASK results, or RDF (CONSTRUCT/DESCRIBE results, dumps).
RESULTS, GRAPH = "results", "graph"

_W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """A serialization format, by short name, with its aliases and media types (the first is its own)."""

    name: str
    kind: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat
    media_types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    w3c: str | None = None  # its IRI under http://www.w3.org/ns/formats/

    @property
    def media_type(self) -> str:
        """The format's own media type."""
        return self.media_types[0]

    @property
    def names(self) -> tuple[str, ...]:
        """Everything the format may be called by: name, aliases and media types."""
        return (self.name, *self.aliases, *self.media_types)

    @property
    def datasets(self) -> bool:
        """True for RDF formats that keep named graphs (N-Quads, TriG)."""
        return self.kind == GRAPH and self.oxigraph.supports_datasets


_ALL = (
    Format("json", RESULTS, ox.QueryResultsFormat.JSON, ("application/sparql-results+json", "application/json"),
           w3c=_W3C + "SPARQL_Results_JSON"),
    Format("xml", RESULTS, ox.QueryResultsFormat.XML, ("application/sparql-results+xml", "application/xml"),
           w3c=_W3C + "SPARQL_Results_XML"),
    Format("csv", RESULTS, ox.QueryResultsFormat.CSV, ("text/csv",), w3c=_W3C + "SPARQL_Results_CSV"),
    Format("tsv", RESULTS, ox.QueryResultsFormat.TSV, ("text/tab-separated-values",),
           w3c=_W3C + "SPARQL_Results_TSV"),
    Format("ttl", GRAPH, ox.RdfFormat.TURTLE, ("text/turtle",), ("turtle",), _W3C + "Turtle"),
    Format("nt", GRAPH, ox.RdfFormat.N_TRIPLES, ("application/n-triples", "text/plain"), ("ntriples", "n-triples"),
           _W3C + "N-Triples"),
    Format("nq", GRAPH, ox.RdfFormat.N_QUADS, ("application/n-quads",), ("nquads", "n-quads"), _W3C + "N-Quads"),
    Format("trig", GRAPH, ox.RdfFormat.TRIG, ("application/trig",), (), _W3C + "TriG"),
    Format("jsonld", GRAPH, ox.RdfFormat.JSON_LD, ("application/ld+json",), ("json-ld",), _W3C + "JSON-LD"),
    Format("rdfxml", GRAPH, ox.RdfFormat.RDF_XML, ("application/rdf+xml",), ("rdf/xml",), _W3C + "RDF_XML"),
)

#: Formats by short name, results formats first.
FORMATS: dict[str, Format] = {f.name: f for f in _ALL}
_BY_NAME = {alias: f for f in _ALL for alias in f.names}


def find_format(name: str, kind: str | None = None) -> Format | None:
    """The format called ``name`` (short name, alias or media type, any case), of ``kind`` if given.

    >>> find_format("N-Triples").name, find_format("ntriples").name, find_format("text/plain").name
    ('nt', 'nt', 'nt')
    >>> find_format("ttl", RESULTS) is None
    True
    """
    found = _BY_NAME.get(name.strip().lower())
    return found if found is not None and kind in (None, found.kind) else None


def media_types(kind: str) -> dict[str, Format]:
    """Every media type of the formats of ``kind``, each format's own first, in registry order.

    >>> list(media_types(RESULTS))[:2]
    ['application/sparql-results+json', 'application/sparql-results+xml']
    """
    formats = [f for f in _ALL if f.kind == kind]
    own = {f.media_type: f for f in formats}
    return own | {m: f for f in formats for m in f.media_types[1:]}


def serialize_graph(triples: Iterable[ox.Triple], fmt: Format, prefixes: dict[str, str] | None = None) -> bytes:
    """``triples`` in the RDF format ``fmt``, in the default graph for dataset formats, with ``prefixes``.

    >>> t = ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"))
    >>> serialize_graph([t], FORMATS["nq"])
    b'<http://a> <http://b> "c" .\\n'
    """
    if fmt.datasets:
        triples = (ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    takes_prefixes = fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes if takes_prefixes else None) or b""
