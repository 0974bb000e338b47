"""Projections of the store into networkx graphs over IRI links only: partners, countries, bipartite, full.

Every projection is built from SPARQL over ``dkg:`` object properties; literals and
``rdf:type`` never become nodes, so two firms that share a founding year or a class
are not linked. Node ids are IRI strings; nodes carry ``label``, ``class``,
``country`` (an IRI or ``""``) and ``degree``.

By default projections read the resolved view (``kg.resolution``): one node per
resolved entity with the class, label and country most article graphs state, and one
agreement per canonical deal reported signed, dated by its ``dkg:dealDate``. A store
without a resolution graph, or ``Filters(view="raw")``, gives the per-article view:
every reported agreement, each entity's attributes as stated anywhere.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.resolution.graph import RESOLUTION_GRAPH
from kg.sparql import select_values
from kg.store import Store
from kg.vocab import DKG, DKG_NS

__all__ = [
    "NO_FILTERS",
    "PROJECTIONS",
    "VIEWS",
    "Agreement",
    "Filters",
    "bipartite",
    "countries",
    "ego",
    "evidence",
    "find_node",
    "full",
    "partners",
    "project",
]

# Most specific first: an entity typed Company and Organization is a Company.
_CLASS_ORDER = (
    "Country",
    "Company",
    "GovernmentBody",
    "MilitaryOrganization",
    "Organization",
    "Person",
    "Site",
    "Place",
    "Product",
    "Agreement",
    "DealProspect",
    "Deal",
    "Position",
    "Actor",
)
_RANK = {name: i for i, name in enumerate(_CLASS_ORDER)}

# Links that are bookkeeping, not relations between entities.
_SKIPPED_LINKS = ("mentionedIn", "evidence", "inArticle", "score")
# Links of the resolution graph: bookkeeping, or repeated by the reports they summarize.
_RESOLUTION_LINKS = (
    "canonicalDeal",
    "resolvedAs",
    "resolvedClass",
    "resolvedCountry",
    "tally",
    "tallyValue",
    "claimedIn",
    "stageReport",
    "report",
    "reportedIn",
    "dealParty",
)
#: Views a projection can read.
VIEWS = ("resolved", "raw")


@dataclass(frozen=True)
class Filters:
    """Which agreements and actors a projection keeps, and from which view.

    ``since``/``until`` are ISO dates, year-months or years compared by overlap with
    the signing date (an agreement signed "2021" passes ``since="2021-06"``);
    agreements with no date fail any date filter. ``kinds`` keeps agreements of
    those ``dkg:agreementKind``; ``countries`` keeps agreements with a party that is,
    or is based in, one of the countries (IRI, slug or label); ``types`` keeps actors
    of those classes (``Company``, ``Country``…). ``view`` is ``resolved`` (canonical
    deals, attributes by majority; the per-article view when the store has no resolution
    graph) or ``raw`` (every reported agreement).

    >>> Filters(since="2020").admits_date("2021-05-02")
    True
    >>> Filters(until="2020-06").admits_date("2020-07")
    False
    """

    since: str | None = None
    until: str | None = None
    kinds: frozenset[str] = field(default_factory=frozenset)
    countries: frozenset[str] = field(default_factory=frozenset)
    types: frozenset[str] = field(default_factory=frozenset)
    view: str = "resolved"

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise KgError(f"view {self.view!r}: choose from {', '.join(VIEWS)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                _date_span(value, what=f"--{name}")
        object.__setattr__(self, "kinds", frozenset(k.lower() for k in self.kinds))
        object.__setattr__(self, "types", frozenset(t.lower() for t in self.types))
        object.__setattr__(self, "countries", frozenset(self.countries))

    def admits_date(self, date: str | None) -> bool:
        """Whether an agreement signed on ``date`` overlaps the since/until window."""
        if self.since is None and self.until is None:
            return True
        if not date:
            return False
        start, end = _date_span(date)
        if self.since is not None and end < _date_span(self.since)[0]:
            return False
        return not (self.until is not None and start > _date_span(self.until)[1])


#: No filtering: every agreement and actor.
NO_FILTERS = Filters()


def _date_span(value: str, what: str = "date") -> tuple[str, str]:
    """First and last day an ISO date, year-month or year can mean."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value, value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        year, month = int(value[:4]), int(value[5:])
        if not 1 <= month <= 12:
            raise KgError(f"{what} {value!r}: not a month")
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    raise KgError(f"{what} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")


@dataclass(frozen=True)
class Agreement:
    """A signed agreement as the projections see it."""

    iri: str
    kind: str
    date: str
    parties: tuple[str, ...]


@dataclass
class _Entities:
    """Labels, classes and countries of entities, read once per projection; ``canon`` maps merged IRIs."""

    labels: dict[str, str]
    classes: dict[str, str]
    countries: dict[str, str]
    canon: dict[str, str] = field(default_factory=dict)
    resolved: bool = False

    def node(self, iri: str) -> str:
        """The node standing for ``iri``: its resolved entity or canonical deal, else itself."""
        return self.canon.get(iri, iri)

    def country_of(self, node: str) -> str:
        """The node itself when it is a country, else its ``dkg:country`` or ``""``."""
        if self.classes.get(node) == "Country":
            return node
        return self.countries.get(node, "")

    def attributes(self, node: str) -> dict[str, str]:
        return {
            "label": self.labels.get(node) or _local_name(node),
            "class": self.classes.get(node, "Thing"),
            "country": self.country_of(node),
        }


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _resolved(store: Store, filters: Filters) -> bool:
    return filters.view == "resolved" and bool(
        store.query(f"ASK {{ GRAPH {RESOLUTION_GRAPH} {{ ?s ?p ?o }} }}")
    )


def _entities(store: Store, resolved: bool = False) -> _Entities:
    # DISTINCT: the union of article graphs repeats a label or country in every article that states it.
    labels: dict[str, str] = {}
    for node, label in select_values(
        store, "SELECT DISTINCT ?e ?l WHERE { ?e rdfs:label ?l . FILTER(isIRI(?e)) }"
    ):
        # The shortest label is the canonical name more often than not; ties break alphabetically.
        if node not in labels or (len(label), label) < (len(labels[node]), labels[node]):
            labels[node] = label
    classes: dict[str, str] = {}
    # Only the classes ranked: sentences and articles are no nodes, and there are many of them.
    wanted = " ".join(f"dkg:{name}" for name in _CLASS_ORDER)
    query = f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?t {{ {wanted} }} ?e a ?t . FILTER(isIRI(?e)) }}"
    for node, type_ in select_values(store, query):
        name = type_[len(DKG_NS) :]
        if name in _RANK and (node not in classes or _RANK[name] < _RANK[classes[node]]):
            classes[node] = name
    countries: dict[str, str] = {}
    for node, country in select_values(
        store, "SELECT DISTINCT ?e ?c WHERE { ?e dkg:country ?c . FILTER(isIRI(?c)) }"
    ):
        countries[node] = min(country, countries.get(node, country))
    if not resolved:
        return _Entities(labels, classes, countries)
    graph = RESOLUTION_GRAPH
    canon = dict(select_values(store, f"SELECT ?m ?e WHERE {{ GRAPH {graph} {{ ?m dkg:resolvedAs ?e }} }}"))
    canon.update(
        select_values(store, f"SELECT ?r ?d WHERE {{ GRAPH {graph} {{ ?r dkg:canonicalDeal ?d }} }}")
    )
    labels.update(select_values(store, f"SELECT ?e ?l WHERE {{ GRAPH {graph} {{ ?e skos:prefLabel ?l }} }}"))
    for node, type_ in select_values(
        store, f"SELECT ?e ?t WHERE {{ GRAPH {graph} {{ ?e dkg:resolvedClass ?t }} }}"
    ):
        classes[node] = type_[len(DKG_NS) :]
    countries = {canon.get(n, n): canon.get(c, c) for n, c in countries.items() if n not in canon}
    countries.update(
        select_values(store, f"SELECT ?e ?c WHERE {{ GRAPH {graph} {{ ?e dkg:resolvedCountry ?c }} }}")
    )
    return _Entities(labels, classes, countries, canon, resolved=True)


def _agreements(store: Store, resolved: bool = False) -> list[Agreement]:
    if resolved:
        return _canonical_deals(store)
    query = """
    SELECT ?a (SAMPLE(?k) AS ?kind) (MIN(STR(?d)) AS ?date) (GROUP_CONCAT(DISTINCT STR(?p); SEPARATOR=" ") AS ?ps)
    WHERE {
      ?a a dkg:Agreement ; dkg:party ?p .
      FILTER(isIRI(?p))
      OPTIONAL { ?a dkg:agreementKind ?k }
      OPTIONAL { ?a dkg:signedOn ?d }
    } GROUP BY ?a ORDER BY ?a
    """
    # IRIs never contain spaces, so a space-joined list splits back safely.
    return [
        Agreement(iri, kind or "other", date, tuple(sorted(parties.split())))
        for iri, kind, date, parties in select_values(store, query)
    ]


def _canonical_deals(store: Store) -> list[Agreement]:
    """Canonical deals some report says were signed, dated by their deal date (signing, else first report)."""
    query = f"""
    SELECT ?d (SAMPLE(?k) AS ?kind) (SAMPLE(STR(?date)) AS ?when) (GROUP_CONCAT(DISTINCT STR(?p); SEPARATOR=" ") AS ?ps)
    WHERE {{
      GRAPH {RESOLUTION_GRAPH} {{
        ?d a dkg:Deal ; dkg:dealParty ?p .
        OPTIONAL {{ ?d dkg:agreementKind ?k }}
        OPTIONAL {{ ?d dkg:dealDate ?date }}
      }}
    }} GROUP BY ?d ORDER BY ?d
    """
    # A join, not FILTER EXISTS: Oxigraph would run the inner pattern once per deal.
    signed_query = f"SELECT DISTINCT ?d WHERE {{ ?r a dkg:Agreement . GRAPH {RESOLUTION_GRAPH} {{ ?r dkg:canonicalDeal ?d }} }}"
    signed = {d for (d,) in select_values(store, signed_query)}
    return [
        Agreement(iri, kind or "other", date, tuple(sorted(parties.split())))
        for iri, kind, date, parties in select_values(store, query)
        if iri in signed
    ]


def _resolve_countries(wanted: frozenset[str], entities: _Entities) -> set[str]:
    """Country IRIs named by IRI, slug or label (case-insensitive)."""
    known = {node for node, cls in entities.classes.items() if cls == "Country"}
    found: set[str] = set()
    for name in wanted:
        key = name.lower()
        matches = {
            node
            for node in known
            if key in (node.lower(), _local_name(node).lower(), entities.labels.get(node, "").lower())
        }
        if not matches and name.startswith(("http://", "https://")):
            matches = {name}
        if not matches:
            raise KgError(f"--country {name!r}: no such country in the store")
        found |= matches
    return found


def _kept_agreements(store: Store, filters: Filters, entities: _Entities) -> list[Agreement]:
    countries = _resolve_countries(filters.countries, entities) if filters.countries else set()
    kept = []
    for agreement in _agreements(store, entities.resolved):
        if filters.kinds and agreement.kind.lower() not in filters.kinds:
            continue
        if not filters.admits_date(agreement.date):
            continue
        if countries and not any(entities.country_of(p) in countries for p in agreement.parties):
            continue
        kept.append(agreement)
    return kept


def _admits_type(filters: Filters, entities: _Entities) -> Callable[[str], bool]:
    if not filters.types:
        return lambda node: True
    return lambda node: entities.classes.get(node, "").lower() in filters.types


def _finish(graph: nx.Graph, name: str, filters: Filters) -> nx.Graph:
    graph.graph.update(projection=name, filters=_describe(filters))
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    return graph


def _describe(filters: Filters) -> str:
    parts = [
        "raw view" if filters.view == "raw" else "",
        f"since {filters.since}" if filters.since else "",
        f"until {filters.until}" if filters.until else "",
    ]
    for label, values in (("kind", filters.kinds), ("country", filters.countries), ("type", filters.types)):
        if values:
            parts.append(f"{label} {'|'.join(sorted(values))}")
    return ", ".join(p for p in parts if p)


def _link_parties(graph: nx.Graph, nodes: Iterable[str], agreement: Agreement) -> None:
    nodes = sorted(set(nodes))
    for i, u in enumerate(nodes):
        for v in nodes[i + 1 :]:
            if graph.has_edge(u, v):
                data = graph.edges[u, v]
                data["weight"] += 1
            else:
                graph.add_edge(u, v, weight=1, agreements=[], kinds=[], dates=[])
                data = graph.edges[u, v]
            data["agreements"].append(agreement.iri)
            data["kinds"].append(agreement.kind)
            data["dates"].append(agreement.date)


def _co_parties(store: Store, filters: Filters, name: str, lift: Callable[[_Entities, str], str]) -> nx.Graph:
    """Link the nodes parties lift to (themselves, their country…) when they share an agreement."""
    entities = _entities(store, _resolved(store, filters))
    admits = _admits_type(filters, entities)
    graph = nx.Graph()
    for agreement in _kept_agreements(store, filters, entities):
        lifted = {lift(entities, p) for p in agreement.parties if admits(p)} - {""}
        for node in sorted(lifted):  # sets iterate in a per-process order; layouts depend on node order
            if node not in graph:
                graph.add_node(node, **entities.attributes(node))
        _link_parties(graph, lifted, agreement)
    return _finish(graph, name, filters)


def partners(store: Store, filters: Filters = NO_FILTERS) -> nx.Graph:
    """Organizations and countries linked when parties to the same agreement.

    An edge's ``weight`` is the number of shared agreements; ``agreements``,
    ``kinds`` and ``dates`` list them in the same order.

    >>> from kg.store import open_store
    >>> partners(open_store("memory:")).number_of_nodes()
    0
    """
    return _co_parties(store, filters, "partners", lambda entities, party: party)


def countries(store: Store, filters: Filters = NO_FILTERS) -> nx.Graph:
    """Countries linked when they, or firms based in them, are parties to the same agreement.

    Parties with no known country drop out; two parties of one country make no self-loop.
    """
    return _co_parties(store, filters, "countries", _Entities.country_of)


def bipartite(store: Store, filters: Filters = NO_FILTERS) -> nx.Graph:
    """Actors and agreements, an edge for each ``dkg:party``; ``bipartite`` is 0 for actors, 1 for agreements."""
    entities = _entities(store, _resolved(store, filters))
    admits = _admits_type(filters, entities)
    graph = nx.Graph()
    for agreement in _kept_agreements(store, filters, entities):
        parties = [p for p in agreement.parties if admits(p)]
        if not parties:
            continue
        label = " ".join(x for x in (agreement.kind, agreement.date) if x)
        graph.add_node(
            agreement.iri,
            label=label,
            country="",
            bipartite=1,
            kind=agreement.kind,
            date=agreement.date,
            **{"class": "Agreement"},
        )
        for party in parties:
            if party not in graph:
                graph.add_node(party, bipartite=0, **entities.attributes(party))
            graph.add_edge(party, agreement.iri, weight=1, predicate="party")
    return _finish(graph, "bipartite", filters)


def full(store: Store, filters: Filters = NO_FILTERS) -> nx.Graph:
    """Every link between two typed entities through a ``dkg:`` object property.

    Articles, sentences, reified statements and scores are not entities; an edge's
    ``predicates`` names the properties linking the pair and ``weight`` counts them.
    Date, kind and country filters drop the agreements that fail them (deal prospects stay).
    In the resolved view each report stands for its canonical deal and each entity for
    the one it is merged into; countries are the resolved ones.
    """
    entities = _entities(store, _resolved(store, filters))
    admits = _admits_type(filters, entities)
    deals = {a.iri: a for a in _agreements(store, entities.resolved)}
    kept = {a.iri for a in _kept_agreements(store, filters, entities)}
    names = _SKIPPED_LINKS + (_RESOLUTION_LINKS + ("country",) if entities.resolved else _RESOLUTION_LINKS)
    skipped = " ".join(f"dkg:{name}" for name in names)
    query = f"""
    SELECT DISTINCT ?s ?p ?o WHERE {{
      ?s ?p ?o .
      FILTER(isIRI(?o) && STRSTARTS(STR(?p), '{DKG_NS}') && ?p NOT IN ({skipped.replace(" ", ", ")}))
    }}
    """

    def keep(node: str) -> bool:
        if node not in entities.classes or not admits(node):
            return False
        if entities.classes[node] == "Deal" and not entities.resolved:
            return False  # a canonical deal of the resolution graph: the raw view has its reports instead
        return (
            entities.classes[node] not in ("Agreement", "DealProspect", "Deal")
            or node in kept
            or node not in deals
        )

    rows = select_values(store, query)
    if entities.resolved:
        rows = [(entities.node(s), p, entities.node(o)) for s, p, o in rows]
        rows += [(s, f"{DKG_NS}country", o) for s, o in entities.countries.items()]
    graph = nx.Graph()
    seen: set[tuple[str, str, str]] = set()
    for s, p, o in rows:
        if (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        if s == o or not (keep(s) and keep(o)):
            continue
        for node in (s, o):
            if node not in graph:
                graph.add_node(node, **entities.attributes(node))
        name = p[len(DKG_NS) :]
        if graph.has_edge(s, o):
            data = graph.edges[s, o]
            data["weight"] += 1
            data["predicates"].append(name)
        else:
            graph.add_edge(s, o, weight=1, predicates=[name])
    return _finish(graph, "full", filters)


#: Projections by name; ``kg`` commands list these in ``--help``.
PROJECTIONS: dict[str, Callable[[Store, Filters], nx.Graph]] = {
    "partners": partners,
    "countries": countries,
    "bipartite": bipartite,
    "full": full,
}


def find_node(graph: nx.Graph, name: str) -> str:
    """The node whose IRI, IRI tail or label is ``name`` (case-insensitive).

    >>> g = nx.Graph(); g.add_node("https://x/company/fame", label="FAME")
    >>> find_node(g, "fame")
    'https://x/company/fame'
    """
    if name in graph:
        return name
    key = name.lower()
    matches = sorted(
        node
        for node, label in graph.nodes(data="label")
        if key in (node.lower(), _local_name(node).lower(), str(label or "").lower())
    )
    if not matches:
        raise KgError(f"{name!r}: no such node in the {graph.graph.get('projection', '')} projection")
    if len(matches) > 1:
        raise KgError(f"{name!r} is ambiguous: {', '.join(matches[:5])}")
    return matches[0]


def ego(graph: nx.Graph, center: str, radius: int = 1) -> nx.Graph:
    """The actors within ``radius`` links of ``center`` (IRI or label), with their links."""
    if radius < 0:
        raise KgError(f"--radius {radius}: must be 0 or more")
    node = find_node(graph, center)
    sub = nx.ego_graph(graph, node, radius=radius).copy()
    sub.graph.update(graph.graph, ego=node, radius=radius)
    for n, degree in sub.degree():
        sub.nodes[n]["degree"] = degree
    return sub


def project(
    store: Store,
    name: str = "partners",
    filters: Filters = NO_FILTERS,
    *,
    center: str | None = None,
    radius: int = 1,
) -> nx.Graph:
    """Build the projection ``name``, optionally cut to the ego network of ``center``.

    >>> from kg.store import open_store
    >>> project(open_store("memory:"), "countries").graph["projection"]
    'countries'
    """
    try:
        build = PROJECTIONS[name]
    except KeyError:
        raise KgError(f"unknown projection {name!r}: choose from {', '.join(PROJECTIONS)}") from None
    graph = build(store, filters)
    return ego(graph, center, radius) if center else graph


def evidence(store: Store, nodes: Iterable[str], limit: int = 3) -> dict[str, list[dict[str, str]]]:
    """Up to ``limit`` evidence sentences per node: ``text``, article ``url`` and ``title``.

    A node's evidence is the sentences its reified statements cite: for an actor,
    where it was recognised; for an agreement, where the deal was reported. A resolved
    entity or canonical deal has the evidence of what was merged into it. One small query
    per node that stops at the first sentences found (the store's order, the same for the
    same contents), so the cost follows the nodes shown, not the store.
    """
    found: dict[str, list[dict[str, str]]] = {}
    for node in dict.fromkeys(nodes):
        iri = ox.NamedNode(node)
        # Two plain patterns, not a path inside a UNION: Oxigraph would scan every statement for that.
        merged = select_values(
            store,
            f"SELECT ?x WHERE {{ {{ ?x dkg:resolvedAs {iri} }} UNION {{ ?x dkg:canonicalDeal {iri} }} }}",
        )
        subjects = " ".join(str(ox.NamedNode(x)) for x in [node, *(row[0] for row in merged)])
        query = f"""
        SELECT DISTINCT ?text ?url ?title WHERE {{
          VALUES ?e {{ {subjects} }}
          ?st rdf:subject ?e ; dkg:evidence ?s .
          ?s dkg:text ?text ; dkg:inArticle ?art .
          OPTIONAL {{ ?art dkg:url ?url }}
          OPTIONAL {{ ?art dkg:title ?title }}
        }} LIMIT {limit}
        """
        items = [{"text": t, "url": u, "title": h} for t, u, h in select_values(store, query)]
        if items:
            found[node] = items
    return found


# Fail at import, not at the first query, if the ontology loses a term the projections rely on.
_TERMS: tuple[ox.NamedNode, ...] = (DKG.party, DKG.country, DKG.signedOn, DKG.agreementKind, DKG.evidence)
