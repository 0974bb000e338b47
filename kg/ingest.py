"""Ingest: load articles, extract them (in worker processes with ``jobs`` > 1), write their graphs in batches."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import DataError, LoadError
from kg.iris import article_iri
from kg.loaders import load_paths
from kg.pool import ArticleQuads, extract_stream
from kg.records import Article
from kg.resolution import resolve_store
from kg.settings import setting
from kg.sparql import select_values
from kg.store import Store
from kg.vocab import DKG

__all__ = ["IngestReport", "count_entities", "ingest", "load_new_articles"]

#: Articles written after which an ingest compacts the store.
COMPACT_AFTER = 1000
#: Most N-Quads bytes written in one transaction, whatever the batch size: the store holds a
#: transaction in memory (about 10 times its N-Quads), so this bounds the writer's memory.
MAX_BATCH_BYTES = 4 << 20


@dataclass
class IngestReport:
    """What one ingest run did."""

    written: int = 0
    unchanged: int = 0
    triples: int = 0
    entities: int = 0  # distinct entities the store's articles name after the run
    agreements: int = 0
    prospects: int = 0
    skipped: list[str] = field(default_factory=list)  # one-line reasons naming the file
    resolution: str = ""  # what resolving deals and entities across articles rewrote
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each phase

    def summary(self) -> str:
        """One line for the end of a run, then one for resolution across articles."""
        return (
            f"{self.written} articles written, {self.unchanged} unchanged, {len(self.skipped)} skipped; "
            f"{self.triples} triples, {self.agreements} agreements ({self.prospects} unsigned deals); "
            f"{self.entities} entities in the store"
            + (f"\n{self.resolution}" if self.resolution else "")
            + (
                "\ntime: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items())
                if self.seconds
                else ""
            )
        )


def _stored_hash(store: Store, graph: ox.NamedNode) -> str | None:
    rows = select_values(store, f"SELECT ?h WHERE {{ GRAPH {graph} {{ {graph} {DKG.contentHash} ?h }} }}")
    return rows[0][0] if rows else None


def _one_line(text: str) -> str:
    r"""``text`` on one line, so each skip prints as exactly one line.

    >>> _one_line("a.jsonl line 2: id 'x\ny'")
    "a.jsonl line 2: id 'x\\ny'"
    """
    return text.replace("\r", "\\r").replace("\n", "\\n")


def load_new_articles(
    paths: Iterable[str | Path],
    skip: Callable[[str, BaseException | None], None],
    on_article: Callable[[Article], None] | None = None,
) -> Iterator[Article]:
    """Articles under ``paths``, streamed; load errors and repeated article ids go to ``skip``.

    Only the ids seen so far are kept (one short string per article, no entity).
    """
    seen: dict[str, str] = {}
    for item in load_paths(paths):
        if isinstance(item, LoadError):
            skip(str(item), item.__cause__)
            continue
        if on_article:
            on_article(item)
        if item.source_id in seen:
            skip(
                f"{item.path}: duplicate article id {item.source_id!r} (first in {seen[item.source_id]})",
                None,
            )
            continue
        seen[item.source_id] = item.path or item.source_id
        yield item


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    on_item: Callable[[Article | LoadError], None] | None = None,
    jobs: int = 1,
) -> IngestReport:
    """Ingest every article under ``paths``; bad files, records and articles are skipped with their reason.

    Extraction runs in ``jobs`` worker processes (1: in this one); this process writes
    ``KG_INGEST_BATCH`` articles per transaction, each article graph whole or absent.
    ``on_item`` sees each article as it is taken up, and one ``LoadError`` per skip, with the
    same one-line text as ``IngestReport.skipped``; an article that fails after loading carries
    its traceback as the ``__cause__``. Data files the extractor needs (DataError) stop the run.

    >>> from kg.store import open_store
    >>> with open_store("memory:", writable=True) as store:
    ...     ingest(store, ["no/such/folder"]).skipped
    ['no/such/folder: no such file or folder']
    """
    report = IngestReport()
    started = time.perf_counter()
    stale: dict[str, ox.NamedNode] = {}  # articles on their way whose older version is in the store
    replaced: list[ox.NamedNode] = []  # those of the pending batch
    batch: list[bytes] = []
    batch_bytes = 0
    limit = max(1, int(setting("ingest_batch")))

    def skip(reason: str, cause: BaseException | None = None) -> None:
        error = LoadError(_one_line(reason))
        error.__cause__ = cause
        report.skipped.append(str(error))
        if on_item:
            on_item(error)

    # A store with no article yet holds no older version: no look-up per article (each is a query).
    empty = not store.query(f"ASK {{ GRAPH ?g {{ ?g a {DKG.Article} }} }}")

    def changed(articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            graph = ox.NamedNode(article_iri(article.source_id))
            stored = None if empty else _stored_hash(store, graph)
            if stored == article.content_hash:
                report.unchanged += 1
                continue
            if stored is not None:
                stale[graph.value] = graph
            yield article

    # One write runs in a thread (pyoxigraph lets go of the GIL) while the next batch is extracted.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-writer")
    writing: Future | None = None

    def wait() -> None:
        nonlocal writing
        if writing is not None:
            writing.result()  # at most one batch waits while another is written; a failed write stops the run
            writing = None

    def flush() -> None:
        nonlocal batch, replaced, batch_bytes, writing
        wait()
        if batch:
            writing = writer.submit(store.write_graphs, b"".join(batch), replaced)
        batch, replaced, batch_bytes = [], [], 0

    with writer:  # on an error, the write under way finishes before it propagates
        for article, result in extract_stream(changed(load_new_articles(paths, skip, on_item)), jobs):
            if not isinstance(result, ArticleQuads):
                if result.data:
                    raise DataError(result.reason)
                skip(f"{article.path}: {result.reason}", result.cause())
                stale.pop(article_iri(article.source_id), None)
                continue
            if result.graph in stale:
                replaced.append(stale.pop(result.graph))
            batch.append(result.nquads)
            batch_bytes += len(result.nquads)
            report.written += 1
            report.triples += result.triples
            report.agreements += result.agreements
            report.prospects += result.prospects
            if len(batch) >= limit or batch_bytes >= MAX_BATCH_BYTES:
                flush()
        flush()
        wait()
    report.seconds["articles"] = time.perf_counter() - started
    if report.written >= COMPACT_AFTER:
        started = time.perf_counter()
        store.optimize()
        report.seconds["compaction"] = time.perf_counter() - started
    # Deals and entities resolved across articles; judgements apply on every run, even with no new article.
    started = time.perf_counter()
    report.resolution = resolve_store(store).summary()
    report.seconds["resolution"] = time.perf_counter() - started
    report.entities = count_entities(store)
    return report


def count_entities(store: Store) -> int:
    """Distinct entities the store's article graphs name."""
    rows = select_values(
        store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e dkg:mentionedIn ?a . ?a a dkg:Article }"
    )
    return int(rows[0][0]) if rows else 0
