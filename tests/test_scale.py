"""Scale paths give the store a single-process ingest gives: --jobs, kg extract + kg load (local, Dask, remote).

And a writer killed with SIGKILL mid-run leaves every article graph whole or absent.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import CORPUS, ROOT
from conftest_sparql import oxigraph_server

from kg.ingest import ingest
from kg.shards import extract_shards, load_shards
from kg.store import open_store

RESOLUTION = "https://w3id.org/defense-kg/id/graph/resolution"


def _dump(store) -> list[bytes]:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    return sorted(out.getvalue().splitlines())


def _graphs(lines: list[bytes]) -> dict[str, set[bytes]]:
    graphs: dict[str, set[bytes]] = defaultdict(set)
    for quad in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_QUADS):
        graphs[quad.graph_name.value].add(str(quad).encode())
    return graphs


@pytest.fixture(scope="module")
def single(sample_store) -> list[bytes]:
    """The sample corpus ingested in one process (the session's shared store)."""
    return _dump(sample_store)


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("shards")
    report = extract_shards([CORPUS], out, jobs=2, shard_size=10)
    assert report.articles >= 30 and not report.skipped, report.skipped
    return report.shards


def test_two_jobs_give_the_store_one_job_gives(tmp_path, single):
    with open_store(str(tmp_path / "s"), writable=True) as store:
        report = ingest(store, [CORPUS], jobs=2)
        assert not report.skipped and _dump(store) == single


def test_extract_then_load_equals_ingest(tmp_path, shards, single):
    with open_store(str(tmp_path / "s"), writable=True) as store:
        report = load_shards(store, [shards[0].parent])
        assert report.bulk and _dump(store) == single
    # Into a store that already holds them: whole graphs replaced through transactions, same result.
    with open_store(str(tmp_path / "s"), writable=True) as store:
        assert not load_shards(store, shards).bulk and _dump(store) == single


def test_dask_cluster_writes_the_shards_local_processes_write(tmp_path, shards):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = extract_shards([CORPUS], tmp_path, dask=cluster.scheduler_address, shard_size=10)
    assert [p.name for p in report.shards] == [p.name for p in shards]
    assert all(p.read_bytes() == q.read_bytes() for p, q in zip(report.shards, shards))


def test_load_into_a_sparql_server_equals_ingest(tmp_path, shards, single):
    with oxigraph_server(tmp_path / "oxigraph") as base, open_store(base, writable=True) as remote:
        report = load_shards(remote, shards)
        assert not report.bulk and _dump(remote) == single


def test_kill_9_leaves_every_article_graph_whole_or_absent(tmp_path):
    corpus, killed, whole = tmp_path / "corpus", tmp_path / "killed", tmp_path / "whole"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), str(corpus), "--count", "300"],
                   check=True)
    env = {**os.environ, "KG_PARSER": "off", "KG_INGEST_BATCH": "4"}
    command = [sys.executable, "-m", "kg", "ingest", str(corpus / "articles"), "--jobs", "2", "--no-progress", "--store"]
    subprocess.run([*command, str(whole)], env=env, check=True, capture_output=True, timeout=300)
    process = subprocess.Popen([*command, str(killed)], env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Kill once the store has taken a few transactions (each writes about 1 MB of write-ahead log).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            data = [f for f in killed.glob("*") if f.suffix in (".log", ".sst")] if killed.exists() else []
            if sum(f.stat().st_size for f in data if f.exists()) > 3_000_000:
                break
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    with open_store(str(killed)) as store:
        partial = _graphs(_dump(store))
    with open_store(str(whole)) as store:
        complete = _graphs(_dump(store))
    articles = {g for g in partial if g != RESOLUTION}
    assert articles and len(articles) < 300, len(articles)  # killed mid-run, after some transactions
    for graph in articles:
        assert partial[graph] == complete[graph], graph


def test_the_commands_extract_load_and_ingest_agree(tmp_path, runner):
    from kg.cli import main

    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), str(corpus), "--count", "12"],
                   check=True)
    (corpus / "articles" / "bad.jsonl").write_text("{broken\n")
    extracted = runner.invoke(main, ["extract", str(corpus / "articles"), "-o", str(tmp_path / "shards"),
                                     "--shard-size", "5", "--jobs", "1"])
    assert extracted.exit_code == 0, extracted.output
    assert "12 articles extracted into 3 shards, 1 skipped" in extracted.output
    assert "bad.jsonl line 1: not valid JSON" in extracted.output
    loaded = runner.invoke(main, ["load", str(tmp_path / "shards"), "--store", str(tmp_path / "loaded")])
    assert loaded.exit_code == 0 and "12 articles from 3 shards loaded" in loaded.output, loaded.output
    ingested = runner.invoke(main, ["ingest", str(corpus / "articles"), "--jobs", "1", "--no-progress",
                                    "--store", str(tmp_path / "ingested")])
    assert ingested.exit_code == 0 and "12 articles written" in ingested.output, ingested.output
    dumps = []
    for name in ("loaded", "ingested"):
        with open_store(str(tmp_path / name)) as store:
            dumps.append(_dump(store))
    assert dumps[0] == dumps[1]
