"""Positions: who holds which title at which organization or country."""

from __future__ import annotations

from itertools import pairwise

from kg.extract.context import ACTOR_TYPES, ORG_TYPES, Context
from kg.extract.mentions import Mention, home_country
from kg.records import Position

__all__ = ["extract_positions", "title_name"]

_POSSESSIVE = {"'s", "’s", "'", "’"}


def title_name(text: str, abbreviations: dict[str, str]) -> str:
    """A title as written, abbreviations spelled out.

    >>> title_name("Lt. Gen.", {"Lt. Gen.": "Lieutenant General"})
    'Lieutenant General'
    """
    text = " ".join(text.split())
    return abbreviations.get(text, text)


class _Positions:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.doc = ctx.doc
        self.words = ctx.words
        self.found: dict[tuple[str, str], Position] = {}
        self.state_words = set(ctx.gazetteer.words("organizations", "state_title_words"))
        self.corporate_words = set(ctx.gazetteer.words("organizations", "corporate_title_words"))
        home = home_country(ctx.mentions, ctx.demonyms, ctx.gazetteer)
        self.home_country = ctx.country_key(home.name) if home else None
        self.counterparts = set(ctx.gazetteer.words("organizations", "counterpart_nouns"))
        self.unplaced: list[tuple[Mention, str]] = []
        self.claimed: set[int] = set()  # title spans already tied to the person before them
        self.title_at = {}
        for span in ctx.titles.values():
            for i in range(span.start, span.end):
                self.title_at[i] = span

    def add(self, person: Mention, org_key: str | None, title: str, rule: str) -> None:
        """Record a position; a title of state with no country written waits for the article's country."""
        if org_key is None and self._is_state_title(title):
            self.unplaced.append((person, title))
        if org_key is None or org_key == person.key:
            return
        title = title_name(title, self.ctx.gazetteer.title_abbreviations)
        self.found.setdefault((person.key, org_key), Position(person.key, org_key, title, person.sentence, rule))

    def parsed_apposition(self, person: Mention) -> None:
        """From the parse: "X, CEO of Y", "Managing director of Y, X", "Y's president, X", "president and CEO of Y"."""
        ctx, index = self.ctx, person.sentence
        root = ctx.parse.root(index, person.start, person.end)
        if root is None:
            return
        heads = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            heads.append(root.head)
        for head in heads:
            span = self.title_at.get(ctx.parse.index(index, head))
            if span is None:
                continue
            words = [head, *(c for c in head.children if c.dep_ == "conj")]
            for word in words:
                for child in word.children:
                    owners = [c for c in child.children if c.dep_ == "pobj"] if child.lower_ in ("of", "at") else []
                    if child.dep_ == "poss":
                        owners = [child]
                    for owner in owners:
                        org = ctx.at.get(ctx.parse.index(index, owner))
                        if org is not None and ctx.type_of(org) in ACTOR_TYPES:
                            self.add(person, org.key, span.text, rule="positions.parsed_apposition")

    def actor_ending_at(self, end: int) -> str | None:
        """Key of an organization or country named right before token ``end`` (possessive allowed)."""
        if end > 0 and self.doc[end - 1].text in _POSSESSIVE:
            end -= 1
        m = self.ctx.at.get(end - 1)
        if m is not None and m.end == end and self.ctx.type_of(m) in ACTOR_TYPES:
            return m.key
        if end in self.ctx.demonyms:
            return self.ctx.country_key(self.ctx.demonyms[end][1].name)
        return None

    def actor_after(self, start: int) -> str | None:
        """Key of an organization or country right after "of"/"at" at token ``start``."""
        doc = self.doc
        if start < len(doc) and doc[start].lower_ in self.words.title_prepositions:
            k = start + 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
            m = self.ctx.at.get(k)
            if m is not None and m.start == k and self.ctx.type_of(m) in ACTOR_TYPES:
                return m.key
        return None

    def title_before(self, person: Mention) -> None:
        """"Hanwha Aerospace CEO Son Jae-il", "Peru's Defense Minister X", "the South Korean Ambassador X".

        A head of state or minister named with no country ("President Dina Boluarte") serves the
        country the article is about.
        """
        span = self.ctx.titles.get(person.start)
        if span is None:
            return
        if span.start in self.ctx.titles:  # "Saudi Defence Minister Prince Khalid": the outer title has the country
            span = self.ctx.titles[span.start]
        first = self._first_of_list(span.start)
        org = self.actor_ending_at(first) or self._led_by(first)
        self.add(person, org, span.text, rule="positions.title_before")

    def share_with_conjoined(self) -> None:
        """"X and Y, the official spokespersons of Z": X holds the plural title Y holds by apposition
        (a singular one is Y's alone: "X and Y, the director general of Z")."""
        persons = [m for m in self.ctx.mentions if self.ctx.type_of(m) == "Person"]
        for first, second in pairwise(persons):
            if first.end + 1 != second.start or self.doc[first.end].lower_ != "and":
                continue
            for position in list(self.found.values()):
                plural = position.title.endswith("s") and not position.title.endswith("ss")
                if position.person == second.key and position.rule == "positions.apposition_after" and plural:
                    self.add(first, position.organization, position.title, rule="positions.conjoined")

    def place_heads_of_state(self) -> None:
        """Titles of state with no country written serve the country the gazetteer gives the person, else the
        article's country, unless placed elsewhere."""
        placed = {person for person, _ in self.found}
        for person, title in self.unplaced:
            if person.key in placed:
                continue
            entry = person.entry or self.ctx.gazetteer.lookup(self.ctx.entities[person.key].label, "Person")
            known = self.ctx.country_key(entry.country) if entry is not None and entry.country else None
            if known is not None:
                self.add(person, known, title, rule="positions.known_office")
            elif self.home_country is not None:  # (adding with no country would only queue the title again)
                self.add(person, self.home_country, title, rule="positions.place_heads_of_state")

    def _first_of_list(self, start: int) -> int:
        """Start of a list of titles ending at ``start``: "chairman and chief executive"."""
        doc = self.doc
        while start >= 2 and doc[start - 1].lower_ in ("and", "&") and start - 1 in self.ctx.titles:
            start = self.ctx.titles[start - 1].start
        return start

    def _counterpart(self, person: Mention, noun: int) -> None:
        """"Defense Minister Luis Petri and his Danish counterpart, X": X holds that title for Denmark."""
        org = self.actor_ending_at(noun)
        if org is None:
            return
        before = [p for p in self.found.values() if p.sentence == person.sentence]
        self.add(person, org, before[-1].title if before else "counterpart", rule="positions.counterpart")

    def whose_title(self, person: Mention) -> None:
        """"Rheinmetall, whose chief executive is Armin Papperger"."""
        doc = self.doc
        if person.start < 3 or doc[person.start - 1].lower_ not in ("is", "was"):
            return
        span = self.ctx.titles.get(person.start - 1)
        if span is None:
            return
        first = self._first_of_list(span.start)
        if first >= 1 and doc[first - 1].lower_ == "whose":
            self.add(person, self._subject_before(first - 1), span.text, rule="positions.whose_title")

    def _subject_before(self, k: int) -> str | None:
        """The organization a clause at token ``k`` hangs on: "X, ...", "X, the South Korean group ..."."""
        doc = self.doc
        if k >= 1 and doc[k - 1].text == ",":
            k -= 1
        m = self.ctx.at.get(k - 1)
        if m is not None and self.ctx.type_of(m) in ACTOR_TYPES:
            return m.key
        # back over a lower-case apposition to the name it describes: "KAI, South Korea's only maker ...,"
        j = k - 1
        while j >= 1 and k - j <= 12 and doc[j].text != ",":
            if doc[j].text in (".", ";", "(", ")") or doc[j].lower_ in self.words.relative_pronouns:
                return None
            j -= 1
        if j < 1 or doc[j].text != ",":
            return None
        m = self.ctx.at.get(j - 1)
        if m is not None and self.ctx.type_of(m) in ORG_TYPES:
            return m.key
        return None

    def _is_state_title(self, title: str) -> bool:
        words = set(title_name(title, self.ctx.gazetteer.title_abbreviations).split())
        return bool(words & self.state_words) and not words & self.corporate_words

    def _led_by(self, start: int) -> str | None:
        """"Hanwha Aerospace, led by chief executive X"."""
        doc = self.doc
        if start >= 3 and doc[start - 1].lower_ == "by" and doc[start - 2].lower_ in self.words.lead_verbs:
            k = start - 2
            while k >= 1 and doc[k - 1].lower_ in self.words.title_linkers:
                k -= 1  # "KAI ... is led by"
            return self._subject_before(k)
        return None

    def apposition_after(self, person: Mention) -> None:
        """"X, the General Manager of FAME", "X, Hanwha's CEO", "X, FAME general manager"."""
        doc = self.doc
        k = person.end
        if k >= len(doc) or doc[k].text != ",":
            return
        k += 1
        while k < len(doc) and doc[k].lower_ in self.words.articles | self.words.possessive_determiners:
            k += 1
        limit = min(len(doc), k + 8)
        j = k
        while j < limit and j not in self.title_at:
            if doc[j].text in (",", ".", ";"):
                return
            j += 1
        if j >= limit:
            return
        span = self.title_at[j]
        following = self.ctx.at.get(span.end)
        if following is not None and following.start == span.end and self.ctx.type_of(following) == "Person":
            return  # "X, Hyundai Rotem CEO Lee Yong-bae": the title is Lee's
        self.claimed.add(span.start)
        org = self.actor_after(self._after_titles(span.end)) or self.actor_ending_at(self._modifiers_before(span.start))
        self.add(person, org, span.text, rule="positions.apposition_after")

    def _modifiers_before(self, start: int) -> int:
        """Back over up to three lower-case words after a possessive: "ASMAR's naval construction manager"."""
        doc = self.doc
        k = start
        while k > 0 and start - k < 3 and doc[k - 1].is_lower and doc[k - 1].is_alpha and not doc[k - 1].is_stop:
            k -= 1
        return k if k < start and k > 0 and doc[k - 1].text in _POSSESSIVE else start

    def _after_titles(self, end: int) -> int:
        """Skip "and Managing Director" after a title: "the CEO and Managing Director of TASL"."""
        doc = self.doc
        while end + 1 < len(doc) and doc[end].lower_ in ("and", "&", ",") and end + 1 in self.title_at:
            end = self.title_at[end + 1].end
        return end

    def apposition_before(self, person: Mention) -> None:
        """"the South Korean Ambassador to Peru, Choi Jong-Uk", "FAME's general manager, X"."""
        doc = self.doc
        k = person.start - 1
        if person.start in self.ctx.titles:  # "Egypt's Defence Minister, General Mohamed Zaki"
            k = self.ctx.titles[person.start].start - 1
        if k < 1 or doc[k].text != ",":
            return
        j, words = k - 1, 0
        while j >= 0 and words < 6 and j not in self.title_at:
            if doc[j].text in (",", ".", ";"):
                return
            if doc[j].text == ")" and j >= 2 and doc[j - 2].text == "(":
                j -= 3  # "the Commander of the Brazilian Air Force (FAB), ..."
                continue
            named = self.ctx.at.get(j)
            if named is not None and self.ctx.type_of(named) == "Person":
                return  # "Minister Luis Petri and his Danish counterpart, X": the title is Petri's
            if doc[j].lower_ in self.counterparts:
                self._counterpart(person, j)
                return
            j = named.start - 1 if named is not None else j - 1  # a name counts as one word
            words += 1
        if j < 0 or j not in self.title_at or self.title_at[j].start in self.claimed:
            return
        span = self.title_at[j]
        org = self.actor_ending_at(span.start) or self.actor_after(span.end)
        self.add(person, org, span.text, rule="positions.apposition_before")


def extract_positions(ctx: Context) -> list[Position]:
    """Titles tied to a named organization or country by the grammar around a person's name."""
    finder = _Positions(ctx)
    for person in (m for m in ctx.mentions if ctx.type_of(m) == "Person"):
        finder.title_before(person)
        finder.apposition_after(person)
        finder.apposition_before(person)
        finder.whose_title(person)
        finder.parsed_apposition(person)
    finder.place_heads_of_state()
    finder.share_with_conjoined()
    return list(finder.found.values())
