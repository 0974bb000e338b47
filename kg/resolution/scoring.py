"""Pairwise precision and recall of canonical deals against a gold file of report-to-deal assignments."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import yaml

from kg.errors import DataError
from kg.sparql import select_values
from kg.store import Store

__all__ = ["PairScores", "score_deals"]


@dataclass
class PairScores:
    """Report pairs joined by the store against the gold, and merges of deals the gold keeps apart."""

    true_pairs: int
    predicted_pairs: int
    gold_pairs: int
    apart_merges: int  # canonical deals holding reports of two or more gold deals
    reports: int  # reports the gold assigns
    unassigned: int  # reports in the test articles no single gold entry selects

    @property
    def precision(self) -> float:
        return self.true_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> str:
        return (
            f"pairwise precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f} "
            f"({self.true_pairs} of {self.predicted_pairs} predicted pairs right, {self.gold_pairs} gold pairs); "
            f"{self.apart_merges} merges of deals the gold keeps apart; "
            f"{self.reports} reports assigned, {self.unassigned} not"
        )


def _load_gold(path: Path) -> dict[str, list[dict]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        deals, reports = set(data["deals"]), data["reports"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DataError(f"{path}: not a resolution gold file ({exc})") from None
    for article, entries in reports.items():
        for entry in entries:
            if entry.get("deal") not in deals or not set(entry) <= {"deal", "names", "status", "value"}:
                raise DataError(f"{path}: {article}: bad entry {entry}")
    return reports


def _selects(entry: dict, names: set[str], status: str, value: str) -> bool:
    if "status" in entry and entry["status"] != status:
        return False
    if "value" in entry and (not value or Decimal(str(entry["value"])) != Decimal(value)):
        return False
    return all(any(n.lower() in label for label in names) for n in entry.get("names", []))


def score_deals(store: Store, gold_path: str | Path) -> PairScores:
    """Compare the store's ``dkg:canonicalDeal`` links with the gold's assignment of reports to deals."""
    gold = _load_gold(Path(gold_path))
    query = """SELECT ?d ?source ?status ?value ?canonical (GROUP_CONCAT(DISTINCT LCASE(?l); SEPARATOR="\\u001f") AS ?names)
    WHERE {
      GRAPH ?g { ?d dkg:status ?status ; dkg:mentionedIn ?g . ?g dkg:sourceId ?source .
                 OPTIONAL { ?d dkg:value ?value }
                 OPTIONAL { ?d dkg:party|dkg:involves|dkg:concerns ?x . ?x rdfs:label|skos:altLabel ?l } }
      OPTIONAL { ?d dkg:canonicalDeal ?canonical }
    } GROUP BY ?d ?source ?status ?value ?canonical"""
    assigned: dict[str, str] = {}
    canonical: dict[str, str] = {}
    unassigned = 0
    for deal, source, status, value, canon, names in select_values(store, query):
        if source not in gold:
            continue
        labels = set(names.split("\x1f")) - {""}
        chosen = {e["deal"] for e in gold[source] if _selects(e, labels, status, value)}
        if len(chosen) == 1:
            assigned[deal] = chosen.pop()
            canonical[deal] = canon or deal
        else:
            unassigned += 1
    predicted = {
        frozenset(p) for p in combinations(sorted(assigned), 2) if canonical[p[0]] == canonical[p[1]]
    }
    actual = {frozenset(p) for p in combinations(sorted(assigned), 2) if assigned[p[0]] == assigned[p[1]]}
    members: dict[str, set[str]] = defaultdict(set)
    for report, canon in canonical.items():
        members[canon].add(assigned[report])
    return PairScores(
        true_pairs=len(predicted & actual),
        predicted_pairs=len(predicted),
        gold_pairs=len(actual),
        apart_merges=sum(len(deals) > 1 for deals in members.values()),
        reports=len(assigned),
        unassigned=unassigned,
    )
