"""N-Quads shards: extract a corpus into shard files (here or on a Dask cluster), and load shards into a store.

``extract_shards`` writes ``part-NNNNN.nq`` files of ``shard_size`` articles each, in input
order, so the same corpus always gives the same bytes wherever it ran. ``load_shards`` writes
them into any store (bulk load into an empty embedded store) and resolves across articles, so
``kg extract`` then ``kg load`` gives the store a single ``kg ingest`` gives, quad for quad.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from kg.errors import DataError, KgError, LoadError
from kg.ingest import MAX_BATCH_BYTES, count_entities, load_new_articles
from kg.pool import ArticleQuads, Failure, extract_chunk, extract_stream
from kg.records import Article
from kg.resolution import resolve_store
from kg.settings import setting
from kg.store import EmbeddedStore, Store
from kg.store.base import graphs_in

__all__ = ["LoadReport", "ShardReport", "extract_shards", "load_shards", "shard_files", "write_shard"]


@dataclass
class ShardReport:
    """What one ``extract_shards`` run wrote."""

    shards: list[Path] = field(default_factory=list)
    articles: int = 0
    triples: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the end of a run."""
        return (
            f"{self.articles} articles extracted into {len(self.shards)} shards, {len(self.skipped)} skipped; "
            f"{self.triples} triples"
        )


def _shard_path(out: Path, index: int) -> Path:
    return out / f"part-{index:05d}.nq"


def _write_shard(path: Path, results: Iterable[ArticleQuads]) -> None:
    """Write the shard under a temporary name first, so a shard file is always whole."""
    partial = path.with_suffix(".nq.partial")
    with partial.open("wb") as handle:
        for result in results:
            handle.write(result.nquads)
    partial.replace(path)


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    source = iter(articles)
    while chunk := list(islice(source, size)):
        yield chunk


def _dask_results(chunks: Iterator[list[Article]], address: str) -> Iterator[tuple[list[Article], list]]:
    """Each chunk with its results, extracted by the Dask cluster at ``address``, in order, a few at a time."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise KgError("--dask needs dask.distributed: pip install 'dask[distributed]'") from exc
    try:
        client = Client(address, timeout="30s")
    except OSError as exc:
        raise KgError(f"{address}: no Dask scheduler answers there ({exc})") from None
    with client:
        in_flight = 2 * max(1, sum(client.nthreads().values()))
        pending: deque = deque()
        for chunk in chunks:
            pending.append((chunk, client.submit(extract_chunk, chunk, pure=False)))
            while len(pending) >= in_flight:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def extract_shards(
    paths: Iterable[str | Path],
    out: Path,
    *,
    jobs: int = 1,
    dask: str | None = None,
    shard_size: int = 1000,
    on_item: Callable[[Article | LoadError], None] | None = None,
) -> ShardReport:
    """Extract every article under ``paths`` into N-Quads shards in ``out``, skipping bad ones with their reason.

    ``dask`` is a scheduler address (``tcp://host:8786``): each shard is one task there;
    otherwise ``jobs`` local processes extract.
    """
    out.mkdir(parents=True, exist_ok=True)
    report = ShardReport()

    def skip(reason: str, cause: BaseException | None = None) -> None:
        error = LoadError(reason.replace("\r", "\\r").replace("\n", "\\n"))
        error.__cause__ = cause
        report.skipped.append(str(error))
        if on_item:
            on_item(error)

    articles = load_new_articles(paths, skip, on_item)
    if dask:
        results = (
            (a, r)
            for chunk, found in _dask_results(_chunks(articles, shard_size), dask)
            for a, r in zip(chunk, found)
        )
    else:
        results = extract_stream(articles, jobs)
    shard: list[ArticleQuads] = []
    for article, result in results:
        if isinstance(result, Failure):
            if result.data:
                raise DataError(result.reason)
            skip(f"{article.path}: {result.reason}", result.cause())
            continue
        shard.append(result)
        report.articles += 1
        report.triples += result.triples
        if len(shard) == shard_size:
            report.shards.append(_shard_path(out, len(report.shards)))
            _write_shard(report.shards[-1], shard)
            shard = []
    if shard:
        report.shards.append(_shard_path(out, len(report.shards)))
        _write_shard(report.shards[-1], shard)
    return report


@dataclass
class LoadReport:
    """What one ``load_shards`` run wrote."""

    shards: int = 0
    articles: int = 0
    bulk: bool = False
    entities: int = 0
    resolution: str = ""

    def summary(self) -> str:
        """One line for the end of a run, then one for resolution across articles."""
        how = " (bulk load into an empty store)" if self.bulk else ""
        return (
            f"{self.articles} articles from {self.shards} shards loaded{how}; {self.entities} entities in the store"
            + (f"\n{self.resolution}" if self.resolution else "")
        )


def shard_files(paths: Iterable[str | Path]) -> list[Path]:
    """The ``.nq`` files named, or found (sorted) in the folders named."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(path.glob("*.nq")))
        elif path.is_file():
            found.append(path)
        else:
            raise KgError(f"{path}: no such shard file or folder")
    return found


def load_shards(
    store: Store, paths: Iterable[str | Path], on_shard: Callable[[Path], None] | None = None
) -> LoadReport:
    """Write the article graphs of N-Quads shards into ``store``, replacing older versions, then resolve.

    An empty embedded store is bulk-loaded (fast, not transactional: rerun into a new store if
    interrupted); otherwise each shard is written ``KG_INGEST_BATCH`` articles per transaction.
    """
    files = shard_files(paths)
    report = LoadReport(shards=len(files))
    report.bulk = isinstance(store, EmbeddedStore) and not store.query("ASK { GRAPH ?g { ?s ?p ?o } }")
    for path in files:
        if report.bulk:
            report.articles += len(graphs_in(path.read_bytes()))
            store.bulk_load(path)
        else:
            report.articles += write_shard(store, path)
        if on_shard:
            on_shard(path)
    if report.articles:
        store.optimize()
    report.resolution = resolve_store(store).summary()
    report.entities = count_entities(store)
    return report


def write_shard(store: Store, path: Path) -> int:
    """Write one shard's article graphs, whole graphs per transaction; how many it held.

    A transaction holds ``KG_INGEST_BATCH`` graphs, or fewer once they reach ``MAX_BATCH_BYTES``, as in ``kg ingest``.
    """
    data = path.read_bytes()
    graphs = graphs_in(data)
    limit = max(1, int(setting("ingest_batch")))
    starts = [0] * len(graphs) + [len(data)]
    for i, graph in enumerate(graphs):
        starts[i] = _offset(data, graph, starts[i - 1] if i else 0)
    first = 0
    for i in range(1, len(graphs) + 1):
        if i == len(graphs) or i - first >= limit or starts[i] - starts[first] >= MAX_BATCH_BYTES:
            store.write_graphs(data[starts[first] : starts[i]], graphs[first:i])
            first = i
    return len(graphs)


def _offset(data: bytes, graph, after: int = 0) -> int:
    """Where ``graph``'s lines start, searching from ``after``: the line of its first quad (a shard holds each
    article's quads together, in order)."""
    end = data.index(f" <{graph.value}> .\n".encode(), after)
    return data.rfind(b"\n", 0, end) + 1
