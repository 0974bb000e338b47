"""Where things are (locatedIn), whose they are (country) and who makes products (manufacturer)."""

from __future__ import annotations

import re

from kg.extract.context import ORG_TYPES, Context
from kg.extract.mentions import Mention, descriptor_end
from kg.iris import entity_key
from kg.records import Entity, Position, Relation

__all__ = ["add_facilities", "extract_relations"]

_POSSESSIVE = {"'s", "’s", "'", "’"}
_LOCATABLE = {"Site", "Place"} | ORG_TYPES
_NATIONAL = ORG_TYPES | {"Person", "Site"}
_MAKERS = {"made", "built", "manufactured", "produced", "designed", "developed"}
_BASED = {"based", "headquartered", "located", "situated", "sited"}


class _Relations:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.doc = ctx.doc
        self.words = ctx.words
        self.found: dict[tuple[str, str, str], Relation] = {}
        self.site_nouns = set(ctx.gazetteer.words("organizations", "site_nouns"))
        self.demonym_tokens = {k for end, (start, _) in ctx.demonyms.items() for k in range(start, end)}
        self.kinds = set(ctx.gazetteer.words("organizations", "place_kinds"))
        self.nouns = self.kinds | self.site_nouns
        self.descriptor_nouns = set(ctx.gazetteer.words("organizations", "firm_nouns")) | self.site_nouns

    def add(self, subject: str | None, predicate: str, obj: str | None, sentence: int, rule: str) -> None:
        if predicate == "locatedIn" and (self._world_region(subject) or self._world_region(obj)):
            return  # "Asia, the Middle East and South America" is a list, not places inside each other
        if subject in self.ctx.entities and obj in self.ctx.entities and subject != obj:
            self.found.setdefault((subject, predicate, obj), Relation(subject, predicate, obj, sentence, rule))

    def _world_region(self, key: str | None) -> bool:
        """A region spanning countries (no country of its own in the gazetteer): Asia, the Baltics, the Gulf."""
        entry = self.ctx.gazetteer.by_key.get(key) if key else None
        return entry is not None and entry.type == "Place" and entry.kind == "region" and not entry.country

    def type_(self, m: Mention | None) -> str | None:
        return self.ctx.type_of(m) if m is not None else None

    def mention_at(self, i: int) -> Mention | None:
        m = self.ctx.at.get(i)
        return m if m is not None and m.start == i else None

    def next_mention(self, i: int) -> Mention | None:
        """The mention at ``i``, skipping "the" and a place-kind noun ("the district of")."""
        doc = self.doc
        if i < len(doc) and doc[i].lower_ == "the":
            i += 1
        # "the northern port city of Hai Phong", "the southern Spanish province of Cádiz"
        for j in range(i, min(len(doc) - 1, i + 5)):
            if not (doc[j].is_lower or j in self.demonym_tokens):
                break
            if doc[j].lower_ in self.nouns and doc[j + 1].lower_ == "of":
                return self.mention_at(j + 2)
        return self.mention_at(i)

    # -- locatedIn ---------------------------------------------------------------

    def located(self, m: Mention) -> None:
        """"Hazira, Gujarat", "the complex at Hazira", "FAME, based in Lima", "X, in the Biobío region"."""
        doc, t = self.doc, self.type_(m)
        if t not in _LOCATABLE or m.end >= len(doc):
            return
        end = m.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            end += 3  # "Huta Stalowa Wola (HSW), based in ..."
        if end >= len(doc):
            return
        m_end = end
        nxt = doc[end]
        target = None
        if nxt.text == "," and m_end + 3 < len(doc) and doc[m_end + 1].lower_ in self.words.relative_pronouns:
            k = m_end + 2  # "KAI, which is based in Sacheon"
            if k < len(doc) and doc[k].lower_ in self.words.copulas:
                k += 1
            if k + 1 < len(doc) and doc[k].lower_ in _BASED and doc[k + 1].lower_ == "in":
                target = self.next_mention(k + 2)
        elif nxt.text == "," and m_end + 3 < len(doc) and doc[m_end + 1].lower_ in _BASED and doc[m_end + 2].lower_ == "in":
            target = self.next_mention(m_end + 3)
        elif nxt.text == "," and (t == "Site" or t in ORG_TYPES and self._org_as_location(m)) and self._town_after(m_end + 1):
            target = self.mention_at(m_end + 1)  # "the Aircraft Manufacturing Factory, Kamra."
        elif nxt.text == "," and t in ("Place", "Site"):
            target = self._described_place(m_end + 1, t)
            if target is None and t == "Site":
                target = self._site_apposition(m_end + 1)  # "X, the Peruvian Army's headquarters in Lima"
        elif nxt.text == "," and t in ORG_TYPES:
            target = self._site_apposition(m_end + 1, self.descriptor_nouns)  # "OGMA, the ... company in Alverca"
        elif nxt.lower_ in ("in", "at") and t in ("Site", "Place"):
            target = self.next_mention(m_end + 1)
        elif nxt.lower_ in ("in", "at") and t in ORG_TYPES and self._org_as_location(m):
            target = self.mention_at(m_end + 1)
        elif nxt.lower_ in _BASED and m_end + 2 < len(doc) and doc[m_end + 1].lower_ == "in":
            target = self.next_mention(m_end + 2)
        elif t == "Place" and nxt.lower_ in self.kinds and m_end + 1 < len(doc) and doc[m_end + 1].lower_ == "of":
            target = self.mention_at(m_end + 2)  # "the Kolar district of Karnataka"
        if target is not None and self.type_(target) in ("Place", "Country"):
            self.add(m.key, "locatedIn", target.key, m.sentence, rule="places.located")
        self._country_possessive(m)
        self._kind_of_country(m)

    def _town_after(self, i: int) -> bool:
        """A place named alone at token ``i``, closing the phrase: ", Kamra." or ", Kamra, ..."."""
        town = self.mention_at(i)
        if town is None or town.start != i or self.type_(town) != "Place":
            return False
        return town.end >= len(self.doc) or self.doc[town.end].text in (",", ".", ";", ")")

    def _org_as_location(self, m: Mention) -> bool:
        """An organization named as where something is: "at the Pakistan Aeronautical Complex in Kamra",
        or listed with its town outside any deal clause ("subsidiaries, Ares in Rio and AEL in Porto Alegre").
        """
        doc = self.doc
        k = m.start - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k >= 0 and doc[k].lower_ == "at":
            return True
        if m.start < 1 or doc[m.start - 1].text not in (",", "and"):
            return False
        deal_words = [c for c in self.ctx.cue_labels(m.sentence, "") if c[0].startswith(("KIND_", "SIGN"))]
        return not any(start < m.start for _, start, _ in deal_words)

    def _kind_of_country(self, m: Mention) -> None:
        """"the southern Spanish province of Cádiz": a place of the demonym's country."""
        doc = self.doc
        if self.type_(m) != "Place" or m.start < 3 or doc[m.start - 1].lower_ != "of" or doc[m.start - 2].lower_ not in self.kinds:
            return
        end = m.start - 2
        if end in self.ctx.demonyms:
            self.add(m.key, "locatedIn", self.ctx.country_key(self.ctx.demonyms[end][1].name), m.sentence, rule="places.kind_of_country")

    def _described_place(self, i: int, type_: str) -> Mention | None:
        """After "X,": "Gujarat", "in the southern state of Santa Catarina", "on the eastern edge of Lima"."""
        doc = self.doc
        target = self.mention_at(i)
        if target is not None:
            if self.type_(target) not in ("Place", "Country"):
                return None
            if target.end + 1 < len(doc) and doc[target.end].text == "," and self.type_(
                self.mention_at(target.end + 1)
            ) == type_:
                return None  # "X, Y" inside a list "A, B, C and D" is not containment
            return target
        if i < len(doc) and doc[i].lower_ not in self.words.site_prepositions:
            # "Gliwice, southern Poland"
            if doc[i].is_lower and i + 1 < len(doc):
                following = self.mention_at(i + 1)
                return following if self.type_(following) in ("Place", "Country") else None
            return None
        for j in range(i + 1, min(len(doc), i + 8)):
            found = self.mention_at(j)
            if found is not None:
                return found if self.type_(found) in ("Place", "Country") and doc[i].lower_ != "near" else None
            if not doc[j].is_lower:
                return None
        return None

    def _site_apposition(self, i: int, nouns: set[str] | None = None) -> Mention | None:
        """"Bumar-Łabędy, the tank works in Gliwice"; "Atlas Defence, in Rabat"; "X, the Army's headquarters in Lima".

        ``nouns`` head the apposition (facility nouns unless given: an organization may be "the company in Y").
        """
        doc = self.doc
        nouns = nouns or self.site_nouns
        if i < len(doc) and doc[i].lower_ == "in":
            return self.next_mention(i + 1)
        j, limit = i, min(len(doc) - 1, i + 6)
        while j < limit:
            owner = self.mention_at(j)
            if owner is not None and j <= i + 1 and owner.end < len(doc) and doc[owner.end].text in _POSSESSIVE:
                j = owner.end + 1  # the owner of the facility: "the Peruvian Army's headquarters"
                continue
            if not doc[j].is_lower:
                return None
            if doc[j].lower_ in nouns and doc[j + 1].lower_ in ("in", "at"):
                return self.next_mention(j + 2)
            j += 1
        return None

    def _country_possessive(self, m: Mention) -> None:
        """"Sweden's Örnsköldsvik": a place of a country."""
        doc = self.doc
        if self.type_(m) not in ("Place", "Site") or m.start < 2 or doc[m.start - 1].text not in _POSSESSIVE:
            return
        owner = self.ctx.at.get(m.start - 2)
        if self.type_(owner) == "Country":
            self.add(m.key, "locatedIn", owner.key, m.sentence, rule="places.country_possessive")

    def named_after_place(self, m: Mention) -> None:
        """"the Zalaegerszeg plant" is in Zalaegerszeg."""
        if self.type_(m) != "Site" or m.place is None:
            return
        self.add(m.key, "locatedIn", m.place, m.sentence, rule="places.named_after_place")

    def based(self, m: Mention) -> None:
        """"Mumbai-based L&T", "Baykar, the Istanbul-based maker", "the Mumbai-based group" (the firm just named)."""
        if m.source != "based":
            return
        doc = self.doc
        for j in range(m.end, min(len(doc), m.end + 4)):
            other = self.mention_at(j)
            if other is not None and self.type_(other) in ORG_TYPES:
                self.add(other.key, "locatedIn", m.key, m.sentence, rule="places.based")
                return
            if doc[j].text in (",", ".", ";"):
                break
        if m.start >= 1 and doc[m.start - 1].lower_ in self.words.articles | self.words.possessive_determiners:
            before = [
                o
                for o in self.ctx.mentions
                if o.end <= m.start and o.sentence >= m.sentence - 1 and self.type_(o) == "Company"
            ]
            if before:
                self.add(before[-1].key, "locatedIn", m.key, m.sentence, rule="places.based")

    # -- country -----------------------------------------------------------------

    def nationality(self, m: Mention) -> None:
        ctx, doc = self.ctx, self.doc
        t = self.type_(m)
        if t not in _NATIONAL and t != "Product":
            return
        if m.country:  # the name carries it: "Peru's Defense Ministry", "the Peruvian Army"
            rule = "places.home_country" if m.source == "home-org" else "places.nationality"
            self.add(m.key, "country", ctx.country_key(m.country), m.sentence, rule=rule)
        entry = m.entry
        if entry is not None and entry.country and self._name_says_country(m, entry.country):
            self.add(m.key, "country", ctx.country_key(entry.country), m.sentence, rule="places.nationality")
        before = self._country_before(m.start)
        if before and t in _NATIONAL:
            self.add(m.key, "country", before, m.sentence, rule="places.nationality")
        end = self._after_acronym(m.end)
        if end + 1 < len(doc) and doc[end].lower_ == "of":  # "TKMS of Germany", "X (ACR) of Germany"
            after = self.mention_at(end + 1)
            if self.type_(after) == "Country" and t in ORG_TYPES:
                self.add(m.key, "country", after.key, m.sentence, rule="places.nationality")
        self._apposition_country(m)
        self._list_country(m)
        self._descriptor_country(m)
        self._known_country(m, entry)

    def known_container(self, m: Mention) -> None:
        """A curated place named in one sentence with the region or country it lies in ("Hisar (Haryana)")."""
        entry = m.entry
        if entry is None or entry.type != "Place" or self.type_(m) != "Place":
            return
        gaz = self.ctx.gazetteer
        for name in (entry.within, entry.country):
            container = gaz.lookup(name, "Place") or gaz.country(name) if name else None
            if container is None:
                continue
            if any(o.key == container.key for o in self.ctx.in_sentence(m.sentence)):
                self.add(m.key, "locatedIn", container.key, m.sentence, rule="places.known_container")
                return

    def _known_country(self, m: Mention, entry) -> None:
        """A curated organization's country when the article names that country too (or its demonym)."""
        if entry is None or entry.type not in ORG_TYPES or not entry.country:
            return
        country = self.ctx.gazetteer.country(entry.country)
        named = country is not None and (
            country.key in self.ctx.entities or any(c.key == country.key for _, c in self.ctx.demonyms.values())
        )
        if named:
            self.add(m.key, "country", self.ctx.country_key(country.name), m.sentence, rule="places.known_country")

    def _after_acronym(self, end: int) -> int:
        """Past an acronym in parentheses after a name: "Rheinmetall Denel Munition (RDM)"."""
        doc = self.doc
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            return end + 3
        return end

    def _list_before(self, m: Mention) -> list[Mention]:
        """The organizations of a list ending with ``m``: "Hyundai Rotem, Hanwha Defense and KAI"."""
        doc, found = self.doc, [m]
        k = m.start
        while k >= 2 and doc[k - 1].text in (",", "and", "&"):
            j = k - 2  # the token before the separator
            if doc[j].text == ")" and j >= 3 and doc[j - 2].text == "(":
                j -= 3
            if doc[j].lower_ == "and" or doc[j].text == ",":
                j -= 1
            prev = self.ctx.at.get(j)
            if prev is None or prev.end != j + 1 or self.type_(prev) not in ORG_TYPES:
                break
            found.append(prev)
            k = prev.start
        return found

    def _list_country(self, m: Mention) -> None:
        """"Hyundai Rotem, Hanwha Defense and Korea Aerospace Industries (KAI), all of South Korea"."""
        doc = self.doc
        if self.type_(m) not in ORG_TYPES:
            return
        k = self._after_acronym(m.end)
        if k + 3 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in self.words.list_quantifiers and doc[k + 2].lower_ == "of":
            country = self.mention_at(k + 3)
            if self.type_(country) == "Country":
                for member in self._list_before(m):
                    self.add(member.key, "country", country.key, m.sentence, rule="places.list_country")

    def _name_says_country(self, m: Mention, country: str) -> bool:
        entry = self.ctx.gazetteer.country(country)
        if entry is None:
            return False
        words = " " + re.sub(r"(?:'s|’s)\b", "", m.text.lower()) + " "
        return any(f" {form.lower()} " in words for form in (entry.name, *entry.demonyms))

    def _country_before(self, start: int) -> str | None:
        """"Peru's FAME", "South Korean firm Hanwha", "the Spanish shipbuilder Navantia"."""
        doc, ctx = self.doc, self.ctx
        k = start - 1
        # "Spain's state-owned shipbuilder Navantia": up to four lower-case words after the possessive
        while k >= 1 and start - k <= 4 and doc[k].is_lower and doc[k].text.replace("-", "").isalpha():
            if doc[k].is_stop:
                return None
            k -= 1
        if k >= 1 and doc[k].text in _POSSESSIVE:
            prev = ctx.at.get(k - 1)
            if prev is not None and self.type_(prev) == "Country":
                return prev.key
            return None
        k = start - 1
        # up to two lower-case nouns between the demonym and the name: "South Korean defense firm"
        for gap in range(3):
            end = start - gap
            between = [doc[i] for i in range(end, start)]
            # Only nouns may stand between: "the Australian subsidiary of Hanwha" is about the subsidiary.
            if end in ctx.demonyms and all(t.text.islower() and not t.is_stop for t in between):
                return ctx.country_key(ctx.demonyms[end][1].name)
        return None

    def _apposition_country(self, m: Mention) -> None:
        """"Hanwha Aerospace, a South Korean company," and "FAME, Peru's state arms maker"."""
        doc, ctx = self.doc, self.ctx
        end = self._after_acronym(m.end)
        if self.type_(m) not in ORG_TYPES or end + 2 >= len(doc) or doc[end].text != ",":
            return
        k = end + 1
        if doc[k].lower_ in self.words.articles:
            k += 1
        members = self._list_before(m) if doc[k - 1].lower_ == "the" else [m]  # "A and B, the US makers"
        for end, (start, _) in ctx.demonyms.items():
            # "SAM, the Swedish group's Brazilian subsidiary": the demonym after the owner's possessive counts
            if start == k and any(t.text in _POSSESSIVE for t in doc[end : end + 2]):
                k = next(i for i in range(end, end + 2) if doc[i].text in _POSSESSIVE) + 1
                break
        for start, entry in ctx.demonyms.values():
            if start == k:
                for member in members:
                    self.add(member.key, "country", ctx.country_key(entry.name), m.sentence, rule="places.apposition_country")
        country = self.mention_at(k)
        if self.type_(country) == "Country" and country.end < len(doc):
            if doc[country.end].text in _POSSESSIVE:
                self.add(m.key, "country", country.key, m.sentence, rule="places.apposition_country")
            elif doc[country.end].lower_ in self.descriptor_nouns or doc[country.end].lower_.rstrip("s") in self.descriptor_nouns:
                for member in members:  # "Raytheon and Lockheed Martin, the US manufacturers"
                    self.add(member.key, "country", country.key, m.sentence, rule="places.apposition_country")

    def _descriptor_country(self, m: Mention) -> None:
        """"Peru's army arms factory, the Fábrica de Armas ... (FAME)": a country's descriptor before a name.

        The possessive or demonym qualifies the lower-case descriptor; the name in apposition to it
        has that nationality.
        """
        doc, ctx = self.doc, self.ctx
        if self.type_(m) not in ORG_TYPES:
            return
        k = m.start - 1
        if k >= 0 and doc[k].lower_ in self.words.articles:
            k -= 1
        if k < 1 or doc[k].text != ",":
            return
        for start in range(k - 1, max(0, k - 5), -1):
            if descriptor_end(self.doc, start, self.descriptor_nouns) != k:
                if not doc[start].is_lower:
                    break
                continue
            if start in ctx.demonyms:
                self.add(m.key, "country", ctx.country_key(ctx.demonyms[start][1].name), m.sentence, rule="places.descriptor_country")
                return
            if doc[start - 1].text in _POSSESSIVE:
                owner = ctx.at.get(start - 2)
                if self.type_(owner) == "Country":
                    self.add(m.key, "country", owner.key, m.sentence, rule="places.descriptor_country")
                return

    # -- manufacturer --------------------------------------------------------------

    def manufacturer(self, m: Mention) -> None:
        """"Hanwha's K9", "the K9, made by Hanwha"."""
        doc = self.doc
        if self.type_(m) != "Product":
            return
        if m.start >= 2 and doc[m.start - 1].text in _POSSESSIVE:
            maker = self.ctx.at.get(m.start - 2)
            if self.type_(maker) == "Company":
                self.add(m.key, "manufacturer", maker.key, m.sentence, rule="places.manufacturer")
        self._maker_clause(m)
        for k in range(m.end, min(len(doc) - 2, m.end + 4)):
            if doc[k].lower_ in _MAKERS and doc[k + 1].lower_ == "by":
                maker = self.mention_at(k + 2)
                if self.type_(maker) == "Company":
                    self.add(m.key, "manufacturer", maker.key, m.sentence, rule="places.manufacturer")
                return


    def _maker_clause(self, m: Mention) -> None:
        """"Hyundai Rotem, the South Korean firm that builds the K2": the firm the clause hangs on."""
        doc, k = self.doc, m.start - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k < 1 or doc[k].lower_ not in self.words.making_verbs or doc[k - 1].lower_ not in self.words.relative_pronouns:
            return
        j = k - 2
        if self.type_(self.ctx.at.get(j)) != "Company" and doc[j].lower_ in self.descriptor_nouns:
            # "Boreal Industries, the firm that builds ...": back over the descriptor to the name before it
            while j >= 0 and m.start - j < 10 and (doc[j].is_lower or j + 1 in self.ctx.demonyms):
                j = self.ctx.demonyms[j + 1][0] - 1 if j + 1 in self.ctx.demonyms else j - 1
            j = j - 1 if j >= 0 and doc[j].text == "," else -1
        maker = self.ctx.at.get(j) if j >= 0 else None
        if self.type_(maker) == "Company":
            self.add(m.key, "manufacturer", maker.key, m.sentence, rule="places.maker_clause")


def _names_a_site(ctx: Context, start: int) -> bool:
    """Whether the phrase at ``start`` is in apposition to a named Site ("X, the ...")."""
    k = start - 1
    if k >= 0 and ctx.doc[k].lower_ == "the":
        k -= 1
    if k < 1 or ctx.doc[k].text != ",":
        return False
    before = ctx.at.get(k - 1)
    return before is not None and ctx.type_of(before) == "Site"


def add_facilities(ctx: Context) -> list[Mention]:
    """Unnamed facilities a deal is about, with an owner and a place: "FAME's site in the district of X".

    Each becomes a Site labelled by owner, noun and place ("FAME site, Lurigancho-Chosica"); its
    mention is the facility noun, so the sentence's deal concerns it and ``locatedIn`` reads the place.
    A facility with no owner or no place named stays out: nothing would tell two of them apart.
    """
    doc = ctx.doc
    site_nouns = set(ctx.gazetteer.words("organizations", "site_nouns"))
    site_nouns |= set(ctx.gazetteer.words("organizations", "owned_site_nouns"))
    kinds = set(ctx.gazetteer.words("organizations", "place_kinds"))
    found: list[Mention] = []
    deal_sentences = {i for i in ctx.cues if ctx.cue_labels(i, "KIND_") or ctx.cue_labels(i, "SIGN")}
    for owner in list(ctx.mentions):
        if owner.sentence not in deal_sentences:
            continue  # only a facility a deal is about: the graph has a reason to hold it
        if ctx.type_of(owner) not in ORG_TYPES or owner.end + 2 >= len(doc) or doc[owner.end].text not in _POSSESSIVE:
            continue
        j = owner.end + 1
        while j < min(len(doc) - 1, owner.end + 4) and doc[j].is_lower and doc[j].lower_ not in site_nouns:
            j += 1  # "FAME's new assembly plant in ..."
        if j >= len(doc) - 1 or doc[j].lower_ not in site_nouns or j in ctx.at or doc[j + 1].lower_ not in ("in", "at"):
            continue
        k = j + 2
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        if k + 1 < len(doc) and doc[k].lower_ in kinds and doc[k + 1].lower_ == "of":
            k += 2
        place = ctx.at.get(k)
        if place is None or place.start != k or ctx.type_of(place) != "Place":
            continue
        if _names_a_site(ctx, owner.start):
            continue  # "the Cuartel General, the Peruvian Army's headquarters in Lima": named already
        owner_label = ctx.entities[owner.key].label
        label = f"{owner_label} {doc[j].lower_}, {ctx.entities[place.key].label}"
        key = entity_key("Site", label)
        ctx.entities.setdefault(key, Entity(key, "Site", label, rule="places.owned_facility")).sentences.add(owner.sentence)
        site = Mention(j, j + 1, label, "Site", owner.sentence, source="facility", key=key)
        ctx.at[j] = site
        found.append(site)
    ctx.mentions = sorted(ctx.mentions + found, key=lambda m: m.start)
    return found


def extract_relations(ctx: Context, positions: list[Position] = ()) -> list[Relation]:
    """``locatedIn``, ``country`` and ``manufacturer`` facts the text states.

    A person holding a title for a country ("Peruvian President Dina Boluarte") has its nationality.
    Facilities named by owner and place (``add_facilities``) join the article's entities first.
    """
    add_facilities(ctx)
    finder = _Relations(ctx)
    for mention in ctx.mentions:
        finder.known_container(mention)
        finder.located(mention)
        finder.based(mention)
        finder.named_after_place(mention)
        finder.nationality(mention)
        finder.manufacturer(mention)
    for position in positions:
        if ctx.entities[position.organization].type == "Country":
            finder.add(position.person, "country", position.organization, position.sentence, "places.position_country")
    return list(finder.found.values())
