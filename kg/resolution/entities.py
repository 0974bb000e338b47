"""Entities across articles: merges (judgements first, then equal name keys) and attributes by majority."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.resolution.claims import Claims
from kg.resolution.judgements import NO_JUDGEMENTS, Judgements
from kg.resolution.rules import Rules, load_rules, name_key

__all__ = ["CLASS_ORDER", "ResolvedEntity", "UnionFind", "resolve_entities"]

#: Most specific first; also breaks ties between classes stated equally often.
CLASS_ORDER = (
    "Country",
    "Company",
    "GovernmentBody",
    "MilitaryOrganization",
    "Person",
    "Site",
    "Place",
    "Product",
)
_CLASS_RANK = {name: i for i, name in enumerate(CLASS_ORDER)}


class UnionFind:
    """Disjoint sets whose merges can be refused by cannot-link pairs between their members."""

    def __init__(self, cannot: list[tuple[str, str]] = ()):
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.cannot: dict[str, set[str]] = defaultdict(set)
        for a, b in cannot:
            self.cannot[a].add(b)
            self.cannot[b].add(a)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        self.members.setdefault(x, {x})
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def allowed(self, a: str, b: str) -> bool:
        """Whether joining the sets of ``a`` and ``b`` keeps every cannot-link pair apart."""
        ra, rb = self.find(a), self.find(b)
        small, large = sorted((self.members[ra], self.members[rb]), key=len)
        return ra == rb or not any(self.cannot[m] & large for m in small)

    def union(self, a: str, b: str, force: bool = False) -> bool:
        """Join the sets of ``a`` and ``b`` unless a cannot-link forbids it (``force`` ignores them)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force and not self.allowed(a, b):
            return False
        ra, rb = sorted((ra, rb))
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        return True

    def groups(self) -> list[set[str]]:
        return [set(m) for root, m in self.members.items() if self.parent[root] == root]


@dataclass
class ResolvedEntity:
    """One real-world entity: its IRI, the article IRIs merged into it, and its attribute tallies."""

    iri: str
    members: tuple[str, ...]
    tallies: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # attribute -> value -> articles
    chosen: dict[str, str] = field(default_factory=dict)  # attribute -> value

    @property
    def cls(self) -> str:
        return self.chosen.get("class", "")


def _label_preference(label: str) -> tuple:
    # Among labels stated equally often: keep accents (more non-ASCII letters), then the shorter, then by text.
    return (-sum(not c.isascii() for c in label), len(label), label)


def _choose(attribute: str, tally: dict[str, set[str]]) -> str:
    def rank(value: str) -> tuple:
        count = -len(tally[value])
        if attribute == "class":
            return (count, _CLASS_RANK.get(value, len(_CLASS_RANK)), value)
        if attribute == "label":
            return (count, *_label_preference(value))
        return (count, value)

    return min(tally, key=rank)


def _majority_class(claims: Claims, entity: str) -> str:
    tally = claims.values[entity]["class"]
    return _choose("class", tally) if tally else ""


def resolve_entities(
    claims: Claims, judgements: Judgements = NO_JUDGEMENTS, rules: Rules | None = None
) -> dict[str, ResolvedEntity]:
    """Every entity IRI of ``claims`` mapped to the entity it resolves to.

    Judged-same pairs merge first; then entities of one class whose labels share a name
    key (accents, case, transliteration, corporate suffixes aside) merge, unless a
    judged-different pair would end up in one entity. The merged entity keeps the IRI
    stated in the most articles (ties: the first IRI); class, label and country are
    the values most article graphs state.
    """
    rules = rules or load_rules()
    known = set(claims.values)
    sets = UnionFind(judgements.pairs("entity", "different"))
    for a, b in judgements.pairs("entity", "same"):
        if a in known and b in known:
            sets.union(a, b, force=True)
    buckets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entity in sorted(known):
        sets.find(entity)
        cls = _majority_class(claims, entity)
        for label in claims.values[entity]["label"]:
            key = name_key(label, rules)
            if key:
                buckets[(cls, key)].add(entity)
    for _, members in sorted(buckets.items()):
        first, *rest = sorted(members)
        for other in rest:
            sets.union(first, other)
    resolved: dict[str, ResolvedEntity] = {}
    for group in sets.groups():
        members = tuple(sorted(group))
        iri = min(members, key=lambda m: (-len(claims.articles(m)), m))
        entity = ResolvedEntity(iri, members)
        for attribute in ("class", "label", "country"):
            tally: dict[str, set[str]] = defaultdict(set)
            for member in members:
                for value, articles in claims.values[member][attribute].items():
                    tally[value] |= articles
            if tally:
                entity.tallies[attribute] = dict(tally)
        for member in members:
            resolved[member] = entity
    for entity in {id(e): e for e in resolved.values()}.values():
        if "country" in entity.tallies:  # countries are entities too: count them by their resolved IRI
            merged: dict[str, set[str]] = defaultdict(set)
            for value, articles in entity.tallies["country"].items():
                merged[resolved[value].iri if value in resolved else value] |= articles
            entity.tallies["country"] = dict(merged)
        entity.chosen = {a: _choose(a, t) for a, t in entity.tallies.items()}
    return resolved
