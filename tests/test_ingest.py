"""Ingest writes one named graph per article, idempotently, with deterministic IRIs."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.ingest import ingest
from kg.store import open_store

ARTICLE = """Title: FAME and Hyundai Rotem sign a framework contract
Date: 2024-11-14

LIMA, Nov 14 — Peru's army factory FAME signed a framework contract with STX Corporation and Hyundai Rotem.
The plant will be built in Lurigancho-Chosica, Lima.
"""


def _dump(store) -> bytes:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    return b"\n".join(sorted(out.getvalue().splitlines()))


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "001-fame.txt").write_text(ARTICLE)
    (folder / "002-other.txt").write_text(ARTICLE.replace("Peru's", "The Peruvian").replace("Nov 14", "Nov 15"))
    return folder


def test_each_article_is_one_named_graph_named_by_its_article_node(tmp_path, corpus):
    with open_store(str(tmp_path / "s"), writable=True) as store:
        report = ingest(store, [corpus])
        graphs = {s["g"].value for s in store.query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/defense-kg/ontology#Article> } }")}
        # Besides the article graphs, only the resolution graph across articles.
        outside = store.query(
            "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?g { ?g ?x ?y } } "
            "FILTER(?g != <https://w3id.org/defense-kg/id/graph/resolution>) }"
        )
        assert not list(outside)
    assert report.written == 2 and graphs == {
        "https://w3id.org/defense-kg/id/article/001-fame", "https://w3id.org/defense-kg/id/article/002-other"}


def test_reingest_unchanged_changes_nothing(tmp_path, corpus):
    with open_store(str(tmp_path / "s"), writable=True) as store:
        first = ingest(store, [corpus])
        before = _dump(store)
        again = ingest(store, [corpus])
        assert _dump(store) == before
    assert (first.written, again.written, again.unchanged) == (2, 0, 2)


def test_changed_article_replaces_its_graph(tmp_path, corpus):
    with open_store(str(tmp_path / "s"), writable=True) as store:
        ingest(store, [corpus])
        (corpus / "001-fame.txt").write_text(ARTICLE.replace("Title: FAME", "Title: Updated FAME"))
        report = ingest(store, [corpus])
        titles = [s["t"].value for s in store.query(
            "SELECT ?t WHERE { ?a <https://w3id.org/defense-kg/ontology#sourceId> '001-fame' ; "
            "<https://w3id.org/defense-kg/ontology#title> ?t }")]
    assert report.written == 1 and report.unchanged == 1
    assert titles == ["Updated FAME and Hyundai Rotem sign a framework contract"]


def test_same_input_gives_the_same_graph(tmp_path, corpus):
    dumps = []
    for name in ("a", "b"):
        with open_store(str(tmp_path / name), writable=True) as store:
            ingest(store, [corpus])
            dumps.append(_dump(store))
    assert dumps[0] == dumps[1] and dumps[0]


def test_bad_files_are_skipped_and_the_rest_lands(tmp_path, corpus):
    (corpus / "003-empty.txt").write_text("")
    (corpus / "004-binary.html").write_bytes(b"\x00\x01\x02")
    (corpus / "wire.jsonl").write_text('{"id": "005-ok", "text": "Saab signed a contract with Brazil."}\n{broken\n')
    with open_store(str(tmp_path / "s"), writable=True) as store:
        report = ingest(store, [corpus])
    assert report.written == 3
    assert len(report.skipped) == 3
    assert any("003-empty.txt: empty file" in r for r in report.skipped)
    assert any("wire.jsonl line 2: not valid JSON" in r for r in report.skipped)


def test_duplicate_article_ids_are_reported(tmp_path, corpus):
    (corpus / "wire.jsonl").write_text('{"id": "001-fame", "text": "Another text."}\n')
    with open_store("memory:", writable=True) as store:
        report = ingest(store, [corpus])
    assert report.written == 2 and "duplicate article id '001-fame'" in report.skipped[0]


def test_a_second_writer_gets_a_clear_error(tmp_path):
    path = tmp_path / "s"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from kg.store import open_store
            store = open_store({str(path)!r}, writable=True)
            print("open", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="open for writing by another process"):
            open_store(str(path), writable=True)
    finally:
        holder.communicate("", timeout=30)


def test_readers_and_writers_exclude_each_other_with_a_clear_error(tmp_path, corpus):
    path = tmp_path / "s"
    with open_store(str(path), writable=True) as writer:
        ingest(writer, [corpus])
        with pytest.raises(StoreError, match="an ingest is running"):
            open_store(str(path))
    with open_store(str(path)) as reader, open_store(str(path)) as second_reader:
        assert bool(reader.query("ASK { ?a <https://w3id.org/defense-kg/ontology#sourceId> '001-fame' }"))
        assert bool(second_reader.query("ASK { ?s ?p ?o }"))
        with pytest.raises(StoreError, match="being read"):
            open_store(str(path), writable=True)
