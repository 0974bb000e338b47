"""Namespaces and the closed ``dkg:`` vocabulary read from ``ontology/defense.ttl``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

__all__ = ["DKG", "DKG_NS", "ID_NS", "ONTOLOGY_IRI", "PREFIXES", "RDF", "RDFS", "SKOS", "XSD", "ontology_path"]

DKG_NS = "https://w3id.org/defense-kg/ontology#"
ID_NS = "https://w3id.org/defense-kg/id/"
ONTOLOGY_IRI = "https://w3id.org/defense-kg/ontology"

#: Prefixes predeclared for every query and used when serializing.
PREFIXES = {
    "dkg": DKG_NS,
    "dkgid": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}


def ontology_path(name: str = "defense.ttl") -> Path:
    """Path of a file in the project's ``ontology/`` folder (installed editable)."""
    return Path(__file__).resolve().parent.parent / "ontology" / name


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
