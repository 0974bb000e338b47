"""Resolve mentions to entities: aliases, acronyms defined in text, short mentions, cross-article keys."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.extract.mentions import Mention, organization_phrase
from kg.gazetteer import Gazetteer
from kg.iris import entity_key
from kg.records import Entity

__all__ = ["TYPE_FAMILIES", "canonical_name", "organization_key_name", "resolve_descriptions", "resolve_mentions"]

#: Types a short mention may resolve across ("Hanwha" names a firm, a ministry is never a person).
TYPE_FAMILIES = {
    "Person": "person",
    "Company": "org",
    "GovernmentBody": "org",
    "MilitaryOrganization": "org",
    "Country": "country",
    "Place": "place",
    "Site": "site",
    "Product": "product",
}

#: Which evidence wins when two mentions of one name disagree on its type.
_COUNTRY_BODIES = ("country-org", "home-org")  # mentions of a country's body: its name carries the country, or
# the article's country is taken for it ("the Ministry of Defence said")
_SOURCE_RANK = {
    "gazetteer": 0,
    "acronym": 1,
    "acronym-short": 1,
    "country-org": 2,
    "home-org": 2,
    "subsidiary": 2,
    "based": 3,
    "title": 3,
    "pattern": 4,
    "ner": 5,
    "name": 9,
}

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def canonical_name(text: str) -> str:
    """A name as a label: single spaces, no possessive, no leading "the".

    >>> canonical_name("the  Peruvian Army's")
    'Peruvian Army'
    """
    text = " ".join(text.split())
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return _POSSESSIVE.sub("", text)


def organization_key_name(phrase: str, country: str) -> str:
    """Spelling-independent name of a country's body ("Defence Ministry" of Peru = "Ministry of Defense").

    >>> organization_key_name("Defence Ministry", "Peru")
    'ministry of defense peru'
    """
    return f"{organization_phrase(phrase)} {country.lower()}"


class _Resolver:
    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.entities: dict[str, Entity] = {}
        self.rank: dict[str, int] = {}
        self.by_form: dict[str, str] = {}  # lower-cased surface form -> key
        self.legal_forms = set(gaz.words("organizations", "legal_forms"))

    def register(self, mention: Mention, type_: str, label: str, key_name: str | None = None) -> str:
        key = entity_key(type_, key_name or label)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(key, type_, label, rule=f"mention.{mention.source}")
            self.rank[key] = _SOURCE_RANK.get(mention.source, 5)
        self.attach(mention, key)
        return key

    def attach(self, mention: Mention, key: str) -> None:
        entity = self.entities[key]
        mention.key = key
        surface = canonical_name(mention.text)
        if surface and surface != entity.label:
            entity.alt_labels.add(surface)
        bare = self.without_country(surface)
        if bare and bare != entity.label:
            entity.alt_labels.add(bare)  # "Peru's Defense Ministry" is also written "the Defense Ministry"
        entity.sentences.add(mention.sentence)
        self.by_form.setdefault(surface.lower(), key)
        self.by_form.setdefault(entity.label.lower(), key)
        bare = self.without_legal_form(surface) if entity.type == "Company" else None
        if bare:
            self.by_form.setdefault(bare.lower(), key)  # "MESKO S.A." is also written "MESKO"

    def without_country(self, surface: str) -> str | None:
        """The name after a possessive country: "Peru's Defense Ministry" -> "Defense Ministry"."""
        match = re.match(r"^(.+?)(?:'s|’s) (.+)$", surface)
        if match and self.gaz.country(match.group(1)):
            return match.group(2)
        return None

    def curated_body(self, mention: Mention):
        """The gazetteer's entry for a country's body however it is written ("Poland's Defence Ministry")."""
        country = self.gaz.country(mention.country)
        if country is None:
            return None
        phrase = re.split(r"(?:'s|’s) ", mention.text, maxsplit=1)[-1]
        for demonym in country.demonyms:
            if phrase.startswith(demonym + " "):
                phrase = phrase[len(demonym) + 1 :]
        variants = [mention.text, phrase, f"{country.name}'s {phrase}", f"{phrase} of {country.name}"]
        variants += [f"{d} {phrase}" for d in country.demonyms]
        for variant in variants:
            for entry in self.gaz.by_name.get(variant.lower(), ()):
                if entry.type == mention.type and entry.country == country.name:
                    return entry
        return None

    def label_of(self, mention: Mention) -> tuple[str, str, str | None]:
        """Type, label and (for a country's body) key name of a typed mention."""
        if mention.entry is not None:
            return mention.entry.type, mention.entry.name, None
        if mention.source in _COUNTRY_BODIES and mention.country:
            entry = self.curated_body(mention)
            if entry is not None:
                mention.entry = entry
                return entry.type, entry.name, None
        if mention.source in _COUNTRY_BODIES and mention.country and "'s " in mention.text:
            phrase = mention.text.split("'s ", 1)[1]
            return mention.type, f"{phrase} ({mention.country})", organization_key_name(phrase, mention.country)
        label = canonical_name(mention.text)
        bare = self.without_legal_form(label) if mention.type == "Company" else None
        return mention.type, label, bare

    def without_legal_form(self, name: str) -> str | None:
        """A firm's name without its legal form: "WZE S.A." -> "WZE" (None when it has none)."""
        words = name.split()
        if len(words) > 1 and words[-1].rstrip(",") in self.legal_forms:
            return " ".join(words[:-1]).rstrip(",")
        return None


def _words(text: str) -> list[str]:
    return canonical_name(text).lower().split()


def _short_candidates(mention: Mention, entities: Iterable[Entity]) -> list[Entity]:
    """Entities of a compatible type whose name holds the mention's words in order."""
    words = _words(mention.text)
    if not words:
        return []
    # The statistical NER's type is a hint: "Zephyr" may be short for "Zephyr Aerospace Industries" whatever it says.
    family = None if mention.source == "ner" else TYPE_FAMILIES.get(mention.type or "", None)
    found = []
    for entity in entities:
        if family and TYPE_FAMILIES[entity.type] != family:
            continue
        if entity.type in ("Country", "Place"):
            continue
        for form in (entity.label, *entity.alt_labels):
            form_words = _words(form)
            if len(form_words) <= len(words):
                continue
            if entity.type == "Person":
                hit = any(form_words[i : i + len(words)] == words for i in range(len(form_words)))
            else:
                hit = form_words[: len(words)] == words
            if hit:
                found.append(entity)
                break
    return found


def resolve_mentions(mentions: list[Mention], gaz: Gazetteer) -> list[Entity]:
    """Entities of one article; sets ``mention.key`` on every mention that names one.

    Gazetteer names and acronyms defined in the text come first, then names
    typed by patterns, then short and untyped mentions, which join the one
    longer name they abbreviate ("Boluarte", "Hanwha") or are dropped when
    none or several fit.
    """
    r = _Resolver(gaz)
    ordered = sorted(
        (m for m in mentions if m.type),
        key=lambda m: (_SOURCE_RANK.get(m.source, 5), m.start),
    )
    # An acronym the article defines means what the article says, whatever the gazetteer knows it as.
    defined = {m.acronym for m in mentions if m.acronym}
    acronyms: dict[str, str] = {}
    for mention in ordered:
        surface = canonical_name(mention.text).lower()
        if mention.text in defined and not mention.acronym:
            if mention.text in acronyms:
                r.attach(mention, acronyms[mention.text])
            continue  # attached in the second pass, once the defining name is registered
        known = r.by_form.get(surface)
        if known and mention.entry is None:
            r.attach(mention, known)
        elif mention.entry is None and (
            mention.source == "ner" or mention.type in ("Person", "Company") and mention.source == "pattern"
        ):
            continue  # wait: it may be a short form of a longer name
        else:
            type_, label, key_name = r.label_of(mention)
            r.register(mention, type_, label, key_name)
        if mention.acronym:
            acronyms[mention.acronym] = mention.key
    for mention in sorted((m for m in mentions if m.key is None), key=lambda m: m.start):
        if mention.text in acronyms:
            r.attach(mention, acronyms[mention.text])
            continue
        surface = canonical_name(mention.text).lower()
        known = r.by_form.get(surface)
        if known:
            r.attach(mention, known)
            continue
        candidates = _short_candidates(mention, r.entities.values())
        if len(candidates) == 1:
            r.attach(mention, candidates[0].key)
        elif not candidates and mention.type:
            type_, label, key_name = r.label_of(mention)
            r.register(mention, type_, label, key_name)
    return list(r.entities.values())


def resolve_descriptions(
    doc, mentions: list[Mention], nationality: dict[str, set[str]], gaz: Gazetteer, demonyms: dict, sentence_of: list[int]
) -> list[Mention]:
    """Mentions for "the South Korean firm": the one firm of that nationality named before it, if only one.

    With no firm of that nationality, the one firm of unknown nationality named in this or the last
    sentence is the one described; the mention carries the country the description gives it.

    ``nationality`` maps firm keys to Country keys. The description adds no label: it is not a name.
    """
    nouns = set(gaz.words("organizations", "firm_nouns"))
    found: list[Mention] = []
    for end, (start, country) in demonyms.items():
        if start == 0 or doc[start - 1].lower_ != "the" or end >= len(doc) or doc[end].lower_ not in nouns:
            continue
        if any(m.start == end + 1 for m in mentions):
            continue  # "the Indonesian shipbuilder PT PAL": the description qualifies the name after it
        earlier = {m.key for m in mentions if m.end <= start and country.key in nationality.get(m.key or "", ())}
        here = sentence_of[start]
        if not earlier:
            # "When Rheinmetall won ..., the German company promised": the one firm of unknown nationality
            # named just before (this sentence or the last) is the firm described, and has that nationality
            earlier = {
                m.key
                for m in mentions
                if m.key and m.end <= start and here - 1 <= m.sentence <= here and m.type == "Company"
                and not nationality.get(m.key)
            }
        if len(earlier) == 1:
            description = Mention(
                start - 1, end + 1, doc[start - 1 : end + 1].text, "Company", here, source="description",
                country=country.name,
            )
            description.key = earlier.pop()
            found.append(description)
    return found
