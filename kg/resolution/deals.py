"""Canonical deals: article-level reports joined when they tell the same real-world deal.

Two reports may join when they share a resolved party, their kinds can be stages of one
purchase (``kind_families``), and nothing they state tells them apart: disjoint subjects
(products, sites), values far apart with no shared subject, signing dates that differ for
the same kind of paper, or a plan reported well after a signing (a follow-on order). Pairs
are scored by what they share (firms and bodies more than countries, then subject, value,
date); the best pairs join first, and two groups join only when every report pair across
them is compatible and no judgement keeps them apart.
"""

from __future__ import annotations

import calendar
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations

from kg.resolution.claims import Report
from kg.resolution.entities import ResolvedEntity, UnionFind
from kg.resolution.judgements import NO_JUDGEMENTS, Judgements
from kg.resolution.rules import Rules, load_rules
from kg.vocab import ID_NS

__all__ = [
    "STAGES",
    "CanonicalDeal",
    "ReportView",
    "block_keys",
    "canonical_deals",
    "compatible",
    "date_span",
    "deal_iri",
    "deal_units",
    "describe_deal",
    "join_reports",
    "precision_label",
    "resolve_deals",
    "score",
    "view_reports",
]

#: Stages of a deal's life, in the order that breaks ties between reports of one date.
STAGES = ("planned", "negotiating", "stalled", "signed", "in production", "delivered", "cancelled")
_JOIN_SCORE = 3.0
_FOLLOW_ON_DAYS = 180  # a plan reported this long after a signing is a new deal
_LEAD_DAYS = 120  # a plan reported this shortly before a signing may be its announcement
_SAME_VALUE = 1.05  # values within 5% are one value, reported in round figures
_VALUES_APART = 1.15  # values further apart than 15% are different purchases
_REORDER_DAYS = 365  # the same kind of paper signed this far apart is a new order, not a tranche
_UNDATED_DAYS = 730  # an undated signing reported this long after a dated one is another signing


@lru_cache(maxsize=65536)
def date_span(value: str | None) -> tuple[str, str] | None:
    """First and last day an ISO date, year-month or year can mean.

    >>> date_span("2024-02")
    ('2024-02-01', '2024-02-29')
    """
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value, value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value}-01", f"{value}-{calendar.monthrange(int(value[:4]), int(value[5:]))[1]:02d}"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", f"{value}-12-31"
    return None


@lru_cache(maxsize=65536)
def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


@dataclass(frozen=True, slots=True)
class ReportView:
    """A report as resolution compares it: resolved parties and subject, its stage and date."""

    report: Report
    parties: frozenset[str]
    firms: frozenset[str]  # parties that are not countries
    concerns: frozenset[str]
    family: str
    stage: str
    date: str | None  # stated signing date of a signed report, else the publication date
    homes: dict[str, str] = field(default_factory=dict, compare=False)  # party -> its country, when known
    companies: frozenset[str] = frozenset()

    @property
    def iri(self) -> str:
        return self.report.iri


def _stage(report: Report, rules: Rules) -> str:
    if not report.signed:
        return report.status
    for stage in ("delivered", "in production"):
        cue = rules.stage_cues.get(stage)
        if cue and cue.search(report.text):
            return stage
    return "signed"


def view_reports(
    reports: list[Report], entities: dict[str, ResolvedEntity], rules: Rules
) -> list[ReportView]:
    """Reports with their parties and subjects mapped to resolved entities."""

    def resolved(iri: str) -> str:
        return entities[iri].iri if iri in entities else iri

    def homes(parties: frozenset[str]) -> dict[str, str]:
        known = {}
        for party in parties:
            entity = entities.get(party)
            if entity is not None and entity.cls == "Country":
                known[party] = party
            elif entity is not None and "country" in entity.chosen:
                known[party] = entity.chosen["country"]
        return known

    sides: dict[frozenset[str], tuple] = {}  # reports naming the same parties share what follows from them
    subjects: dict[frozenset[str], frozenset[str]] = {}
    views = []
    for report in reports:
        if report.parties not in sides:
            parties = frozenset(resolved(p) for p in report.parties)
            sides[report.parties] = (
                parties,
                frozenset(p for p in parties if p not in entities or entities[p].cls != "Country"),
                homes(parties),
                frozenset(p for p in parties if p in entities and entities[p].cls == "Company"),
            )
        parties, firms, known, companies = sides[report.parties]
        if report.concerns not in subjects:
            subjects[report.concerns] = frozenset(resolved(c) for c in report.concerns)
        stage = _stage(report, rules)
        when = report.signed_on if stage == "signed" and report.signed_on else report.article.published
        views.append(
            ReportView(
                report,
                parties,
                firms,
                subjects[report.concerns],
                rules.family(report.kind),
                stage,
                when,
                known,
                companies,
            )
        )
    return views


def _values_differ(a: Report, b: Report) -> bool:
    if a.value is None or b.value is None or (a.currency and b.currency and a.currency != b.currency):
        return bool(a.value and b.value and a.currency != b.currency)
    low, high = sorted((a.value, b.value))
    return low <= 0 or high / low > _VALUES_APART


def _same_value(a: Report, b: Report) -> bool:
    if a.value is None or b.value is None or a.currency != b.currency:
        return False
    low, high = sorted((a.value, b.value))
    return low > 0 and high / low <= _SAME_VALUE


def _led_to(first: ReportView, signed: ReportView, preliminary: frozenset[str]) -> bool:
    """Whether a plan, a negotiation or a preliminary paper (MoU, framework) came shortly before a signing."""
    if not signed.report.signed or signed.report.kind in preliminary:
        return False
    if first.stage in ("planned", "negotiating"):
        start = first.report.article.published
    elif first.report.signed and first.report.kind in preliminary:
        start = first.report.signed_on or first.report.article.published
    else:
        return False
    span, begun = date_span(signed.report.signed_on or signed.report.article.published), date_span(start)
    return bool(span and begun) and 0 <= _days(begun[0], span[0]) <= _LEAD_DAYS


def _follow_on(plan: ReportView, signed: ReportView) -> bool:
    """Whether a plan is reported so long after a signing that it must be a new order."""
    span = date_span(signed.report.signed_on or signed.date)
    published = date_span(plan.report.article.published)
    return bool(span and published) and _days(span[1], published[0]) > _FOLLOW_ON_DAYS


def _other_sides_differ(a: ReportView, b: ReportView) -> bool:
    """Whether each report names a party the other lacks, and those parties cannot be one side.

    Hanwha's K9 sale to Egypt and its K9 sale to Norway share a firm and a product, not a
    deal. Two unshared firms are two sides; other unshared parties (a country, its ministry,
    its army) are one side when they share a country.
    """
    only_a, only_b = a.parties - b.parties, b.parties - a.parties
    if not only_a or not only_b:
        return False
    if a.companies & only_a and b.companies & only_b:
        return True
    homes_a = {a.homes[p] for p in only_a if p in a.homes}
    homes_b = {b.homes[p] for p in only_b if p in b.homes}
    known = len(homes_a) == len(only_a) and len(homes_b) == len(
        only_b
    )  # a body of unknown country may be either side
    return known and not (homes_a & homes_b)


def _undated_far(undated: ReportView, dated: ReportView) -> bool:
    """Whether a signing reported without date is too recent to be one stated years earlier."""
    span = date_span(dated.report.signed_on)
    published = date_span(undated.report.article.published)
    return bool(span and published) and _days(span[1], published[0]) > _UNDATED_DAYS


def compatible(a: ReportView, b: ReportView) -> bool:
    """Whether nothing the two reports state tells their deals apart."""
    if a.family != b.family or _other_sides_differ(a, b):
        return False
    for x, y in ((a, b), (b, a)):
        if x.report.signed and y.report.signed and not x.report.signed_on and _undated_far(x, y):
            return False
    shared_subject = bool(a.concerns & b.concerns)
    if a.concerns and b.concerns and not shared_subject:
        return False
    if not shared_subject and _values_differ(a.report, b.report):
        return False
    sa, sb = date_span(a.report.signed_on), date_span(b.report.signed_on)
    apart = bool(sa and sb and (sa[1] < sb[0] or sb[1] < sa[0]))
    if (
        apart
        and a.report.kind == b.report.kind
        and (not shared_subject or abs(_days(sa[0], sb[0])) > _REORDER_DAYS)
    ):
        return False
    for plan, signed in ((a, b), (b, a)):
        if plan.stage in ("planned", "negotiating") and signed.report.signed and _follow_on(plan, signed):
            return False
    return True


def score(a: ReportView, b: ReportView, preliminary: frozenset[str] = frozenset()) -> float:
    """Evidence that two compatible reports tell one deal: shared parties, subject, value, date, kind.

    Across articles one shared party is not enough: a firm sells one product to many
    buyers, so it takes two of subject, value, signing date and a plan shortly before
    the signing besides. Reports that share only countries need two of them and two
    of those besides.
    """
    shared = a.parties & b.parties
    shared_firms = a.firms & b.firms
    sa, sb = date_span(a.report.signed_on), date_span(b.report.signed_on)
    same_subject = bool(a.concerns & b.concerns)
    same_value = _same_value(a.report, b.report)
    same_date = bool(sa and sb and not (sa[1] < sb[0] or sb[1] < sa[0]))
    same_article = a.report.article.iri == b.report.article.iri
    lead = _led_to(a, b, preliminary) or _led_to(b, a, preliminary)
    extras = same_subject + same_value + same_date + lead
    if not shared_firms and (len(shared) < 2 or extras < 2):
        return 0.0  # two governments deal with each other often: only the same subject and date tell one deal
    if not same_article and len(shared) < 2 and extras < 2:
        return 0.0
    if same_article and a.parties - b.parties and b.parties - a.parties:
        return 0.0  # extraction already joins what one article says of one deal: two sides make two deals
    points = 2.0 * len(shared_firms) + 0.5 * len(shared - shared_firms)
    points += 2.0 * len(a.concerns & b.concerns) + 2.0 * same_value + 1.0 * same_date
    points += 0.5 if a.report.kind == b.report.kind else 0.0
    points += 1.0 if lead else 0.0
    return points + (0.25 if same_article else 0.0)


def join_reports(
    views: list[ReportView], judgements: Judgements = NO_JUDGEMENTS, rules: Rules | None = None
) -> list[list[ReportView]]:
    """Group reports into deals: the best-scoring compatible pairs first, then judged-same deals as one."""
    rules = rules or load_rules()
    by_iri = {v.iri: v for v in views}
    cannot = list(judgements.pairs("deal", "different"))
    by_party: dict[str, list[ReportView]] = defaultdict(list)
    for view in views:
        for party in view.parties:
            by_party[party].append(view)
    pairs: dict[tuple[str, str], float] = {}
    for group in by_party.values():
        for a, b in combinations(group, 2):
            key = (a.iri, b.iri) if a.iri < b.iri else (b.iri, a.iri)
            if key in pairs:
                continue
            if compatible(a, b):
                pairs[key] = score(a, b, rules.preliminary)
            else:
                pairs[key] = -1.0
                cannot.append(key)
    sets = UnionFind(cannot)
    for view in views:
        sets.find(view.iri)
    for (a, b), points in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
        if points >= _JOIN_SCORE:
            sets.union(a, b)
    # A judged-same pair makes their whole deals one, after the rules had their say, so no rule
    # splits it again; only a judged-different pair across the two deals stops it.
    apart = UnionFind(judgements.pairs("deal", "different"))
    for a, b in judgements.pairs("deal", "same"):
        if a in by_iri and b in by_iri:
            ga, gb = sets.members[sets.find(a)], sets.members[sets.find(b)]
            if not any(apart.cannot[x] & gb for x in ga):
                sets.union(a, b, force=True)
    return sorted(
        (sorted((by_iri[m] for m in group), key=_report_order) for group in sets.groups()),
        key=lambda g: g[0].iri,
    )


def _lead_windows(view: ReportView, preliminary: frozenset[str]) -> set[int]:
    """Windows of ``_LEAD_DAYS`` + 1 days that a lead (``_led_to``) between this report and another falls in.

    A signing is in the window of its date; a plan, negotiation or preliminary paper in the
    window of its start and the next one, so a signing up to ``_LEAD_DAYS`` later shares one.
    """
    report, windows = view.report, set()
    if report.signed and report.kind not in preliminary:
        span = date_span(report.signed_on or report.article.published)
        if span:
            windows.add(date.fromisoformat(span[0]).toordinal() // (_LEAD_DAYS + 1))
    start = None
    if view.stage in ("planned", "negotiating"):
        start = report.article.published
    elif report.signed and report.kind in preliminary:
        start = report.signed_on or report.article.published
    begun = date_span(start)
    if begun:
        window = date.fromisoformat(begun[0]).toordinal() // (_LEAD_DAYS + 1)
        windows.update((window, window + 1))
    return windows


def block_keys(view: ReportView, preliminary: frozenset[str] = frozenset()) -> set[tuple]:
    """Keys that two reports share whenever they can join (compatible, ``score`` of 3 or more).

    Compatible reports are of one kind family. Such a pair shares two parties; or is in
    one article; or shares a firm and two of subject, value, signing date and a lead: so
    the firm and a value within 5% (neighbouring steps of 5%), or the firm and a signing
    year (overlapping dates fall in one year), or else the firm, a subject and a lead.
    """
    family, report = view.family, view.report
    keys: set[tuple] = {("article", family, report.article.iri)}
    keys.update(("parties", family, p, q) for p, q in combinations(sorted(view.parties), 2))
    step = None
    if report.value is not None and report.value > 0:
        step = math.floor(math.log(float(report.value)) / math.log(_SAME_VALUE))
    span = date_span(report.signed_on)
    windows = _lead_windows(view, preliminary) if view.concerns else set()
    for firm in view.firms:
        keys.update(("lead", family, firm, c, w) for c in view.concerns for w in windows)
        if step is not None:
            keys.update(("value", family, firm, report.currency or "", step + d) for d in (-1, 0, 1))
        if span:
            keys.add(("year", family, firm, span[0][:4]))
    return keys


def deal_units(
    views: list[ReportView], judgements: Judgements = NO_JUDGEMENTS, rules: Rules | None = None
) -> list[list[ReportView]]:
    """Reports split into units that ``join_reports`` can resolve apart with the result it gives on all.

    A unit is a connected set of pairs that can join (or are judged the same): every join,
    and every incompatible pair that can stop one, lies within a unit. Each pair is tried
    once, in the block of the first key the two share.
    """
    rules = rules or load_rules()
    ids: dict[tuple, int] = {}
    keys: list[frozenset[int]] = []
    blocks: dict[int, list[int]] = defaultdict(list)
    for i, view in enumerate(views):
        keys.append(frozenset(ids.setdefault(k, len(ids)) for k in block_keys(view, rules.preliminary)))
        for k in keys[-1]:
            blocks[k].append(i)
    del ids
    parent = list(range(len(views)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for key, members in blocks.items():
        for i, j in combinations(members, 2):
            if min(keys[i] & keys[j]) != key or find(i) == find(j):
                continue
            a, b = views[i], views[j]
            if score(a, b, rules.preliminary) >= _JOIN_SCORE and compatible(a, b):
                parent[find(i)] = find(j)
    index = {v.iri: i for i, v in enumerate(views)}
    for a, b in judgements.pairs("deal", "same"):
        if a in index and b in index:
            parent[find(index[a])] = find(index[b])
    units: dict[int, list[ReportView]] = defaultdict(list)
    for i, view in enumerate(views):
        units[find(i)].append(view)
    return list(units.values())


def _report_order(view: ReportView) -> tuple:
    return (view.report.article.published or "9999", view.iri)


@dataclass
class CanonicalDeal:
    """A real-world deal and what its reports support."""

    iri: str
    reports: list[ReportView]
    kind: str = "other"
    parties: set[str] = field(default_factory=set)
    concerns: set[str] = field(default_factory=set)
    values: list[tuple[str, str | None]] = field(default_factory=list)  # (value, currency), majority first
    signing_dates: list[str] = field(default_factory=list)  # majority first
    date: str | None = None
    date_basis: str = ""
    latest_stage: str = ""
    first_reported: str | None = None
    last_reported: str | None = None
    report_count: int = 0
    source_count: int = 0


def deal_iri(first_report: str) -> str:
    """IRI of the canonical deal first reported as ``first_report``."""
    return f"{ID_NS}deal/{hashlib.sha1(first_report.encode()).hexdigest()[:16]}"


def _by_count(items: list) -> list:
    counts = Counter(items)
    first = {item: i for i, item in reversed(list(enumerate(items)))}
    return sorted(counts, key=lambda item: (-counts[item], first[item]))


def _precise_first(dates: list[str]) -> list[str]:
    counts = Counter(dates)
    return sorted(counts, key=lambda d: (-counts[d], -len(d), d))


def describe_deal(reports: list[ReportView]) -> CanonicalDeal:
    """The canonical deal of a group of reports (ordered by first report)."""
    deal = CanonicalDeal(deal_iri(reports[0].iri), reports)
    for view in reports:
        deal.parties |= view.parties
        deal.concerns |= view.concerns
    deal.values = _by_count(
        [
            (format(v.report.value.normalize(), "f"), v.report.currency)
            for v in reports
            if v.report.value is not None
        ]
    )
    deal.signing_dates = _precise_first(
        [v.report.signed_on for v in reports if v.report.signed and v.report.signed_on]
    )
    signed_views = [v for v in reports if v.report.signed]
    kinds = Counter(v.report.kind for v in (signed_views or reports))
    latest = max(signed_views or reports, key=lambda v: ((date_span(v.date) or ("",))[0], v.iri))
    deal.kind = min(kinds, key=lambda k: (-kinds[k], k != latest.report.kind, k))
    if deal.signing_dates:
        deal.date, deal.date_basis = deal.signing_dates[0], "signing date"
    elif signed_views and signed_views[0].report.article.published:
        deal.date, deal.date_basis = signed_views[0].report.article.published, "first signed report"
    elif reports[0].report.article.published:
        deal.date, deal.date_basis = reports[0].report.article.published, "first report"
    last = max(reports, key=lambda v: ((date_span(v.date) or ("",))[0], STAGES.index(v.stage)))
    deal.latest_stage = last.stage
    published = sorted(v.report.article.published for v in reports if v.report.article.published)
    deal.first_reported, deal.last_reported = (published[0], published[-1]) if published else (None, None)
    deal.report_count = len({v.report.article.iri for v in reports})
    deal.source_count = len({v.report.article.source for v in reports})
    return deal


def resolve_deals(
    reports: list[Report],
    entities: dict[str, ResolvedEntity],
    judgements: Judgements = NO_JUDGEMENTS,
    rules: Rules | None = None,
) -> list[CanonicalDeal]:
    """Canonical deals of every report, each with its attributes."""
    rules = rules or load_rules()
    groups = join_reports(view_reports(reports, entities, rules), judgements, rules)
    return sorted((describe_deal(g) for g in groups), key=lambda d: d.iri)


def canonical_deals(
    reports: list[Report],
    entities: dict[str, ResolvedEntity],
    judgements: Judgements = NO_JUDGEMENTS,
    rules: Rules | None = None,
) -> Iterator[CanonicalDeal]:
    """The deals ``resolve_deals`` gives, unit by unit (``deal_units``), in no particular order."""
    rules = rules or load_rules()
    for unit in deal_units(view_reports(reports, entities, rules), judgements, rules):
        for group in join_reports(unit, judgements, rules):
            yield describe_deal(group)


def precision_label(date: str) -> str:
    """``day``, ``month`` or ``year``: how precise an ISO date, year-month or year is."""
    return {10: "day", 7: "month", 4: "year"}.get(len(date), "day")
