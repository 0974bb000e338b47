"""Deterministic IRIs for articles, entities, deals, positions and evidence."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from kg.vocab import ID_NS

__all__ = ["article_iri", "deal_iri", "entity_iri", "entity_key", "position_iri", "sentence_iri", "slugify", "statement_iri"]


def slugify(text: str) -> str:
    """Lower-case ASCII slug of ``text``.

    >>> slugify("Fábrica de Armas & Municiones")
    'fabrica-de-armas-municiones'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or hashlib.sha1(text.encode()).hexdigest()[:12]


def entity_key(type_: str, name: str) -> str:
    """Identity key of an entity: its type and normalized canonical name.

    >>> entity_key("Company", "Hyundai  Rotem")
    'company:hyundai-rotem'
    """
    return f"{type_.lower()}:{slugify(name)}"


def entity_iri(key: str) -> str:
    """IRI of the entity with identity ``key``.

    >>> entity_iri("company:hyundai-rotem")
    'https://w3id.org/defense-kg/id/company/hyundai-rotem'
    """
    type_, _, slug = key.partition(":")
    return f"{ID_NS}{type_}/{slug}"


def article_iri(source_id: str) -> str:
    """IRI of an article, which also names its graph."""
    return f"{ID_NS}article/{quote(source_id, safe='-_.~')}"


def deal_iri(source_id: str, index: int) -> str:
    """IRI of the ``index``-th deal reported in an article."""
    return f"{article_iri(source_id)}/deal/{index}"


def position_iri(person_key: str, organization_key: str, title: str) -> str:
    """IRI of a title held by a person at an organization."""
    person = person_key.partition(":")[2]
    org = organization_key.replace(":", "-")
    return f"{ID_NS}position/{person}/{org}/{slugify(title)}"


def sentence_iri(source_id: str, index: int) -> str:
    """IRI of a sentence of an article."""
    return f"{article_iri(source_id)}/sentence/{index}"


def statement_iri(source_id: str, subject: str, predicate: str, obj: str) -> str:
    """IRI of the reified statement (subject, predicate, object) in an article."""
    digest = hashlib.sha1(f"{subject} {predicate} {obj}".encode()).hexdigest()[:16]
    return f"{article_iri(source_id)}/statement/{digest}"
