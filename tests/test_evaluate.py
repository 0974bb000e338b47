"""``kg evaluate``: the counting rules of the annotation schema, on hand-made graphs and the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.build import build_graph
from kg.cli import main
from kg.errors import DataError
from kg.evaluate import KINDS, evaluate, format_report
from kg.iris import entity_key
from kg.records import Agreement, Article, Entity, Extraction, Position, Relation
from kg.store import open_store

GOLD = Path(__file__).resolve().parent.parent / "data" / "gold"

GOLD_TEXT = """\
article: t1
entities:
  - {id: peru, type: Country, names: [Peru]}
  - {id: fame, type: Company, names: [FAME, Fábrica de Armas], country: peru}
  - {id: rotem, type: Company, names: [Hyundai Rotem]}
  - {id: kim, type: Person, names: [Kim Min-su]}
  - {id: lima, type: Place, names: [Lima]}
agreements:
  - {id: a1, kind: contract, parties: [fame, rotem], signatories: [kim]}
positions:
  - {person: kim, org: rotem, title: CEO}
located_in:
  - {thing: fame, place: lima}
prospects:
  - {id: p1, status: planned, parties: [peru, rotem]}
"""


def _entity(type_: str, label: str, *alts: str) -> Entity:
    return Entity(entity_key(type_, label), type_, label, set(alts), {0})


@pytest.fixture
def scored(tmp_path):
    """A store with one hand-made article graph and its gold file; returns the report."""
    peru, fame, rotem = _entity("Country", "Peru"), _entity("Company", "FAME", "Fábrica de Armas"), _entity(
        "Company", "Hyundai Rotem"
    )
    rotem_short = _entity("Company", "Rotem Co", "the Hyundai Rotem's")  # an unmerged duplicate
    kim, lima = _entity("Person", "Kim Min-su"), _entity("Place", "Lima")
    stray = _entity("GovernmentBody", "Navy Office")
    ex = Extraction(
        Article("t1", "text"),
        entities=[peru, fame, rotem, rotem_short, kim, lima, stray],
        agreements=[
            Agreement("contract", "signed", [fame.key, rotem.key], [kim.key]),
            Agreement("other", "signed", [peru.key, rotem_short.key]),  # a prospect recorded as signed
        ],
        positions=[Position(kim.key, rotem_short.key, "CEO", 0, "test.fixture")],
        relations=[Relation(fame.key, "locatedIn", lima.key, 0, "test.fixture"), Relation(fame.key, "country", peru.key, 0, "test.fixture")],
    )
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "t1.yaml").write_text(GOLD_TEXT, encoding="utf-8")
    with open_store("memory:", writable=True) as store:
        store.replace_graph(*build_graph(ex))
        return evaluate(store, tmp_path / "gold")


def test_duplicates_and_unknown_nodes_are_false_positives(scored):
    entity = scored.counts["entity"]
    assert (entity.tp, entity.fp, entity.fn) == (5, 2, 0)  # the short Rotem node and the stray office


def test_relations_through_duplicates_are_false_positives(scored):
    position = scored.counts["position"]
    assert (position.tp, position.fp, position.fn) == (0, 1, 1)
    assert scored.counts["located_in"].tp == 1
    assert scored.counts["country"].tp == 1


def test_parties_pairs_and_signatories(scored):
    party, pair, signatory = (scored.counts[k] for k in ("party", "party_pair", "signatory"))
    assert (party.tp, party.fp, party.fn) == (2, 2, 0)
    assert (pair.tp, pair.fp, pair.fn) == (1, 1, 0)
    assert (signatory.tp, signatory.fp, signatory.fn) == (1, 0, 0)
    assert signatory.f1 == 1.0


@pytest.mark.parametrize(("status", "recorded"), [("signed", 1), ("planned", 0)])
def test_prospect_counts_only_when_recorded_as_a_signed_agreement(tmp_path, status, recorded):
    peru, rotem = _entity("Country", "Peru"), _entity("Company", "Hyundai Rotem")
    ex = Extraction(
        Article("t1", "text"),
        entities=[peru, rotem],
        agreements=[Agreement("other", status, [peru.key, rotem.key])],
    )
    (tmp_path / "t1.yaml").write_text(GOLD_TEXT, encoding="utf-8")
    with open_store("memory:", writable=True) as store:
        store.replace_graph(*build_graph(ex))
        report = evaluate(store, tmp_path)
    assert (report.prospects_recorded, report.prospects) == (recorded, 1)
    assert report.counts["party"].tp == recorded  # Hyundai Rotem; a DealProspect has no dkg:party


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("article: t1\nentities: [\n", "not valid YAML"),
        ("article: t1\nentities:\n  - {id: a, type: Company, names: [A]}\nagreements:\n  - {id: a1, parties: [a, b]}\n",
         "unknown id 'b'"),
        ("article: nowhere\nentities: []\n", "not in the store"),
    ],
)
def test_bad_gold_file_is_a_one_line_data_error(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with open_store("memory:", writable=True) as store:
        store.replace_graph(*build_graph(Extraction(Article("t1", "text"))))
        with pytest.raises(DataError) as info:
            evaluate(store, tmp_path)
    assert str(path) in str(info.value) and message in str(info.value)
    assert "\n" not in str(info.value)


def test_cli_prints_every_kind_on_the_ingested_sample(sample_store_path, runner):
    result = runner.invoke(main, ["evaluate", str(GOLD), "--store", str(sample_store_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for kind in KINDS:
        row = next(line for line in lines if line.split()[0] == kind)
        precision, recall, f1 = (float(x) for x in row.split()[1:4])
        assert 0.0 <= precision <= 1.0 and 0.0 <= recall <= 1.0 and 0.0 <= f1 <= 1.0
    assert float(next(line for line in lines if line.startswith("entity ")).split()[3]) > 0.5
    assert "prospects recorded as agreements" in result.output


def test_cli_json_output(sample_store_path, runner):
    result = runner.invoke(main, ["evaluate", str(GOLD), "--store", str(sample_store_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["kinds"]) == set(KINDS)
    assert data["articles"] == len(list(GOLD.glob("*.yaml")))


def test_cli_reports_a_bad_gold_file_in_one_line(tmp_path, sample_store_path, runner):
    (tmp_path / "x.yaml").write_text("article: [unclosed\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(tmp_path), "--store", str(sample_store_path)])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error:") and "x.yaml" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_format_report_table_has_a_row_per_kind(scored):
    table = format_report(scored)
    assert [line.split()[0] for line in table.splitlines()[1 : 1 + len(KINDS)]] == list(KINDS)
