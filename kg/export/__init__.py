"""Export the store or a projection of it, by format name: one module per format family.

RDF formats (``kg.export.rdf``, named as in ``kg.formats``) dump the store; graph formats (``kg.export.graph``)
write a networkx projection for Gephi, Cytoscape and notebooks. Every format is
registered once in ``FORMATS`` under its name and aliases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kg.errors import KgError
from kg.export import graph as _graph
from kg.export import rdf as _rdf_writers
from kg.formats import GRAPH, find_format
from kg.network.projections import NO_FILTERS, Filters, project
from kg.store import Store

__all__ = ["FORMATS", "ExportFormat", "export", "format_names", "lookup"]


@dataclass(frozen=True)
class ExportFormat:
    """A named export format and how it writes."""

    name: str
    family: str  # "rdf" (dumps the store) or "graph" (writes a projection)
    help: str
    aliases: tuple[str, ...] = ()
    #: Writes to one stream; formats that write several files have ``write_files`` instead.
    write: Callable[..., None] | None = field(default=None, repr=False)
    write_files: Callable[..., list[Path]] | None = field(default=None, repr=False)


def _rdf(name: str, help: str, write: Callable[..., None]) -> ExportFormat:
    """An RDF export under the name, aliases and media types ``kg.formats`` gives the format."""
    fmt = find_format(name, GRAPH)
    return ExportFormat(fmt.name, "rdf", help, (*fmt.aliases, *fmt.media_types), write)


_ALL = (
    _rdf("ttl", "Turtle, the union of all graphs", _rdf_writers.write_turtle),
    _rdf("nt", "N-Triples, the union of all graphs", _rdf_writers.write_ntriples),
    _rdf("nq", "N-Quads, keeping each article's graph", _rdf_writers.write_nquads),
    _rdf("trig", "TriG, keeping each article's graph", _rdf_writers.write_trig),
    _rdf("jsonld", "JSON-LD compacted with ontology/context.jsonld, inline", _rdf_writers.write_jsonld),
    ExportFormat(
        "graphml",
        "graph",
        "GraphML of a projection (Gephi, Cytoscape, yEd)",
        ("xml-graphml",),
        _graph.write_graphml,
    ),
    ExportFormat("gexf", "graph", "GEXF 1.3 of a projection (Gephi)", (), _graph.write_gexf),
    ExportFormat(
        "csv",
        "graph",
        "two CSV files of a projection: NAME.nodes.csv and NAME.edges.csv",
        ("text/csv",),
        write_files=_graph.write_csv,
    ),
    ExportFormat(
        "json", "graph", "node-link JSON of a projection (networkx, d3)", ("node-link",), _graph.write_json
    ),
)

#: Formats by name; ``lookup`` also accepts the aliases.
FORMATS: dict[str, ExportFormat] = {f.name: f for f in _ALL}
_BY_ALIAS = {alias: f for f in _ALL for alias in (f.name, *f.aliases)}


def format_names() -> list[str]:
    """Names of the export formats, in registry order.

    >>> format_names()[:3]
    ['ttl', 'nt', 'nq']
    """
    return list(FORMATS)


def lookup(name: str) -> ExportFormat:
    """The format called ``name`` or one of its aliases (case-insensitive).

    >>> lookup("text/turtle").name
    'ttl'
    """
    try:
        return _BY_ALIAS[name.lower()]
    except KeyError:
        raise KgError(f"unknown export format {name!r}: choose from {', '.join(FORMATS)}") from None


def export(
    store: Store,
    fmt: str,
    output: str | Path,
    *,
    stream: IO[bytes] | None = None,
    projection: str = "partners",
    filters: Filters = NO_FILTERS,
    center: str | None = None,
    radius: int = 1,
) -> list[Path]:
    """Write the store (RDF formats) or a projection (graph formats) to ``output``; returns the files written.

    ``output`` ``"-"`` writes to ``stream`` instead (CSV, being two files, cannot).
    """
    chosen = lookup(fmt)
    to_stream = str(output) == "-"
    if to_stream and (stream is None or chosen.write is None):
        raise KgError(f"{chosen.name} cannot be written to standard output: give a file name")
    if chosen.family == "rdf":
        source: object = store
    else:
        source = project(store, projection, filters, center=center, radius=radius)
    if chosen.write_files is not None:
        return chosen.write_files(source, Path(output))
    if to_stream:
        chosen.write(source, stream)
        return []
    path = Path(output)
    try:
        with path.open("wb") as out:
            chosen.write(source, out)
    except OSError as exc:
        raise KgError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return [path]
