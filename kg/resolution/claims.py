"""Read what the article graphs claim: entity classes, labels and countries, and deal reports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from kg.records import ENTITY_TYPES
from kg.sparql import select_values
from kg.store import Store
from kg.vocab import DKG_NS

__all__ = ["ArticleInfo", "Claims", "Report", "read_articles", "read_claims", "read_reports"]

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


@dataclass(frozen=True)
class ArticleInfo:
    """What resolution needs to know of an article: publication date and publisher."""

    iri: str
    published: str | None
    source: str  # host of its URL, else the article IRI itself


@dataclass(frozen=True)
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
    text: str = ""  # the sentences reporting its status

    @property
    def signed(self) -> bool:
        return self.status == "signed"


def _article_graphs(graph_var: str = "?g") -> str:
    return f"GRAPH {graph_var} {{ {graph_var} a dkg:Article }}"


def read_claims(store: Store) -> Claims:
    """Every class, label and country the article graphs state about their entities."""
    claims = Claims()
    queries = {
        "class": f"SELECT ?e ?v ?g WHERE {{ VALUES ?v {{ {_ENTITY_CLASSES} }} GRAPH ?g {{ ?e a ?v }} {_article_graphs()} }}",
        "label": f"SELECT ?e ?v ?g WHERE {{ GRAPH ?g {{ ?e rdfs:label ?v ; dkg:mentionedIn ?g }} {_article_graphs()} }}",
        "country": f"SELECT ?e ?v ?g WHERE {{ GRAPH ?g {{ ?e dkg:country ?v }} {_article_graphs()} FILTER(isIRI(?v)) }}",
    }
    for attribute, query in queries.items():
        for entity, value, graph in select_values(store, query):
            if attribute == "class":
                value = value[len(DKG_NS) :]
            claims.add(entity, attribute, value, graph)
    return claims


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
    for graph, published, url in select_values(store, query):
        host = urlsplit(url).hostname if url else None
        source = (host or "").removeprefix("www.") or graph
        articles[graph] = ArticleInfo(graph, published or None, source)
    return articles


def read_reports(store: Store, articles: dict[str, ArticleInfo] | None = None) -> list[Report]:
    """Every article-level deal with its parties (or involved actors), subject, date, value and status text."""
    articles = articles if articles is not None else read_articles(store)
    base = f"""SELECT ?d ?g ?status ?kind ?date ?value ?currency WHERE {{
      {_article_graphs()}
      GRAPH ?g {{
        ?d dkg:status ?status ; dkg:agreementKind ?kind .
        OPTIONAL {{ ?d dkg:signedOn ?date }} OPTIONAL {{ ?d dkg:value ?value }} OPTIONAL {{ ?d dkg:currency ?currency }}
      }}
    }}"""
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    linked = f"""SELECT ?d ?p ?o WHERE {{
      {_article_graphs()}
      GRAPH ?g {{ ?d dkg:status ?status ; ?p ?o . VALUES ?p {{ dkg:party dkg:involves dkg:concerns }} }}
    }}"""
    for deal, predicate, obj in select_values(store, linked):
        links[deal]["concerns" if predicate.endswith("#concerns") else "parties"].add(obj)
    texts: dict[str, list[str]] = defaultdict(list)
    evidence = f"""SELECT DISTINCT ?d ?text ?i WHERE {{
      {_article_graphs()}
      GRAPH ?g {{ ?st rdf:subject ?d ; rdf:predicate dkg:status ; dkg:evidence ?s . ?s dkg:text ?text ; dkg:sentenceIndex ?i }}
    }} ORDER BY ?d ?i"""
    for deal, text, _ in select_values(store, evidence):
        texts[deal].append(text)
    reports = []
    for deal, graph, status, kind, date, value, currency in select_values(store, base):
        if graph not in articles:
            continue
        reports.append(
            Report(
                iri=deal,
                article=articles[graph],
                status=status,
                kind=kind,
                signed_on=date or None,
                value=_decimal(value),
                currency=currency or None,
                parties=frozenset(links[deal]["parties"]),
                concerns=frozenset(links[deal]["concerns"]),
                text=" ".join(texts[deal]),
            )
        )
    return sorted(reports, key=lambda r: r.iri)
