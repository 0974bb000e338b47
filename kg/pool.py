"""Articles to N-Quads: extraction as a pure function, run in this process or in worker processes.

``extract_stream`` keeps the input order and at most a few chunks in flight, so memory stays
flat however long the stream; workers start from a fork server that has imported the pipeline.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from kg.build import build_graph
from kg.errors import DataError, KgError
from kg.extract import extract_article
from kg.records import Article

__all__ = [
    "ArticleQuads",
    "Failure",
    "WorkerTraceback",
    "article_quads",
    "default_jobs",
    "extract_chunk",
    "extract_stream",
]

#: Articles a worker takes at a time.
CHUNK = 16
#: Chunks in flight per worker: enough to keep workers busy while the caller writes a batch.
AHEAD = 8


@dataclass(frozen=True)
class ArticleQuads:
    """One article's graph as N-Quads, with the counts an ingest reports."""

    source_id: str
    graph: str
    nquads: bytes
    triples: int
    agreements: int
    prospects: int


@dataclass(frozen=True)
class Failure:
    """Why one article could not be extracted; ``trace`` is the traceback text, ``data`` a bad data file."""

    reason: str
    trace: str
    data: bool = False

    def cause(self) -> WorkerTraceback:
        """The error to attach to the article's skip, so ``--debug`` prints its traceback."""
        return WorkerTraceback(self.trace)


class WorkerTraceback(Exception):
    """The traceback of an error raised while extracting an article, as text (it may come from another process)."""


def article_quads(article: Article) -> ArticleQuads:
    """Extract ``article`` and build its named graph as N-Quads.

    >>> q = article_quads(Article("001-x", "Text."))
    >>> q.graph, q.triples, q.nquads.count(b"\\n")
    ('https://w3id.org/defense-kg/id/article/001-x', 8, 8)
    """
    extraction = extract_article(article)
    graph, triples = build_graph(extraction)
    quads = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return ArticleQuads(
        article.source_id,
        graph.value,
        ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"",
        len(triples),
        sum(a.status == "signed" for a in extraction.agreements),
        sum(a.status != "signed" for a in extraction.agreements),
    )


def _extract_one(article: Article) -> ArticleQuads | Failure:
    try:
        return article_quads(article)
    except DataError as exc:
        return Failure(str(exc), traceback.format_exc(), data=True)
    except KgError as exc:
        return Failure(str(exc), traceback.format_exc())
    except Exception as exc:  # noqa: BLE001 - one failing article must not abort the batch
        return Failure(f"extraction failed ({type(exc).__name__}: {str(exc)[:300]})", traceback.format_exc())


def extract_chunk(articles: list[Article]) -> list[ArticleQuads | Failure]:
    """Each article's quads or failure, in order; what a worker process or a Dask task runs."""
    return [_extract_one(a) for a in articles]


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extract_stream(
    articles: Iterable[Article], jobs: int = 1
) -> Iterator[tuple[Article, ArticleQuads | Failure]]:
    """Each article with its quads or failure, in input order; ``jobs`` > 1 extracts in that many processes.

    >>> [type(r).__name__ for _, r in extract_stream([Article("a", "Text.")])]
    ['ArticleQuads']
    """
    if jobs <= 1:
        for article in articles:
            yield article, _extract_one(article)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.pool"])
    source = iter(articles)
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        pending: deque = deque()
        while chunk := list(islice(source, CHUNK)):
            pending.append((chunk, pool.submit(extract_chunk, chunk)))
            while len(pending) >= AHEAD * jobs:
                done, future = pending.popleft()
                yield from zip(done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from zip(done, future.result())
