"""Oxigraph in this process: on disk (RocksDB, guarded by a lock file) or in memory."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.base import QueryResult, Store

__all__ = ["EmbeddedStore"]

#: N-Quads bytes written between two flushes of an on-disk store (its memory grows about 4× this).
FLUSH_BYTES = 16 << 20


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
        self._unflushed = 0  # N-Quads bytes written since the last flush
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

    def write_graphs(self, nquads: bytes, replaced: Iterable[ox.NamedNode] = ()) -> None:
        """Drop the ``replaced`` graphs, then load the document through the quad API in one transaction.

        A graph being replaced is absent, never partial, if the process dies between the two.
        """
        if not self.writable:
            raise StoreError(f"{self.uri}: the store is open read-only")
        drops = " ;\n".join(f"DROP GRAPH {g}" for g in replaced if self._store.contains_named_graph(g))
        if drops:
            self._store.update(drops)
        self.add_quads(nquads)

    def add_quads(self, nquads: bytes) -> None:
        """Load the document through the quad API, in one transaction."""
        if not self.writable:
            raise StoreError(f"{self.uri}: the store is open read-only")
        self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
        # RocksDB keeps written data in memory until a flush: flush every so often so memory stays flat.
        self._unflushed += len(nquads)
        if self._unflushed >= FLUSH_BYTES and self.path is not None:
            self._store.flush()
            self._unflushed = 0

    def bulk_load(self, path: Path) -> None:
        """Load an N-Quads file at full speed, outside transactions: only for a store that was empty."""
        if not self.writable:
            raise StoreError(f"{self.uri}: the store is open read-only")
        self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)

    def optimize(self) -> None:
        if self.writable and self.path is not None:
            self._store.optimize()

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
