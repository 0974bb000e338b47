"""Render query results: an aligned table for people, standard SPARQL/RDF formats for programs."""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg.errors import QueryError
from kg.store import QueryResult
from kg.vocab import PREFIXES

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "compact", "render_results"]

#: Formats for SELECT/ASK results by name.
RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
#: Formats for CONSTRUCT/DESCRIBE results by name.
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "n-quads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
}


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


def render_results(result: QueryResult, fmt: str = "table") -> str:
    """Text of a query result in ``fmt``: table, csv, tsv, json, xml; or an RDF format for graphs."""
    if isinstance(result, ox.QueryTriples):
        rdf_format = GRAPH_FORMATS.get("turtle" if fmt == "table" else fmt)
        if rdf_format is None:
            raise QueryError(f"format {fmt!r} is not for CONSTRUCT/DESCRIBE results (use {', '.join(GRAPH_FORMATS)})")
        out = io.BytesIO()
        if rdf_format is ox.RdfFormat.N_QUADS:
            ox.serialize((ox.Quad(t.subject, t.predicate, t.object) for t in result), out, rdf_format)
        else:
            ox.serialize(result, out, rdf_format, prefixes=PREFIXES if rdf_format is ox.RdfFormat.TURTLE else None)
        return out.getvalue().decode()
    if fmt == "table":
        return str(bool(result)).lower() if isinstance(result, ox.QueryBoolean) else _table(result)
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"format {fmt!r} is not for SELECT/ASK results (use table, {', '.join(RESULT_FORMATS)})")
    return result.serialize(format=RESULT_FORMATS[fmt]).decode()
