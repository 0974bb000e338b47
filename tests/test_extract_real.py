"""Extraction quality on real reporting (../shared/realnews), our dev gold, and the two seed texts (../shared/seeds)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from extract_support import Result

from kg.evaluate import evaluate
from kg.ingest import ingest
from kg.sparql import select_values
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


def _shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not beside the checkout")
    return path


def _ingested(path: Path, folder: Path, count: int):
    """An on-disk store holding the ``count`` articles of ``folder``, opened read-only."""
    with open_store(str(path), writable=True) as store:
        report = ingest(store, [folder])
    assert report.written == count and not report.skipped, report.skipped
    return open_store(str(path))


@pytest.fixture(scope="module")
def realnews_store(tmp_path_factory):
    articles = _shared("realnews", "articles")
    with _ingested(tmp_path_factory.mktemp("realnews") / "store", articles, 40) as store:
        yield store


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    for text in sorted(_shared("seeds").glob("*.txt")):
        shutil.copy(text, folder / text.name)
    with _ingested(tmp_path_factory.mktemp("seed-store") / "store", folder, 2) as store:
        yield store


def _check_floors(report, floors: dict) -> None:
    low = {
        kind: round(report.counts[kind].f1, 3)
        for kind, floor in floors.items()
        if kind in report.counts and report.counts[kind].f1 < floor
    }
    assert not low, f"F1 below its floor: {low} (floors {floors})"
    assert report.prospects_recorded <= floors["prospects_recorded_max"]


def test_quality_floors_on_real_articles(realnews_store):
    _check_floors(evaluate(realnews_store, _shared("realnews", "gold")), FLOORS["realnews"])


def test_quality_floors_on_dev_gold(sample_store):
    _check_floors(evaluate(sample_store, ROOT / "data" / "gold"), FLOORS["dev"])


def _rows(store, query: str) -> set[tuple[str, ...]]:
    return {tuple(row) for row in select_values(store, query)}


def test_seed_article_holds_the_framework_contract(seed_store):
    rows = _rows(seed_store, """SELECT ?role ?name WHERE {
        ?d a dkg:Agreement ; dkg:agreementKind "framework" ; ?p ?x . ?x rdfs:label ?name .
        VALUES (?p ?role) { (dkg:party "party") (dkg:signatory "signatory") (dkg:signedAt "place") } }""")
    parties = {name for role, name in rows if role == "party"}
    assert {"FAME", "STX Corporation", "Hyundai Rotem"} <= parties
    assert len({name for role, name in rows if role == "signatory"}) == 3
    assert ("place", "Lima") in rows
    assert ("FAME", "Lurigancho-Chosica") in _rows(
        seed_store, "SELECT ?a ?b WHERE { ?x dkg:locatedIn ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }"
    )


@pytest.mark.parametrize("cue", ["poised to", "set to become", "aspirational rather than proven", "remains speculative"])
def test_seed_aspirations_are_hedged(seed_store, cue):
    rows = _rows(seed_store, "SELECT ?t ?m WHERE { ?s a dkg:Sentence ; dkg:text ?t ; dkg:modality ?m }")
    assert {m for t, m in rows if cue in t} == {"hedged"}


def test_the_commentary_records_no_agreement(seed_store):
    sources = {row[0] for row in _rows(seed_store, "SELECT ?a WHERE { ?a a dkg:Article ; dkg:sourceId ?id }")}
    assert len(sources) == 2
    agreements = _rows(seed_store, """SELECT ?id WHERE {
        ?d a dkg:Agreement ; dkg:mentionedIn/dkg:sourceId ?id }""")
    assert agreements == {("000_83e2d9f11ad3ac56",)}


# -- the hard cases of real reporting, in sentences written for these tests ---------------------------


def _pairs(result: Result) -> set[frozenset[str]]:
    return {frozenset(result.parties(d)) for d in result.deals("signed")}


def test_firms_announcing_a_joint_venture_are_its_parties():
    r = Result("Norvik Dynamics and Castellan Works have announced the establishment of a 50:50 joint venture.")
    assert frozenset({"Norvik Dynamics", "Castellan Works"}) in _pairs(r)


def test_a_sale_to_an_air_force_pairs_seller_and_buyer():
    r = Result("Castellan Works announced on Monday the sale of six KX-9 light attack aircraft to the Ruritanian Air Force.")
    assert frozenset({"Castellan Works", "Ruritanian Air Force"}) in _pairs(r)


def test_memorandum_of_understanding_names_no_company():
    r = Result("Norvik Dynamics signed a Memorandum of Understanding with Castellan Works in Oslo.")
    assert "Understanding" not in r.names()
    assert frozenset({"Norvik Dynamics", "Castellan Works"}) in _pairs(r)


def test_an_unknown_firm_described_as_a_shipbuilder_is_a_company():
    r = Result("The navy cancelled its order with Spanish shipbuilder Ardentia for two patrol vessels.")
    assert r.entity("Ardentia").type == "Company"


@pytest.mark.parametrize(
    "text, modality",
    [
        ("The training will not only equip the workforce but also build new skills.", "hedged"),
        ("The plant is poised to create hundreds of jobs.", "hedged"),
        ("The ministry did not sign the contract.", "negated"),
        ("No agreement was reached at the talks in Lima.", "negated"),
        ("The company has yet to sign a contract.", "negated"),
        ("Castellan Works signed the contract in March.", "asserted"),
        ("The talks collapsed after the government cancelled the order.", "asserted"),
        ("The minister said the factory will open next year.", "hedged"),
    ],
)
def test_modality_comes_from_the_main_claim(text, modality):
    assert Result(text).ex.sentences[0].modality == modality


def test_a_deal_in_a_hedged_clause_is_a_prospect():
    r = Result("Ruritania's established arms export industry could provide Norvik Dynamics with new contracts.")
    assert r.deals("signed") == []


def test_every_statement_names_the_rule_that_made_it(sample_store):
    without = _rows(sample_store, "SELECT ?st WHERE { ?st a rdf:Statement FILTER NOT EXISTS { ?st dkg:rule ?r } }")
    assert not without
    rules = {row[0] for row in _rows(sample_store, "SELECT DISTINCT ?r WHERE { ?st dkg:rule ?r }")}
    assert {"deals.parse_roles", "deals.signatories", "mention.gazetteer", "mention.ner"} <= rules
    assert any(rule.startswith(("places.", "positions.")) for rule in rules)


def test_every_lexicon_entry_is_read_by_a_rule():
    """Editing a data file always changes behaviour: an entry no rule reads is dead data, named with its file."""
    from kg.extract import extract_article
    from kg.extract.pipeline import build_engine
    from kg.gazetteer import data_dir, load_gazetteer
    from kg.loaders import load_paths
    from kg.records import Article

    gazetteer = load_gazetteer(data_dir())  # a copy of its own, so reads by other tests do not count
    eng = build_engine(gazetteer)
    for article in load_paths([ROOT / "data" / "corpus"]):
        if isinstance(article, Article):
            extract_article(article, eng)
    assert gazetteer.unread_entries() == []


@pytest.mark.parametrize(
    "text",
    [
        "The army's planned purchase of 36 Zephyr howitzers from Norvik Dynamics remains frozen, after Norvik won the tender.",
        "Ruritania has in the past considered the sale of its Zephyr missiles to Borduria.",
    ],
)
def test_a_planned_or_considered_deal_is_no_agreement(text):
    assert Result(text).deals("signed") == []


def test_one_deal_per_deal_noun_with_its_own_counterparty():
    r = Result(
        "Estonia's defence ministry signed three contracts worth 1.7 billion euros with Norvik Dynamics "
        "and a contract worth 400 million euros with Castellan Works."
    )
    pairs = _pairs(r)
    assert not any({"Norvik Dynamics", "Castellan Works"} <= pair for pair in pairs)
    assert any({"Norvik Dynamics"} < pair for pair in pairs) and any({"Castellan Works"} < pair for pair in pairs)


def test_the_subject_of_a_signing_gerund_signed():
    r = Result("After signing the agreement with Castellan Works, Prime Minister Anna Weber hailed the joint venture.")
    assert "Anna Weber" in {name for deal in r.deals("signed") for name in r.signatories(deal)}


def test_a_guest_of_the_signing_ceremony_did_not_sign():
    r = Result("The contract with Castellan Works was signed in Oslo in a ceremony attended by Prime Minister Anna Weber.")
    assert not {name for deal in r.deals() for name in r.signatories(deal)}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Norvik Defence signed a joint venture agreement with Castellan Works.", "Norvik Defence"),
        ("The contract went to the Ardentia group, which builds patrol boats.", "Ardentia"),
        ("Castellan Works chose Velmora, an Embraer Group company, as its supplier.", "Velmora"),
        ("The navy ordered rifles from Czech arms maker Brodsky Zbrojovka.", "Brodsky Zbrojovka"),
    ],
)
def test_firms_the_gazetteer_does_not_know_are_firms(text, name):
    assert Result(text).entity(name).type == "Company"


def test_a_blocked_sale_is_no_agreement():
    r = Result("Germany's veto has grounded the sale of Zephyr fighters to Turkey.")
    assert r.deals("signed") == [] and [d.status for d in r.deals()] == ["stalled"]
