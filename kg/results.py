"""Render query results: an aligned table for people, standard SPARQL/RDF formats for programs."""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.formats import FORMATS, GRAPH, RESULTS, find_format, serialize_graph
from kg.sparql import PREFIXES
from kg.store import QueryResult

__all__ = ["OUTPUT_NAMES", "compact", "render_results"]

#: What ``kg query --format`` accepts: table, then each format's short name and aliases.
OUTPUT_NAMES = ("table", *(name for f in FORMATS.values() for name in (f.name, *f.aliases)))


def compact(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """Short display form of a term: prefixed IRIs, bare literal values.

    >>> compact(ox.NamedNode("https://w3id.org/defense-kg/ontology#party"))
    'dkg:party'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, iri in PREFIXES.items():
            if term.value.startswith(iri) and len(term.value) > len(iri):
                return f"{name}:{term.value[len(iri):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _table(result: ox.QuerySolutions) -> str:
    header = [v.value for v in result.variables]
    rows = [[compact(solution[name]) for name in header] for solution in result]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _names(kind: str) -> str:
    return ", ".join(f.name for f in FORMATS.values() if f.kind == kind)


def render_results(result: QueryResult, fmt: str = "table") -> str:
    """Text of a query result in ``fmt``: table, or a results format (csv, json…) or RDF format (ttl, nt…).

    >>> from kg.store import open_store
    >>> with open_store("memory:") as store:
    ...     render_results(store.query("ASK {}"), "table")
    'true'
    """
    if isinstance(result, ox.QueryTriples):
        graph_format = find_format("ttl" if fmt == "table" else fmt, GRAPH)
        if graph_format is None:
            raise QueryError(f"format {fmt!r} is not for CONSTRUCT/DESCRIBE results (use {_names(GRAPH)})")
        return serialize_graph(result, graph_format, PREFIXES).decode()
    if fmt == "table":
        return str(bool(result)).lower() if isinstance(result, ox.QueryBoolean) else _table(result)
    results_format = find_format(fmt, RESULTS)
    if results_format is None:
        raise QueryError(f"format {fmt!r} is not for SELECT/ASK results (use table, {_names(RESULTS)})")
    return result.serialize(format=results_format.oxigraph).decode()
