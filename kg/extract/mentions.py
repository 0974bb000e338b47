"""Find entity mentions: gazetteer names, acronym definitions and typed patterns for unseen names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.gazetteer import Entry, Gazetteer
from kg.vocab import organization_classes

__all__ = ["Cues", "Mention", "descriptor_end", "find_mentions", "home_country", "organization_phrase", "possessive_end"]

_ORG_TYPES = organization_classes()
_POSSESSIVE = {"'s", "’s", "'", "’"}
_CODE = re.compile(r"^[A-Z]{1,5}-?\d{1,4}[A-Za-z0-9-]*$")  # K9, KF-21, FA-50, AS21, C-295
HOME_LEAD_WEIGHT = 2
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z&]$|^[A-Z]{2,}s?$")


@dataclass
class Mention:
    """A span of the text that names an entity, typed as far as the text and data tell."""

    start: int  # token offsets in the doc
    end: int
    text: str
    type: str | None  # None: a capitalized name nothing typed yet (may be a short mention)
    sentence: int
    entry: Entry | None = None
    source: str = "gazetteer"
    acronym: str | None = None  # acronym defined for this name in parentheses
    country: str | None = None  # Country entry name the name itself carries ("Peru's Defense Ministry")
    title: str | None = None  # title written right before a person's name
    key: str | None = None  # entity key, set by resolution
    place: str | None = None  # key of the place a site is named after ("the Zalaegerszeg plant")


class Cues:
    """Word lists of the lexicon as sets, looked up while scanning tokens."""

    def __init__(self, gaz: Gazetteer):
        w = gaz.words
        self.gaz = gaz
        self.company_suffixes = set(w("organizations", "company_suffixes"))
        self.company_final_only = set(w("organizations", "company_final_only"))
        self.company_openers = set(w("organizations", "company_openers"))
        self.site_openers = set(w("organizations", "site_openers"))
        self.government_heads = set(w("organizations", "government_heads"))
        self.government_extra = set(w("organizations", "government_extra_heads"))
        self.government_openers = set(w("organizations", "government_openers"))
        self.military_heads = set(w("organizations", "military_heads"))
        self.military_openers = set(w("organizations", "military_openers"))
        self.military_phrases = {p.lower() for p in w("organizations", "military_phrases")}
        self.ministry_phrases = {p.lower() for p in w("organizations", "ministry_phrases")}
        self.site_nouns = {p.lower() for p in w("organizations", "site_nouns")}
        self.site_heads = set(w("organizations", "site_heads"))
        self.place_kinds = {p.lower() for p in w("organizations", "place_kinds")}
        self.place_heads = set(w("organizations", "place_heads"))
        self.place_prepositions = set(w("organizations", "place_prepositions"))
        self.stop_names = set(w("organizations", "stop_names"))
        self.product_nouns = {p.lower() for p in w("organizations", "product_nouns")}
        self.descriptor_nouns = {p.lower() for p in w("organizations", "firm_nouns")} | self.site_nouns
        self.product_heads = set(w("organizations", "product_heads"))
        self.connectors = set(w("organizations", "name_connectors"))
        self.weak_connectors = set(w("organizations", "weak_connectors"))
        self.name_particles = set(w("organizations", "name_particles"))
        self.state_nouns = set(w("organizations", "state_nouns"))
        self.counterparts = set(w("organizations", "counterpart_nouns"))
        self.name_prefixes = set(w("organizations", "name_prefixes"))
        self.region_words = set(w("organizations", "region_words"))
        self.ner_types: dict[str, str] = dict(gaz.table("organizations", "ner_types"))
        self.ner_trusted = set(w("organizations", "ner_trusted_types"))
        self.firm_after_name = set(w("organizations", "firm_nouns_after_name"))

    @cached_property
    def ministry_openers(self) -> frozenset[str]:
        """First words of the ministry phrases, lower-cased."""
        return frozenset(p.split()[0] for p in self.ministry_phrases)

    @cached_property
    def max_phrase(self) -> int:
        return max(len(p.split()) for p in self.ministry_phrases | self.military_phrases)


def organization_phrase(phrase: str) -> str:
    """A body's name in one spelling: "Defence Ministry" and "Ministry of Defense" are one.

    >>> organization_phrase("Defence Ministry")
    'ministry of defense'
    """
    phrase = phrase.lower().replace("defence", "defense")
    match = re.fullmatch(r"(.+?) ministry", phrase)
    return f"ministry of {match.group(1)}" if match else phrase


def home_country(mentions: list[Mention], demonyms: dict, gaz: Gazetteer) -> Entry | None:
    """The country an article is about: named most (by name, demonym or a place's country), the lead counting
    double and its first-named country triple.

    Ties go to the country named first.
    """
    scores: dict[str, float] = {}
    named = [(m.start, m.sentence, gaz.country(m.entry.country) if m.type == "Place" else m.entry)
             for m in mentions if m.entry is not None and (m.type == "Country" or m.type == "Place" and m.entry.country)]
    named += [(start, None, entry) for start, entry in demonyms.values()]
    lead = {start for start, sentence, _ in named if sentence == 0}
    first = min(lead, default=None)
    for start, _, entry in sorted(named, key=lambda n: n[0]):
        if entry is not None:
            weight = HOME_LEAD_WEIGHT + 1 if start == first else HOME_LEAD_WEIGHT if start in lead else 1
            scores[entry.name] = scores.get(entry.name, 0) + weight
    best = max(scores, key=lambda name: scores[name], default=None)
    return gaz.country(best) if best else None


def possessive_end(doc: Doc, i: int) -> int:
    """Index after a possessive marker at ``i`` ("Peru 's"), else ``i``."""
    return i + 1 if i < len(doc) and doc[i].text in _POSSESSIVE else i


def descriptor_end(doc: Doc, i: int, nouns: set[str], limit: int = 4) -> int | None:
    """End of a lower-case descriptor from ``i`` closed by a comma: "army arms factory," "state arms maker,".

    The descriptor's last word is a firm or facility noun; the index returned is the comma's.
    """
    for j in range(i, min(len(doc), i + limit)):
        if not doc[j].is_lower or not doc[j].is_alpha:
            return None
        if doc[j].lower_ in nouns and j + 1 < len(doc) and doc[j + 1].text == ",":
            return j + 1
    return None


_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ibn|bin|de|da|di|du|van|von|ul)-[A-Z]")


def _is_name_token(text: str) -> bool:
    """Capitalized words, codes such as "K9", and Arabic or Dutch names with a particle ("el-Sisi")."""
    if not text:
        return False
    return (
        text[0].isupper()
        or (text[0].isdigit() and any(c.isalpha() for c in text))
        or bool(_PARTICLE.match(text))
    )


def _spells(long_form: str, acronym: str) -> bool:
    """Whether the capitalized words of ``long_form`` start with the letters of ``acronym``, in order.

    >>> _spells("Korea Aerospace Industries", "KAI"), _spells("Portuguese Air Force", "FAP")
    (True, False)
    """
    initials = "".join(word[0] for word in long_form.split() if word[:1].isupper())
    return initials.upper() == "".join(c for c in acronym.upper() if c.isalpha())


def _span_text(doc: Doc, start: int, end: int) -> str:
    return " ".join(doc[start:end].text.split())


class _Finder:
    """One pass over a doc: reserved spans first (gazetteer, titles, demonyms), then capitalized runs."""

    def __init__(self, doc: Doc, engine, sentence_of: list[int], deal_words: set[int] = frozenset()):
        self.doc = doc
        self.deal_words = deal_words  # tokens of deal nouns: "Memorandum of Understanding" names no firm
        self.engine = engine
        self.gaz: Gazetteer = engine.gazetteer
        self.cues: Cues = engine.cue_sets
        self.sentence_of = sentence_of
        self.mentions: list[Mention] = []
        self.taken = [False] * len(doc)
        self.titles: dict[int, Span] = {}  # end token -> title span ending there
        self.title_starts: dict[int, Span] = {}
        self.demonyms: dict[int, tuple[int, Entry]] = {}  # end token -> (start, country)

    def add(self, start: int, end: int, type_: str | None, **kw) -> Mention:
        mention = Mention(start, end, _span_text(self.doc, start, end), type_, self.sentence_of[start], **kw)
        self.mentions.append(mention)
        for i in range(start, end):
            self.taken[i] = True
        return mention

    # -- reserved spans -------------------------------------------------------------

    def gazetteer_spans(self) -> None:
        doc = self.doc
        spans = [Span(doc, s, e) for _, s, e in self.engine.names(doc)]
        spans += [Span(doc, s, e) for _, s, e in self.engine.exact_names(doc)]
        spans = [s for s in spans if _is_name_token(s[0].text) and not self._glued_to_number(s)]
        spans = [s for s in filter_spans(spans) if not self._cut_by_title(s)]
        covered = {i for span in spans for i in range(span.start, span.end)}
        for span in sorted(spans, key=lambda s: s.start):
            entry = self._entry_for(span)
            if entry is None:
                continue
            if entry.type not in ("Country", "Place") and self._inside_run(span, covered):
                continue  # "José Rafael Ojeda", "Hanwha Defense": the longer name wins
            if entry.type == "Country" and self._in_region_name(span):
                continue  # "Latin America", "Central America": a region, not the United States
            if span[-1].is_lower and descriptor_end(doc, span.end, self.cues.descriptor_nouns) is not None:
                continue  # "Peru's army arms factory, ...": "army" modifies the descriptor, it names no force
            self.add(span.start, span.end, entry.type, entry=entry)

    def _cut_by_title(self, span: Span) -> bool:
        """A name that ends inside a title is not one: "Danish Defence" in "Danish Defence Minister"."""
        return any(t.start < span.end < t.end and t.start >= span.start for t in self.title_starts.values())

    def _glued_to_number(self, span: Span) -> bool:
        """ "US$60 million", "US $60 million", "A$1.2 billion": a currency prefix, not a country."""
        end = span.end
        if end >= len(self.doc):
            return False
        nxt = self.doc[end]
        symbol = nxt.is_currency or nxt.text[0] in "$€£¥₹₩"
        if span[-1].whitespace_:
            # "US $60": a country code spaced from a currency symbol glued to a number
            return len(span) == 1 and span.text.isupper() and len(span.text) <= 3 and symbol and not nxt.whitespace_
        return nxt.text[0].isdigit() or symbol

    def _in_region_name(self, span: Span) -> bool:
        """A country's name after a region word: "Latin America", "Central America"."""
        prev = span.start - 1
        return prev >= 0 and self.doc[prev].text in self.cues.region_words and bool(self.doc[prev].whitespace_)

    def _inside_run(self, span: Span, covered: set[int]) -> bool:
        doc, cues = self.doc, self.cues

        def open_name(i: int) -> bool:
            if i < 0 or i >= len(doc) or i in covered:
                return False
            text = doc[i].text
            return _is_name_token(text) and text not in cues.stop_names and not _CODE.match(text)

        before = open_name(span.start - 1) and not doc[span.start].is_sent_start
        if not before and span.start >= 2 and doc[span.start - 1].text in cues.connectors - cues.weak_connectors:
            # "Ministry of National Defence": not "National Defence" (a head such as "Ministry" counts)
            head = doc[span.start - 2]
            before = head.i not in covered and head.text[:1].isupper() and head.is_alpha and span.start - 1 not in self.titles
        if before and doc[span.start - 1].text in self.gaz.demonyms_written:
            before = False
        end = span.end
        suffix = end < len(doc) and end not in covered and doc[end].text in cues.company_suffixes
        return before or (len(span) == 1 and (open_name(end) or suffix))  # "Embraer Defense & Security"

    def _entry_for(self, span: Span) -> Entry | None:
        entries = self.gaz.by_name.get(" ".join(span.text.split()).lower(), [])
        return entries[0] if entries else None

    def title_spans(self) -> None:
        for span in filter_spans([Span(self.doc, s, e) for _, s, e in self.engine.titles(self.doc)]):
            if self._inside_name(span):
                continue
            self.titles[span.end] = span
            self.title_starts[span.start] = span

    def _inside_name(self, span: Span) -> bool:
        """A title word between a name's words and a connector: "Cuartel General del Ejército"."""
        doc, start, end = self.doc, span.start, span.end
        if start == 0 or end + 1 >= len(doc) or doc[start].is_sent_start:
            return False
        prev = doc[start - 1].text
        return (
            prev[:1].isupper() and prev.isalpha() and prev not in self.cues.stop_names
            and doc[end].text in self.cues.connectors and doc[end + 1].text[:1].isupper()
        )

    def demonym_spans(self) -> None:
        for _, s, e in self.engine.demonyms(self.doc):
            entry = self.gaz.demonyms.get(self.doc[s:e].text.lower())
            if entry and not any(self.taken[s:e]) and (e not in self.demonyms or self.demonyms[e][0] > s):
                self.demonyms[e] = (s, entry)  # the longest: "South Korean", not "Korean"
        for e, (s, _) in list(self.demonyms.items()):
            if s > 0 and self.doc[s - 1].text in self.cues.region_words and self.doc[s - 1].whitespace_:
                del self.demonyms[e]  # "Latin American countries": a region's, not the United States'

    # -- organizations carrying a country: "Peru's Defense Ministry", "the Peruvian Army" ---

    def country_organizations(self) -> None:
        doc, cues = self.doc, self.cues
        anchors: list[tuple[int, int, Entry]] = [(s, e, c) for e, (s, c) in self.demonyms.items()]
        for m in self.mentions:
            if m.type == "Country" and m.entry is not None:
                after = possessive_end(doc, m.end)
                if after > m.end:
                    anchors.append((m.start, after, m.entry))
        for end, (start, country) in list(self.demonyms.items()):
            # "the Portuguese government" is the state itself, a party like "Portugal"
            if start >= 1 and doc[start - 1].lower_ == "the" and end < len(doc) and doc[end].text in cues.state_nouns:
                mention = self.add(start, end + 1, "Country", entry=country)
                mention.text = country.name
                del self.demonyms[end]
                anchors.remove((start, end, country))
        for start, end, country in anchors:
            for size in range(cues.max_phrase, 0, -1):
                if end + size > len(doc) or not self._free_for(country, end, end + size):
                    continue
                phrase = doc[end : end + size].text.lower()
                type_ = (
                    "GovernmentBody"
                    if phrase in cues.ministry_phrases
                    else "MilitaryOrganization"
                    if phrase in cues.military_phrases
                    else None
                )
                if type_:
                    self._country_organization(start, end, end + size, type_, country)
                    break

    def home_bodies(self) -> None:
        """A ministry named with no country ("the Ministry of Defence said") is the one of the article's country.

        A body the article also names with its country ("Peru's Defense Ministry ... the Defense Ministry")
        keeps that country.
        """
        doc, cues = self.doc, self.cues
        home = home_country(self.mentions, self.demonyms, self.gaz)
        anchored = {}
        for m in self.mentions:
            country = m.country or (m.entry.country if m.entry is not None and m.type == "GovernmentBody" else None)
            words = m.text.split()
            phrases = [" ".join(words[i:]) for i in range(len(words))]
            phrase = next((p for p in phrases if p.lower() in cues.ministry_phrases), None)
            entry = self.gaz.country(country) if country and phrase else None
            if entry is not None:
                anchored[organization_phrase(phrase)] = (entry, m.text)
        for start in range(len(doc)):
            if self.taken[start] or doc[start].lower_ not in cues.ministry_openers or not doc[start].text[:1].isupper():
                continue
            for size in range(cues.max_phrase, 0, -1):
                end = start + size
                phrase = doc[start:end].text
                if end > len(doc) or any(self.taken[start:end]) or phrase.lower() not in cues.ministry_phrases:
                    continue
                country, name = anchored.get(organization_phrase(phrase), (home, None))
                if country is not None and all(t.text[:1].isupper() or t.is_stop for t in doc[start:end]):
                    mention = self.add(start, end, "GovernmentBody", source="home-org", country=country.name)
                    mention.text = name or f"{country.name}'s {phrase}"  # named as the body it repeats
                break

    def _free_for(self, country: Entry, start: int, end: int) -> bool:
        """Tokens free for a country's body, freeing them from another country's ("Poland's ... National Defence")."""
        if not any(self.taken[start:end]):
            return True
        inside = [m for m in self.mentions if m.start < end and m.end > start]
        if any(
            m.start < start or m.end > end or m.entry is None or m.entry.country in (None, country.name)
            for m in inside
        ):
            return False
        for m in inside:
            self.mentions.remove(m)
            for i in range(m.start, m.end):
                self.taken[i] = False
        return True

    def _country_organization(self, start: int, head: int, end: int, type_: str, country: Entry) -> None:
        doc = self.doc
        if start > 0 and not self.taken[start - 1] and doc[start - 1].text in self.cues.name_prefixes:
            start -= 1  # "the Royal Moroccan Army"
        phrase = _span_text(doc, head, end)
        demonym_form = doc[head - 1].text not in _POSSESSIVE
        if demonym_form and not doc[head].text[0].isupper() and type_ == "MilitaryOrganization":
            return  # "the Peruvian army" in lower case is a description, not a name
        if doc[end - 1].is_lower and descriptor_end(doc, end, self.cues.descriptor_nouns) is not None:
            return  # "Chile's navy shipyard, ...": "navy" qualifies the descriptor
        if end < len(doc) and doc[end].text.capitalize() in self.cues.government_heads:
            return  # "France's armed forces ministry": the forces qualify the ministry
        mention = self.add(start, end, type_, source="country-org", country=country.name)
        mention.text = _span_text(doc, start, end) if demonym_form else f"{country.name}'s {phrase}"

    # -- capitalized runs ----------------------------------------------------------

    def runs(self) -> list[tuple[int, int]]:
        doc, cues = self.doc, self.cues
        runs: list[tuple[int, int]] = []
        blocked = list(self.taken)
        for span in self.titles.values():
            for k in range(span.start, span.end):
                blocked[k] = True
        for end, (start, _) in self.demonyms.items():
            for k in range(start, end):
                blocked[k] = True
        for k in self.deal_words:
            blocked[k] = True
        i = 0
        while i < len(doc):
            if blocked[i] or not _is_name_token(doc[i].text) or doc[i].text in self.cues.stop_names:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and not blocked[j]:
                text = doc[j].text
                if _is_name_token(text) and not doc[j].is_sent_start:
                    j += 1
                elif (
                    text in ("e", "y")
                    and doc[j - 1].text in cues.company_suffixes
                    and j + 1 < len(doc)
                    and doc[j + 1].text in cues.company_suffixes
                ):
                    j += 2  # a Romance "and" between two head words: "Aeroespacial e Defesa"
                elif text in cues.connectors and text not in cues.weak_connectors:
                    k = j + 2 if j + 2 < len(doc) and doc[j + 1].lower_ == "the" else j + 1
                    if k < len(doc) and not blocked[k] and _is_name_token(doc[k].text):
                        j = k + 1
                    else:
                        break
                else:
                    break
            runs.append((i, j))
            i = j
        return runs

    def national_subsidiaries(self) -> None:
        """A known firm followed by a country's name is its national arm: "Thales UK", "Boeing India"."""
        ordered = sorted(self.mentions, key=lambda m: m.start)
        for firm, country in pairwise(ordered):
            if firm.type != "Company" or country.type != "Country" or country.start != firm.end:
                continue
            if not self.doc[firm.end - 1].whitespace_ or country.entry is None:
                continue
            self.mentions.remove(firm)
            self.mentions.remove(country)
            self.add(firm.start, country.end, "Company", source="subsidiary", country=country.entry.name)

    def acronym_definitions(self) -> None:
        """``Full Name (ACR)``: the long form may hold "and"/"y" ("Military Armament and Ammunition Factory")."""
        doc, cues = self.doc, self.cues
        for k in range(1, len(doc) - 2):
            if doc[k].text != "(" or doc[k + 2].text != ")" or self.taken[k - 1]:
                continue
            acronym = doc[k + 1].text
            if not (_ACRONYM.match(acronym) and len(acronym) >= 2):
                continue
            start = k
            while start > 0 and not self.taken[start - 1]:
                prev = doc[start - 1].text
                if _is_name_token(prev) and not doc[start].is_sent_start or prev in cues.connectors and start - 1 > 0 and _is_name_token(doc[start - 2].text):
                    start -= 1
                else:
                    break
            while start < k and (doc[start].text in cues.stop_names or doc[start].text in cues.connectors):
                start += 1
            start = self._fit_acronym(start, k, acronym)
            if start >= k:
                continue
            long_form = _span_text(doc, start, k)
            entry = self.gaz.lookup(long_form)
            if entry is None and _spells(long_form, acronym):
                # A gazetteer acronym only stands for this long form when the letters agree:
                # "Portuguese Air Force (FAP)" is not Peru's FAP (Fuerza Aérea del Perú).
                entry = self.gaz.lookup(acronym)
            type_ = entry.type if entry else self.type_of(start, k, acronym=True)
            mention = self.add(start, k, type_, entry=entry, source="acronym", acronym=acronym)
            self.add(k + 1, k + 2, type_, entry=entry, source="acronym-short")
            mention.acronym = acronym

    def _fit_acronym(self, start: int, end: int, acronym: str) -> int:
        """Cut a long form at "and" when a later part spells the acronym ("A and Korea Aerospace Industries")."""
        doc = self.doc
        letters = [c for c in acronym.upper() if c.isalpha()]
        for cut in range(start, end):
            if cut > start and doc[cut - 1].text not in self.cues.weak_connectors:
                continue
            initials = [t.text[0].upper() for t in doc[cut:end] if t.text[0].isupper()]
            if initials[:1] == letters[:1] and _subsequence(letters, initials):
                return cut
        return start

    def type_of(self, start: int, end: int, acronym: bool = False) -> str | None:
        """Type of an unseen name from its head (last word) or, for Romance names, its first word."""
        cues = self.cues
        words = [t.text for t in self.doc[start:end]]
        last, first = words[-1], words[0]
        # English names put the head before "of"/"on"/"for": "Cabinet Committee on Security".
        cut = next((i for i, w in enumerate(words) if w in cues.connectors and i > 0), len(words))
        head = words[cut - 1]
        if head != last and not _CODE.match(first):
            kind = self._head_type(head, acronym, len(words))
            if kind:
                return kind
        if len(words) == 1 and not acronym and not _CODE.match(last):
            return None
        if first in cues.site_openers and any(w in cues.connectors for w in words[1:-1]):
            return "Site"  # a Romance name is headed by its first word: "Cuartel General del Ejército"
        if _CODE.match(first) or (acronym and last in cues.product_heads):
            return "Product"
        if last in cues.site_heads and len(words) > 1:
            return "Site"
        if last in cues.company_suffixes and cut == len(words):
            return "Company"  # not past "for"/"of": "Technical Support for Armament Systems" is no firm
        if last in cues.government_heads or (acronym and last in cues.government_extra):
            return "GovernmentBody"
        if last in cues.military_heads:
            return "MilitaryOrganization"
        if last in cues.place_heads and len(words) > 1:
            return "Place"
        if first in cues.government_openers:
            return "GovernmentBody"
        if first in cues.military_openers:
            return "MilitaryOrganization"
        if first in cues.company_openers:
            return "Company"
        if any(w in cues.company_suffixes and w not in cues.company_final_only for w in words[1:]):
            return "Company"
        return None

    def _head_type(self, head: str, acronym: bool, size: int) -> str | None:
        cues = self.cues
        if head in cues.government_heads or (acronym and head in cues.government_extra):
            return "GovernmentBody"
        if head in cues.military_heads:
            return "MilitaryOrganization"
        if head in cues.company_suffixes and head not in cues.company_final_only:
            return "Company"
        if head in cues.site_heads and size > 1:
            return "Site"
        return None

    def classify_runs(self) -> None:
        doc, cues = self.doc, self.cues
        for start, end in self.runs():
            while start < end and doc[start].text in cues.stop_names:
                start += 1
            while end > start and (doc[end - 1].text in cues.connectors or doc[end - 1].text in cues.stop_names):
                end -= 1
            if start >= end:
                continue
            singular = self._plural_of_known(start, end)
            if singular is not None:
                mention = self.add(start, end, singular.type, entry=singular)  # "Rafales", "Super Tucanos"
                mention.text = singular.name
                continue
            type_ = self.type_of(start, end)
            title = self.titles.get(start)
            if title is not None and type_ is None and self._is_person_run(start, end):
                self.add(start, end, "Person", source="title", title=title.text)
                continue
            if type_ in _ORG_TYPES:
                start = self._country_prefix(start)
            if type_ is None and self._before_product_noun(end):
                type_ = "Product"
            if type_ is None and end < len(doc) and doc[end].lower_ in cues.firm_after_name and doc[end].is_lower:
                type_ = "Company"  # "the Águas Azuis consortium", "the Kalyani group"
            if type_ is None and end - start <= 4:
                type_ = self._context_type(start, end)  # "Spanish shipbuilder X", "X, an Embraer Group company"
            if type_ is None and self._is_person_context(start, end):
                type_ = "Person"
            if type_ is None and self._is_place_context(start, end):
                type_ = "Place"
            self.add(start, end, type_, source="pattern" if type_ else "name")

    def _plural_of_known(self, start: int, end: int) -> Entry | None:
        """The curated product a plural name stands for: "Rafales", "A-29 Super Tucanos"."""
        text = _span_text(self.doc, start, end)
        if not text.endswith("s"):
            return None
        return self.gaz.lookup(text[:-1], "Product")

    def _country_prefix(self, start: int) -> int:
        """Extend a firm's name over a country or demonym written as its first word ("Korea Aerospace Industries")."""
        if start == 0 or self.doc[start - 1].whitespace_ == "" or self.doc[start - 1].text in _POSSESSIVE:
            return start
        prev = start - 1
        if prev + 1 in self.demonyms:
            return self.demonyms.pop(prev + 1)[0]
        for m in self.mentions:
            if m.end == start and m.type in ("Country", "Place") and m.source == "gazetteer":
                self.mentions.remove(m)
                return m.start
        return start

    def _is_person_run(self, start: int, end: int) -> bool:
        """Capitalized words, with name particles inside ("Lula da Silva", "Mohammed bin Salman")."""
        words = self.doc[start:end]
        if not 1 <= len(words) <= 6 or any(any(c.isdigit() for c in t.text) for t in words):
            return False
        if not (_is_name_token(words[0].text) and _is_name_token(words[-1].text)):
            return False
        return all(_is_name_token(t.text) or t.text in self.cues.name_particles for t in words)

    def _is_person_context(self, start: int, end: int) -> bool:
        """"X, the CEO of Y", "X, Hanwha's CEO", "X said" — a 2-4 word name next to a title or a speech verb."""
        doc = self.doc
        size = sum(1 for t in doc[start:end] if t.text not in self.cues.name_particles)
        if not (2 <= size <= 4 and self._is_person_run(start, end)):
            return False
        if any(doc[i].text in self.cues.company_suffixes | self.cues.site_heads for i in range(start, end)):
            return False
        k = end
        if k < len(doc) and doc[k].text == ",":
            k += 1
            while k < len(doc) and k - end <= 6:
                if k in self.title_starts:
                    return True
                k += 1
        if start >= 2 and doc[start - 1].text == "," and doc[start - 2].lower_ in self.cues.counterparts:
            return True  # "his Danish counterpart, Troels Lund Poulsen"
        if start >= 2 and doc[start - 1].text == "," and any(k in self.titles for k in range(max(0, start - 6), start)):
            return True  # "the South Korean Ambassador to Peru, Choi Jong-uk"
        if start >= 3 and doc[start - 1].lower_ in ("is", "was") and start - 1 in self.titles:
            first = self.titles[start - 1].start  # "whose chief executive is X"
            if doc[first - 1].lower_ == "whose" or doc[first - 1].lower_ in ("and", "&") and first - 1 in self.titles:
                return True
        after = doc[end].lower_ if end < len(doc) else ""
        before = doc[start - 1].lower_ if start else ""
        return after in {"said", "says", "told", "added", "noted", "stated"} or before in {"said", "says"}

    def _is_place_context(self, start: int, end: int) -> bool:
        """"the district of X", "in X, Gujarat", "X-based"."""
        doc, cues = self.doc, self.cues
        before = doc[start - 1].lower_ if start else ""
        before2 = doc[start - 2].lower_ if start > 1 else ""
        if before == "of" and before2 in cues.place_kinds:
            return True
        if before in cues.place_prepositions and end + 1 < len(doc) and doc[end].text == ",":
            nxt = next((m for m in self.mentions if m.start == end + 1), None)
            if nxt is not None and nxt.type in ("Place", "Country"):
                return True
            if doc[end + 1].lower_ == "in":  # "at Vemagal, in the Kolar district of Karnataka"
                ahead = doc[end + 2 : min(len(doc), end + 7)]
                if any(t.lower_ in cues.place_kinds for t in ahead) or any(
                    m.type in ("Place", "Country") and end + 2 <= m.start < end + 7 for m in self.mentions
                ):
                    return True
        if end < len(doc) and doc[end].lower_ in cues.place_kinds and doc[end].text[0].islower():
            return before in cues.place_prepositions or before == "the"
        return False

    def _before_product_noun(self, end: int) -> bool:
        if end >= len(self.doc):
            return False
        token = self.doc[end]
        words = self.doc[max(0, end - 3) : end]
        named = any(_CODE.match(t.text) for t in words)
        return named and token.lower_ in self.cues.product_nouns

    def named_sites(self) -> None:
        """"the Zalaegerszeg plant", "the Oceana shipyard": a name and a facility noun make a Site."""
        doc, cues = self.doc, self.cues
        for m in list(self.mentions):
            if m.type != "Place" or m.end >= len(doc) or doc[m.end].lower_ not in cues.site_nouns:
                continue
            if not doc[m.end].is_lower or (m.start and doc[m.start - 1].lower_ not in self.engine.words.site_determiners):
                continue
            self.mentions.remove(m)
            site = self.add(m.start, m.end + 1, "Site", source="pattern")
            site.place = m.entry.key if m.entry is not None else None
        for start, end in self.runs():
            if end >= len(doc) or doc[end].lower_ not in cues.site_nouns or not doc[end].is_lower:
                continue
            if start == 0 or doc[start - 1].lower_ not in ("the", "its"):
                continue
            if self.type_of(start, end) is not None or any(self.taken[start:end]):
                continue
            self.add(start, end + 1, "Site", source="pattern")

    def based_places(self) -> None:
        """"Mumbai-based" names a place inside one token."""
        for token in self.doc:
            if self.taken[token.i] or not token.text.endswith("-based") or not token.text[0].isupper():
                continue
            name = token.text[: -len("-based")]
            entry = self.gaz.lookup(name)
            type_ = entry.type if entry and entry.type in ("Place", "Country") else "Place"
            mention = self.add(token.i, token.i + 1, type_, entry=entry, source="based")
            mention.text = entry.name if entry else name


    def proposed_names(self, entities: list[tuple[int, int, str]]) -> None:
        """Names the statistical NER finds and nothing else typed, typed by their head words, else its label.

        The model's label is only a hint: "Jindal Defence" is a firm by its head word whatever it says.
        """
        doc = self.doc
        common = {t.text for t in doc if t.is_lower}  # words the article also writes in lower case
        for start, end, label in entities:
            hint = self.cues.ner_types.get(label)
            if hint is None:
                continue
            while start < end and (doc[start].lower_ == "the" or doc[start].text in self.cues.stop_names):
                start += 1
            if end > start and doc[end - 1].text in _POSSESSIVE:
                end -= 1
            if start >= end or not _is_name_token(doc[start].text) or any(k in self.deal_words for k in range(start, end)):
                continue
            if any(start < s.end and s.start < end for s in self.titles.values()):
                continue
            if any(start < e and s < end for e, (s, _) in self.demonyms.items()):
                continue
            inside = [m for m in self.mentions if m.start < end and m.end > start]
            if any(m.type is not None for m in inside):
                continue
            if end - start == 1 and doc[start].lower_ in common:
                continue  # "the State", "Infrastructure": a common noun the article also writes in lower case
            type_ = self.type_of(start, end) or self._context_type(start, end)
            if type_ is None and any(t.text in self.cues.connectors for t in doc[start:end]):
                continue  # "Transfer of Technology", "Research and Development": a capitalized topic
            if type_ is None and end - start == 1 and hint == "Person":
                continue  # a lone surname: only a short form of a full name given elsewhere
            if type_ is None and hint == "Person" and not self._person_shaped(start, end):
                continue  # "Colt CZ", "Wojskowe Zakłady Elektroniczne (WZE)": no person's name
            if type_ is None and hint not in self.cues.ner_trusted:
                continue  # an ORG label alone is too weak on news text: a head word or description must agree
            for m in inside:
                self.mentions.remove(m)
            self.add(start, end, type_ or hint, source="ner")

    def _person_shaped(self, start: int, end: int) -> bool:
        """A name a person may bear: no all-capital word in it, no acronym of it defined after it
        ("Jana Cernochova (ODS)" names her party)."""
        doc = self.doc
        if any(len(t.text) > 1 and t.text.isupper() for t in doc[start:end]):
            return False
        defined = end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"
        return not (defined and _spells(_span_text(doc, start, end), doc[end + 1].text))

    def _context_type(self, start: int, end: int) -> str | None:
        """A firm by its description: "Spanish shipbuilder Cardama", "Atech, an Embraer Group company"."""
        doc, nouns = self.doc, self.cues.descriptor_nouns
        k = start - 1
        if k >= 0 and doc[k].is_quote:
            k -= 1  # "Chinese company “CATIC”"
        while k >= 0 and k + 1 in self.demonyms:
            k = self.demonyms[k + 1][0] - 1
        if k >= 0 and doc[k].lower_ in nouns and doc[k].is_lower:
            return "Company"
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in self.engine.words.articles:
            for t in doc[end + 2 : min(len(doc), end + 8)]:
                if t.text in (",", ".", ";"):
                    break
                if t.lower_ in nouns and t.is_lower:
                    return "Company"
        return None


def _subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


def find_mentions(
    doc: Doc, engine, sentence_of: list[int], proposed: list[tuple[int, int, str]] = (), deal_words: set[int] = frozenset()
) -> tuple[list[Mention], dict[int, Span], dict]:
    """Mentions in ``doc`` with the title spans (by end token) and demonym spans (by end token).

    ``proposed`` are the statistical NER's (start, end, label) spans; ``deal_words`` tokens of deal nouns.
    """
    finder = _Finder(doc, engine, sentence_of, deal_words)
    finder.title_spans()
    finder.gazetteer_spans()
    finder.demonym_spans()
    finder.national_subsidiaries()
    finder.acronym_definitions()
    finder.country_organizations()
    finder.home_bodies()
    finder.based_places()
    finder.named_sites()
    finder.classify_runs()
    finder.proposed_names(proposed)
    finder.mentions.sort(key=lambda m: m.start)
    return finder.mentions, finder.titles, finder.demonyms
