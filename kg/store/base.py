"""What every store is: a SPARQL 1.1 dataset, and the one place triples become SPARQL Update text.

Every store speaks SPARQL: ``query`` returns pyoxigraph result objects and
writes go through SPARQL Update, so one code path serves embedded and remote
stores alike. An article's graph is replaced in a single update request, which
Oxigraph (and any SPARQL 1.1 store) applies atomically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

__all__ = [
    "QueryResult",
    "Store",
    "graph_block",
    "graph_data",
    "graphs_in",
    "quads_to_insert",
    "triples_by_graph",
]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def graph_data(graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """The ``GRAPH`` block of an ``INSERT DATA`` or ``DELETE DATA`` request holding ``triples``.

    >>> t = ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"))
    >>> print(graph_data(ox.NamedNode("http://g"), [t]))
    { GRAPH <http://g> {
    <http://a> <http://b> "c" .
    } }
    """
    return f"{{ {graph_block(graph, triples)} }}"


def graph_block(graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """``GRAPH <g> { … }`` holding ``triples``: one of the blocks of an ``INSERT DATA`` request."""
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"GRAPH {graph} {{\n{body}\n}}"


def quads_to_insert(graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """SPARQL Update text that replaces ``graph`` with ``triples``.

    >>> print(quads_to_insert(ox.NamedNode("http://g"), []))
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA { GRAPH <http://g> {
    <BLANKLINE>
    } }
    """
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {graph_data(graph, triples)}"


def triples_by_graph(nquads: bytes) -> dict[ox.NamedNode, list[ox.Triple]]:
    """The triples of each named graph of an N-Quads document, in document order.

    >>> data = b'<http://a> <http://b> "c" <http://g> .\\n'
    >>> {g.value: len(t) for g, t in triples_by_graph(data).items()}
    {'http://g': 1}
    """
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name, []).append(quad.triple)
    return graphs


_ARTICLE_TYPE = re.compile(
    rb"^(<[^>]+>) <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> "
    rb"<https://w3id\.org/defense-kg/ontology#Article> \1 \.$",
    re.MULTILINE,
)


def graphs_in(nquads: bytes) -> list[ox.NamedNode]:
    """The article graphs of an N-Quads document (each names itself as a ``dkg:Article``), read without parsing.

    >>> graphs_in(b'<http://g> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...           b'<https://w3id.org/defense-kg/ontology#Article> <http://g> .\\n')
    [<NamedNode value=http://g>]
    """
    return [ox.NamedNode(m.group(1)[1:-1].decode("utf-8")) for m in _ARTICLE_TYPE.finditer(nquads)]


class Store:
    """A SPARQL 1.1 dataset the pipeline reads and writes."""

    uri: str
    writable: bool

    def query(self, sparql: str) -> QueryResult:
        """Run a query with the union of named graphs as default graph."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update request atomically."""
        raise NotImplementedError

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat) -> None:
        """Write every quad (or, for triple formats, the union graph) to ``output``."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the store."""

    def replace_graph(self, graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Replace the named graph ``graph`` with ``triples`` in one transaction."""
        self.update(quads_to_insert(graph, triples))

    def write_graphs(self, nquads: bytes, replaced: Iterable[ox.NamedNode] = ()) -> None:
        """Add the named graphs of an N-Quads document, first dropping the ``replaced`` ones, in one request.

        Every graph of the document lands whole or not at all.
        """
        drops = "".join(f"DROP SILENT GRAPH {g} ;\n" for g in replaced)
        blocks = "\n".join(graph_block(g, t) for g, t in triples_by_graph(nquads).items())
        self.update(f"{drops}INSERT DATA {{ {blocks} }}")

    def add_quads(self, nquads: bytes) -> None:
        """Add the quads of an N-Quads document to their graphs (nothing dropped), in one request."""
        blocks = "\n".join(graph_block(g, t) for g, t in triples_by_graph(nquads).items())
        self.update(f"INSERT DATA {{ {blocks} }}")

    def optimize(self) -> None:
        """Compact the store after a large write, where the store has such a thing."""

    def edit_graph(self, graph: ox.NamedNode, remove: Iterable[ox.Triple], add: Iterable[ox.Triple]) -> None:
        """Remove some triples from ``graph`` and add others, in one transaction."""
        self.update(f"DELETE DATA {graph_data(graph, remove)} ;\nINSERT DATA {graph_data(graph, add)}")

    def __enter__(self) -> Store:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
