"""Likely duplicates for review: entities with close names, deals that share a firm and a subject."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

from kg.errors import KgError
from kg.resolution.claims import Claims
from kg.resolution.deals import CanonicalDeal
from kg.resolution.entities import ResolvedEntity
from kg.resolution.judgements import Judgements
from kg.resolution.rules import load_rules, name_key
from kg.sparql import select_values
from kg.store import Store

__all__ = ["Candidate", "deal_candidates", "entity_candidates", "find_entity", "first_report"]

_SIMILAR = 85.0  # rapidfuzz token_sort_ratio on name keys, 0-100


@dataclass
class Candidate:
    """Two entities or deals that may be one, with a score and the evidence for it."""

    kind: str
    a: str
    b: str
    score: float
    evidence: list[str] = field(default_factory=list)


def _distinct(entities: dict[str, ResolvedEntity]) -> list[ResolvedEntity]:
    return sorted({e.iri: e for e in entities.values()}.values(), key=lambda e: e.iri)


def entity_candidates(
    claims: Claims, entities: dict[str, ResolvedEntity], judgements: Judgements, limit: int = 50
) -> list[Candidate]:
    """Entities of one class whose name keys are close (rapidfuzz), best first, with shared neighbours.

    Neighbours are the other entities named in the same articles; judged pairs are left out.
    """
    rules = load_rules()
    judged = {tuple(sorted(p)) for v in ("same", "different") for p in judgements.pairs("entity", v)}
    by_class: dict[str, list[ResolvedEntity]] = defaultdict(list)
    for entity in _distinct(entities):
        by_class[entity.cls].append(entity)
    in_article: dict[str, set[str]] = defaultdict(set)
    for iri in claims.values:
        for article in claims.articles(iri):
            in_article[article].add(entities[iri].iri)

    def neighbours(entity: ResolvedEntity) -> set[str]:
        found = set()
        for member in entity.members:
            for article in claims.articles(member):
                found |= in_article[article]
        return found - {entity.iri}

    found = []
    for group in by_class.values():
        keys = [name_key(e.chosen.get("label", e.iri), rules) for e in group]
        # One byte per pair: 10,000 entities of one class take 100 MB, not 400.
        matrix = process.cdist(
            keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=_SIMILAR, dtype=np.uint8
        )
        for i, j in zip(*matrix.nonzero()):
            if i >= j:
                continue
            a, b = group[i], group[j]
            countries = {a.chosen.get("country"), b.chosen.get("country")}
            if tuple(sorted((a.iri, b.iri))) in judged or (None not in countries and len(countries) == 2):
                continue  # judged already, or of two known countries ("Ministry of Defence of India" / "of Indonesia")
            shared = neighbours(a) & neighbours(b)
            labels = [a.chosen.get("label", a.iri), b.chosen.get("label", b.iri)]
            evidence = [
                f"labels {labels[0]!r} / {labels[1]!r}, name similarity {matrix[i, j]:.0f}",
                f"articles {len(claims.articles(a.iri))} / {len(claims.articles(b.iri))}",
                f"{len(shared)} shared neighbours" + (f": {', '.join(sorted(shared)[:3])}" if shared else ""),
            ]
            found.append(
                Candidate("entity", a.iri, b.iri, float(matrix[i, j]) + min(len(shared), 10), evidence)
            )
    return sorted(found, key=lambda c: (-c.score, c.a, c.b))[:limit]


def deal_candidates(deals: list[CanonicalDeal], judgements: Judgements, limit: int = 50) -> list[Candidate]:
    """Canonical deals that share a party and a subject or a value but were kept apart, with their reports."""
    judged = {tuple(sorted(p)) for v in ("same", "different") for p in judgements.pairs("deal", v)}
    by_party: dict[str, list[CanonicalDeal]] = defaultdict(list)
    for deal in deals:
        for party in deal.parties:
            by_party[party].append(deal)
    seen: set[tuple[str, str]] = set()
    found = []
    for group in by_party.values():
        for a, b in combinations(group, 2):
            pair = tuple(sorted((a.iri, b.iri)))
            if pair in seen:
                continue
            seen.add(pair)
            reports = {v.iri for v in a.reports} | {v.iri for v in b.reports}
            if any(x in reports and y in reports for x, y in judged):
                continue
            subject = a.concerns & b.concerns
            value = {v for v, _ in a.values} & {v for v, _ in b.values}
            if not (subject or value):
                continue
            shared = a.parties & b.parties
            evidence = [
                f"{len(shared)} shared parties, {len(subject)} shared subjects"
                + (", same value" if value else ""),
                f"{a.iri}: {a.kind} {a.date or 'undated'}, {a.latest_stage}, reports {', '.join(v.iri for v in a.reports)}",
                f"{b.iri}: {b.kind} {b.date or 'undated'}, {b.latest_stage}, reports {', '.join(v.iri for v in b.reports)}",
            ]
            found.append(
                Candidate(
                    "deal", a.iri, b.iri, 2.0 * len(shared) + 2.0 * len(subject) + 2.0 * bool(value), evidence
                )
            )
    return sorted(found, key=lambda c: (-c.score, c.a, c.b))[:limit]


def find_entity(name: str, claims: Claims) -> str:
    """The entity IRI named by ``name``: an IRI, or a label stated for exactly one entity (any case).

    >>> claims = Claims(); claims.add("https://x/company/saab", "label", "Saab", "https://x/article/1")
    >>> find_entity("SAAB", claims)
    'https://x/company/saab'
    """
    if name.startswith(("http://", "https://")):
        return name
    key = name.casefold()
    matches = sorted(
        iri
        for iri, attributes in claims.values.items()
        if any(l.casefold() == key for l in attributes["label"])
    )
    if not matches:
        raise KgError(f"{name!r}: no entity has this label (give its IRI)")
    if len(matches) > 1:
        raise KgError(f"{name!r} names several entities: {', '.join(matches[:5])} (give an IRI)")
    return matches[0]


def first_report(store: Store, deal: str) -> str:
    """The report a judgement about ``deal`` names: the IRI itself for a report, else a canonical deal's first report."""
    if not deal.startswith(("http://", "https://")):
        raise KgError(f"{deal!r}: give a deal by IRI (an article's deal or a canonical dkg:Deal)")
    node = f"<{deal}>"
    rows = select_values(
        store,
        f"""SELECT ?r ?kind ?published WHERE {{
          {{ {node} dkg:status ?s BIND({node} AS ?r) BIND("report" AS ?kind) }}
          UNION {{ ?r dkg:canonicalDeal {node} BIND("deal" AS ?kind) }}
          OPTIONAL {{ ?r dkg:mentionedIn/dkg:published ?published }}
        }}""",
    )
    if not rows:
        raise KgError(f"{deal}: no such deal in the store")
    return min(rows, key=lambda row: (row[1] != "report", row[2] or "9999", row[0]))[0]
