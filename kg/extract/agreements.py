"""Deals: kind, status, parties, signatories, date, place, value and what they concern."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kg.extract.context import ACTOR_TYPES, Context
from kg.extract.dates import find_dates
from kg.extract.deal_roles import RoleCues, SentenceRoles, parse_parties, parse_sides, parse_signers
from kg.extract.mentions import Mention
from kg.extract.modality import STATUS_ORDER, clause_modality
from kg.records import Agreement, Position, Relation

__all__ = ["extract_agreements", "find_value"]

_NUMBER = r"(?P<num>\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_BREAKS = {",", ";", ":", "—", "–", "(", ")"}
_DONE = {"signed", "cancelled"}  # statuses of a deal that was signed: one report of it may tell either
class _Deadlines:
    """Dates that are deadlines or deliveries, not when a deal was signed: "due by the end of 2025", "until 2030"."""

    def __init__(self, words: list[str], points: list[str]):
        word = "|".join(re.escape(w) for w in words)
        point = "|".join(re.escape(p) for p in points)
        self.before = re.compile(rf"\b(?:{word})\s+(?:the\s+)?(?:(?:{point})(?:\s+of)?\s+)?$")
        self.openers = tuple(f"{w} " for w in words)

    def at(self, text: str, start: int) -> bool:
        """Whether the date at ``start`` of ``text`` is a deadline."""
        before = text[max(0, start - 30) : start]
        head = text[start : start + 8].lower()
        return bool(self.before.search(before)) or head.startswith(self.openers) or (
            head.startswith("of ") and bool(self.before.search(before + "end "))
        )


def _amount_patterns(currencies: dict[str, str], scales: dict[str, int]) -> list[re.Pattern]:
    scale_words = "|".join(re.escape(w) for w in sorted(scales, key=len, reverse=True))
    scale = rf"(?:\s?(?P<scale>{scale_words})\b)?" if scales else "(?P<scale>)"
    symbols = sorted((c for c in currencies if not c.isalpha()), key=len, reverse=True)
    words = sorted((c for c in currencies if c.isalpha()), key=len, reverse=True)
    sym = "|".join(re.escape(s) for s in symbols)
    word = "|".join(re.escape(w) for w in words)
    return [
        re.compile(rf"(?P<cur>{sym})\s?{_NUMBER}{scale}"),
        re.compile(rf"\b(?P<cur>{word})\s?{_NUMBER}{scale}"),
        re.compile(rf"{_NUMBER}{scale}\s(?P<cur>{word})\b"),
    ]


def find_value(text: str, currencies: dict[str, str], scales: dict[str, int]) -> tuple[str, str] | None:
    """The first amount of money in ``text`` as (decimal text, ISO 4217 code).

    >>> find_value("a deal worth $2.6 billion", {"$": "USD"}, {"billion": 10**9})
    ('2600000000', 'USD')
    >>> find_value("worth ₹7,629 crore", {"₹": "INR"}, {"crore": 10**7})
    ('76290000000', 'INR')
    """
    best = None
    for pattern in _amount_patterns(currencies, scales):
        for match in pattern.finditer(text):
            if best is None or match.start() < best.start():
                best = match
            break
    if best is None:
        return None
    try:
        number = Decimal(re.sub(r"[,\s]", "", best.group("num")))
    except InvalidOperation:
        return None
    scale = (best.group("scale") or "").lower()
    number *= scales.get(scale, 1)
    code = currencies.get(best.group("cur")) or currencies.get(best.group("cur").lower())
    if code is None:
        return None
    text_value = format(number.normalize(), "f")
    return text_value, code


class _Deals:
    def __init__(self, ctx: Context, positions: list[Position], relations: list[Relation] = ()):
        self.ctx = ctx
        gaz = ctx.gazetteer
        self.anaphora = {w for w in gaz.words("deals", "anaphora") if " " not in w} & {"the", "this", "that"}
        self.makers = {r.subject: r.object for r in relations if r.predicate == "manufacturer"}
        self.title_starts = {span.start: span for span in ctx.titles.values()}
        self.done = set(gaz.words("deals", "done_verbs"))
        self.signatory_verbs = set(gaz.words("deals", "signatory_verbs"))
        self.non_party = [c.split() for c in gaz.words("deals", "non_party_cues")]
        self.non_signatory = [c.split() for c in gaz.words("deals", "non_signatory_cues")]
        self.currencies = gaz.table("deals", "currencies")
        self.deadlines = _Deadlines(gaz.words("deals", "deadline_words"), gaz.words("deals", "deadline_points"))
        self.party_slots = set(gaz.words("deals", "party_slots"))
        self.buying = set(gaz.words("deals", "buying_verbs"))
        self.onlookers = set(gaz.words("deals", "onlooker_verbs"))
        self.onlooker_nouns = set(gaz.words("deals", "onlooker_nouns"))
        self.state_nouns = set(gaz.words("deals", "state_pair_nouns"))
        self.joiners = set(gaz.words("deals", "party_joiners"))
        self.non_party_prepositions = set(gaz.words("deals", "non_party_prepositions"))
        self.scales = gaz.table("deals", "scales")
        self.generic_nouns = set(gaz.words("deals", "generic_deal_nouns"))
        self.verb_group_words = set(gaz.words("deals", "verb_group_words"))
        self.blocking = frozenset(gaz.words("deals", "blocking_verbs"))
        self.roles = RoleCues.load(gaz)
        self.org_of = {p.person: p.organization for p in positions}
        self.deals: list[Agreement] = []
        self.rules: dict[str, str] = {}  # rule ids of the sentence being read: "party", "status"
        self.split: list[list[str]] = []  # counterparties per deal noun of the sentence being read
        self.here: SentenceRoles | None = None  # role slots of the parsed sentence being read

    # -- status ------------------------------------------------------------------

    def status(self, index: int, triggers: list[int]) -> str:
        """Signed unless a plan, talk, denial or cancellation governs the deal's words."""
        ctx = self.ctx
        cues = ctx.cue_labels(index, "STATUS_")
        words = self._status_words(index, triggers) if index in ctx.parse else []
        for label, start, _ in cues:
            if label == "STATUS_cancelled" and self._cancels(index, start, words):
                return "cancelled"
        if index in ctx.parse:
            if words and all(self._blocked(t) for t in words):
                self.rules["status"] = "deals.status_parse"
                return "stalled"  # "Germany's veto has grounded the sale", "Berlin blocked the deal"
            # A deal stated only in a hedged or negated clause is not signed: "could provide", "did not sign".
            clauses = {clause_modality(t, ctx.modality) for t in words}
            if clauses and "asserted" not in clauses:
                talks = any(label == "STATUS_negotiating" for label, _, _ in cues)
                self.rules["status"] = "deals.status_parse"
                return "stalled" if clauses == {"negated"} else "negotiating" if talks else "planned"
        governed: list[str] = []
        free_done = False
        for trigger in triggers:
            cue = self._governing_cue(cues, trigger)
            if cue:
                governed.append(cue)
            elif ctx.doc[trigger].lower_ in self.done:
                free_done = True
        if free_done:
            return "signed"
        if governed:
            return self._strongest(governed)
        # No verb reports it done: "the collapse of talks between X and Y" is no signed deal.
        # With a parse, a plan word elsewhere in the sentence ("a player with potential") decides nothing.
        parsed = {"STATUS_negation", "STATUS_planned", "STATUS_cancelled"}  # the parse decided those above
        ignored = parsed if index in ctx.parse else {"STATUS_negation"}
        ungoverned = [label for label, _, _ in cues if label not in ignored]
        return self._strongest(ungoverned) if ungoverned else "signed"

    def _cancels(self, index: int, cue: int, words: list) -> bool:
        """Whether a cancelling word bears on the deal: "cancelled the contract", "the contract, later cancelled",
        not "negotiated the purchase ... after deciding to cancel the tender" (parsed sentences only)."""
        token = self.ctx.parse.token(index, cue)
        return token is None or any(token.is_ancestor(w) or w.is_ancestor(token) for w in words)

    def _blocked(self, token) -> bool:
        """A deal noun that a blocking verb takes as its object: "grounded the sale", "the deal was vetoed"."""
        return token.dep_ in ("dobj", "nsubjpass") and self.ctx.modality.written(token.head, self.blocking)

    def _status_words(self, index: int, triggers: list[int]) -> list:
        """The parsed deal words whose clauses decide the status: the deal nouns, and only the signing
        verbs that govern one ("won the tender" says nothing of "the planned purchase" beside it)."""
        parse = self.ctx.parse
        signs = {start for _, start, _ in self.ctx.cue_labels(index, "SIGN")}
        tokens = [t for t in (parse.token(index, i) for i in triggers) if t is not None]
        nouns = [t for t in tokens if t.i + parse.docs[index][0] not in signs]
        verbs = [t for t in tokens if t.i + parse.docs[index][0] in signs]
        if not nouns:
            return verbs
        return nouns + [v for v in verbs if any(v.is_ancestor(n) for n in nouns)]

    def _governing_cue(self, cues, trigger: int) -> str | None:
        doc = self.ctx.doc
        for label, start, end in cues:
            if start < trigger and trigger - end <= 5 and not any(t.text in _BREAKS for t in doc[end:trigger]):
                return label
        return None

    @staticmethod
    def _strongest(labels: list[str]) -> str:
        names = {label.removeprefix("STATUS_") for label in labels}
        if "negation" in names:
            return "stalled"
        return next(status for status in STATUS_ORDER if status in names or status == "planned")

    # -- parties and signatories ---------------------------------------------------

    def _preceded_by(self, start: int, phrases: list[list[str]], window: int = 6) -> bool:
        doc = self.ctx.doc
        sent_start = doc[start].sent.start
        lowered = [t.lower_ for t in doc[max(sent_start, start - window) : start]]
        for phrase in phrases:
            n = len(phrase)
            for i in range(len(lowered) - n + 1):
                if lowered[i : i + n] == phrase and not any(w in _BREAKS for w in lowered[i + n :]):
                    return True
        return False

    def parties(
        self, index: int, first_trigger: int, anchor: int | None = None, triggers: list[int] = ()
    ) -> tuple[bool, list[list[str]]]:
        """Party groups of the sentence's deal: the subject before the deal words, and each "with"/"by" group.

        Returns one list per group; the caller decides whether the groups form one deal or several.
        """
        ctx = self.ctx
        actors = [m for m in ctx.in_sentence(index, ACTOR_TYPES) if not self._excluded(m)]
        actors = [m for m in actors if not (ctx.type_of(m) == "Country" and self._modifies(m, actors))]
        sentence = ctx.sentences[index]
        if not actors:
            pair = self._two_states(index, sentence)
            return bool(pair), [pair] if pair else []
        self.split = []
        if index in ctx.parse:
            nouns = [start for _, start, _ in ctx.cue_labels(index, "KIND_")]
            # With a parse, the parse alone decides: word order finds names in phrases that are no party's
            # ("a starting point for a relationship between Canada and Korea").
            has_subject, groups, split = parse_parties(self.here, triggers or [first_trigger], actors, nouns)
            self.split = split
            self.rules["party"] = "deals.parse_roles"
            found = {k for g in groups for k in g}
            pair = self._two_states(index, sentence)
            if pair and found <= set(pair) and not found >= set(pair):  # "a memorandum between the two governments"
                return True, [pair]
            return has_subject, groups
        groups: list[list[Mention]] = []
        subject = self._group_before(actors, first_trigger if anchor is None else anchor)
        if subject:
            groups.append(subject)
        sentence = ctx.sentences[index]
        clause = self._clauses(sentence.start, sentence.end)
        live = {clause[t - sentence.start] for t in (triggers or [first_trigger])}
        in_deal_clause = [t for t in sentence if clause[t.i - sentence.start] in live]
        for token in in_deal_clause:
            if token.lower_ in self.buying and token.i > first_trigger and self._sells_from(token.i):
                # "... a contract under which FAME will buy 30 vehicles from STX": the buyer is a party
                buyer = self._group_before(actors, self._auxiliary_start(token.i))
                if buyer and not any(buyer[0] is g[0] for g in groups):
                    groups.append(buyer)
        for token in in_deal_clause:
            if token.lower_ in self.party_slots and token.i >= first_trigger - 6:
                group = self._group_after(actors, token.i + 1)
                if group and not any(group[0] is g[0] for g in groups):
                    groups.append(group)
        keys: list[list[str]] = []
        seen: set[str] = set()
        for group in groups:
            group_keys = [m.key for m in group if m.key not in seen]
            seen.update(group_keys)
            if group_keys:
                keys.append(group_keys)
        pair = self._two_states(index, in_deal_clause)
        if pair and seen <= set(pair) and not seen >= set(pair):  # "between DAPA and X's ministry" names them
            keys.insert(0, pair)
            subject = subject or pair
        return bool(subject) and bool(keys), keys

    def _two_states(self, index: int, tokens) -> list[str]:
        """"the two governments", "both countries": the two countries of the sentence, else of the article.

        The article's two are those named most, and only when a third is named clearly less often.
        """
        ctx, doc = self.ctx, self.ctx.doc
        if not any(
            t.lower_ in self.state_nouns and t.i >= 1 and doc[t.i - 1].lower_ in ("two", "both") for t in tokens
        ):
            return []
        here = {m.key for m in ctx.in_sentence(index, {"Country"})}
        sentence = ctx.sentences[index]
        for start, entry in ctx.demonyms.values():
            if sentence.start <= start < sentence.end:
                here.add(ctx.country_key(entry.name, index))
        here.discard(None)
        if len(here) == 2:
            return sorted(here)
        counts: dict[str, int] = {}
        names = [ctx.entities[m.key].label for m in ctx.mentions if ctx.type_of(m) == "Country"]
        names += [entry.name for _, entry in ctx.demonyms.values()]
        for name in names:
            counts[name] = counts.get(name, 0) + 1
        ranked = sorted(counts, key=lambda n: -counts[n])
        if len(ranked) < 2 or len(ranked) > 2 and counts[ranked[2]] >= counts[ranked[1]]:
            return []
        pair = [ctx.country_key(name, index) for name in ranked[:2]]
        return pair if None not in pair else []

    def _clauses(self, start: int, end: int) -> list[int]:
        """Clause number of each token of a sentence: a semicolon, or a comma opening another clause, starts one.

        ", and neighbouring Estonia is in talks with ...", ", beating the CAESAR from KNDS",
        ", 16 of which were assembled by ...": names there are no parties of a deal named before.
        A comma before a name, "and <name>" or a party word (", between X and Y") continues the clause.
        """
        doc, words = self.ctx.doc, self.ctx.words
        numbers, current = [], 0
        for k in range(start, end):
            numbers.append(current)
            if k + 1 >= end:
                break
            if doc[k].text == ";":
                current += 1
            elif doc[k].text == ",":
                nxt = doc[k + 1]
                if nxt.lower_ in words.clause_conjunctions and k + 2 < end:
                    nxt = doc[k + 2]
                if nxt.lower_ in self.party_slots:
                    continue
                if (nxt.is_lower and nxt.lower_ not in words.definite_determiners) or nxt.like_num:
                    current += 1
        return numbers

    def _sells_from(self, verb: int) -> bool:
        """A buying verb with a seller: "buy ... from X" in the same clause."""
        doc = self.ctx.doc
        for t in doc[verb + 1 : min(verb + 15, doc[verb].sent.end)]:
            if t.text in _BREAKS:
                return False
            if t.lower_ == "from":
                return True
        return False

    def _auxiliary_start(self, verb: int) -> int:
        """The verb group's first token: "will buy", "is to purchase", "has ordered"."""
        doc, k = self.ctx.doc, verb
        while k > 0 and doc[k - 1].lower_ in self.verb_group_words:
            k -= 1
        return k

    def _excluded(self, m: Mention) -> bool:
        if self._preceded_by(m.start, self.non_party) or self._in_dateline(m):
            return True
        if self._employer_of_title(m):
            return True  # "Hyundai Rotem CEO Lee Yong-bae": the firm comes in as the signatory's
        if self._subject_of_signing(m):
            return False  # "since Poland signed a contract": "since" opens a clause here
        k = m.start - 1
        doc = self.ctx.doc
        while k >= 0 and doc[k].lower_ in self.ctx.words.articles or (k >= 0 and (k + 1) in self.ctx.demonyms):
            k -= 1
        if k >= 1 and doc[k - 1].lower_ in self.roles.proxies:
            return False  # "on behalf of X": X is a party
        return k >= 0 and doc[k].lower_ in self.non_party_prepositions

    def _in_dateline(self, m: Mention) -> bool:
        """A name in a dateline: "BUCHAREST, Romania (AP) — ...", "SANTIAGO, Chile — ..."."""
        doc = self.ctx.doc
        start = doc[m.start].sent.start
        head = doc[start : min(start + 10, doc[m.start].sent.end)]
        dash = next((t.i for t in head if t.text in ("—", "–", "--")), None)
        return dash is not None and m.end <= dash and doc[start].is_upper and len(doc[start].text) > 2

    def _employer_of_title(self, m: Mention) -> bool:
        """A name that only qualifies a person's title: "Hyundai Rotem CEO Lee", "Hanwha's chief executive X"."""
        k = m.end
        if k < len(self.ctx.doc) and self.ctx.doc[k].text in ("'s", "’s"):
            k += 1
        span = self.title_starts.get(k)
        if span is None:
            return False
        person = self.ctx.at.get(span.end)
        return person is not None and person.start == span.end and self.ctx.type_of(person) == "Person"

    def _subject_of_signing(self, m: Mention) -> bool:
        """The name right before a signing verb ("Poland signed", "Poland has signed") is its subject."""
        doc = self.ctx.doc
        k = m.end
        if k < len(doc) and doc[k].lower_ in self.ctx.words.verb_adverbs:
            k += 1
        return k < len(doc) and doc[k].lower_ in self.signatory_verbs | self.done

    def _joined(self, left: Mention, right: Mention, limit: int = 3) -> bool:
        """Whether only joiners, descriptors or a possessive lie between two names of one group."""
        between = self.ctx.doc[left.end : right.start]
        others = [t for t in between if t.lower_ not in self.joiners and t.text not in ("'s", "’s")]
        if others and any(t.text == "," for t in between):
            return False  # "from Denmark, giving the Argentine Air Force", ", and neighbouring Peru": a new clause
        return len(others) <= limit and all(t.is_lower or t.text in ("-",) or t.is_title for t in others) and not any(
            t.lower_ in self.party_slots or t.lower_ in self.non_party_prepositions for t in others
        )

    def _group_after(self, actors: list[Mention], start: int) -> list[Mention]:
        doc = self.ctx.doc
        following = [m for m in actors if m.start >= start]
        if not following:
            return []
        first = following[0]
        gap = [t for t in doc[start : first.start] if t.lower_ not in self.joiners]
        if len(gap) > 3 or any(t.text in _BREAKS or t.lower_ in self.party_slots for t in gap):
            return []
        if any(t.lower_ in self.non_party_prepositions for t in gap):
            return []  # "competes with the Lynx in Australia and the United States": no party after "with"
        group = [first]
        for m in following[1:]:
            if not self._joined(group[-1], m, limit=1):
                break
            group.append(m)
        return group

    def _group_before(self, actors: list[Mention], trigger: int) -> list[Mention]:
        doc = self.ctx.doc
        preceding = [m for m in actors if m.end <= trigger]
        if not preceding:
            return []
        last = preceding[-1]
        gap = doc[last.end : trigger]
        if len(gap) > 8 or any(t.lower_ in self.party_slots for t in gap):
            return []
        group = [last]
        for m in reversed(preceding[:-1]):
            if not self._joined(m, group[0], limit=1):
                break
            group.insert(0, m)
        return group

    def _modifies(self, country: Mention, actors: list[Mention]) -> bool:
        """A country naming another actor's nationality: "India's ministry", "Hanwha of South Korea"."""
        doc = self.ctx.doc
        for other in actors:
            if other is country:
                continue
            if other.start <= country.start < other.end:
                return True
            if other.start in (country.end, country.end + 1) and (
                other.start == country.end or doc[country.end].text in ("'s", "’s", "'", "’")
            ):
                return True
            if other.end + 1 == country.start and doc[other.end].lower_ in ("of", "from"):
                return True
        return False

    def signatories(self, index: int, sign_tokens: list[int]) -> list[str]:
        ctx = self.ctx
        if not any(ctx.doc[i].lower_ in self.signatory_verbs for i in sign_tokens):
            return []
        verbs = [i for i in sign_tokens if ctx.doc[i].lower_ in self.signatory_verbs and self._signs_a_deal(index, i)]
        if not verbs:
            return []
        persons = ctx.in_sentence(index, {"Person"})
        keys: list[str] = parse_signers(self.here, verbs, persons) if index in ctx.parse else []
        onlookers_from = self._onlookers_from(index, sign_tokens[0])
        for m in ctx.in_sentence(index, {"Person"}):
            if onlookers_from is not None and m.start > onlookers_from:
                continue  # "... in a ceremony attended by A; B; and C": a list of guests
            if self._looks_on(m):
                continue
            if m.key not in keys:
                keys.append(m.key)
        return keys

    def _signs_a_deal(self, index: int, verb: int) -> bool:
        """A signing verb whose object is a deal, a pronoun or absent: not "signed decrees authorizing the sale"
        (parsed sentences only)."""
        token = self.ctx.parse.token(index, verb)
        if token is None:
            return True
        deal_words = {i for _, start, end in self.ctx.cue_labels(index, "KIND_") for i in range(start, end)}
        objects = [c for c in token.children if c.dep_ == "dobj"]
        return not objects or any(
            c.pos_ == "PRON" or self.ctx.parse.index(index, c) in deal_words for c in objects
        )

    def _onlookers_from(self, index: int, sign: int) -> int | None:
        """Where a phrase introducing guests ("attended by", "in the presence of") starts after the signing verb."""
        doc = self.ctx.doc
        sentence = self.ctx.sentences[index]
        words = [t.lower_ for t in doc[sign : sentence.end]]
        for i in range(len(words)):
            for phrase in self.non_signatory:
                if words[i : i + len(phrase)] == phrase:
                    later = [t for t in doc[sign + i : sentence.end] if t.lower_ in self.signatory_verbs]
                    return None if later else sign + i
        return None

    def _looks_on(self, person: Mention) -> bool:
        """A person the words around present as a guest or a speaker, not a signer."""
        return self._preceded_by(person.start, self.non_signatory, window=8) or self._onlooker(person)

    def _onlooker(self, person: Mention) -> bool:
        """"X looks on", "X, the defence minister, witnessed the signing", "X said"."""
        doc = self.ctx.doc
        k = person.end
        if k + 1 < len(doc) and doc[k].text in ("'s", "’s") and doc[k + 1].lower_ in self.onlooker_nouns:
            return True  # "during Erdoğan's visit"
        if person.start >= 3 and doc[person.start - 1].lower_ in ("is", "was") and any(
            t.lower_ == "whose" for t in doc[max(0, person.start - 6) : person.start - 1]
        ):
            return True  # "KAI, whose chief executive is X, ...": named, not signing
        windows = [[t.lower_ for t in doc[k : k + 3]]]  # "X, witnessed ..." after an apposition before X
        if k < len(doc) and doc[k].text == ",":  # skip an apposition up to its closing comma
            close = next((j for j in range(k + 1, min(len(doc), k + 12)) if doc[j].text == ","), None)
            k = close + 1 if close is not None else k
            windows.append([t.lower_ for t in doc[k : k + 3]])
        return any(w in self.onlookers for window in windows for w in window)

    # -- one sentence --------------------------------------------------------------

    def sentence(self, index: int) -> None:
        ctx = self.ctx
        sentence = ctx.sentences[index]
        kinds = ctx.cue_labels(index, "KIND_")
        signs = [c for c in ctx.cue_labels(index, "SIGN")]
        if not kinds and not signs:
            return
        sign_tokens = [start for _, start, _ in signs if self._is_verb(index, start)]
        if not kinds and not sign_tokens:
            return
        kind = self.kind(kinds)
        triggers = sorted(sign_tokens + [start for _, start, _ in kinds])
        if not kinds and not ctx.in_sentence(index, {"Product"}) and not any(
            ctx.doc[i].lower_ in self.signatory_verbs for i in sign_tokens
        ):
            return
        self.rules = {"party": "deals.word_order", "status": "deals.status_cues"}
        self.here = SentenceRoles(ctx, self.roles, index) if index in ctx.parse else None
        status = self.status(index, triggers)
        has_subject, groups = self.parties(index, triggers[0], sign_tokens[0] if sign_tokens else None, triggers)
        signatories = self.signatories(index, sign_tokens) if status == "signed" else []
        if status == "signed" and index in ctx.parse:
            # "the agreement, made between Minister X and Minister Y": the people named as its sides signed it
            persons = [m for m in ctx.in_sentence(index, {"Person"}) if not self._looks_on(m)]
            signatories += [k for k in parse_sides(self.here, triggers, persons) if k not in signatories]
        antecedent = self._referred(kinds, signatories, groups) if status in _DONE else None
        if antecedent is not None:
            # "The contract was signed on May 20 ... by A, B and C", "The agreement was signed by A and B
            # with C": the deal just reported, told again.
            deal = Agreement(kind=antecedent.kind, status=status, signatories=signatories, sentences=[index])
            deal.parties = [k for g in groups for k in g] or [
                o for o in (self.org_of.get(p) for p in signatories) if o and self._actor(o)
            ]
            self.details(deal, index, sign_tokens)
            deal.cite(index)
            self.merge(antecedent, deal, None)
            return
        for person in signatories:
            org = self.org_of.get(person)
            if org and all(org not in g for g in groups) and ctx.entities[org].type in ACTOR_TYPES:
                groups.append([org])
        plural = any(ctx.doc[end - 1].lower_.endswith("s") and ctx.doc[end - 1].lower_ != "mous" for _, _, end in kinds)
        if self.split:
            # One deal per deal noun with its own counterparties; a subject-less list ("They include a
            # contract with A; a contract with B") continues the deal reported just before.
            lead = groups[0] if has_subject else self.deals[-1].parties[:1] if self.deals else []
            deals = [[*lead, *(k for k in group if k not in lead)] for group in self.split]
        elif plural and has_subject and len(groups) == 2 and len(groups[0]) == 1 and len(groups[1]) > 1:
            # "X signed contracts with A and B": one deal per counterparty.
            deals = [[groups[0][0], other] for other in groups[1]]
        elif not has_subject and groups and self._lone_party_deal(status) is not None:
            # "Poland's Armament Agency signed two contracts. The tank contract with Hyundai Rotem ...
            # and the howitzer contract with Hanwha Defense ...": each names the other side of one.
            lone = self._lone_party_deal(status)
            first, *others = groups if len(kinds) > 1 else [[k for g in groups for k in g]]
            lone.parties.extend(k for k in first if k not in lone.parties)
            for key in first:
                lone.evidence.setdefault(f"party:{key}", set()).add(index)
            lone.sentences.append(index)
            deals = [[lone.parties[0], *group] for group in others]
        elif not has_subject and groups and self.deals and self._agentless_passive(index, sign_tokens):
            # "Furthermore, a contract was signed with X": the signer is the one of the deal reported before.
            lead = [k for k in self.deals[-1].parties[:1] if all(k not in g for g in groups)]
            deals = [[*lead, *(k for g in groups for k in g)]]
        else:
            deals = [[k for g in groups for k in g]]
        if len(deals) == 1 and len(deals[0]) == 1 and status == "signed":
            seller = self._seller(index, triggers[0], deals[0][0])
            if seller:
                deals[0].append(seller)
        for parties in deals:
            if len(parties) >= 4 and all(ctx.entities[k].type == "Country" for k in parties):
                continue  # a list of customer countries, not the parties of one deal
            self.add(index, kind, kinds, status, parties, signatories, sign_tokens, sentence)

    def _agentless_passive(self, index: int, sign_tokens: list[int]) -> bool:
        """A signing verb in the passive with no "by" agent: "a contract was signed with X" (parsed sentences only)."""
        for i in sign_tokens:
            token = self.ctx.parse.token(index, i)
            children = [c.dep_ for c in token.children] if token is not None else []
            if "auxpass" in children and "agent" not in children:
                return True
        return False

    def _is_verb(self, index: int, i: int) -> bool:
        """A signing word that reports an act: not "its established defense industry" (parsed sentences only)."""
        token = self.ctx.parse.token(index, i)
        return token is None or (token.pos_ != "ADJ" and token.dep_ != "amod")

    def _seller(self, index: int, trigger: int, buyer: str) -> str | None:
        """Maker of the product a lone buyer contracts for ("Poland signed a contract for 180 K2 tanks").

        Only a maker the sentence names, and only for a buyer that is a state, a body or an armed force.
        """
        ctx = self.ctx
        if ctx.entities[buyer].type == "Company":
            return None
        doc = ctx.doc
        for m in ctx.in_sentence(index, {"Product"}):
            between = [t.lower_ for t in doc[trigger : m.start]]
            if m.start <= trigger or "for" not in between or any(t in _BREAKS for t in between):
                continue
            maker = self.makers.get(m.key)
            if maker is None and m.entry is not None and m.entry.manufacturer:
                entry = ctx.gazetteer.lookup(m.entry.manufacturer, "Company")
                maker = entry.key if entry is not None else None
            if maker != buyer and any(o.key == maker for o in ctx.in_sentence(index)):
                return maker
        return None

    def _actor(self, key: str) -> bool:
        return self.ctx.entities[key].type in ACTOR_TYPES

    def _definite(self, kinds: list[tuple[str, int, int]]) -> bool:
        """A deal noun after "the"/"this"/"that" ("the contract", "this agreement") speaks of a deal already named."""
        doc = self.ctx.doc
        return any(start > 0 and doc[start - 1].lower_ in self.anaphora for _, start, _ in kinds)

    def _referred(self, kinds: list[tuple[str, int, int]], signatories: list[str], groups) -> Agreement | None:
        """The signed deal a definite deal noun tells again, if it does.

        With no parties named, any definite deal noun ("the contract") does; with parties named, only a
        bare generic one ("the agreement", "the deal") of a compatible kind.
        """
        if not self._definite(kinds):
            return None
        antecedent = self._antecedent(signatories)
        if antecedent is None or not groups:
            return antecedent
        doc, kind = self.ctx.doc, self.kind(kinds)
        generic = any(
            end - start == 1 and doc[start].lower_ in self.generic_nouns and doc[start - 1].lower_ == "the"
            for _, start, end in kinds
        )
        compatible = antecedent.kind == kind or "other" in (antecedent.kind, kind)
        return antecedent if generic and compatible else None

    def _antecedent(self, signatories: list[str]) -> Agreement | None:
        """The signed deal a definite deal noun refers to.

        The one these people already signed (a caption of the ceremony), else the latest one
        whose parties include the signatories' organizations, else the latest one.
        """
        signed = [d for d in self.deals if d.status in _DONE]  # a deal later cancelled was signed too
        if not signed:
            return None
        for deal in reversed(signed):
            if set(signatories) & set(deal.signatories):
                return deal
        orgs = {o for o in (self.org_of.get(p) for p in signatories) if o}
        if orgs:
            for deal in reversed(signed):
                if orgs <= set(deal.parties):
                    return deal
        return signed[-1]

    def _lone_party_deal(self, status: str) -> Agreement | None:
        """The last deal, when it has one party only and the same status."""
        if self.deals and len(self.deals[-1].parties) == 1 and self.deals[-1].status == status:
            return self.deals[-1]
        return None

    def add(self, index, kind, kinds, status, parties, signatories, sign_tokens, sentence) -> None:
        """Record a deal, or merge it into the one it repeats."""
        # Two names in grammatical roles of a deal word make a deal even without a signing verb:
        # "Leonardo and Rheinmetall announced the establishment of a joint venture".
        parsed = index in self.ctx.parse and len(parties) >= 2
        is_new = bool(parties) and (bool(sign_tokens) or self._has_with_between(sentence) or parsed)
        deal = Agreement(kind=kind or "other", status=status, parties=parties, signatories=signatories)
        deal.rule, deal.status_rule = self.rules["party"], self.rules["status"]
        deal.sentences = [index]
        self.details(deal, index, sign_tokens)
        deal.cite(index)
        previous = self.match(deal)
        if previous is not None:
            self.merge(previous, deal, kind)
        elif is_new or (status != "signed" and kinds):
            self.deals.append(deal)

    @staticmethod
    def _has_with_between(sentence) -> bool:
        return any(t.lower_ in ("with", "between") for t in sentence)

    @staticmethod
    def kind(kinds: list[tuple[str, int, int]]) -> str | None:
        if not kinds:
            return None
        longest = max(kinds, key=lambda c: (c[2] - c[1], c[0] != "KIND_other", -c[1]))
        return longest[0].removeprefix("KIND_")

    def details(self, deal: Agreement, index: int, sign_tokens: list[int]) -> None:
        ctx = self.ctx
        sentence = ctx.sentences[index]
        if deal.status == "signed" and sign_tokens:
            offset = sentence.start_char
            dates = find_dates(sentence.text, ctx.article.published)
            first_sign = ctx.doc[sign_tokens[0]].idx - offset
            after = [
                d for d in dates if d[0] >= first_sign - 40 and not self.deadlines.at(sentence.text, d[0])
            ]
            if after:
                deal.date = after[0][2]
            for m in ctx.in_sentence(index, {"Place", "Site"}):
                k = m.start - 1 if ctx.doc[m.start - 1].lower_ != "the" else m.start - 2
                if m.start > sign_tokens[0] and ctx.doc[k].lower_ in ("in", "at"):
                    deal.place = m.key
                    break
        for m in ctx.in_sentence(index, {"Product", "Site"}):
            if m.key != deal.place and m.key not in deal.concerns:
                deal.concerns.append(m.key)
        value = find_value(sentence.text, self.currencies, self.scales)
        if value:
            deal.value, deal.currency = value

    def match(self, deal: Agreement) -> Agreement | None:
        """The deal already reported that this sentence speaks of again, if any."""
        for previous in reversed(self.deals):
            if previous.status != deal.status and {previous.status, deal.status} != _DONE:
                continue
            if not deal.parties:
                return previous
            shared = set(previous.parties) & set(deal.parties)
            same_kind = deal.kind in (previous.kind, "other") or previous.kind == "other"
            if shared and same_kind and (len(shared) >= 2 or set(deal.parties) <= set(previous.parties)):
                return previous
        return None

    @staticmethod
    def merge(previous: Agreement, deal: Agreement, kind: str | None) -> None:
        if deal.status == "cancelled":
            previous.status, previous.status_rule = deal.status, deal.status_rule  # signed, then cancelled
        for attr in ("parties", "signatories", "concerns"):
            items = getattr(previous, attr)
            items.extend(k for k in getattr(deal, attr) if k not in items)
        previous.date = previous.date or deal.date
        previous.place = previous.place or deal.place
        if previous.value is None and deal.value:
            previous.value, previous.currency = deal.value, deal.currency
        if previous.kind == "other" and kind and kind != "other":
            previous.kind = kind
        previous.sentences.extend(i for i in deal.sentences if i not in previous.sentences)
        for fact, sentences in deal.evidence.items():
            previous.evidence.setdefault(fact, set()).update(sentences)


def extract_agreements(ctx: Context, positions: list[Position], relations: list[Relation] = ()) -> list[Agreement]:
    """Deals reported in the article, one per deal however many sentences speak of it.

    ``relations`` give the makers of products (a lone buyer's contract for a product is with its maker).
    """
    deals = _Deals(ctx, positions, relations)
    for index in range(len(ctx.sentences)):
        deals.sentence(index)
    return deals.deals
