"""Projections of the store into networks over IRI links only: partners, countries, bipartite, full.

Every projection is built from SPARQL over ``dkg:`` object properties; literals and
``rdf:type`` never become nodes, so two firms that share a founding year or a class
are not linked. Node ids are IRI strings; nodes carry ``label``, ``class``,
``country`` (an IRI or ``""``) and ``degree``. SPARQL groups and counts: a projection reads
one row per node and one per edge, and the attributes of the nodes it keeps only (``full``
reads every link). ``network`` returns a ``Network`` (igraph built from the rows);
``project`` the same as a networkx graph.

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
from itertools import groupby

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.network.graph import Network
from kg.resolution.graph import RESOLUTION_GRAPH
from kg.sparql import select_values
from kg.store import Store
from kg.vocab import DKG, DKG_NS

__all__ = [
    "NO_FILTERS",
    "PROJECTIONS",
    "VIEWS",
    "Filters",
    "bipartite",
    "countries",
    "ego",
    "find_node",
    "full",
    "network",
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


@dataclass
class _Entities:
    """Labels, classes and countries of entities, read once per projection; ``canon`` maps merged IRIs."""

    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
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


def _values(variable: str, nodes: Iterable[str]) -> str:
    return f"VALUES {variable} {{ {' '.join(str(ox.NamedNode(n)) for n in nodes)} }}"


def _entities(store: Store, resolved: bool = False, nodes: Iterable[str] | None = None) -> _Entities:
    """Attributes of every entity, or of ``nodes`` only; in the resolved view the resolution graph's win."""
    entities = _Entities(resolved=resolved)
    wanted = None if nodes is None else list(dict.fromkeys(nodes))
    graph = RESOLUTION_GRAPH
    if resolved:
        entities.canon = dict(
            select_values(store, f"SELECT ?m ?e WHERE {{ GRAPH {graph} {{ ?m dkg:resolvedAs ?e }} }}")
        )
        if wanted is None:  # canonical deals stand for their reports in the full projection only
            entities.canon.update(
                select_values(store, f"SELECT ?r ?d WHERE {{ GRAPH {graph} {{ ?r dkg:canonicalDeal ?d }} }}")
            )

    def restrict(found: dict[str, str]) -> str | None:
        """VALUES for the wanted nodes the resolution graph left without the attribute; None if none are."""
        if wanted is None:
            return ""
        missing = [n for n in wanted if n not in found and n not in entities.canon]
        return _values("?e", missing) if missing else None

    resolved_labels, resolved_classes, resolved_countries = {}, {}, {}
    if resolved:
        only = "" if wanted is None else _values("?e", wanted)
        resolved_labels = dict(
            select_values(store, f"SELECT ?e ?l WHERE {{ {only} GRAPH {graph} {{ ?e skos:prefLabel ?l }} }}")
        )
        resolved_classes = dict(
            select_values(
                store, f"SELECT ?e ?t WHERE {{ {only} GRAPH {graph} {{ ?e dkg:resolvedClass ?t }} }}"
            )
        )
        resolved_countries = dict(
            select_values(
                store, f"SELECT ?e ?c WHERE {{ {only} GRAPH {graph} {{ ?e dkg:resolvedCountry ?c }} }}"
            )
        )
    # DISTINCT: the union of article graphs repeats a label or country in every article that states it.
    only = restrict(resolved_labels)
    if only is not None:
        for node, label in select_values(
            store, f"SELECT DISTINCT ?e ?l WHERE {{ {only} ?e rdfs:label ?l . FILTER(isIRI(?e)) }}"
        ):
            # The shortest label is the canonical name more often than not; ties break alphabetically.
            old = entities.labels.get(node)
            if old is None or (len(label), label) < (len(old), old):
                entities.labels[node] = label
    only = restrict(resolved_classes)
    if only is not None:
        # Only the classes ranked: sentences and articles are no nodes, and there are many of them.
        ranked = " ".join(f"dkg:{name}" for name in _CLASS_ORDER)
        # Wanted nodes: look their types up (a VALUES of types beside them would make Oxigraph scan).
        query = (
            f"SELECT DISTINCT ?e ?t WHERE {{ {only} ?e a ?t }}"
            if only
            else f"SELECT DISTINCT ?e ?t WHERE {{ VALUES ?t {{ {ranked} }} ?e a ?t . FILTER(isIRI(?e)) }}"
        )
        for node, type_ in select_values(store, query):
            name = type_[len(DKG_NS) :] if type_.startswith(DKG_NS) else ""
            old = entities.classes.get(node)
            if name in _RANK and (old is None or _RANK[name] < _RANK[old]):
                entities.classes[node] = name
    only = restrict(resolved_countries)
    if only is not None:
        for node, country in select_values(
            store, f"SELECT DISTINCT ?e ?c WHERE {{ {only} ?e dkg:country ?c . FILTER(isIRI(?c)) }}"
        ):
            entities.countries[node] = min(country, entities.countries.get(node, country))
    if resolved:
        entities.countries = {
            n: entities.node(c) for n, c in entities.countries.items() if n not in entities.canon
        }
        entities.labels.update(resolved_labels)
        entities.classes.update((n, t[len(DKG_NS) :]) for n, t in resolved_classes.items())
        entities.countries.update(resolved_countries)
    return entities


def _country_entities(store: Store, resolved: bool) -> _Entities:
    """Attributes of every entity that is, or is resolved as, a country."""
    query = "SELECT DISTINCT ?e WHERE { ?e a dkg:Country }"
    if resolved:
        query = (
            "SELECT DISTINCT ?e WHERE { { ?e a dkg:Country } UNION "
            f"{{ GRAPH {RESOLUTION_GRAPH} {{ ?e dkg:resolvedClass dkg:Country }} }} }}"
        )
    return _entities(store, resolved, [row[0] for row in select_values(store, query)])


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


# Items of a GROUP_CONCAT: IRIs, kinds and dates hold no control characters.
_SEPARATOR = "\x1f"


class _Deals:
    """SPARQL patterns over the kept agreements of a view: canonical deals reported signed, or article agreements.

    ``pattern()`` binds ``?d`` for each agreement the filters keep; ``pattern(described=True)``
    also ``?kind`` (``"other"`` when unknown) and ``?date`` (``""`` when unknown), which cost a
    join. ``party(d, p)`` links an agreement to a party.
    """

    def __init__(self, resolved: bool, filters: Filters, with_party: Iterable[str] | None = None) -> None:
        graph = RESOLUTION_GRAPH
        self.resolved = resolved
        if resolved:
            self.core = f"{{ SELECT DISTINCT ?d WHERE {{ GRAPH {graph} {{ ?r dkg:canonicalDeal ?d }} ?r a dkg:Agreement }} }}"
            attributes = f"""SELECT ?d (SAMPLE(?k) AS ?k1) (SAMPLE(STR(?t)) AS ?t1) WHERE {{ {self.core}
              GRAPH {graph} {{ ?d a dkg:Deal OPTIONAL {{ ?d dkg:agreementKind ?k }} OPTIONAL {{ ?d dkg:dealDate ?t }} }}
            }} GROUP BY ?d"""
        else:
            self.core = "{ SELECT DISTINCT ?d WHERE { ?d a dkg:Agreement } }"
            attributes = """SELECT ?d (SAMPLE(?k) AS ?k1) (MIN(STR(?t)) AS ?t1) WHERE {
              ?d a dkg:Agreement OPTIONAL { ?d dkg:agreementKind ?k } OPTIONAL { ?d dkg:signedOn ?t }
            } GROUP BY ?d"""
        self.described = (
            f"{{ {attributes} }} BIND(IF(COALESCE(?k1, '') = '', 'other', ?k1) AS ?kind) "
            f"BIND(COALESCE(?t1, '') AS ?date)"
        )
        tests = []
        if filters.kinds:
            tests.append(f"LCASE(?kind) IN ({', '.join(_literal(k) for k in sorted(filters.kinds))})")
        if filters.since is not None or filters.until is not None:
            # Overlap of ISO dates, year-months or years: compare at the shorter of the two precisions.
            tests.append('?date != ""')
        if filters.since is not None:
            tests.append(f"?date >= SUBSTR({_literal(_date_span(filters.since)[0])}, 1, STRLEN(?date))")
        if filters.until is not None:
            tests.append(f"?date <= SUBSTR({_literal(_date_span(filters.until)[1])}, 1, STRLEN(?date))")
        self.filter = f"FILTER({' && '.join(tests)})" if tests else ""
        # A join, not FILTER EXISTS: Oxigraph would run the inner pattern once per agreement.
        self.join = (
            ""
            if with_party is None
            else f"{{ SELECT DISTINCT ?d WHERE {{ {_values('?w', with_party)} {self.party('?d', '?w')} }} }}"
        )

    def pattern(self, described: bool = False) -> str:
        """The kept agreements as ``?d``, with ``?kind`` and ``?date`` when ``described``."""
        head = self.described if described or self.filter else self.core
        return f"{head} {self.filter} {self.join}"

    def party(self, agreement: str, party: str) -> str:
        if self.resolved:
            return f"GRAPH {RESOLUTION_GRAPH} {{ {agreement} dkg:dealParty {party} }}"
        return f"{agreement} dkg:party {party} . FILTER(isIRI({party}))"


def _literal(text: str) -> str:
    return str(ox.Literal(text))


def _kept(store: Store, filters: Filters, entities: _Entities) -> _Deals:
    """The agreements the filters keep; the country filter reads the parties' countries in ``entities``."""
    resolved = entities.resolved
    deals = _Deals(resolved, filters)
    if not filters.countries:
        return deals
    countries = _resolve_countries(filters.countries, _country_entities(store, resolved))
    parties = _parties(store, deals)
    inside = [p for p in parties if entities.country_of(p) in countries]
    return _Deals(resolved, filters, inside)


def _parties(store: Store, deals: _Deals) -> dict[str, str]:
    """Parties of the kept agreements, each with the first agreement (by IRI) it is party to."""
    query = f"SELECT ?p (MIN(STR(?d)) AS ?first) WHERE {{ {deals.pattern()} {deals.party('?d', '?p')} }} GROUP BY ?p"
    return dict(select_values(store, query))


def _admits_type(filters: Filters, entities: _Entities) -> Callable[[str], bool]:
    if not filters.types:
        return lambda node: True
    return lambda node: entities.classes.get(node, "").lower() in filters.types


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


def _network(
    nodes: dict[str, dict], edges: list[tuple[str, str, int, dict]], name: str, filters: Filters
) -> Network:
    """A network of ``nodes`` (in order) and ``(u, v, weight, data)`` edges, each node with its ``degree``."""
    index = {node: i for i, node in enumerate(nodes)}
    net = Network(
        nodes,
        [(index[u], index[v]) for u, v, _, _ in edges],
        [w for _, _, w, _ in edges],
        [data for *_, data in edges],
        {"projection": name, "filters": _describe(filters)},
    )
    for data, degree in zip(net.nodes.values(), net.degrees()):
        data["degree"] = degree
    return net


def _co_parties(store: Store, filters: Filters, name: str, lift: Callable[[_Entities, str], str]) -> Network:
    """Link the nodes parties lift to (themselves, their country…) when they share an agreement.

    One SPARQL row per node and one per edge, grouped and counted in the store. Nodes come
    in the order of their first agreement, edges in the order of theirs (then by IRI): the
    order networkx graphs of this projection always had, which Louvain's result depends on.
    """
    resolved = _resolved(store, filters)
    parties = _parties(store, _Deals(resolved, filters))
    entities = _entities(store, resolved, parties)
    deals = _kept(store, filters, entities)
    if filters.countries:
        parties = _parties(store, deals)
    admits = _admits_type(filters, entities)
    lifted = {p: lift(entities, p) for p in parties if admits(p)}
    lifted = {p: node for p, node in lifted.items() if node}
    missing = set(lifted.values()) - set(parties)
    if missing:
        extra = _entities(store, resolved, missing)
        for table in ("labels", "classes", "countries"):
            getattr(entities, table).update(getattr(extra, table))
    first: dict[str, str] = {}
    for party, node in lifted.items():
        first[node] = min(parties[party], first.get(node, parties[party]))
    nodes = {node: entities.attributes(node) for node in sorted(first, key=lambda n: (first[n], n))}
    identity = lifted.keys() == parties.keys() and all(p == n for p, n in lifted.items())
    table = "" if identity else " ".join(f"({ox.NamedNode(p)} {ox.NamedNode(n)})" for p, n in lifted.items())

    def end(node: str) -> str:
        """One end of a link: the agreement's parties, lifted to ``node``, in a subquery of its own.

        Oxigraph answers this form faster than the same patterns inline (on 10,000 articles:
        countries 0.6 s against 1.6-2.5 s, partners 0.4-0.6 s against 0.5-0.8 s).
        """
        if identity:
            return f"{{ SELECT DISTINCT ?d {node} WHERE {{ {deals.party('?d', node)} }} }}"
        lift_ = f"VALUES (?p {node}) {{ {table} }}"
        return f"{{ SELECT DISTINCT ?d {node} WHERE {{ {deals.party('?d', '?p')} {lift_} }} }}"

    links = f"{end('?u')} {end('?v')}"
    query = f"""
    SELECT ?u ?v (COUNT(DISTINCT ?d) AS ?weight) (GROUP_CONCAT(DISTINCT ?item; SEPARATOR={_literal(_SEPARATOR)}) AS ?items)
    WHERE {{
      {deals.pattern(described=True)}
      {links} FILTER(STR(?u) < STR(?v))
      BIND(CONCAT(STR(?d), " ", ?kind, " ", ?date) AS ?item)
    }} GROUP BY ?u ?v
    """
    edges = []
    for u, v, weight, items in select_values(store, query):
        agreements, kinds, dates = [], [], []
        for item in sorted(items.split(_SEPARATOR)):
            iri, rest = item.split(" ", 1)
            kind, date = rest.rsplit(" ", 1)
            agreements.append(iri)
            kinds.append(kind)
            dates.append(date)
        edges.append((u, v, int(weight), {"agreements": agreements, "kinds": kinds, "dates": dates}))
    edges.sort(key=lambda e: (e[3]["agreements"][0], e[0], e[1]))
    return _network(nodes, edges, name, filters)


def partners(store: Store, filters: Filters = NO_FILTERS) -> Network:
    """Organizations and countries linked when parties to the same agreement.

    An edge's ``weight`` is the number of shared agreements; ``agreements``,
    ``kinds`` and ``dates`` list them in the same order.

    >>> from kg.store import open_store
    >>> partners(open_store("memory:")).number_of_nodes()
    0
    """
    return _co_parties(store, filters, "partners", lambda entities, party: party)


def countries(store: Store, filters: Filters = NO_FILTERS) -> Network:
    """Countries linked when they, or firms based in them, are parties to the same agreement.

    Parties with no known country drop out; two parties of one country make no self-loop.
    """
    return _co_parties(store, filters, "countries", _Entities.country_of)


def bipartite(store: Store, filters: Filters = NO_FILTERS) -> Network:
    """Actors and agreements, an edge for each ``dkg:party``; ``bipartite`` is 0 for actors, 1 for agreements."""
    resolved = _resolved(store, filters)
    entities = _entities(store, resolved, _parties(store, _Deals(resolved, filters)))
    deals = _kept(store, filters, entities)
    admits = _admits_type(filters, entities)
    query = f"SELECT DISTINCT ?d ?kind ?date ?p WHERE {{ {deals.pattern(described=True)} {deals.party('?d', '?p')} }}"
    nodes: dict[str, dict] = {}
    edges = []
    for (iri, kind, date), rows in groupby(sorted(select_values(store, query)), key=lambda row: row[:3]):
        parties = [p for *_, p in rows if admits(p)]
        if not parties:
            continue
        label = " ".join(x for x in (kind, date) if x)
        nodes[iri] = {
            "label": label,
            "country": "",
            "bipartite": 1,
            "kind": kind,
            "date": date,
            "class": "Agreement",
        }
        for party in parties:
            nodes.setdefault(party, {"bipartite": 0, **entities.attributes(party)})
            edges.append((party, iri, 1, {"predicate": "party"}))
    return _network(nodes, edges, "bipartite", filters)


def full(store: Store, filters: Filters = NO_FILTERS) -> Network:
    """Every link between two typed entities through a ``dkg:`` object property.

    Articles, sentences, reified statements and scores are not entities; an edge's
    ``predicates`` names the properties linking the pair and ``weight`` counts them.
    Date, kind and country filters drop the agreements that fail them (deal prospects stay).
    In the resolved view each report stands for its canonical deal and each entity for
    the one it is merged into; countries are the resolved ones.
    """
    entities = _entities(store, _resolved(store, filters))
    admits = _admits_type(filters, entities)
    deals = set(_deal_iris(store, _Deals(entities.resolved, NO_FILTERS)))
    kept = set(_deal_iris(store, _kept(store, filters, entities)))
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
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], list[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for s, p, o in rows:
        if (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        if s == o or not (keep(s) and keep(o)):
            continue
        for node in (s, o):
            if node not in nodes:
                nodes[node] = entities.attributes(node)
        key = (s, o) if (o, s) not in edges else (o, s)
        edges.setdefault(key, []).append(p[len(DKG_NS) :])
    return _network(
        nodes,
        [(u, v, len(names), {"predicates": names}) for (u, v), names in edges.items()],
        "full",
        filters,
    )


def _deal_iris(store: Store, deals: _Deals) -> list[str]:
    """The agreements with a party that ``deals`` keeps."""
    query = f"SELECT DISTINCT ?d WHERE {{ {deals.pattern()} {deals.party('?d', '?p')} }}"
    return [row[0] for row in select_values(store, query)]


#: Projections by name; ``kg`` commands list these in ``--help``.
PROJECTIONS: dict[str, Callable[[Store, Filters], Network]] = {
    "partners": partners,
    "countries": countries,
    "bipartite": bipartite,
    "full": full,
}


def find_node(graph: Network | nx.Graph, name: str) -> str:
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
        for node in graph
        if key in (node.lower(), _local_name(node).lower(), str(graph.nodes[node].get("label") or "").lower())
    )
    if not matches:
        raise KgError(f"{name!r}: no such node in the {graph.graph.get('projection', '')} projection")
    if len(matches) > 1:
        raise KgError(f"{name!r} is ambiguous: {', '.join(matches[:5])}")
    return matches[0]


def ego(graph: Network | nx.Graph, center: str, radius: int = 1) -> Network | nx.Graph:
    """The actors within ``radius`` links of ``center`` (IRI or label), with their links; the same type as ``graph``."""
    if radius < 0:
        raise KgError(f"--radius {radius}: must be 0 or more")
    node = find_node(graph, center)
    whole = graph.to_networkx() if isinstance(graph, Network) else graph
    sub = nx.ego_graph(whole, node, radius=radius).copy()
    sub.graph.update(graph.graph, ego=node, radius=radius)
    for n, degree in sub.degree():
        sub.nodes[n]["degree"] = degree
    return Network.from_networkx(sub) if isinstance(graph, Network) else sub


def network(
    store: Store,
    name: str = "partners",
    filters: Filters = NO_FILTERS,
    *,
    center: str | None = None,
    radius: int = 1,
) -> Network:
    """Build the projection ``name`` as a ``Network`` (rows, igraph), optionally cut to the ego network of ``center``.

    >>> from kg.store import open_store
    >>> network(open_store("memory:"), "countries").graph["projection"]
    'countries'
    """
    try:
        build = PROJECTIONS[name]
    except KeyError:
        raise KgError(f"unknown projection {name!r}: choose from {', '.join(PROJECTIONS)}") from None
    graph = build(store, filters)
    return ego(graph, center, radius) if center else graph


def project(
    store: Store,
    name: str = "partners",
    filters: Filters = NO_FILTERS,
    *,
    center: str | None = None,
    radius: int = 1,
) -> nx.Graph:
    """The projection ``name`` as a networkx graph (``network(...).to_networkx()``).

    >>> from kg.store import open_store
    >>> project(open_store("memory:"), "countries").graph["projection"]
    'countries'
    """
    return network(store, name, filters, center=center, radius=radius).to_networkx()


# Fail at import, not at the first query, if the ontology loses a term the projections rely on.
_TERMS: tuple[ox.NamedNode, ...] = (DKG.party, DKG.country, DKG.signedOn, DKG.agreementKind, DKG.evidence)
