"""Plain records passed between pipeline stages (load -> extract -> resolve -> build)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kg.vocab import entity_classes

__all__ = [
    "ENTITY_TYPES",
    "Agreement",
    "Article",
    "Entity",
    "Extraction",
    "Position",
    "Relation",
    "Sentence",
]

#: The entity classes of the ontology that extraction produces (``dkgs:EntityShape`` in ontology/shapes.ttl).
ENTITY_TYPES = entity_classes()


@dataclass(frozen=True)
class Article:
    """One news article as loaded from disk, before extraction."""

    source_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    path: str | None = None  # file it came from
    fmt: str | None = None  # loader name: txt, md, html, jsonl, feed

    @property
    def content_hash(self) -> str:
        """SHA-256 over everything that changes the article's graph.

        >>> Article("a", "x").content_hash == Article("a", "x").content_hash
        True
        """
        parts = (self.source_id, self.title or "", self.url or "", self.published or "", self.text)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with its character span and modality."""

    index: int
    start: int
    end: int
    text: str
    modality: str = "asserted"  # asserted | hedged | negated


@dataclass
class Entity:
    """A resolved entity as stated in one article.

    ``key`` is the article-independent identity ("company:hyundai rotem"),
    from which build derives the IRI.
    """

    key: str
    type: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    rule: str = "mention.gazetteer"  # how its first mention was found: "mention.gazetteer", "mention.ner", ...


@dataclass
class Agreement:
    """A deal reported in one article; ``status`` tells signed from planned."""

    kind: str = "other"
    status: str = "signed"
    parties: list[str] = field(default_factory=list)  # entity keys
    signatories: list[str] = field(default_factory=list)  # Person keys
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    place: str | None = None  # Site/Place key
    concerns: list[str] = field(default_factory=list)  # Product/Site keys
    value: str | None = None  # decimal amount as text
    currency: str | None = None  # ISO 4217 code
    sentences: list[int] = field(default_factory=list)
    #: Sentences stating each fact, keyed "party:<key>", "signatory:<key>", "concerns:<key>",
    #: "date", "place" or "value"; a fact without an entry cites every sentence of the deal.
    evidence: dict[str, set[int]] = field(default_factory=dict)
    rule: str = "deals.word_order"  # how its parties were found (dkg:rule)
    status_rule: str = "deals.status_cues"  # how its status was decided (dkg:rule)

    def cite(self, index: int) -> None:
        """Record sentence ``index`` as the evidence of every fact the deal holds now.

        >>> deal = Agreement(parties=["company:x"], date="2024")
        >>> deal.cite(3); sorted(deal.evidence)
        ['date', 'party:company:x']
        """
        facts = [f"party:{k}" for k in self.parties] + [f"signatory:{k}" for k in self.signatories]
        facts += [f"concerns:{k}" for k in self.concerns]
        facts += [name for name in ("date", "place", "value") if getattr(self, name)]
        for fact in facts:
            self.evidence.setdefault(fact, set()).add(index)

    def sentences_of(self, fact: str) -> list[int]:
        """Sentences stating ``fact``, or every sentence of the deal when none was recorded."""
        return sorted(self.evidence.get(fact, ())) or self.sentences


@dataclass
class Position:
    """A person holding a title at an organization or country."""

    person: str
    organization: str
    title: str
    sentence: int
    rule: str  # id of the extraction rule that made it (dkg:rule)


@dataclass
class Relation:
    """A binary fact between entities: ``locatedIn``, ``country`` or ``manufacturer``."""

    subject: str
    predicate: str
    object: str
    sentence: int
    rule: str  # id of the extraction rule that made it (dkg:rule)


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
