"""Read what the article graphs claim: entity classes, labels and countries, and deal reports.

Rows are streamed from the store; entity claims can be read for a block of entities at a
time, after ``read_summaries`` gave what merging needs of every entity (counts, no article sets).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from kg.records import ENTITY_TYPES
from kg.sparql import run_query
from kg.store import Store
from kg.vocab import DKG_NS

__all__ = [
    "ArticleInfo",
    "Claims",
    "EntitySummary",
    "Report",
    "read_articles",
    "read_claims",
    "read_reports",
    "read_summaries",
]

_ENTITY_CLASSES = " ".join(f"dkg:{t}" for t in ENTITY_TYPES)


@dataclass
class Claims:
    """Per entity IRI and attribute ("class", "label", "country"): each value and the articles stating it."""

    values: dict[str, dict[str, dict[str, set[str]]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    )

    def add(self, entity: str, attribute: str, value: str, article: str) -> None:
        self.values[entity][attribute][value].add(article)

    def articles(self, entity: str) -> set[str]:
        """Articles whose graph types the entity."""
        return set().union(*self.values[entity]["class"].values()) if entity in self.values else set()

    def summaries(self) -> dict[str, EntitySummary]:
        """What merging needs of each entity, as ``read_summaries`` reads it from a store."""
        return {
            entity: EntitySummary(
                {v: len(a) for v, a in attributes["class"].items()},
                set(attributes["label"]),
                len(self.articles(entity)),
            )
            for entity, attributes in self.values.items()
        }


@dataclass
class EntitySummary:
    """What merging needs of one entity IRI: how many articles state each class, its labels, articles typing it."""

    classes: dict[str, int] = field(default_factory=dict)
    labels: set[str] = field(default_factory=set)
    articles: int = 0


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What resolution needs to know of an article: publication date and publisher."""

    iri: str
    published: str | None
    source: str  # host of its URL, else the article IRI itself


@dataclass(frozen=True, slots=True)
class Report:
    """One article-level ``dkg:Agreement`` or ``dkg:DealProspect`` as stored."""

    iri: str
    article: ArticleInfo
    status: str
    kind: str
    signed_on: str | None = None
    value: Decimal | None = None
    currency: str | None = None
    parties: frozenset[str] = frozenset()
    concerns: frozenset[str] = frozenset()
    text: str = ""  # the sentences reporting its status, when signed

    @property
    def signed(self) -> bool:
        return self.status == "signed"


def _article_graphs(graph_var: str = "?g") -> str:
    return f"GRAPH {graph_var} {{ {graph_var} a dkg:Article }}"


def _rows(store: Store, sparql: str) -> Iterator[tuple[str, ...]]:
    """Rows of a SELECT as tuples of interned lexical values (``""`` when unbound), streamed."""
    for solution in run_query(store, sparql):
        yield tuple(sys.intern(term.value) if term is not None else "" for term in solution)


#: What the article graphs claim about entity ``{e}``: the value ``?v`` and the article ``?g``.
_CLAIMS = {
    "class": f"VALUES ?v {{ {_ENTITY_CLASSES} }} GRAPH ?g {{ {{e}} a ?v }} {_article_graphs()}",
    "label": f"GRAPH ?g {{ {{e}} rdfs:label ?v ; dkg:mentionedIn ?g }} {_article_graphs()}",
    "country": f"GRAPH ?g {{ {{e}} dkg:country ?v }} {_article_graphs()} FILTER(isIRI(?v))",
}


def _claims(attribute: str, entity: str = "?e") -> str:
    return _CLAIMS[attribute].replace("{e}", entity)


def _add(claims: Claims, entity: str, attribute: str, value: str, graph: str) -> None:
    claims.add(entity, attribute, value[len(DKG_NS) :] if attribute == "class" else value, graph)


def read_claims(store: Store, entities: Iterable[str] | None = None) -> Claims:
    """Every class, label and country the article graphs state about their entities (or about ``entities``)."""
    claims = Claims()
    for attribute in _CLAIMS:
        if entities is None:
            for entity, value, graph in _rows(store, f"SELECT ?e ?v ?g WHERE {{ {_claims(attribute)} }}"):
                _add(claims, entity, attribute, value, graph)
            continue
        for entity in entities:  # one query per entity: its claims are found by index, not by a scan
            for value, graph in _rows(store, f"SELECT ?v ?g WHERE {{ {_claims(attribute, f'<{entity}>')} }}"):
                _add(claims, entity, attribute, value, graph)
    return claims


def read_summaries(store: Store) -> dict[str, EntitySummary]:
    """What merging needs of every entity the article graphs state anything about, counted in the store."""
    summaries: dict[str, EntitySummary] = defaultdict(EntitySummary)
    counts = f"SELECT ?e ?v (COUNT(?g) AS ?n) WHERE {{ {_claims('class')} }} GROUP BY ?e ?v"
    for entity, value, n in _rows(store, counts):
        summaries[entity].classes[value[len(DKG_NS) :]] = int(n)
    articles = f"SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {_claims('class')} }} GROUP BY ?e"
    for entity, n in _rows(store, articles):
        summaries[entity].articles = int(n)
    for entity, label in _rows(store, f"SELECT DISTINCT ?e ?v WHERE {{ {_claims('label')} }}"):
        summaries[entity].labels.add(label)
    for (entity,) in _rows(store, f"SELECT DISTINCT ?e WHERE {{ {_claims('country')} }}"):
        summaries.setdefault(entity, EntitySummary())  # an entity only given a country is one too
    return dict(summaries)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def read_articles(store: Store) -> dict[str, ArticleInfo]:
    """Publication date and publisher of every article."""
    query = """SELECT ?g ?published ?url WHERE {
      GRAPH ?g { ?g a dkg:Article OPTIONAL { ?g dkg:published ?published } OPTIONAL { ?g dkg:url ?url } }
    }"""
    articles = {}
    for graph, published, url in _rows(store, query):
        host = urlsplit(url).hostname if url else None
        source = (host or "").removeprefix("www.") or graph
        articles[graph] = ArticleInfo(graph, published or None, source)
    return articles


def read_reports(store: Store, articles: dict[str, ArticleInfo] | None = None) -> list[Report]:
    """Every article-level deal with its parties (or involved actors), subject, date, value and status text.

    Only signed reports keep their status text (the stage cues after signing are read there);
    equal sets of parties or subjects are one object, so a report costs a few hundred bytes.
    """
    articles = articles if articles is not None else read_articles(store)
    base = f"""SELECT ?d ?g ?status ?kind ?date ?value ?currency WHERE {{
      {_article_graphs()}
      GRAPH ?g {{
        ?d dkg:status ?status ; dkg:agreementKind ?kind .
        OPTIONAL {{ ?d dkg:signedOn ?date }} OPTIONAL {{ ?d dkg:value ?value }} OPTIONAL {{ ?d dkg:currency ?currency }}
      }}
    }}"""
    links: dict[str, tuple[set[str], set[str]]] = {}
    linked = f"""SELECT ?d ?p ?o WHERE {{
      {_article_graphs()}
      GRAPH ?g {{ ?d dkg:status ?status ; ?p ?o . VALUES ?p {{ dkg:party dkg:involves dkg:concerns }} }}
    }}"""
    for deal, predicate, obj in _rows(store, linked):
        parties, concerns = links.setdefault(deal, (set(), set()))
        (concerns if predicate.endswith("#concerns") else parties).add(obj)
    texts: dict[str, list[str]] = defaultdict(list)
    evidence = f"""SELECT DISTINCT ?d ?text ?i WHERE {{
      {_article_graphs()}
      GRAPH ?g {{ ?d dkg:status "signed" . ?st rdf:subject ?d ; rdf:predicate dkg:status ; dkg:evidence ?s .
                  ?s dkg:text ?text ; dkg:sentenceIndex ?i }}
    }} ORDER BY ?d ?i"""
    for deal, text, _ in _rows(store, evidence):
        texts[deal].append(text)
    shared: dict[frozenset[str], frozenset[str]] = {}
    reports = []
    for deal, graph, status, kind, date, value, currency in _rows(store, base):
        if graph not in articles:
            continue
        parties, concerns = links.pop(deal, ((), ()))
        reports.append(
            Report(
                iri=deal,
                article=articles[graph],
                status=status,
                kind=kind,
                signed_on=date or None,
                value=_decimal(value),
                currency=currency or None,
                parties=shared.setdefault(frozenset(parties), frozenset(parties)),
                concerns=shared.setdefault(frozenset(concerns), frozenset(concerns)),
                text=" ".join(texts.pop(deal, ())),
            )
        )
    return sorted(reports, key=lambda r: r.iri)
