"""RDF exports from the store's dump: Turtle, N-Triples, N-Quads, TriG and JSON-LD."""

from __future__ import annotations

import io
import json
from functools import cache
from typing import IO

import pyoxigraph as ox

from kg.errors import DataError
from kg.sparql import PREFIXES
from kg.store import Store
from kg.vocab import ontology_path

__all__ = ["jsonld_context", "write_jsonld", "write_nquads", "write_ntriples", "write_trig", "write_turtle"]


def _dump(store: Store, fmt: ox.RdfFormat) -> bytes:
    buffer = io.BytesIO()
    store.dump(buffer, fmt)
    return buffer.getvalue()


def write_ntriples(store: Store, out: IO[bytes]) -> None:
    """The union of all graphs as N-Triples."""
    store.dump(out, ox.RdfFormat.N_TRIPLES)


def write_nquads(store: Store, out: IO[bytes]) -> None:
    """Every quad, each article in its own graph."""
    store.dump(out, ox.RdfFormat.N_QUADS)


def write_turtle(store: Store, out: IO[bytes]) -> None:
    """The union of all graphs as Turtle with the project's prefixes, each triple once."""
    triples = dict.fromkeys(ox.parse(_dump(store, ox.RdfFormat.N_TRIPLES), ox.RdfFormat.N_TRIPLES))
    ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(store: Store, out: IO[bytes]) -> None:
    """Every graph as TriG with the project's prefixes."""
    quads = ox.parse(_dump(store, ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    ox.serialize(quads, out, ox.RdfFormat.TRIG, prefixes=PREFIXES)


@cache
def jsonld_context() -> dict:
    """The JSON-LD context shipped in ``ontology/context.jsonld``.

    >>> jsonld_context()["party"]
    {'@id': 'dkg:party', '@type': '@id'}
    """
    path = ontology_path("context.jsonld")
    try:
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(f"{path}: not a JSON-LD context: {exc}") from exc


def write_jsonld(store: Store, out: IO[bytes]) -> None:
    """Every graph as JSON-LD compacted with the project's context, written inline (never fetched)."""
    import rdflib  # only JSON-LD needs rdflib's compaction

    dataset = rdflib.Dataset()
    dataset.parse(data=_dump(store, ox.RdfFormat.N_QUADS), format="nquads")
    out.write(dataset.serialize(format="json-ld", context=jsonld_context(), indent=2).encode("utf-8"))
