"""The ontology parses, aligns with standard vocabularies and defines every term the code uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.vocab import DKG_NS, ontology_path

ROOT = Path(__file__).resolve().parent.parent

CONTRACT_CLASSES = ["Actor", "Person", "Country", "Organization", "Company", "GovernmentBody", "MilitaryOrganization", "Site", "Place", "Product", "Agreement", "Position", "Article"]
CONTRACT_PROPERTIES = ["country", "locatedIn", "party", "signatory", "signedOn", "signedAt", "concerns", "agreementKind", "holds", "organization", "title", "manufacturer", "mentionedIn", "sourceId", "url", "published", "contentHash"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def _defined(ontology: Graph) -> set[str]:
    return {str(s)[len(DKG_NS) :] for s in ontology.subjects() if str(s).startswith(DKG_NS)}


def test_contract_terms_exist_with_their_kinds(ontology):
    for name in CONTRACT_CLASSES:
        assert (URIRef(DKG_NS + name), RDF.type, OWL.Class) in ontology, name
    for name in CONTRACT_PROPERTIES:
        kinds = set(ontology.objects(URIRef(DKG_NS + name), RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_class_hierarchy_of_the_contract(ontology):
    def sub(a, b):
        return (URIRef(DKG_NS + a), RDFS.subClassOf, URIRef(DKG_NS + b)) in ontology

    assert all(sub(c, "Actor") for c in ("Person", "Country", "Organization"))
    assert all(sub(c, "Organization") for c in ("Company", "GovernmentBody", "MilitaryOrganization"))


def test_every_class_and_property_is_aligned_or_documented(ontology):
    schema_iris = {str(o) for o in ontology.objects() if "schema.org" in str(o)}
    assert schema_iris and all(iri.startswith("https://schema.org/") for iri in schema_iris)
    for name in CONTRACT_CLASSES:
        assert list(ontology.objects(URIRef(DKG_NS + name), RDFS.label)), name


def _terms_used_in(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    used = set(re.findall(r"\bDKG\.([A-Za-z]\w*)", text))
    used |= set(re.findall(r"\bDKG\[\"(\w+)\"\]", text))
    used |= set(re.findall(r"\bdkg:([A-Za-z]\w*)", text))
    return used


def test_every_term_used_in_code_and_queries_exists(ontology):
    defined = _defined(ontology)
    files = [*ROOT.joinpath("kg").rglob("*.py"), *ROOT.joinpath("ontology").rglob("*.rq")]
    missing = {f"{path.relative_to(ROOT)}: dkg:{term}" for path in files for term in _terms_used_in(path) - defined}
    assert not missing, sorted(missing)


def test_shapes_parse():
    shapes = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    assert len(shapes) > 50


def test_record_vocabularies_exist(ontology):
    from kg.records import ENTITY_TYPES

    defined = _defined(ontology)
    assert set(ENTITY_TYPES) <= defined
    assert {"locatedIn", "country", "manufacturer"} <= defined
