"""Turn an article's extraction into the triples of its named graph; the only writer of triples."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg import iris
from kg.records import Agreement, Extraction
from kg.vocab import DKG, RDF, RDFS, SKOS, XSD

__all__ = ["build_graph", "date_literal"]

_DATE_TYPES = {
    re.compile(r"\d{4}-\d{2}-\d{2}"): "date",
    re.compile(r"\d{4}-\d{2}"): "gYearMonth",
    re.compile(r"\d{4}"): "gYear",
}


def date_literal(value: str) -> ox.Literal:
    """Typed literal for a date with its precision.

    >>> date_literal("2024-11").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    """
    for pattern, type_ in _DATE_TYPES.items():
        if pattern.fullmatch(value):
            return ox.Literal(value, datatype=XSD[type_])
    raise ValueError(f"not an ISO date, year-month or year: {value!r}")


class _GraphWriter:
    """Collects the triples of one article graph, reifying extracted facts with their sentence."""

    def __init__(self, extraction: Extraction):
        self.source_id = extraction.article.source_id
        self.article = ox.NamedNode(iris.article_iri(self.source_id))
        self.sentences = {s.index: s for s in extraction.sentences}
        self.triples: dict[ox.Triple, None] = {}  # ordered set

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.triples[ox.Triple(s, p, o)] = None

    def fact(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal, sentences, rule: str) -> None:
        """Add a triple and an rdf:Statement linking it to each sentence it came from and the rule that made it."""
        self.add(s, p, o)
        statement = ox.NamedNode(iris.statement_iri(self.source_id, s.value, p.value, str(o)))
        self.add(statement, RDF.type, RDF.Statement)
        self.add(statement, DKG.rule, ox.Literal(rule))
        self.add(statement, RDF.subject, s)
        self.add(statement, RDF.predicate, p)
        self.add(statement, RDF.object, o)
        for index in sorted(set(sentences)):
            if index in self.sentences:
                self.add(statement, DKG.evidence, ox.NamedNode(iris.sentence_iri(self.source_id, index)))

    def sentence_nodes(self) -> None:
        """Every sentence with its text and modality, so hedged and negated claims can be asked for."""
        for index, sentence in sorted(self.sentences.items()):
            if not sentence.text:
                continue
            node = ox.NamedNode(iris.sentence_iri(self.source_id, index))
            self.add(node, RDF.type, DKG.Sentence)
            self.add(node, DKG.inArticle, self.article)
            self.add(node, DKG.sentenceIndex, ox.Literal(str(index), datatype=XSD.integer))
            self.add(node, DKG.text, ox.Literal(sentence.text))
            self.add(node, DKG.modality, ox.Literal(sentence.modality))


def build_graph(extraction: Extraction) -> tuple[ox.NamedNode, list[ox.Triple]]:
    """The article's graph name and the triples it holds.

    >>> from kg.records import Article
    >>> name, triples = build_graph(Extraction(Article("001-x", "Text.")))
    >>> name.value, len(triples)
    ('https://w3id.org/defense-kg/id/article/001-x', 3)
    """
    w = _GraphWriter(extraction)
    _article_triples(w, extraction)
    nodes = {e.key: ox.NamedNode(iris.entity_iri(e.key)) for e in extraction.entities}
    implied = _implying_sentences(extraction)
    for entity in extraction.entities:
        node = nodes[entity.key]
        w.fact(node, RDF.type, DKG[entity.type], entity.sentences or implied.get(entity.key, ()), entity.rule)
        w.add(node, RDFS.label, ox.Literal(entity.label))
        for alt in sorted(entity.alt_labels - {entity.label}):
            w.add(node, SKOS.altLabel, ox.Literal(alt))
        w.add(node, DKG.mentionedIn, w.article)
        for index in sorted(entity.sentences):
            if index in w.sentences:
                w.add(ox.NamedNode(iris.sentence_iri(w.source_id, index)), DKG.mentions, node)
    for relation in extraction.relations:
        w.fact(nodes[relation.subject], DKG[relation.predicate], nodes[relation.object], [relation.sentence], relation.rule)
    for position in extraction.positions:
        node = ox.NamedNode(iris.position_iri(position.person, position.organization, position.title))
        w.fact(nodes[position.person], DKG.holds, node, [position.sentence], position.rule)
        w.add(node, RDF.type, DKG.Position)
        w.fact(node, DKG.organization, nodes[position.organization], [position.sentence], position.rule)
        w.fact(node, DKG.title, ox.Literal(position.title), [position.sentence], position.rule)
    for index, deal in enumerate(extraction.agreements, start=1):
        _deal_triples(w, deal, ox.NamedNode(iris.deal_iri(w.source_id, index)), nodes)
    w.sentence_nodes()
    return w.article, list(w.triples)


def _implying_sentences(extraction: Extraction) -> dict[str, set[int]]:
    """Sentences of the facts that name each entity: the evidence for entities never mentioned alone."""
    implied: dict[str, set[int]] = {}
    for relation in extraction.relations:
        for key in (relation.subject, relation.object):
            implied.setdefault(key, set()).add(relation.sentence)
    for position in extraction.positions:
        for key in (position.person, position.organization):
            implied.setdefault(key, set()).add(position.sentence)
    for deal in extraction.agreements:
        keys = [*deal.parties, *deal.signatories, *deal.concerns, *([deal.place] if deal.place else [])]
        for key in keys:
            implied.setdefault(key, set()).update(deal.sentences)
    return implied


def _article_triples(w: _GraphWriter, extraction: Extraction) -> None:
    article = extraction.article
    w.add(w.article, RDF.type, DKG.Article)
    w.add(w.article, DKG.sourceId, ox.Literal(article.source_id))
    w.add(w.article, DKG.contentHash, ox.Literal(article.content_hash))
    optional = (
        (DKG.title, article.title and ox.Literal(article.title)),
        (DKG.url, article.url and ox.Literal(article.url, datatype=XSD.anyURI)),
        (DKG.published, article.published and date_literal(article.published)),
        (DKG.sourceFile, article.path and ox.Literal(article.path)),
        (DKG.sourceFormat, article.fmt and ox.Literal(article.fmt)),
    )
    for predicate, value in optional:
        if value:
            w.add(w.article, predicate, value)


def _deal_triples(w: _GraphWriter, deal: Agreement, node: ox.NamedNode, nodes: dict[str, ox.NamedNode]) -> None:
    signed = deal.status == "signed"
    w.fact(node, RDF.type, DKG.Agreement if signed else DKG.DealProspect, deal.sentences, deal.status_rule)
    w.fact(node, DKG.status, ox.Literal(deal.status), deal.sentences, deal.status_rule)
    w.fact(node, DKG.agreementKind, ox.Literal(deal.kind), deal.sentences, "deals.kind")
    w.add(node, DKG.mentionedIn, w.article)
    for party in deal.parties:
        w.fact(node, DKG.party if signed else DKG.involves, nodes[party], deal.sentences_of(f"party:{party}"), deal.rule)
    for signatory in deal.signatories if signed else ():
        w.fact(node, DKG.signatory, nodes[signatory], deal.sentences_of(f"signatory:{signatory}"), "deals.signatories")
    if deal.date and signed:
        w.fact(node, DKG.signedOn, date_literal(deal.date), deal.sentences_of("date"), "deals.date")
    if deal.place and signed:
        w.fact(node, DKG.signedAt, nodes[deal.place], deal.sentences_of("place"), "deals.place")
    for item in deal.concerns:
        w.fact(node, DKG.concerns, nodes[item], deal.sentences_of(f"concerns:{item}"), "deals.concerns")
    if deal.value:
        w.fact(node, DKG.value, ox.Literal(deal.value, datatype=XSD.decimal), deal.sentences_of("value"), "deals.value")
    if deal.currency:
        w.fact(node, DKG.currency, ox.Literal(deal.currency), deal.sentences_of("value"), "deals.value")
