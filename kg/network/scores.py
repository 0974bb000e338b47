"""Write network scores back into the store as ``dkg:Score`` nodes in their own named graph."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping

import pyoxigraph as ox

from kg.store import Store
from kg.vocab import DKG, ID_NS, RDF, XSD

__all__ = ["SCORES_GRAPH", "score_iri", "score_triples", "write_scores"]

#: Named graph holding every written-back score, apart from the article graphs.
SCORES_GRAPH = ox.NamedNode(f"{ID_NS}graph/scores")


def score_iri(node: str, measure: str, projection: str) -> ox.NamedNode:
    """Deterministic IRI of one score, so rewriting a measure replaces it.

    >>> score_iri("https://w3id.org/defense-kg/id/country/peru", "pagerank", "partners").value[-40:]
    'score/partners/pagerank/fa831ccd4bf51b92'
    """
    digest = hashlib.sha1(node.encode()).hexdigest()[:16]
    return ox.NamedNode(f"{ID_NS}score/{projection}/{measure}/{digest}")


def _written(store: Store, measures: list[str], projection: str) -> list[ox.Triple]:
    """The triples of the scores already written for ``measures`` on ``projection``."""
    values = " ".join(str(ox.Literal(m)) for m in measures)
    rows = store.query(
        f"SELECT ?n ?s ?p ?o WHERE {{ GRAPH {SCORES_GRAPH} {{ VALUES ?m {{ {values} }} ?n {DKG.score} ?s . "
        f"?s {DKG.measure} ?m ; {DKG.projection} {ox.Literal(projection)} ; ?p ?o }} }}"
    )
    found: dict[ox.Triple, None] = {}
    for row in rows:
        found[ox.Triple(row["n"], DKG.score, row["s"])] = None
        found[ox.Triple(row["s"], row["p"], row["o"])] = None
    return list(found)


def score_triples(scores: Mapping[str, Mapping[str, float]], projection: str) -> list[ox.Triple]:
    """The triples stating ``scores`` (measure -> node IRI -> value) on ``projection``.

    >>> len(score_triples({"pagerank": {"https://w3id.org/defense-kg/id/country/peru": 0.5}}, "partners"))
    5
    """
    triples = []
    p = ox.Literal(projection)
    for measure, values in scores.items():
        m = ox.Literal(measure)
        for node, value in values.items():
            score = score_iri(node, measure, projection)
            triples += [
                ox.Triple(ox.NamedNode(node), DKG.score, score),
                ox.Triple(score, RDF.type, DKG.Score),
                ox.Triple(score, DKG.measure, m),
                ox.Triple(score, DKG.projection, p),
                ox.Triple(score, DKG.scoreValue, ox.Literal(_lexical(value), datatype=XSD.double)),
            ]
    return triples


def write_scores(store: Store, scores: Mapping[str, Mapping[str, float]], projection: str) -> int:
    """Replace the scores of each measure on ``projection`` with ``scores``; returns how many were written.

    Each is ``<node> dkg:score [ a dkg:Score ; dkg:measure "pagerank" ;
    dkg:projection "partners" ; dkg:scoreValue 0.12 ]`` in ``SCORES_GRAPH``,
    so other measures and projections already written stay. The old scores go and
    the new come in one update.
    """
    if not scores:
        return 0
    store.edit_graph(SCORES_GRAPH, _written(store, list(scores), projection), score_triples(scores, projection))
    return sum(len(values) for values in scores.values())


def _lexical(value: float) -> str:
    """xsd:double lexical form (``NaN`` for an undefined score)."""
    return "NaN" if math.isnan(value) else repr(float(value))
