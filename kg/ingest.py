"""Ingest: load articles, extract, build each article's graph and write it to the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.build import build_graph
from kg.errors import DataError, KgError, LoadError
from kg.extract import extract_article
from kg.iris import article_iri
from kg.loaders import load_paths
from kg.records import Article
from kg.resolution import resolve_store
from kg.store import Store
from kg.vocab import DKG

__all__ = ["IngestReport", "ingest", "ingest_article"]


@dataclass
class IngestReport:
    """What one ingest run did."""

    written: int = 0
    unchanged: int = 0
    triples: int = 0
    entities: set[str] = field(default_factory=set)
    agreements: int = 0
    prospects: int = 0
    skipped: list[str] = field(default_factory=list)  # one-line reasons naming the file
    resolution: str = ""  # what resolving deals and entities across articles rewrote

    def summary(self) -> str:
        """One line for the end of a run, then one for resolution across articles."""
        return (
            f"{self.written} articles written, {self.unchanged} unchanged, {len(self.skipped)} skipped; "
            f"{self.triples} triples, {len(self.entities)} entities, {self.agreements} agreements "
            f"({self.prospects} unsigned deals)" + (f"\n{self.resolution}" if self.resolution else "")
        )


def _stored_hash_matches(store: Store, graph: ox.NamedNode, article: Article) -> bool:
    query = f"ASK {{ GRAPH {graph} {{ {graph} {DKG.contentHash} {ox.Literal(article.content_hash)} }} }}"
    return bool(store.query(query))


def ingest_article(store: Store, article: Article, report: IngestReport) -> None:
    """Write one article's graph, replacing an older version; skip it when unchanged."""
    if _stored_hash_matches(store, ox.NamedNode(article_iri(article.source_id)), article):
        report.unchanged += 1
        return
    extraction = extract_article(article)
    graph, triples = build_graph(extraction)
    store.replace_graph(graph, triples)
    report.written += 1
    report.triples += len(triples)
    report.entities.update(e.key for e in extraction.entities)
    report.agreements += sum(a.status == "signed" for a in extraction.agreements)
    report.prospects += sum(a.status != "signed" for a in extraction.agreements)


def _one_line(text: str) -> str:
    r"""``text`` on one line, so each skip prints as exactly one line.

    >>> _one_line("a.jsonl line 2: id 'x\ny'")
    "a.jsonl line 2: id 'x\\ny'"
    """
    return text.replace("\r", "\\r").replace("\n", "\\n")


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    on_item: Callable[[Article | LoadError], None] | None = None,
) -> IngestReport:
    """Ingest every article under ``paths``; bad files, records and articles are skipped with their reason.

    ``on_item`` sees each article as it is taken up, and one ``LoadError`` per skip, with the
    same one-line text as ``IngestReport.skipped``; an article that fails after loading carries
    the exception as its ``__cause__``. Data files the extractor needs (DataError) stop the run.

    >>> from kg.store import open_store
    >>> with open_store("memory:", writable=True) as store:
    ...     ingest(store, ["no/such/folder"]).skipped
    ['no/such/folder: no such file or folder']
    """
    report = IngestReport()
    seen: dict[str, str] = {}

    def skip(reason: str, cause: BaseException | None = None) -> None:
        error = LoadError(_one_line(reason))
        error.__cause__ = cause
        report.skipped.append(str(error))
        if on_item:
            on_item(error)

    for item in load_paths(paths):
        if isinstance(item, LoadError):
            skip(str(item), item.__cause__)
            continue
        if on_item:
            on_item(item)
        if item.source_id in seen:
            skip(f"{item.path}: duplicate article id {item.source_id!r} (first in {seen[item.source_id]})")
            continue
        seen[item.source_id] = item.path or item.source_id
        try:
            ingest_article(store, item, report)
        except DataError:
            raise
        except KgError as exc:
            skip(f"{item.path}: {exc}", exc)
        except Exception as exc:  # noqa: BLE001 - one failing article must not abort the batch
            skip(f"{item.path}: extraction failed ({type(exc).__name__}: {str(exc)[:300]})", exc)
    # Deals and entities resolved across articles; judgements apply on every run, even with no new article.
    report.resolution = resolve_store(store).summary()
    return report
