"""Graph exports of a projection: GraphML, GEXF 1.3, CSV (nodes and edges) and node-link JSON.

Gephi and Cytoscape want flat, typed attributes; networkx's writers emit
invalid files or fail on ``None``, lists or a key with mixed types, so
``clean_attributes`` flattens a copy first.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import networkx as nx

from kg.errors import KgError

__all__ = ["LIST_SEPARATOR", "clean_attributes", "write_csv", "write_gexf", "write_graphml", "write_json"]

#: Joins list values (an edge's agreements, kinds, dates) into one string.
LIST_SEPARATOR = "; "

# Keys the GEXF writer reads as structure (ids, time spells, visual data), not as attributes.
_RESERVED_NODE = frozenset({"id", "pid", "start", "end", "viz", "spells", "parents", "slices"})
_RESERVED_EDGE = frozenset({"id", "key", "label", "type", "start", "end", "spells", "slices", "viz"})


def _flatten(value: object) -> object:
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(v) for v in items if v is not None)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def _unify(rows: Iterable[dict], reserved: frozenset[str]) -> None:
    """Flatten every value and give each key a single type (bool, int, float, else str), in place."""
    rows = list(rows)
    for row in rows:
        for key in list(row):
            value = _flatten(row.pop(key))
            name = f"{key}_" if key in reserved else str(key)
            if value is not None:
                row[name] = value
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            kinds.setdefault(key, set()).add(type(value))
    for key, types in kinds.items():
        if types <= {bool} or types <= {int}:
            continue
        cast = float if types <= {int, float} else str
        for row in rows:
            if key in row:
                row[key] = cast(row[key])


def clean_attributes(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose attributes Gephi and Cytoscape read: no None, no lists, one type per key.

    >>> g = nx.Graph(); g.add_node("a", year=2020, tags=["x", "y"], note=None); g.add_node("b", year="n/a")
    >>> dict(clean_attributes(g).nodes(data=True))
    {'a': {'year': '2020', 'tags': 'x; y', 'label': 'a'}, 'b': {'year': 'n/a', 'label': 'b'}}
    """
    clean = graph.copy()
    _unify((data for _, data in clean.nodes(data=True)), _RESERVED_NODE)
    _unify((data for *_, data in clean.edges(data=True)), _RESERVED_EDGE)
    clean.graph = {k: v for k, v in ((k, _flatten(v)) for k, v in graph.graph.items()) if isinstance(v, str)}
    for node in clean:
        clean.nodes[node].setdefault("label", str(node))
    return clean


def write_graphml(graph: nx.Graph, out: IO[bytes]) -> None:
    """GraphML with typed keys, readable by Gephi, Cytoscape and ``nx.read_graphml``."""
    nx.write_graphml(clean_attributes(graph), out, encoding="utf-8", prettyprint=True)


def write_gexf(graph: nx.Graph, out: IO[bytes]) -> None:
    """GEXF 1.3, valid against the GEXF 1.3 schema."""
    text = "\n".join(
        nx.generate_gexf(clean_attributes(graph), encoding="utf-8", prettyprint=True, version="1.3")
    )
    # networkx 3.6 declares xsi as http://w3.org/… (no www) for 1.3, so validators see an unknown
    # attribute, and it writes graph/@name, which GEXF 1.3 does not define.
    text = text.replace(
        '"http://w3.org/2001/XMLSchema-instance"', '"http://www.w3.org/2001/XMLSchema-instance"', 1
    )
    text = re.sub(r'(<graph\b[^>]*?) name="[^"]*"', r"\1", text, count=1)
    out.write(b"<?xml version='1.0' encoding='utf-8'?>\n" + text.encode("utf-8") + b"\n")


def _columns(rows: Iterable[dict], first: tuple[str, ...]) -> list[str]:
    seen = dict.fromkeys(first)
    for row in rows:
        seen.update(dict.fromkeys(sorted(row)))
    return list(seen)


def write_csv(graph: nx.Graph, path: Path) -> list[Path]:
    """``NAME.nodes.csv`` (``id``, attributes) and ``NAME.edges.csv`` (``source``, ``target``, ``weight``…)."""
    clean = clean_attributes(graph)
    stem = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    nodes_path = stem.with_name(stem.name + ".nodes.csv")
    edges_path = stem.with_name(stem.name + ".edges.csv")
    node_rows = [{"id": node, **data} for node, data in clean.nodes(data=True)]
    edge_rows = [{"source": u, "target": v, **data} for u, v, data in clean.edges(data=True)]
    tables = (
        (nodes_path, node_rows, ("id", "label", "class", "country", "degree")),
        (edges_path, edge_rows, ("source", "target", "weight")),
    )
    for target, rows, first in tables:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_columns(rows, first), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        try:
            target.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as exc:
            raise KgError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    return [nodes_path, edges_path]


def write_json(graph: nx.Graph, out: IO[bytes]) -> None:
    """Node-link JSON (``nodes`` and ``edges``), lists kept as JSON arrays."""
    data = nx.node_link_data(graph, edges="edges")
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    out.write(text.encode("utf-8"))
