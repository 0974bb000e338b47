"""What every store is: a SPARQL 1.1 dataset, and the one place triples become SPARQL Update text.

Every store speaks SPARQL: ``query`` returns pyoxigraph result objects and
writes go through SPARQL Update, so one code path serves embedded and remote
stores alike. An article's graph is replaced in a single update request, which
Oxigraph (and any SPARQL 1.1 store) applies atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

__all__ = ["QueryResult", "Store", "graph_data", "quads_to_insert"]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def graph_data(graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """The ``GRAPH`` block of an ``INSERT DATA`` or ``DELETE DATA`` request holding ``triples``.

    >>> t = ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"))
    >>> print(graph_data(ox.NamedNode("http://g"), [t]))
    { GRAPH <http://g> {
    <http://a> <http://b> "c" .
    } }
    """
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"{{ GRAPH {graph} {{\n{body}\n}} }}"


def quads_to_insert(graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """SPARQL Update text that replaces ``graph`` with ``triples``.

    >>> print(quads_to_insert(ox.NamedNode("http://g"), []))
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA { GRAPH <http://g> {
    <BLANKLINE>
    } }
    """
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {graph_data(graph, triples)}"


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

    def edit_graph(self, graph: ox.NamedNode, remove: Iterable[ox.Triple], add: Iterable[ox.Triple]) -> None:
        """Remove some triples from ``graph`` and add others, in one transaction."""
        self.update(f"DELETE DATA {graph_data(graph, remove)} ;\nINSERT DATA {graph_data(graph, add)}")

    def __enter__(self) -> Store:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
