"""Resolution across articles on real stores: canonical deals, resolved attributes, judgements, time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.ingest import ingest
from kg.network import Filters, project
from kg.resolution import (
    RESOLUTION_GRAPH,
    Judgement,
    load_judgements,
    record_judgement,
    resolve,
    resolve_store,
)
from kg.resolution.graph import deal_triples, entity_triples, input_stamp, write_resolution
from kg.resolution.scoring import score_deals
from kg.sparql import select_values
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
TESTSET = ROOT / "data" / "resolution" / "articles"
GOLD = ROOT / "data" / "resolution" / "gold.yaml"
HELDOUT = ROOT / "data" / "resolution" / "heldout"
HELDOUT_GOLD = ROOT / "data" / "resolution" / "heldout-gold.yaml"
K808 = """SELECT ?deal ?n (COUNT(DISTINCT ?r) AS ?reports) WHERE {
  ?deal a dkg:Deal ; dkg:concerns/rdfs:label ?l ; dkg:reportCount ?n . FILTER(CONTAINS(?l, "K808"))
  ?r dkg:canonicalDeal ?deal ; a dkg:Agreement .
} GROUP BY ?deal ?n"""


@pytest.fixture(autouse=True)
def no_judgements(tmp_path, monkeypatch):
    """Every test starts from an empty judgements file of its own."""
    monkeypatch.setenv("KG_JUDGEMENTS", str(tmp_path / "judgements.yaml"))


def ingested(path: Path, *sources) -> Path:
    with open_store(str(path), writable=True) as store:
        report = ingest(store, list(sources))
    assert report.written and not report.skipped, report.skipped
    return path


@pytest.fixture(scope="module")
def testset_path(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_JUDGEMENTS", str(tmp_path_factory.mktemp("j") / "none.yaml"))
        return ingested(tmp_path_factory.mktemp("testset") / "store", TESTSET)


def resolution_triples(path: Path) -> set[tuple[str, ...]]:
    with open_store(str(path)) as store:
        return set(
            select_values(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH {RESOLUTION_GRAPH} {{ ?s ?p ?o }} }}")
        )


# -- canonical deals ---------------------------------------------------------------------------------


def test_demo_corpus_shows_the_k808_contract_once_with_two_reports(sample_store):
    rows = select_values(sample_store, K808)
    assert len(rows) == 1, rows
    _, report_count, reports = rows[0]
    assert (report_count, reports) == ("2", "2")
    stages = select_values(
        sample_store,
        f"""SELECT ?stage ?article ?date WHERE {{ <{rows[0][0]}> dkg:stageReport ?s .
            ?s dkg:stage ?stage ; dkg:reportedIn ?article ; dkg:stageDate ?date }}""",
    )
    assert len({article for _, article, _ in stages}) == 2 and {s for s, _, _ in stages} == {"signed"}


def test_partnership_network_counts_each_canonical_deal_once(sample_store):
    resolved = project(sample_store, "partners")
    raw = project(sample_store, "partners", Filters(view="raw"))
    canonical = dict(select_values(sample_store, "SELECT ?r ?d WHERE { ?r dkg:canonicalDeal ?d }"))
    ((k808, _, _),) = select_values(sample_store, K808)
    for u, v, data in raw.edges(data=True):
        if resolved.has_edge(u, v):
            assert resolved.edges[u, v]["weight"] == len({canonical[a] for a in data["agreements"]})
    twice = [
        (u, v) for u, v, d in raw.edges(data=True) if [canonical[a] for a in d["agreements"]].count(k808) == 2
    ]
    assert twice and all(resolved.edges[e]["agreements"].count(k808) == 1 for e in twice)


def test_testset_pairwise_precision_and_recall(testset_path):
    with open_store(str(testset_path)) as store:
        scores = score_deals(store, GOLD)
    print(scores.summary())
    assert scores.apart_merges == 0
    assert scores.precision >= 0.9 and scores.recall >= 0.6, scores.summary()


def test_heldout_pairwise_precision_and_recall(tmp_path):
    path = ingested(tmp_path / "store", HELDOUT)
    with open_store(str(path)) as store:
        scores = score_deals(store, HELDOUT_GOLD)
    print(scores.summary())
    assert scores.apart_merges == 0 and scores.precision >= 0.9, scores.summary()


def test_deal_attributes_follow_their_reports(testset_path):
    with open_store(str(testset_path)) as store:
        deals = select_values(
            store,
            """SELECT ?d ?reports ?sources ?first ?last ?date ?precision ?basis WHERE {
                 ?d a dkg:Deal ; dkg:reportCount ?reports ; dkg:sourceCount ?sources ; dkg:firstReported ?first ;
                    dkg:lastReported ?last ; dkg:dealDate ?date ; dkg:datePrecision ?precision ; dkg:dateBasis ?basis }""",
        )
        reports = select_values(
            store,
            """SELECT ?d ?article ?published ?url WHERE { ?d dkg:stageReport/dkg:reportedIn ?article .
                 ?article dkg:published ?published ; dkg:url ?url }""",
        )
        all_deals = select_values(store, "SELECT ?d WHERE { ?d a dkg:Deal }")
        conflicts = select_values(
            store, "SELECT ?d (COUNT(?v) AS ?n) WHERE { ?d dkg:conflict 'value' ; dkg:value ?v } GROUP BY ?d"
        )
    assert len(deals) == len(all_deals)  # every deal has counts, report dates and a date with its precision
    for deal, count, sources, first, last, date, precision, basis in deals:
        mine = [r for r in reports if r[0] == deal]
        assert int(count) == len({r[1] for r in mine})
        assert int(sources) == len({r[3].split("/")[2].removeprefix("www.") for r in mine})
        assert (first, last) == (min(r[2] for r in mine), max(r[2] for r in mine))
        assert precision == {10: "day", 7: "month", 4: "year"}[len(date)]
        assert basis in ("signing date", "first signed report", "first report")
    assert all(int(n) >= 2 for _, n in conflicts)  # conflicting values are kept side by side


def test_report_stages_tell_the_lifecycle(testset_path):
    with open_store(str(testset_path)) as store:
        stages = select_values(
            store,
            """SELECT ?d ?stage ?latest WHERE { ?d dkg:latestStage ?latest ; dkg:stageReport/dkg:stage ?stage }""",
        )
    by_deal: dict[str, set[str]] = {}
    for deal, stage, _ in stages:
        by_deal.setdefault(deal, set()).add(stage)
    assert any({"signed", "delivered"} <= s for s in by_deal.values())
    assert any({"negotiating", "signed"} <= s or {"planned", "signed"} <= s for s in by_deal.values())
    assert all(latest in by_deal[d] for d, _, latest in stages)


# -- incremental --------------------------------------------------------------------------------------


def test_incremental_resolution_equals_a_full_rebuild_and_rewrites_only_what_changed(tmp_path, testset_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    for i, article in enumerate(sorted(TESTSET.iterdir())):
        shutil.copy(article, (first if i < 8 else second) / article.name)
    store_path = ingested(tmp_path / "store", first)
    with open_store(str(store_path), writable=True) as store:
        report = ingest(store, [second])
    assert resolution_triples(store_path) == resolution_triples(testset_path)
    rewritten, total = _counts(report.resolution)
    assert 0 < rewritten < total

    changed = second / "r11-malaysia-fa50-lima.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("LIMA exhibition", "LIMA 2023 show"), encoding="utf-8"
    )
    with open_store(str(store_path), writable=True) as store:
        report = ingest(store, [first, second])
    rewritten, total = _counts(report.resolution)
    assert report.written == 1 and rewritten <= 10 < total
    assert resolution_triples(store_path) == resolution_triples(ingested(tmp_path / "full", first, second))
    with open_store(str(store_path), writable=True) as store:
        report = ingest(store, [first, second])
    assert report.written == 0 and "up to date" in report.resolution


def _halves(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """Two folders holding the first and the second half of a generated corpus of ``count`` articles."""
    out = tmp_path / "generated"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), str(out), "--count", str(count)],
                   check=True)
    lines = (out / "articles" / "articles-0000.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    halves = tmp_path / "first-half", tmp_path / "second-half"
    for half, part in zip(halves, (lines[: count // 2], lines[count // 2 :])):
        half.mkdir()
        (half / "articles.jsonl").write_text("".join(part), encoding="utf-8")
    return halves


def test_resolution_unit_by_unit_equals_the_whole_corpus_at_once(tmp_path, monkeypatch):
    """What an ingest writes (entities one at a time, deals in units no join crosses, a chunk at a time)
    is what resolving the whole corpus in memory gives, with judgements that join deals of two
    units and part reports of one; and two ingests give what one gives."""
    halves = _halves(tmp_path, 120)
    one = ingested(tmp_path / "one", *halves)
    with open_store(str(one)) as store:
        _, deals = resolve(store)
    joined = next(d for d in deals if len(d.reports) > 1)
    same, apart = (deals[0].reports[0].iri, deals[-1].reports[0].iri), (joined.reports[0].iri, joined.reports[1].iri)
    judgements = tmp_path / "judgements.yaml"
    record_judgement(judgements, Judgement("deal", "same", *same))
    record_judgement(judgements, Judgement("deal", "different", *apart))
    monkeypatch.setenv("KG_JUDGEMENTS", str(judgements))
    with open_store(str(one), writable=True) as store:
        resolve_store(store)
    assert _deal_of(one, same[0]) == _deal_of(one, same[1]) and _deal_of(one, apart[0]) != _deal_of(one, apart[1])
    whole = tmp_path / "whole"
    shutil.copytree(one, whole)
    with open_store(str(whole), writable=True) as store:
        store.update(f"DROP GRAPH {RESOLUTION_GRAPH}")
        entities, deals = resolve(store)
        units = [(e.iri, entity_triples(e)) for e in {e.iri: e for e in entities.values()}.values()]
        units += [(d.iri, deal_triples(d)) for d in deals]
        write_resolution(store, units, input_stamp(store, load_judgements(judgements)))
    assert resolution_triples(whole) == resolution_triples(one)
    two = ingested(tmp_path / "two", halves[0])
    with open_store(str(two), writable=True) as store:
        ingest(store, [halves[1]])
    assert resolution_triples(two) == resolution_triples(one)


def _counts(summary: str) -> tuple[int, int]:
    """Units rewritten and units in all, from a resolution summary line."""
    words = summary.replace(",", "").replace(";", "").split()
    numbers = {
        w: int(words[i - 1]) for i, w in enumerate(words) if w in ("rewritten", "removed", "unchanged")
    }
    return numbers["rewritten"], numbers["rewritten"] + numbers["unchanged"]


# -- resolved entity attributes -------------------------------------------------------------------------

BUYERS = ["Brazil", "Thailand", "Hungary", "Colombia", "Latvia", "Finland", "Lithuania", "Norway", "Poland"]


def test_resolved_country_is_the_one_most_article_graphs_state(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, buyer in enumerate(BUYERS):
        demonym = "Estonian" if i in (2, 6) else "Swedish"  # two articles misstate Saab's country
        (corpus / f"saab-{i}.txt").write_text(
            f"Title: Saab and {buyer}\nDate: 2021-0{i % 9 + 1}-15\nURL: https://news{i % 3}.example.org/{i}\n\n"
            f"Saab, the {demonym} defence group, signed a contract with {buyer} on 2 March 2021 for missiles.\n",
            encoding="utf-8",
        )
    path = ingested(tmp_path / "store", corpus)
    saab = "https://w3id.org/defense-kg/id/company/saab"
    with open_store(str(path)) as store:
        raw = dict(
            select_values(
                store,
                f"SELECT ?c (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ <{saab}> dkg:country ?c }} }} GROUP BY ?c",
            )
        )
        tallies = dict(
            select_values(
                store,
                f"""SELECT ?c ?n WHERE {{ <{saab}> dkg:tally [ dkg:attribute "country" ; dkg:tallyValue ?c ;
                                                              dkg:articleCount ?n ] }}""",
            )
        )
        resolved = select_values(store, f"SELECT ?c WHERE {{ <{saab}> dkg:resolvedCountry ?c }}")
        graph = project(store, "partners")
    sweden, estonia = (f"https://w3id.org/defense-kg/id/country/{c}" for c in ("sweden", "estonia"))
    assert raw == tallies and int(raw[sweden]) > int(raw[estonia]) >= 1  # raw claims stay, counts kept
    assert resolved == [(sweden,)]
    assert graph.nodes[saab]["country"] == sweden


# -- judgements ----------------------------------------------------------------------------------------


def _deal_of(path: Path, report: str) -> str:
    with open_store(str(path)) as store:
        return select_values(store, f"SELECT ?d WHERE {{ <{report}> dkg:canonicalDeal ?d }}")[0][0]


def _reports(path: Path, article: str, product: str) -> list[str]:
    with open_store(str(path)) as store:
        rows = select_values(
            store,
            f"""SELECT DISTINCT ?r WHERE {{ ?r dkg:mentionedIn ?a ; dkg:status "signed" ; dkg:concerns/rdfs:label ?l .
                ?a dkg:sourceId "{article}" . FILTER(CONTAINS(?l, "{product}")) }} ORDER BY ?r""",
        )
    return [r for (r,) in rows]


def test_judgements_apply_at_once_and_survive_a_full_reingest(tmp_path, runner, testset_path):
    store = tmp_path / "store"
    shutil.copytree(testset_path, store)
    judgements = tmp_path / "reviewed.yaml"
    a, b = (
        _reports(store, "r02-poland-k2-k9-executive", "K2")[0],
        _reports(store, "r03-poland-k2-k9-deliveries", "K2")[0],
    )
    assert _deal_of(store, a) == _deal_of(store, b)
    args = ["--store", str(store), "--judgements", str(judgements)]
    result = runner.invoke(main, ["resolve", "different", a, b, "--kind", "deal", *args])
    assert result.exit_code == 0, result.output
    assert _deal_of(store, a) != _deal_of(store, b)

    # An automatic merge (accents aside, one name) undone by a judgement.
    merged = "SELECT ?m ?e WHERE { ?m dkg:resolvedAs ?e }"
    with open_store(str(store)) as s:
        assert len(select_values(s, merged)) == 1
    result = runner.invoke(main, ["resolve", "different", "Mariusz Błaszczak", "Mariusz Blaszczak", *args])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["resolve", "same", "Hanwha Aerospace", "Hanwha Defence Australia", *args])
    assert result.exit_code == 0, result.output
    assert [j.verdict for j in load_judgements(judgements).items] == ["different", "different", "same"]
    result = runner.invoke(main, ["resolve", "update", *args])
    assert result.exit_code == 0 and "up to date" in result.output

    fresh = tmp_path / "fresh"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_JUDGEMENTS", str(judgements))
        ingested(fresh, TESTSET)
    assert _deal_of(fresh, a) != _deal_of(fresh, b)
    with open_store(str(fresh)) as s:
        links = select_values(s, merged)
    assert [m.rsplit("/", 1)[1] for m, _ in links] == ["hanwha-defence-australia"]


def test_candidates_list_close_names_with_evidence(runner, sample_store_path):
    result = runner.invoke(
        main, ["resolve", "candidates", "--store", str(sample_store_path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "al-sisi" in result.output and "el-sisi" in result.output and "shared neighbours" in result.output
    result = runner.invoke(
        main, ["resolve", "candidates", "--kind", "deal", "--store", str(sample_store_path)]
    )
    assert result.exit_code == 0 and "shared parties" in result.output


def test_unknown_names_and_bad_files_are_one_line_errors(runner, tmp_path, sample_store_path):
    store = tmp_path / "store"
    shutil.copytree(sample_store_path, store)
    result = runner.invoke(main, ["resolve", "same", "Nobody", "FAME", "--store", str(store)])
    assert result.exit_code == 1 and "'Nobody': no entity has this label" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {kind: entity, judgement: maybe, a: x, b: y}\n", encoding="utf-8")
    result = runner.invoke(main, ["resolve", "candidates", "--store", str(store), "--judgements", str(bad)])
    assert result.exit_code == 1 and "bad.yaml: judgement 1" in result.output


# -- time ----------------------------------------------------------------------------------------------


def test_until_slices_by_deal_dates_undated_reports_included(sample_store):
    dated = select_values(
        sample_store,
        """SELECT ?d ?date WHERE { ?d a dkg:Deal ; dkg:dealDate ?date FILTER EXISTS { ?r dkg:canonicalDeal ?d ; a dkg:Agreement } }""",
    )
    signed = select_values(
        sample_store, "SELECT DISTINCT ?d WHERE { ?r dkg:canonicalDeal ?d ; a dkg:Agreement }"
    )
    assert len(dated) == len(signed)  # every signed deal has a date, reported-only ones too
    with_parties = {
        d for (d,) in select_values(sample_store, "SELECT DISTINCT ?d WHERE { ?d dkg:dealParty ?p }")
    }
    for until in ("2018", "2022-07", "2024-05-21"):
        graph = project(sample_store, "bipartite", Filters(until=until))
        kept = {n for n, d in graph.nodes(data=True) if d.get("bipartite") == 1}
        assert kept == {
            d for d, date in dated if d in with_parties and Filters(until=until).admits_date(date)
        }
    early, late = (project(sample_store, "partners", Filters(until=u)) for u in ("2018", "2025"))
    assert early.number_of_edges() < late.number_of_edges()


# -- shapes --------------------------------------------------------------------------------------------


def test_resolution_graph_passes_its_shapes_and_they_bite(testset_path):
    from pyshacl import validate
    from rdflib import Graph, Literal, URIRef

    from kg.vocab import ontology_path

    with open_store(str(testset_path)) as store:
        triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {RESOLUTION_GRAPH} {{ ?s ?p ?o }} }}")
        data = Graph().parse(
            data="\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples), format="nt"
        )
    assert len(data) > 100
    shapes, ontology = Graph().parse(ontology_path("shapes.ttl")), Graph().parse(ontology_path())
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, report
    stage = URIRef("https://w3id.org/defense-kg/ontology#stage")
    subject = next(data.subjects(stage, None))
    data.set((subject, stage, Literal("rumoured")))
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert not conforms and "rumoured" in report


def test_deal_judgements_join_apart_deals_and_the_latest_one_wins(tmp_path, runner, testset_path):
    store = tmp_path / "store"
    shutil.copytree(testset_path, store)
    poland, malaysia = (
        _reports(store, "r12-poland-fa50-contract", "FA-50")[0],
        _reports(store, "r11-malaysia-fa50-lima", "FA-50")[0],
    )
    apart = _deal_of(store, malaysia)
    assert _deal_of(store, poland) != apart
    args = ["--kind", "deal", "--store", str(store), "--judgements", str(tmp_path / "j.yaml")]
    assert (
        runner.invoke(main, ["resolve", "same", poland, apart, *args]).exit_code == 0
    )  # a canonical deal IRI works too
    assert _deal_of(store, poland) == _deal_of(store, malaysia)
    assert runner.invoke(main, ["resolve", "different", malaysia, poland, *args]).exit_code == 0
    assert _deal_of(store, poland) != _deal_of(store, malaysia)


def test_full_projection_shows_reports_raw_and_canonical_deals_resolved(sample_store):
    def classes(view: str) -> set[str]:
        return {d["class"] for _, d in project(sample_store, "full", Filters(view=view)).nodes(data=True)}

    raw, resolved = classes("raw"), classes("resolved")
    assert {"Agreement", "DealProspect"} <= raw and "Deal" not in raw
    assert "Deal" in resolved and not {"Agreement", "DealProspect"} & resolved
