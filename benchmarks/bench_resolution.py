"""Resolution benchmark: how long resolving deals and entities across articles takes per 1,000 articles.

Run on demand: ``.venv/bin/python benchmarks/bench_resolution.py [--copies 24]``. The sample
corpus and the resolution test set are extracted once; their article graphs are written
``N`` times under new ids and publishers (so every deal is reported ``N`` times, by up to
seven hosts), then: a cold resolution (empty resolution graph), a run with nothing
changed, and a run after one article changed. The read, resolve and write steps are
timed apart.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.build import build_graph
from kg.extract import extract_article
from kg.loaders import load_paths
from kg.records import Article
from kg.resolution import RESOLUTION_GRAPH, resolve_store
from kg.resolution.claims import read_articles, read_claims, read_reports
from kg.resolution.deals import resolve_deals
from kg.resolution.entities import resolve_entities
from kg.resolution.judgements import NO_JUDGEMENTS
from kg.store import open_store

DATA = Path(__file__).resolve().parent.parent / "data"


def _clone(article: Article, copy: int) -> Article:
    url = article.url.replace("://", f"://c{copy % 7}.", 1) if article.url else None
    return Article(f"{article.source_id}-c{copy}", article.text, article.title, url, article.published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=18)
    args = parser.parse_args()
    articles = [
        a for a in load_paths([DATA / "corpus", DATA / "resolution" / "articles"]) if isinstance(a, Article)
    ]
    extractions = [extract_article(a) for a in articles]
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "store"), writable=True) as store:
        start = time.perf_counter()
        n = 0
        for copy in range(args.copies):
            for extraction in extractions:
                extraction.article = _clone(extraction.article, copy)
                store.replace_graph(*build_graph(extraction))
                n += 1
        print(f"{n} article graphs written in {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        articles_info = read_articles(store)
        claims = read_claims(store)
        reports = read_reports(store, articles_info)
        read = time.perf_counter() - start
        start = time.perf_counter()
        entities = resolve_entities(claims, NO_JUDGEMENTS)
        deals = resolve_deals(reports, entities, NO_JUDGEMENTS)
        compute = time.perf_counter() - start
        print(f"read {read:.2f} s, resolve {compute:.2f} s: {len(reports)} reports -> {len(deals)} deals")

        timings = {}
        for name in ("cold", "unchanged"):
            start = time.perf_counter()
            result = resolve_store(store, NO_JUDGEMENTS)
            timings[name] = time.perf_counter() - start
            print(
                f"{name}: {timings[name]:.2f} s ({1000 * timings[name] / n:.2f} s per 1,000 articles); {result.summary()}"
            )
        extraction = extractions[0]
        extraction.article = _clone(articles[0], 0)
        extraction.article = Article(
            extraction.article.source_id,
            extraction.article.text + " ",
            extraction.article.title,
            extraction.article.url,
            "2025-01-01",
        )
        store.replace_graph(*build_graph(extraction))
        start = time.perf_counter()
        result = resolve_store(store, NO_JUDGEMENTS)
        changed = time.perf_counter() - start
        print(f"one article changed: {changed:.2f} s; {result.summary()}")
        triples = next(
            iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {RESOLUTION_GRAPH} {{ ?s ?p ?o }} }}"))
        )
        print(f"resolution graph: {triples['n'].value} triples")


if __name__ == "__main__":
    main()
