"""Open a quad store from a URI-like string: embedded Oxigraph on disk, memory, or remote.

Every store speaks SPARQL: ``query`` returns pyoxigraph result objects and
writes go through SPARQL Update, so one code path serves embedded and remote
stores alike. An article's graph is replaced in a single update request, which
Oxigraph (and any SPARQL 1.1 store) applies atomically.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["STORE_SCHEMES", "EmbeddedStore", "Store", "open_store", "quads_to_insert"]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def quads_to_insert(graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """SPARQL Update text that replaces ``graph`` with ``triples``.

    >>> t = ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"))
    >>> print(quads_to_insert(ox.NamedNode("http://g"), [t]))
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA { GRAPH <http://g> {
    <http://a> <http://b> "c" .
    } }
    """
    lines = [f"{t.subject} {t.predicate} {t.object} ." for t in triples]
    body = "\n".join(lines)
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"


class Store:
    """A SPARQL 1.1 dataset the pipeline reads and writes."""

    uri: str
    writable: bool

    def query(self, sparql: str) -> QueryResult:
        """Run a query with the union of named graphs as default graph."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update request atomically."""
        raise NotImplementedError

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat) -> None:
        """Write every quad (or, for triple formats, the union graph) to ``output``."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the store."""

    def replace_graph(self, graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        """Replace the named graph ``graph`` with ``triples`` in one transaction."""
        self.update(quads_to_insert(graph, triples))

    def __enter__(self) -> Store:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _ProcessLock:
    """Advisory lock beside an on-disk store: many readers or one writer, never both.

    RocksDB lets only one process write, and a read-only open fails while another
    process writes, so the processes agree first and say clearly who holds the store.
    """

    def __init__(self, path: Path, writable: bool):
        self.file = path.with_name(path.name + ".lock")
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, (fcntl.LOCK_EX if writable else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            if writable:
                raise StoreError(
                    f"{path}: the store is open for writing by another process, or being read "
                    "(one writer at a time, and not while `kg serve` or a query runs: wait for it to finish)"
                ) from None
            raise StoreError(
                f"{path}: the store is open for writing by another process (an ingest is running): "
                "try again when it finishes"
            ) from None

    def release(self) -> None:
        os.close(self._fd)


class EmbeddedStore(Store):
    """Oxigraph in this process: on disk (RocksDB) or in memory."""

    def __init__(self, path: Path | None, writable: bool = True):
        self.path = path
        self.writable = writable
        self.uri = str(path) if path else "memory:"
        self._lock = _ProcessLock(path, writable) if path else None
        try:
            self._store = self._open(path, writable)
        except StoreError:
            self.close_lock()
            raise

    def close_lock(self) -> None:
        """Let other processes open the store."""
        if self._lock:
            self._lock.release()
            self._lock = None

    @staticmethod
    def _open(path: Path | None, writable: bool) -> ox.Store:
        if path is None:
            return ox.Store()
        if not writable:
            if not path.is_dir():
                raise StoreError(f"{path}: no store here (run `kg ingest` first or pass --store)")
            try:
                return ox.Store.read_only(str(path))
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"{path}: cannot open the store for reading: {_first_line(exc)}") from exc
        try:
            return ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store: {_first_line(exc)}") from exc

    def query(self, sparql: str) -> QueryResult:
        return self._store.query(sparql, use_default_graph_as_union=True)

    def update(self, sparql: str) -> None:
        if not self.writable:
            raise StoreError(f"{self.uri}: the store is open read-only")
        self._store.update(sparql)

    def dump(self, output: IO[bytes], fmt: ox.RdfFormat) -> None:
        if fmt.supports_datasets:
            self._store.dump(output, fmt)
        else:
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self._store)
            ox.serialize(triples, output, fmt)

    def close(self) -> None:
        if hasattr(self, "_store"):
            if self.writable and self.path is not None:
                self._store.flush()
            del self._store
        self.close_lock()


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _open_memory(uri: str, writable: bool) -> Store:
    return EmbeddedStore(None, writable=True)


def _open_oxigraph(uri: str, writable: bool) -> Store:
    return EmbeddedStore(Path(uri.removeprefix("oxigraph:")), writable=writable)


def _open_remote(uri: str, writable: bool) -> Store:
    from kg.remote import RemoteStore  # imported on use: it needs the SPARQL lexer and settings

    return RemoteStore(uri, writable=writable)


#: Store openers by URI scheme, each given the whole URI; anything else is a path on disk.
STORE_SCHEMES: dict[str, Callable[[str, bool], Store]] = {
    "memory": _open_memory,
    "oxigraph": _open_oxigraph,
    "http": _open_remote,
    "https": _open_remote,
}


def open_store(uri: str, *, writable: bool = False) -> Store:
    """Open the store named by ``uri``: ``memory:``, ``oxigraph:PATH``, ``http(s)://…`` or a path.

    >>> with open_store("memory:") as store:
    ...     bool(store.query("ASK { ?s ?p ?o }"))
    False
    """
    scheme = uri.partition(":")[0]
    opener = STORE_SCHEMES.get(scheme, _open_oxigraph)
    return opener(uri, writable)
