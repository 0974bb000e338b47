"""Write network scores back into the store as ``dkg:Score`` nodes in their own named graph."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

import pyoxigraph as ox

from kg.store import Store
from kg.vocab import DKG, ID_NS, RDF, XSD

__all__ = ["SCORES_GRAPH", "score_iri", "write_scores"]

#: Named graph holding every written-back score, apart from the article graphs.
SCORES_GRAPH = ox.NamedNode(f"{ID_NS}graph/scores")


def score_iri(node: str, measure: str, projection: str) -> ox.NamedNode:
    """Deterministic IRI of one score, so rewriting a measure replaces it.

    >>> score_iri("https://w3id.org/defense-kg/id/country/peru", "pagerank", "partners").value[-40:]
    'score/partners/pagerank/fa831ccd4bf51b92'
    """
    digest = hashlib.sha1(node.encode()).hexdigest()[:16]
    return ox.NamedNode(f"{ID_NS}score/{projection}/{measure}/{digest}")


def write_scores(store: Store, scores: Mapping[str, Mapping[str, float]], projection: str) -> int:
    """Replace the scores of each measure on ``projection`` with ``scores``; returns how many were written.

    Each is ``<node> dkg:score [ a dkg:Score ; dkg:measure "pagerank" ;
    dkg:projection "partners" ; dkg:scoreValue 0.12 ]`` in ``SCORES_GRAPH``,
    so other measures and projections already written stay.
    """
    graph = str(SCORES_GRAPH)
    requests = []
    written = 0
    for measure, values in scores.items():
        m, p = ox.Literal(measure), ox.Literal(projection)
        requests.append(
            f"DELETE WHERE {{ GRAPH {graph} {{ ?n {DKG.score} ?s . ?s {DKG.measure} {m} ; "
            f"{DKG.projection} {p} ; ?pp ?oo }} }}"
        )
        lines = []
        for node, value in values.items():
            score = score_iri(node, measure, projection)
            literal = ox.Literal(_lexical(value), datatype=XSD.double)
            lines.append(
                f"{ox.NamedNode(node)} {DKG.score} {score} . {score} {RDF.type} {DKG.Score} ; "
                f"{DKG.measure} {m} ; {DKG.projection} {p} ; {DKG.scoreValue} {literal} ."
            )
            written += 1
        if lines:
            requests.append(f"INSERT DATA {{ GRAPH {graph} {{\n" + "\n".join(lines) + "\n} }")
    if requests:
        store.update(" ;\n".join(requests))
    return written


def _lexical(value: float) -> str:
    """xsd:double lexical form (``NaN`` for an undefined score)."""
    return "NaN" if math.isnan(value) else repr(float(value))
