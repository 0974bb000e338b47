"""Helpers for extraction tests: run the real pipeline on a short text and read the result by name."""

from __future__ import annotations

from kg.extract import extract_article
from kg.records import Article, Extraction


class Result:
    """An extraction with look-ups by label."""

    def __init__(self, text: str, published: str | None = None):
        self.ex: Extraction = extract_article(Article("test", text, published=published))
        self.label = {e.key: e.label for e in self.ex.entities}

    def entity(self, name: str):
        """The entity whose label or an alt label is ``name``."""
        for e in self.ex.entities:
            if name == e.label or name in e.alt_labels:
                return e
        raise AssertionError(f"no entity {name!r} in {sorted(self.label.values())}")

    def names(self, type_: str | None = None) -> set[str]:
        return {e.label for e in self.ex.entities if type_ in (None, e.type)}

    def relations(self, predicate: str) -> set[tuple[str, str]]:
        return {(self.label[r.subject], self.label[r.object]) for r in self.ex.relations if r.predicate == predicate}

    def positions(self) -> set[tuple[str, str, str]]:
        return {(self.label[p.person], p.title, self.label[p.organization]) for p in self.ex.positions}

    def deals(self, status: str | None = None) -> list:
        return [d for d in self.ex.agreements if status in (None, d.status)]

    def parties(self, deal) -> set[str]:
        return {self.label[k] for k in deal.parties}

    def signatories(self, deal) -> set[str]:
        return {self.label[k] for k in deal.signatories}
