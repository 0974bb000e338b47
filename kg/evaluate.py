"""Score the store against gold annotations: P/R/F1 per kind, micro-averaged over articles.

The counting rules are those of docs/annotation-schema.md: what is predicted
for an article is what lies in its named graph; predicted nodes match gold
entities by normalized rdfs:label / skos:altLabel, a second node for the same
gold entity is a false positive, and relations are counted after mapping
nodes to gold entities.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import DataError
from kg.records import ENTITY_TYPES
from kg.sparql import select_values
from kg.store import Store
from kg.vocab import DKG_NS

__all__ = [
    "KINDS",
    "Counts",
    "GoldArticle",
    "Report",
    "evaluate",
    "format_report",
    "load_gold",
    "normalize_name",
    "score_article",
]

#: Kinds scored, in the order they are printed.
KINDS = (
    "entity",
    "entity_typed",
    "party",
    "party_pair",
    "signatory",
    "position",
    "located_in",
    "country",
    "hedged",
    "negated",
)

#: Sentence modalities gold may list (every other sentence is asserted).
MODALITIES = ("hedged", "negated")



def normalize_name(name: str) -> str:
    """A name as gold and predictions are compared: lower case, no punctuation, no leading "the" or 's.

    >>> normalize_name("The Peruvian Army's")
    'peruvian army'
    """
    text = unicodedata.normalize("NFC", name).lower().strip()
    text = re.sub(r"(?:'s|’s)(?=\W|$)", "", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("P"))
    text = " ".join(text.split())
    return text.removeprefix("the ").strip()


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        """Count one article's predicted set against its gold set."""
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class GoldArticle:
    """One gold file: entities by id and the facts the article states."""

    path: Path
    article: str
    types: dict[str, str] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)  # id -> normalized names
    countries: set[tuple[str, str]] = field(default_factory=set)
    agreements: list[set[str]] = field(default_factory=list)  # party sets
    signatories: set[str] = field(default_factory=set)
    positions: set[tuple[str, str]] = field(default_factory=set)
    located_in: set[tuple[str, str]] = field(default_factory=set)
    prospects: list[set[str]] = field(default_factory=list)
    modality: dict[str, set[str]] | None = None  # label -> normalized sentence texts; None: not annotated


def normalize_sentence(text: str) -> str:
    """A sentence as gold and stored sentences are compared: NFC, straight quotes, one space.

    >>> normalize_sentence("It  “could”  happen.")
    'It "could" happen.'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))
    return " ".join(text.split())


@dataclass
class Report:
    """Scores over all gold articles."""

    articles: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    prospects: int = 0
    prospects_recorded: int = 0
    errors: list[str] | None = None  # "article<TAB>kind<TAB>FP|FN<TAB>item" lines, when asked for

    def as_dict(self) -> dict:
        """The report as plain data (the JSON output)."""
        return {
            "articles": self.articles,
            "kinds": {
                kind: {
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                    "tp": c.tp,
                    "fp": c.fp,
                    "fn": c.fn,
                }
                for kind, c in self.counts.items()
            },
            "prospects": self.prospects,
            "prospects_recorded_as_agreements": self.prospects_recorded,
        }


# -- gold files ------------------------------------------------------------------------


def _ids(where: str, value, known: dict[str, str], what: str) -> list[str]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    for item in items:
        if not isinstance(item, str) or item not in known:
            raise DataError(f"{where}: {what} refers to unknown id {item!r}")
    return items


def load_gold(path: Path) -> GoldArticle:
    """Read and check one gold YAML file.

    Raises DataError naming the file when it does not parse or refers to an unknown id.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(f"{path}{f' line {mark.line + 1}' if mark else ''}: not valid YAML") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("article"), str):
        raise DataError(f"{path}: not a gold file (needs 'article' and 'entities')")
    gold = GoldArticle(path, raw["article"])
    for i, entity in enumerate(raw.get("entities") or []):
        if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            raise DataError(f"{path}: entity {i + 1}: needs an id")
        if entity.get("type") not in ENTITY_TYPES:
            raise DataError(f"{path}: entity {entity['id']}: unknown type {entity.get('type')!r}")
        names = entity.get("names") or []
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise DataError(f"{path}: entity {entity['id']}: 'names' must be a non-empty list")
        gold.types[entity["id"]] = entity["type"]
        gold.names[entity["id"]] = {normalize_name(n) for n in names}
    for entity in raw.get("entities") or []:
        for country in _ids(f"{path}: entity {entity['id']}", entity.get("country"), gold.types, "country"):
            gold.countries.add((entity["id"], country))
    for deal in raw.get("agreements") or []:
        where = f"{path}: agreement {deal.get('id', '?') if isinstance(deal, dict) else '?'}"
        if not isinstance(deal, dict):
            raise DataError(f"{where}: expected a mapping")
        gold.agreements.append(set(_ids(where, deal.get("parties"), gold.types, "parties")))
        gold.signatories.update(_ids(where, deal.get("signatories"), gold.types, "signatories"))
        for key in ("place", "concerns"):
            _ids(where, deal.get(key), gold.types, key)
    gold.positions = _id_pairs(path, raw, "positions", "person", "org", gold.types)
    gold.located_in = _id_pairs(path, raw, "located_in", "thing", "place", gold.types)
    for prospect in raw.get("prospects") or []:
        if not isinstance(prospect, dict):
            raise DataError(f"{path}: prospects: expected mappings")
        gold.prospects.append(set(_ids(f"{path}: prospect", prospect.get("parties"), gold.types, "parties")))
    if "modality" in raw:
        gold.modality = {label: set() for label in MODALITIES}
    for item in raw.get("modality") or []:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or item.get("modality") not in MODALITIES:
            raise DataError(f"{path}: modality: each entry needs 'text' and 'modality' ({' or '.join(MODALITIES)})")
        gold.modality[item["modality"]].add(normalize_sentence(item["text"]))
    return gold


def _id_pairs(path: Path, raw: dict, section: str, left: str, right: str, known: dict[str, str]) -> set:
    """The (left, right) id pairs of a gold section such as ``positions: [{person, org}]``."""
    pairs = set()
    for item in raw.get(section) or []:
        if not isinstance(item, dict) or not item.get(left) or not item.get(right):
            raise DataError(f"{path}: {section}: each entry needs '{left}' and '{right}'")
        a = _ids(f"{path}: {section}", item[left], known, left)
        b = _ids(f"{path}: {section}", item[right], known, right)
        pairs.add((a[0], b[0]))
    return pairs


def gold_files(gold_dir: Path) -> list[Path]:
    """The gold YAML files of a folder (or the one file given)."""
    if gold_dir.is_file():
        return [gold_dir]
    if not gold_dir.is_dir():
        raise DataError(f"{gold_dir}: no such folder")
    files = sorted(p for p in gold_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    if not files:
        raise DataError(f"{gold_dir}: no gold .yaml files")
    return files


# -- predictions -----------------------------------------------------------------------


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _article_graph(store: Store, source_id: str) -> str | None:
    rows = select_values(
        store,
        f"SELECT ?g WHERE {{ GRAPH ?g {{ ?a a dkg:Article ; dkg:sourceId {_literal(source_id)} }} }} LIMIT 1",
    )
    return rows[0][0] if rows else None


@dataclass
class Predicted:
    """What an article's graph states, as node IRIs."""

    labels: dict[str, list[tuple[int, str]]]  # node -> (0 label | 1 altLabel, normalized name)
    types: dict[str, str]
    agreements: dict[str, set[str]]
    signatories: set[str]
    positions: set[tuple[str, str]]
    located_in: set[tuple[str, str]]
    countries: set[tuple[str, str]]
    sentences: dict[str, set[str]]  # modality -> normalized texts of stored sentences


def predicted(store: Store, graph: str) -> Predicted:
    """Read one article graph through SPARQL."""
    types = " ".join(f"dkg:{t}" for t in ENTITY_TYPES)
    g = f"GRAPH <{graph}>"
    labels: dict[str, list[tuple[int, str]]] = {}
    node_types: dict[str, str] = {}
    for node, type_, rank, name in select_values(
        store,
        f"""SELECT ?e ?t ?rank ?name WHERE {{ {g} {{
              VALUES ?t {{ {types} }} ?e a ?t .
              {{ ?e rdfs:label ?name BIND(0 AS ?rank) }} UNION {{ ?e skos:altLabel ?name BIND(1 AS ?rank) }}
            }} }}""",
    ):
        node_types[node] = type_.removeprefix(DKG_NS)
        labels.setdefault(node, []).append((int(rank), normalize_name(name)))
    agreements: dict[str, set[str]] = {}
    for deal, party in select_values(store, f"SELECT ?d ?p WHERE {{ {g} {{ ?d a dkg:Agreement . OPTIONAL {{ ?d dkg:party ?p }} }} }}"):
        agreements.setdefault(deal, set())
        if party:
            agreements[deal].add(party)
    pairs = {
        "signatories": f"SELECT ?s ?d WHERE {{ {g} {{ ?d a dkg:Agreement ; dkg:signatory ?s }} }}",
        "positions": f"SELECT ?p ?o WHERE {{ {g} {{ ?p dkg:holds ?pos . ?pos dkg:organization ?o }} }}",
        "located_in": f"SELECT ?x ?y WHERE {{ {g} {{ ?x dkg:locatedIn ?y }} }}",
        "countries": f"SELECT ?x ?y WHERE {{ {g} {{ ?x dkg:country ?y }} }}",
    }
    found = {name: {tuple(row) for row in select_values(store, query)} for name, query in pairs.items()}
    sentences: dict[str, set[str]] = {}
    for text, modality in select_values(
        store, f"SELECT ?t ?m WHERE {{ {g} {{ ?s a dkg:Sentence ; dkg:text ?t ; dkg:modality ?m }} }}"
    ):
        sentences.setdefault(modality, set()).add(normalize_sentence(text))
    return Predicted(
        labels,
        node_types,
        agreements,
        {s for s, _ in found["signatories"]},
        found["positions"],
        found["located_in"],
        found["countries"],
        sentences,
    )


# -- scoring -----------------------------------------------------------------------------


def _match(pred: Predicted, gold: GoldArticle, typed: bool) -> tuple[dict[str, str], int]:
    """Map predicted nodes to gold ids; returns the map and the number of unmatched or duplicate nodes.

    Nodes whose preferred label matches are placed first, so an unmerged
    short form is the duplicate rather than the full name.
    """
    by_name: dict[str, list[str]] = {}
    for gid, names in gold.names.items():
        for name in names:
            by_name.setdefault(name, []).append(gid)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    order = sorted(pred.labels, key=lambda n: (min(r for r, _ in pred.labels[n]), n))
    unmatched = 0
    for node in order:
        candidates = [
            gid
            for _, name in sorted(pred.labels[node])
            for gid in by_name.get(name, ())
            if not typed or gold.types[gid] == pred.types[node]
        ]
        free = [gid for gid in candidates if gid not in taken]
        if free:
            mapping[node] = free[0]
            taken.add(free[0])
        else:
            unmatched += 1
    return mapping, unmatched


def score_article(pred: Predicted, gold: GoldArticle, report: Report) -> None:
    """Add one article's counts to ``report`` (and its misses to ``report.errors`` when kept)."""

    def _log(kind: str):
        def log(sign: str, item) -> None:
            if report.errors is not None:
                report.errors.append(f"{gold.article}\t{kind}\t{sign}\t{_show(item, pred)}")

        return log

    for kind, typed in (("entity", False), ("entity_typed", True)):
        mapping, unmatched = _match(pred, gold, typed)
        counts = report.counts[kind]
        counts.tp += len(mapping)
        counts.fp += unmatched
        counts.fn += len(gold.names) - len(mapping)
        if kind == "entity_typed":
            for node in sorted(set(pred.labels) - set(mapping)):
                _log(kind)("FP", f"{min(pred.labels[node])[1]} {pred.types[node]}")
            for gid in sorted(set(gold.names) - set(mapping.values())):
                _log(kind)("FN", f"{gid} {gold.types[gid]}")
    mapping, _ = _match(pred, gold, False)

    def m(node: str) -> str:
        return mapping.get(node, f"?{node}")

    deals = [{m(p) for p in parties} for parties in pred.agreements.values()]
    c = report.counts
    facts = {
        "party": (set().union(*deals) if deals else set(), set().union(*gold.agreements) if gold.agreements else set()),
        "party_pair": (_pairs(deals), _pairs(gold.agreements)),
        "signatory": ({m(s) for s in pred.signatories}, gold.signatories),
        "position": ({(m(p), m(o)) for p, o in pred.positions}, gold.positions),
        "located_in": ({(m(x), m(y)) for x, y in pred.located_in}, gold.located_in),
        "country": ({(m(x), m(y)) for x, y in pred.countries}, gold.countries),
    }
    for kind, (found, expected) in facts.items():
        c[kind].add(found, expected)
        for item in sorted(found - expected, key=str):
            _log(kind)("FP", item)
        for item in sorted(expected - found, key=str):
            _log(kind)("FN", item)
    for label in MODALITIES if gold.modality is not None else ():
        _score_sentences(pred.sentences.get(label, set()), gold.modality[label], c[label], _log(label))
    report.prospects += len(gold.prospects)
    real = [g for g in gold.agreements if g]
    loose = [d for d in deals if not any(d >= g for g in real)]
    recorded = [p for p in gold.prospects if p and any(d >= p for d in loose)]
    report.prospects_recorded += len(recorded)
    for parties in recorded:
        _log("prospect")("AS_AGREEMENT", frozenset(parties))


def _score_sentences(stored: set[str], gold: set[str], counts: Counts, log) -> None:
    """A gold sentence is found by a stored one that contains it or lies within it."""

    def same(a: str, b: str) -> bool:
        return a in b or b in a

    missed = [g for g in sorted(gold) if not any(same(g, s) for s in stored)]
    extra = [s for s in sorted(stored) if not any(same(g, s) for g in gold)]
    counts.tp += len(gold) - len(missed)
    counts.fn += len(missed)
    counts.fp += len(extra)
    for text in extra:
        log("FP", text)
    for text in missed:
        log("FN", text)


def _show(item, pred: Predicted) -> str:
    """An error item for people: node IRIs as their labels."""
    if isinstance(item, (tuple, frozenset)):
        return " | ".join(_show(part, pred) for part in sorted(item, key=str))
    if isinstance(item, str) and item.startswith("?"):
        names = pred.labels.get(item[1:])
        return f"<{min(names)[1]}>" if names else item
    return str(item)


def _pairs(deals: Iterable[set[str]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for parties in deals for a in parties for b in parties if a < b}


def evaluate(store: Store, *gold_dirs: str | Path, errors: bool = False) -> Report:
    """Score every gold file in ``gold_dirs`` against the store; ``errors`` keeps each miss."""
    report = Report(errors=[] if errors else None)
    for path in (p for gold_dir in gold_dirs for p in gold_files(Path(gold_dir))):
        gold = load_gold(path)
        graph = _article_graph(store, gold.article)
        if graph is None:
            raise DataError(f"{path}: article {gold.article!r} is not in the store (ingest it first)")
        score_article(predicted(store, graph), gold, report)
        report.articles += 1
    return report


def format_report(report: Report, fmt: str = "table") -> str:
    """The report as an aligned table or as JSON.

    >>> print(format_report(Report()).splitlines()[0])
    kind          precision  recall  f1     tp  fp  fn
    """
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2)
    rows = [("kind", "precision", "recall", "f1", "tp", "fp", "fn")]
    for kind, c in report.counts.items():
        rows.append((kind, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.tp), str(c.fp), str(c.fn)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(
        f"prospects recorded as agreements: {report.prospects_recorded} of {report.prospects}"
        f"  ({report.articles} articles)"
    )
    return "\n".join(lines)
