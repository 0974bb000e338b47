"""Rank nodes by their scores and format the ranking as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Mapping, Sequence

import networkx as nx

from kg.errors import KgError
from kg.network.graph import Network

__all__ = ["RANKING_FORMATS", "format_ranking", "ranking"]

_COLUMNS = ("rank", "label", "class", "country", "node")


def ranking(
    graph: Network | nx.Graph,
    scores: Mapping[str, Mapping[str, float]],
    *,
    top: int | None = None,
    by: str | None = None,
) -> list[dict[str, object]]:
    """Rows of the ``top`` nodes by measure ``by`` (the first one by default), best first.

    Ties are broken by label, then IRI, so the order is stable.

    >>> g = nx.Graph([("a", "b"), ("b", "c")])
    >>> [row["node"] for row in ranking(g, {"degree": nx.degree_centrality(g)}, top=2)]
    ['b', 'a']
    """
    if not scores:
        return []
    by = by or next(iter(scores))
    if by not in scores:
        raise KgError(f"cannot rank by {by!r}: it was not computed")
    key = scores[by]

    def order(node: str) -> tuple:
        value = key.get(node, 0.0)
        # Rounding keeps float noise from deciding ties that are exact in theory.
        return (
            0.0 if math.isnan(value) else -round(value, 12),
            str(graph.nodes[node].get("label", "")),
            str(node),
        )

    nodes = sorted(graph, key=order)[: top if top and top > 0 else None]
    rows = []
    for rank, node in enumerate(nodes, start=1):
        data = graph.nodes[node]
        row: dict[str, object] = {
            "rank": rank,
            "label": data.get("label", ""),
            "class": data.get("class", ""),
            "country": _short(data.get("country", "")),
            "node": node,
        }
        for measure, values in scores.items():
            row[measure] = values.get(node)
        rows.append(row)
    return rows


def _short(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1] if iri else ""


def _table(rows: Sequence[Mapping[str, object]], notes: Sequence[str]) -> str:
    if not rows:
        return "\n".join([*(f"# {note}" for note in notes), "(no nodes)"]) + "\n"
    columns = [c for c in rows[0] if c != "node"] + ["node"]
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    numeric = [isinstance(rows[0][c], (int, float)) for c in columns]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    out = [f"# {note}" for note in notes]
    out += [line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    return "\n".join(out) + "\n"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1e4 else f"{value:.4g}"
    return "" if value is None else str(value)


def _csv(rows: Sequence[Mapping[str, object]], notes: Sequence[str]) -> str:
    buffer = io.StringIO()
    fields = list(rows[0]) if rows else list(_COLUMNS)
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _json(rows: Sequence[Mapping[str, object]], notes: Sequence[str]) -> str:
    return json.dumps({"notes": list(notes), "rows": list(rows)}, indent=2, ensure_ascii=False) + "\n"


#: Output formats of ``kg centrality`` and ``kg communities``.
RANKING_FORMATS: dict[str, Callable[[Sequence[Mapping[str, object]], Sequence[str]], str]] = {
    "table": _table,
    "csv": _csv,
    "json": _json,
}


def format_ranking(
    rows: Sequence[Mapping[str, object]], fmt: str = "table", notes: Sequence[str] = ()
) -> str:
    """Render ranking rows; notes (sampling, engine) head the table and sit beside the JSON rows.

    >>> print(format_ranking([{"rank": 1, "label": "FAME", "node": "x", "degree": 0.5}], "csv"), end="")
    rank,label,node,degree
    1,FAME,x,0.5
    """
    try:
        render = RANKING_FORMATS[fmt]
    except KeyError:
        raise KgError(f"unknown format {fmt!r}: choose from {', '.join(RANKING_FORMATS)}") from None
    return render(rows, notes)
