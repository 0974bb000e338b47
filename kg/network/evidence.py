"""Evidence for the map: the first few sentences behind a shown node or a shown edge."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.sparql import select_values
from kg.store import Store

__all__ = ["MAX_EDGES", "edge_evidence", "evidence"]

Quotes = list[dict[str, str]]

#: The map quotes evidence for this many links at most, the heaviest first.
MAX_EDGES = 500


def _merged(store: Store, nodes: list[str]) -> dict[str, list[str]]:
    """Each node with the IRIs merged into it (resolved entities, reports of canonical deals), in one query."""
    members: dict[str, list[str]] = {node: [node] for node in nodes}
    if nodes:
        # Two plain patterns, not a path inside a UNION: Oxigraph would scan every statement for that.
        query = (
            f"SELECT ?n ?x WHERE {{ {_values('?n', nodes)} "
            "{ ?x dkg:resolvedAs ?n } UNION { ?x dkg:canonicalDeal ?n } }"
        )
        for node, member in select_values(store, query):
            members[node].append(member)
    return members


def _sentences(store: Store, subjects: Iterable[str], limit: int) -> Quotes:
    """Up to ``limit`` sentences cited by statements about ``subjects``, stopping at the first found."""
    values = " ".join(str(ox.NamedNode(s)) for s in subjects)
    query = f"""
    SELECT DISTINCT ?text ?url ?title WHERE {{
      VALUES ?e {{ {values} }}
      ?st rdf:subject ?e ; dkg:evidence ?s .
      ?s dkg:text ?text ; dkg:inArticle ?art .
      OPTIONAL {{ ?art dkg:url ?url }}
      OPTIONAL {{ ?art dkg:title ?title }}
    }} LIMIT {limit}
    """
    return [{"text": t, "url": u, "title": h} for t, u, h in select_values(store, query)]


def evidence(store: Store, nodes: Iterable[str], limit: int = 3) -> dict[str, Quotes]:
    """Up to ``limit`` evidence sentences per node: ``text``, article ``url`` and ``title``.

    A node's evidence is the sentences its reified statements cite: for an actor,
    where it was recognised; for an agreement, where the deal was reported. A resolved
    entity or canonical deal has the evidence of what was merged into it. One query for what
    was merged, then one small query per node that stops at the first sentences found (the
    store's order, the same for the same contents), so the cost follows the nodes shown,
    not the store.
    """
    found: dict[str, Quotes] = {}
    for node, members in _merged(store, list(dict.fromkeys(nodes))).items():
        items = _sentences(store, members, limit)
        if items:
            found[node] = items
    return found


def edge_evidence(
    store: Store, edges: Iterable[tuple[str, str, dict]], limit: int = 3, most: int = MAX_EDGES
) -> dict[tuple[str, str], Quotes]:
    """Up to ``limit`` sentences for each of the ``most`` heaviest edges ``(u, v, data)``: where their deals name their parties.

    An edge of the partners or countries projection lists its ``agreements``; for the first
    ``limit`` of them (by IRI) the first report of the signing (a canonical deal's first
    article-level ``dkg:Agreement``, else the agreement itself) gives the sentences its
    ``dkg:party`` statements cite, those naming both ends of the edge first. One query for
    the reports, then one small query per edge, so the cost follows the edges shown (at
    most ``most``), not the store. Edges with no agreements (``full``, ``bipartite``) have
    none: their agreement or entity nodes have theirs.
    """
    listed = [
        (u, v, list(data.get("agreements") or ())[:limit], data.get("weight", 1)) for u, v, data in edges
    ]
    chosen = sorted((e for e in listed if e[2]), key=lambda e: -e[3])[:most]
    deals = sorted({d for *_, agreements, _ in chosen for d in agreements})
    if not deals:
        return {}
    report = {d: d for d in deals}
    report.update(
        select_values(
            store,
            f"SELECT ?d (MIN(STR(?r)) AS ?first) WHERE {{ {_values('?d', deals)} ?r dkg:canonicalDeal ?d . "
            "?r a dkg:Agreement } GROUP BY ?d",
        )
    )
    canon = dict(select_values(store, "SELECT ?m ?e WHERE { ?m dkg:resolvedAs ?e }"))
    found: dict[tuple[str, str], Quotes] = {}
    for u, v, agreements, _ in chosen:
        query = f"""
        SELECT DISTINCT ?r ?o ?i ?text ?url ?title WHERE {{
          {_values("?r", dict.fromkeys(report[d] for d in agreements))}
          ?st rdf:subject ?r ; rdf:predicate dkg:party ; rdf:object ?o ; dkg:evidence ?s .
          ?s dkg:text ?text ; dkg:sentenceIndex ?i ; dkg:inArticle ?art .
          OPTIONAL {{ ?art dkg:url ?url }}
          OPTIONAL {{ ?art dkg:title ?title }}
        }}
        """
        named: dict[tuple[str, int, str, str, str], set[str]] = {}
        for r, party, index, text, url, title in select_values(store, query):
            named.setdefault((r, int(index), text, url, title), set()).add(canon.get(party, party))
        order: dict[str, int] = {}
        for rank, deal in enumerate(agreements):
            order.setdefault(report[deal], rank)
        items: Quotes = []
        for key in sorted(named, key=lambda k: (-len(named[k] & {u, v}), order[k[0]], k[1])):
            text, url, title = key[2:]
            if len(items) < limit and all(text != item["text"] for item in items):
                items.append({"text": text, "url": url, "title": title})
        if items:
            found[(u, v)] = items
    return found


def _values(variable: str, nodes: Iterable[str]) -> str:
    return f"VALUES {variable} {{ {' '.join(str(ox.NamedNode(n)) for n in nodes)} }}"
