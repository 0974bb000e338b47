"""Store benchmark: embedded Oxigraph (disk, memory, via oxrdflib) against rdflib's Memory store.

Run on demand: ``.venv/bin/python benchmarks/bench_store.py [--copies N]``. The sample
corpus is extracted once; its article graphs are written ``N`` times under new
ids, then the same SPARQL queries run on each store. Figures are ratios to
rdflib Memory measured in the same run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import Dataset, Literal, URIRef

from kg.build import build_graph
from kg.extract import extract_article
from kg.loaders import load_paths
from kg.records import Article
from kg.sparql import prefixed
from kg.store import open_store

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
QUERIES = {
    "parties": "SELECT ?a ?p WHERE { ?a a dkg:Agreement ; dkg:party ?p }",
    "partner pairs": "SELECT ?x ?y (COUNT(?a) AS ?n) WHERE { ?a dkg:party ?x , ?y FILTER(STR(?x) < STR(?y)) } "
    "GROUP BY ?x ?y",
    "provenance": "SELECT ?s ?p ?o ?text WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; "
    "dkg:evidence ?e . ?e dkg:text ?text }",
    "labels by type": "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t ; rdfs:label ?l } GROUP BY ?t",
}


def _graphs(copies: int) -> list[tuple[ox.NamedNode, list[ox.Triple]]]:
    articles = [a for a in load_paths([CORPUS]) if isinstance(a, Article)]
    graphs = []
    for copy in range(copies):
        for article in articles:
            clone = Article(f"{article.source_id}-c{copy}", article.text, article.title, article.url, article.published)
            graphs.append(build_graph(extract_article(clone)))
    return graphs


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value) if term.datatype else None)


def _time(action, repeat: int = 1) -> float:
    """Best wall time of ``repeat`` runs (queries repeat to leave out first-parse costs)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def bench_oxigraph(uri: str, graphs) -> dict[str, float]:
    with open_store(uri, writable=True) as store:
        timings = {"ingest": _time(lambda: [store.replace_graph(g, t) for g, t in graphs])}
        for name, query in QUERIES.items():
            timings[name] = _time(lambda q=query: list(store.query(prefixed(q))), repeat=3)
    return timings


def bench_rdflib(graphs, store: str = "default") -> dict[str, float]:
    dataset = Dataset(store=store, default_union=True)

    def load():
        for graph, triples in graphs:
            named = dataset.graph(URIRef(graph.value))
            named.remove((None, None, None))
            for t in triples:
                named.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))

    timings = {"ingest": _time(load)}
    for name, query in QUERIES.items():
        timings[name] = _time(lambda q=query: list(dataset.query(prefixed(q))), repeat=3)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="times the corpus is written under new ids")
    args = parser.parse_args()
    graphs = _graphs(args.copies)
    triples = sum(len(t) for _, t in graphs)
    with tempfile.TemporaryDirectory() as tmp:
        runs = {
            "rdflib Memory": lambda: bench_rdflib(graphs),
            "Oxigraph on disk (default)": lambda: bench_oxigraph(str(Path(tmp) / "store"), graphs),
            "Oxigraph in memory": lambda: bench_oxigraph("memory:", graphs),
            "oxrdflib (rdflib API on Oxigraph)": lambda: bench_rdflib(graphs, store="Oxigraph"),
        }
        results = {name: _in_child(run) for name, run in runs.items()}
    base = results["rdflib Memory"]
    print(f"{len(graphs)} article graphs, {triples} triples (rdflib {rdflib.__version__}, pyoxigraph {ox.__version__})")
    print(f"{'store':36} " + " ".join(f"{k:>16}" for k in base))
    for name, timings in results.items():
        cells = [f"{timings[k]:7.3f}s {base[k] / timings[k]:5.1f}x" for k in base if k != "memory"]
        cells.append(f"{timings['memory']:6.0f}MB {timings['memory'] / base['memory']:5.2f}x")
        print(f"{name:36} " + " ".join(f"{c:>16}" for c in cells))
    print("(seconds, and speed-up against rdflib Memory: higher is faster;")
    print(" memory: peak resident memory the run added, and its ratio to rdflib Memory's: lower is smaller)")


def _in_child(run) -> dict[str, float]:
    """Run one store's benchmark in a forked process, adding the peak memory it grew by (MB)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def child() -> None:
        before = _rss_mb()
        timings = run()
        timings["memory"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
        queue.put(timings)

    process = context.Process(target=child)
    process.start()
    timings = queue.get()
    process.join()
    return timings


def _rss_mb() -> float:
    """Current resident memory of this process in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


if __name__ == "__main__":
    main()
