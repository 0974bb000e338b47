"""Resolution across articles: canonical deals, resolved entity attributes, reviewed judgements.

``resolve_store`` reads every article graph's claims, resolves entities and deals, and
rewrites the units of the resolution graph that changed; ``kg ingest`` runs it after
writing articles, so the resolved view is always current::

    from kg.store import open_store
    from kg.resolution import resolve_store
    with open_store("kg-store", writable=True) as store:
        print(resolve_store(store).summary())
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.resolution.claims import read_articles, read_claims, read_reports
from kg.resolution.deals import CanonicalDeal, resolve_deals
from kg.resolution.entities import ResolvedEntity, resolve_entities
from kg.resolution.graph import RESOLUTION_GRAPH, input_stamp, stored_stamp, write_resolution
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

    entities: dict[str, ResolvedEntity]
    deals: list[CanonicalDeal]
    reports: int
    written: int = 0
    removed: int = 0
    unchanged: int = 0
    current: bool = False  # nothing to do: the articles and judgements are those last resolved

    def summary(self) -> str:
        """One line for the end of an ingest."""
        if self.current:
            return "resolution: up to date (no article or judgement changed)"
        distinct = len({e.iri for e in self.entities.values()})
        return (
            f"resolution: {distinct} entities, {len(self.deals)} deals from {self.reports} reports; "
            f"{self.written} rewritten, {self.removed} removed, {self.unchanged} unchanged"
        )


def resolve(store: Store, judgements: Judgements | None = None) -> Resolution:
    """Resolve the store's entities and deals without writing anything.

    >>> from kg.store import open_store
    >>> resolve(open_store("memory:"), Judgements()).deals
    []
    """
    judgements = judgements if judgements is not None else load_judgements(judgements_path())
    entities = resolve_entities(read_claims(store), judgements)
    reports = read_reports(store, read_articles(store))
    return Resolution(entities, resolve_deals(reports, entities, judgements), len(reports))


def resolve_store(store: Store, judgements: Judgements | None = None) -> Resolution:
    """Resolve and bring the resolution graph up to date, rewriting only the deals and entities that changed.

    When the articles (by content hash) and the judgements are those of the last run, nothing is read.
    """
    judgements = judgements if judgements is not None else load_judgements(judgements_path())
    stamp = input_stamp(store, judgements)
    if stamp == stored_stamp(store):
        return Resolution({}, [], 0, current=True)
    result = resolve(store, judgements)
    written = write_resolution(
        store, {e.iri: e for e in result.entities.values()}.values(), result.deals, stamp
    )
    result.written, result.removed, result.unchanged = written.written, written.removed, written.unchanged
    return result


def judgements_path() -> Path:
    """The judgements file named by the ``judgements`` setting."""
    return Path(setting("judgements"))
