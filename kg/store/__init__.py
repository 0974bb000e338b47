"""Open a store from a URI-like string: embedded Oxigraph on disk, in memory, or a remote SPARQL server.

Each URI scheme has one opener in ``STORE_SCHEMES``; anything without a known
scheme is a path on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.errors import StoreError
from kg.store.base import QueryResult, Store
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore

__all__ = ["STORE_SCHEMES", "EmbeddedStore", "QueryResult", "RemoteStore", "Store", "local_store_path", "open_store"]


def _open_memory(uri: str, writable: bool) -> Store:
    return EmbeddedStore(None, writable=True)


def _open_oxigraph(uri: str, writable: bool) -> Store:
    return EmbeddedStore(Path(uri.removeprefix("oxigraph:")), writable=writable)


def _open_remote(uri: str, writable: bool) -> Store:
    return RemoteStore(uri, writable=writable)


#: Store openers by URI scheme, each given the whole URI and whether to open for writing.
STORE_SCHEMES: dict[str, Callable[[str, bool], Store]] = {
    "memory": _open_memory,
    "oxigraph": _open_oxigraph,
    "http": _open_remote,
    "https": _open_remote,
}


def _scheme(uri: str) -> str:
    scheme = uri.partition(":")[0]
    return scheme if scheme in STORE_SCHEMES else "oxigraph"


def open_store(uri: str, *, writable: bool = False) -> Store:
    """Open the store named by ``uri``: ``memory:``, ``oxigraph:PATH``, ``http(s)://…`` or a path.

    >>> with open_store("memory:") as store:
    ...     bool(store.query("ASK { ?s ?p ?o }"))
    False
    """
    return STORE_SCHEMES[_scheme(uri)](uri, writable)


def local_store_path(uri: str) -> Path:
    """The on-disk store a store URI names, or a StoreError for a store that is not on this disk.

    >>> local_store_path("oxigraph:kg-store")
    PosixPath('kg-store')
    """
    scheme = _scheme(uri)
    if scheme in ("http", "https"):
        raise StoreError(f"{uri}: a remote store has its own SPARQL endpoint; query it there")
    if scheme == "memory":
        raise StoreError("memory: an in-memory store has nothing to serve; ingest into a path first")
    return Path(uri.removeprefix("oxigraph:"))
