"""Write resolved entities and canonical deals into the resolution graph, rewriting only what changed.

Each resolved entity and each canonical deal is a unit whose triples carry a
``dkg:resolutionHash``; a run deletes the units whose digest changed or that are gone and
inserts the new ones, so an ingest touches only what it changed. Units stream in and are
written ``CHUNK_TRIPLES`` at a time, so memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.build import date_literal
from kg.resolution.deals import CanonicalDeal, precision_label
from kg.resolution.entities import ResolvedEntity
from kg.resolution.judgements import Judgements
from kg.sparql import select_values
from kg.store import Store
from kg.vocab import DKG, ID_NS, RDF, SKOS, XSD

__all__ = [
    "RESOLUTION_GRAPH",
    "WriteReport",
    "deal_triples",
    "entity_triples",
    "input_stamp",
    "stored_stamp",
    "write_resolution",
]

#: Named graph of the resolved view, apart from the article graphs.
RESOLUTION_GRAPH = ox.NamedNode(f"{ID_NS}graph/resolution")
#: Triples of rewritten units per update request.
CHUNK_TRIPLES = 10_000


def _digest(text: str, n: int = 16) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:n]


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD.integer)


def entity_triples(entity: ResolvedEntity) -> list[ox.Triple]:
    """The resolved entity's chosen attributes, its tallies with the articles behind them, and its merges."""
    node = ox.NamedNode(entity.iri)
    triples = []
    for member in entity.members:
        if member != entity.iri:
            triples.append(ox.Triple(ox.NamedNode(member), DKG.resolvedAs, node))
    chosen = entity.chosen
    if "class" in chosen:
        triples.append(ox.Triple(node, DKG.resolvedClass, DKG[chosen["class"]]))
    if "label" in chosen:
        triples.append(ox.Triple(node, SKOS.prefLabel, ox.Literal(chosen["label"])))
    if "country" in chosen:
        triples.append(ox.Triple(node, DKG.resolvedCountry, ox.NamedNode(chosen["country"])))
    for attribute, tally in sorted(entity.tallies.items()):
        for value, articles in sorted(tally.items()):
            t = ox.NamedNode(f"{ID_NS}tally/{_digest(entity.iri)}/{attribute}/{_digest(value, 12)}")
            term = (
                ox.Literal(value)
                if attribute == "label"
                else (DKG[value] if attribute == "class" else ox.NamedNode(value))
            )
            triples += [
                ox.Triple(node, DKG.tally, t),
                ox.Triple(t, RDF.type, DKG.AttributeTally),
                ox.Triple(t, DKG.attribute, ox.Literal(attribute)),
                ox.Triple(t, DKG.tallyValue, term),
                ox.Triple(t, DKG.articleCount, _int(len(articles))),
                ox.Triple(
                    t,
                    DKG.chosen,
                    ox.Literal("true" if chosen.get(attribute) == value else "false", datatype=XSD.boolean),
                ),
            ]
            triples += [ox.Triple(t, DKG.claimedIn, ox.NamedNode(a)) for a in sorted(articles)]
    return triples


def deal_triples(deal: CanonicalDeal) -> list[ox.Triple]:
    """The canonical deal, its attributes, one stage report per article-level report, and their links."""
    node = ox.NamedNode(deal.iri)
    triples = [
        ox.Triple(node, RDF.type, DKG.Deal),
        ox.Triple(node, DKG.agreementKind, ox.Literal(deal.kind)),
        ox.Triple(node, DKG.latestStage, ox.Literal(deal.latest_stage)),
        ox.Triple(node, DKG.reportCount, _int(deal.report_count)),
        ox.Triple(node, DKG.sourceCount, _int(deal.source_count)),
    ]
    triples += [ox.Triple(node, DKG.dealParty, ox.NamedNode(p)) for p in sorted(deal.parties)]
    triples += [ox.Triple(node, DKG.concerns, ox.NamedNode(c)) for c in sorted(deal.concerns)]
    for value, currency in deal.values:
        triples.append(ox.Triple(node, DKG.value, ox.Literal(value, datatype=XSD.decimal)))
        if currency:
            triples.append(ox.Triple(node, DKG.currency, ox.Literal(currency)))
    if len(deal.values) > 1:
        triples.append(ox.Triple(node, DKG.conflict, ox.Literal("value")))
    triples += [ox.Triple(node, DKG.signingDate, date_literal(d)) for d in deal.signing_dates]
    if len(deal.signing_dates) > 1:
        triples.append(ox.Triple(node, DKG.conflict, ox.Literal("signing date")))
    if deal.date:
        triples += [
            ox.Triple(node, DKG.dealDate, date_literal(deal.date)),
            ox.Triple(node, DKG.datePrecision, ox.Literal(precision_label(deal.date))),
            ox.Triple(node, DKG.dateBasis, ox.Literal(deal.date_basis)),
        ]
    if deal.first_reported:
        triples.append(ox.Triple(node, DKG.firstReported, date_literal(deal.first_reported)))
        triples.append(ox.Triple(node, DKG.lastReported, date_literal(deal.last_reported)))
    for view in deal.reports:
        stage = ox.NamedNode(f"{deal.iri}/report/{_digest(view.iri)}")
        report = ox.NamedNode(view.iri)
        triples += [
            ox.Triple(report, DKG.canonicalDeal, node),
            ox.Triple(node, DKG.stageReport, stage),
            ox.Triple(stage, RDF.type, DKG.StageReport),
            ox.Triple(stage, DKG.stage, ox.Literal(view.stage)),
            ox.Triple(stage, DKG.report, report),
            ox.Triple(stage, DKG.reportedIn, ox.NamedNode(view.report.article.iri)),
            ox.Triple(stage, DKG.agreementKind, ox.Literal(view.report.kind)),
        ]
        if view.date:
            triples.append(ox.Triple(stage, DKG.stageDate, date_literal(view.date)))
    return triples


@dataclass
class WriteReport:
    """How many resolution units a run rewrote, removed and left alone."""

    written: int = 0
    removed: int = 0
    unchanged: int = 0


def _hashed(unit: str, triples: list[ox.Triple]) -> tuple[str, list[ox.Triple]]:
    lines = sorted(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return digest, [*triples, ox.Triple(ox.NamedNode(unit), DKG.resolutionHash, ox.Literal(digest))]


def _delete(unit: str) -> str:
    g, u = RESOLUTION_GRAPH, ox.NamedNode(unit)
    return (
        f"DELETE WHERE {{ GRAPH {g} {{ {u} {DKG.stageReport} ?s . ?s ?sp ?so }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {g} {{ {u} {DKG.tally} ?t . ?t ?tp ?to }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {g} {{ ?r {DKG.canonicalDeal} {u} }} }} ;\n"
        f"DELETE WHERE {{ GRAPH {g} {{ ?m {DKG.resolvedAs} {u} }} }} ;\n"
        f"DELETE {{ GRAPH {g} {{ {u} ?p ?o }} }} WHERE {{ GRAPH {g} {{ {u} ?p ?o }} "
        f"FILTER(?p != {DKG.resolvedAs}) }}"
    )


def input_stamp(store: Store, judgements: Judgements) -> str:
    """Digest of what resolution reads: every article's content hash, and the judgements."""
    rows = select_values(store, "SELECT ?g ?h WHERE { GRAPH ?g { ?g dkg:contentHash ?h } }")
    text = (
        "\n".join(sorted(f"{g} {h}" for g, h in rows)) + "\n" + repr([j.as_dict() for j in judgements.items])
    )
    return hashlib.sha256(text.encode()).hexdigest()


def stored_stamp(store: Store) -> str:
    """The input stamp of the last resolution written to the store, or ``""``."""
    g = RESOLUTION_GRAPH
    rows = select_values(store, f"SELECT ?h WHERE {{ GRAPH {g} {{ {g} {DKG.resolutionHash} ?h }} }}")
    return rows[0][0] if rows else ""


def write_resolution(
    store: Store, units: Iterable[tuple[str, list[ox.Triple]]], stamp: str = ""
) -> WriteReport:
    """Make the resolution graph hold exactly these units (IRI and triples), rewriting changed units only.

    Units are written ``CHUNK_TRIPLES`` at a time: the stale ones deleted in one update, the
    new ones added in one transaction. The graph's stamp (``input_stamp``, so an unchanged
    input is not resolved again) is removed first and written last: a run stopped midway
    leaves every unit whole or absent and no stamp, so the next run resolves again and
    writes what is missing or stale.
    """
    g = RESOLUTION_GRAPH
    query = f"SELECT ?u ?h WHERE {{ GRAPH {g} {{ ?u {DKG.resolutionHash} ?h }} FILTER(?u != {g}) }}"
    stored = dict(select_values(store, query))
    report = WriteReport()
    deletes = [f"DELETE WHERE {{ GRAPH {g} {{ {g} {DKG.resolutionHash} ?h }} }}"]
    quads: list[ox.Quad] = []

    def send() -> None:
        if deletes:
            store.update(" ;\n".join(deletes))
        if quads:
            store.add_quads(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
        deletes.clear()
        quads.clear()

    for unit, triples in units:
        digest, triples = _hashed(unit, triples)
        old = stored.pop(unit, None)
        if old == digest:
            report.unchanged += 1
            continue
        if old is not None:
            deletes.append(_delete(unit))
        report.written += 1
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
        if len(quads) >= CHUNK_TRIPLES:
            send()
    report.removed = len(stored)
    deletes.extend(_delete(u) for u in sorted(stored))
    quads.append(ox.Quad(g, DKG.resolutionHash, ox.Literal(stamp), g))
    send()
    return report
