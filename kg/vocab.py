"""Namespaces, the closed ``dkg:`` vocabulary, and the classes and values the ontology allows.

Terms come from ``ontology/defense.ttl``; the entity classes, agreement kinds and
deal statuses from the SHACL shapes in ``ontology/shapes.ttl``, the one list
every article graph is checked against.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.resources import resource_path
from kg.sparql import PREFIXES

__all__ = [
    "DKG",
    "DKG_NS",
    "ID_NS",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
    "agreement_kinds",
    "deal_statuses",
    "entity_classes",
    "ontology_path",
    "organization_classes",
]

DKG_NS = PREFIXES["dkg"]
ID_NS = PREFIXES["dkgid"]
_SHAPES_NS = "https://w3id.org/defense-kg/shapes#"
_SH = "http://www.w3.org/ns/shacl#"


def ontology_path(name: str = "defense.ttl") -> Path:
    """Path of a file shipped in ``ontology/``.

    >>> ontology_path().name
    'defense.ttl'
    """
    return resource_path("ontology", name)


@cache
def _ontology_terms() -> frozenset[str]:
    with ontology_path().open("rb") as f:
        triples = ox.parse(f, format=ox.RdfFormat.TURTLE)
        return frozenset(t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode))


class Namespace:
    """Term factory: ``ns.party`` is a ``NamedNode``; a closed one only knows defined terms.

    >>> DKG.party.value
    'https://w3id.org/defense-kg/ontology#party'
    """

    def __init__(self, base: str, closed: bool = False):
        self._base = base
        self._closed = closed

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> ox.NamedNode:
        iri = self._base + name
        if self._closed and iri not in _ontology_terms():
            raise AttributeError(f"{name} is not a term of ontology/defense.ttl")
        return ox.NamedNode(iri)


DKG = Namespace(DKG_NS, closed=True)
RDF = Namespace(PREFIXES["rdf"])
RDFS = Namespace(PREFIXES["rdfs"])
SKOS = Namespace(PREFIXES["skos"])
XSD = Namespace(PREFIXES["xsd"])


@cache
def _shapes() -> dict[ox.Term, dict[str, list[ox.Term]]]:
    graph: dict[ox.Term, dict[str, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
    with ontology_path("shapes.ttl").open("rb") as f:
        for t in ox.parse(f, format=ox.RdfFormat.TURTLE):
            graph[t.subject][t.predicate.value].append(t.object)
    return graph


def _rdf_list(head: ox.Term) -> list[str]:
    graph, items = _shapes(), []
    while head != RDF.nil:
        items.append(graph[head][PREFIXES["rdf"] + "first"][0].value)
        head = graph[head][PREFIXES["rdf"] + "rest"][0]
    return items


def _allowed_values(shape: str, prop: ox.NamedNode) -> tuple[str, ...]:
    graph = _shapes()
    for node in graph[ox.NamedNode(_SHAPES_NS + shape)][_SH + "property"]:
        if prop in graph[node][_SH + "path"] and graph[node][_SH + "in"]:
            return tuple(_rdf_list(graph[node][_SH + "in"][0]))
    raise LookupError(f"{ontology_path('shapes.ttl')}: dkgs:{shape} lists no sh:in values for {prop}")


@cache
def entity_classes() -> tuple[str, ...]:
    """Local names of the entity classes extraction produces: the targets of ``dkgs:EntityShape``.

    >>> "MilitaryOrganization" in entity_classes(), "Agreement" in entity_classes()
    (True, False)
    """
    targets = _shapes()[ox.NamedNode(_SHAPES_NS + "EntityShape")][_SH + "targetClass"]
    return tuple(sorted(t.value.removeprefix(DKG_NS) for t in targets))


@cache
@cache
def organization_classes() -> frozenset[str]:
    """Local names of the entity classes that are ``rdfs:subClassOf dkg:Organization`` in the ontology.

    >>> sorted(organization_classes())
    ['Company', 'GovernmentBody', 'MilitaryOrganization']
    """
    sub_class = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    with ontology_path().open("rb") as f:
        triples = ox.parse(f, format=ox.RdfFormat.TURTLE)
        found = {
            t.subject.value.removeprefix(DKG_NS)
            for t in triples
            if t.predicate.value == sub_class and t.object.value == DKG_NS + "Organization"
        }
    return frozenset(found) & set(entity_classes())


def agreement_kinds() -> tuple[str, ...]:
    """Values ``dkg:agreementKind`` may take, in the order of ``dkgs:DealShape``.

    >>> agreement_kinds()[:3]
    ('contract', 'framework', 'mou')
    """
    return _allowed_values("DealShape", DKG.agreementKind)


@cache
def deal_statuses() -> tuple[str, ...]:
    """Values ``dkg:status`` may take; only ``signed`` deals are ``dkg:Agreement``.

    >>> deal_statuses()[0]
    'signed'
    """
    return _allowed_values("DealShape", DKG.status)
