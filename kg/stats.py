"""Counts that summarize a store.

Each count is one SPARQL aggregate. Entities are counted once however many articles type
them (``COUNT(DISTINCT)`` over a few thousand typings); sentences belong to one article
graph each, so they are counted without ``DISTINCT`` (which would hash every one of them).
The triple count reads every quad: it is most of the time ``kg stats`` takes on a large store.
"""

from __future__ import annotations

from kg.sparql import prefixed
from kg.store import Store
from kg.vocab import entity_classes

__all__ = ["graph_stats"]

_COUNTS = """
SELECT
  (COUNT(DISTINCT ?article) AS ?articles)
  (COUNT(DISTINCT ?agreement) AS ?agreements)
  (COUNT(DISTINCT ?prospect) AS ?prospects)
  (COUNT(DISTINCT ?deal) AS ?deals)
WHERE {
  { ?article a dkg:Article } UNION { ?agreement a dkg:Agreement } UNION { ?prospect a dkg:DealProspect }
  UNION { ?deal a dkg:Deal }
}
"""
_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {{
  VALUES ?class {{ {classes} }}
  ?entity a ?class
}} GROUP BY ?class
"""
_SENTENCES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a dkg:Sentence } }"


def graph_stats(store: Store) -> dict[str, int]:
    """Articles, triples, agreements, unsigned deals, real-world deals they report, and entities per class.

    >>> from kg.store import open_store
    >>> with open_store("memory:") as store:
    ...     graph_stats(store)["articles"]
    0
    """
    row = next(iter(store.query(prefixed(_COUNTS))))
    stats = {
        "articles": int(row["articles"].value),
        "triples": int(next(iter(store.query(_TRIPLES)))["n"].value),
        "agreements": int(row["agreements"].value),
        "unsigned deals": int(row["prospects"].value),
        "deals across articles": int(row["deals"].value),
    }
    classes = " ".join(f"dkg:{name}" for name in (*entity_classes(), "Position"))
    counts = {
        solution["class"].value.rpartition("#")[2]: int(solution["n"].value)
        for solution in store.query(prefixed(_CLASSES.format(classes=classes)))
    }
    sentences = int(next(iter(store.query(prefixed(_SENTENCES))))["n"].value)
    if sentences:
        counts["Sentence"] = sentences
    for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        stats[name] = count
    return stats
