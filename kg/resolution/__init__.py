"""Resolution across articles: canonical deals, resolved entity attributes, reviewed judgements.

``resolve_store`` resolves the store's entities and deals unit by unit and rewrites the
units of the resolution graph that changed; ``kg ingest`` runs it after writing articles,
so the resolved view is always current::

    from kg.store import open_store
    from kg.resolution import resolve_store
    with open_store("kg-store", writable=True) as store:
        print(resolve_store(store).summary())

Memory does not grow with the corpus beyond one compact record per deal report and a
summary per entity: entity claims are read one entity at a time, deals are resolved in
units no join crosses, and the resolution graph is written a chunk of units at a time. ``resolve`` gives
the same entities and deals whole, for review (``kg resolve candidates``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.resolution.claims import read_articles, read_claims, read_reports, read_summaries
from kg.resolution.deals import CanonicalDeal, canonical_deals, resolve_deals
from kg.resolution.entities import ResolvedEntity, group_entities, resolve_entities, tally_entity
from kg.resolution.graph import (
    RESOLUTION_GRAPH,
    deal_triples,
    entity_triples,
    input_stamp,
    stored_stamp,
    write_resolution,
)
from kg.resolution.judgements import Judgement, Judgements, load_judgements, record_judgement
from kg.settings import setting
from kg.store import Store

__all__ = [
    "RESOLUTION_GRAPH",
    "CanonicalDeal",
    "Judgement",
    "Judgements",
    "Resolution",
    "ResolvedEntity",
    "judgements_path",
    "load_judgements",
    "record_judgement",
    "resolve",
    "resolve_store",
]


@dataclass
class Resolution:
    """What one resolution run decided and how much of the resolution graph it rewrote."""

    entities: int = 0
    deals: int = 0
    reports: int = 0
    written: int = 0
    removed: int = 0
    unchanged: int = 0
    current: bool = False  # nothing to do: the articles and judgements are those last resolved

    def summary(self) -> str:
        """One line for the end of an ingest."""
        if self.current:
            return "resolution: up to date (no article or judgement changed)"
        return (
            f"resolution: {self.entities} entities, {self.deals} deals from {self.reports} reports; "
            f"{self.written} rewritten, {self.removed} removed, {self.unchanged} unchanged"
        )


def resolve(
    store: Store, judgements: Judgements | None = None
) -> tuple[dict[str, ResolvedEntity], list[CanonicalDeal]]:
    """Every entity IRI mapped to its resolved entity, and the canonical deals, all in memory; nothing written.

    >>> from kg.store import open_store
    >>> resolve(open_store("memory:"), Judgements())
    ({}, [])
    """
    judgements = judgements if judgements is not None else load_judgements(judgements_path())
    entities = resolve_entities(read_claims(store), judgements)
    return entities, resolve_deals(read_reports(store, read_articles(store)), entities, judgements)


def _entities(
    store: Store, judgements: Judgements, resolved: dict[str, ResolvedEntity]
) -> Iterator[ResolvedEntity]:
    """Each resolved entity with its tallies, from the claims of its members alone.

    ``resolved`` fills with every entity IRI's resolved entity, its tallies dropped once given.
    """
    summaries = read_summaries(store)
    groups = group_entities(summaries, judgements)
    iri_of = {member: iri for iri, members in groups for member in members}
    for iri, members in groups:
        entity = tally_entity(iri, members, read_claims(store, members), iri_of)
        yield entity
        entity.tallies = {}
        resolved.update(dict.fromkeys(members, entity))


def resolve_store(store: Store, judgements: Judgements | None = None) -> Resolution:
    """Resolve and bring the resolution graph up to date, rewriting only the deals and entities that changed.

    When the articles (by content hash) and the judgements are those of the last run, nothing is read.
    """
    judgements = judgements if judgements is not None else load_judgements(judgements_path())
    stamp = input_stamp(store, judgements)
    if stamp == stored_stamp(store):
        return Resolution(current=True)
    result = Resolution()
    resolved: dict[str, ResolvedEntity] = {}

    def units() -> Iterator[tuple[str, list]]:
        for entity in _entities(store, judgements, resolved):
            result.entities += 1
            yield entity.iri, entity_triples(entity)
        reports = read_reports(store)
        result.reports = len(reports)
        for deal in canonical_deals(reports, resolved, judgements):
            result.deals += 1
            yield deal.iri, deal_triples(deal)

    written = write_resolution(store, units(), stamp)
    result.written, result.removed, result.unchanged = written.written, written.removed, written.unchanged
    return result


def judgements_path() -> Path:
    """The judgements file named by the ``judgements`` setting."""
    return Path(setting("judgements"))
