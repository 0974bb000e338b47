"""Entities across articles: merges (judgements first, then equal name keys) and attributes by majority.

Merging needs only counts and labels per entity (``EntitySummary``); the attribute tallies,
with the articles behind each value, are built per merged entity, so a caller can read the
claims of a block of entities at a time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.resolution.claims import Claims, EntitySummary
from kg.resolution.judgements import NO_JUDGEMENTS, Judgements
from kg.resolution.rules import Rules, load_rules, name_key

__all__ = ["CLASS_ORDER", "ResolvedEntity", "UnionFind", "group_entities", "resolve_entities", "tally_entity"]

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


def _choose(attribute: str, counts: dict[str, int]) -> str:
    def rank(value: str) -> tuple:
        count = -counts[value]
        if attribute == "class":
            return (count, _CLASS_RANK.get(value, len(_CLASS_RANK)), value)
        if attribute == "label":
            return (count, *_label_preference(value))
        return (count, value)

    return min(counts, key=rank)


def group_entities(
    summaries: dict[str, EntitySummary], judgements: Judgements = NO_JUDGEMENTS, rules: Rules | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """Each real-world entity as its IRI and the entity IRIs merged into it.

    Judged-same pairs merge first; then entities of one class whose labels share a name
    key (accents, case, transliteration, corporate suffixes aside) merge, unless a
    judged-different pair would end up in one entity. The merged entity keeps the IRI
    stated in the most articles (ties: the first IRI).
    """
    rules = rules or load_rules()
    sets = UnionFind(judgements.pairs("entity", "different"))
    for a, b in judgements.pairs("entity", "same"):
        if a in summaries and b in summaries:
            sets.union(a, b, force=True)
    buckets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entity in sorted(summaries):
        sets.find(entity)
        summary = summaries[entity]
        cls = _choose("class", summary.classes) if summary.classes else ""
        for label in summary.labels:
            key = name_key(label, rules)
            if key:
                buckets[(cls, key)].add(entity)
    for _, members in sorted(buckets.items()):
        first, *rest = sorted(members)
        for other in rest:
            sets.union(first, other)
    groups = []
    for group in sets.groups():
        members = tuple(sorted(group))
        groups.append((min(members, key=lambda m: (-summaries[m].articles, m)), members))
    return sorted(groups)


def tally_entity(
    iri: str, members: tuple[str, ...], claims: Claims, iri_of: dict[str, str]
) -> ResolvedEntity:
    """The merged entity with its tallies (values and the articles stating them) and the values chosen.

    ``claims`` holds at least the members' claims; ``iri_of`` maps every entity IRI to its
    merged entity's, so a country is counted by its resolved IRI.
    """
    entity = ResolvedEntity(iri, members)
    for attribute in ("class", "label", "country"):
        tally: dict[str, set[str]] = defaultdict(set)
        for member in members:
            for value, articles in claims.values[member][attribute].items():
                tally[iri_of.get(value, value) if attribute == "country" else value] |= articles
        if tally:
            entity.tallies[attribute] = dict(tally)
    entity.chosen = {a: _choose(a, {v: len(s) for v, s in t.items()}) for a, t in entity.tallies.items()}
    return entity


def resolve_entities(
    claims: Claims, judgements: Judgements = NO_JUDGEMENTS, rules: Rules | None = None
) -> dict[str, ResolvedEntity]:
    """Every entity IRI of ``claims`` mapped to the entity it resolves to (``group_entities``).

    Class, label and country are the values most article graphs state.
    """
    groups = group_entities(claims.summaries(), judgements, rules)
    iri_of = {member: iri for iri, members in groups for member in members}
    resolved: dict[str, ResolvedEntity] = {}
    for iri, members in groups:
        entity = tally_entity(iri, members, claims, iri_of)
        for member in members:
            resolved[member] = entity
    return resolved
