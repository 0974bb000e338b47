"""Parties of a deal from the dependency parse: subjects of its verb, "with"/"between"/"to" objects, conjoined lists.

One deal word (a signing verb or a deal noun) governs a clause; the names that fill
that clause's subject, its party prepositions, an indirect object or the deal noun's
possessor are the parties, and names conjoined with them ("X and Y", "X, Y and Z")
or set beside them in apposition share their role.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.context import ACTOR_TYPES, Context
from kg.extract.mentions import Mention
from kg.gazetteer import Gazetteer

__all__ = ["RoleCues", "SentenceRoles", "parse_parties", "parse_sides", "parse_signers"]

_SUBJECT = ("nsubj", "nsubjpass")


def _deal_verb(trigger: Token, boundaries: frozenset[str]) -> Token:
    """The verb whose clause the deal word sits in: the word itself, or its nearest verbal governor."""
    node = trigger
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i and node.dep_ not in boundaries:
        node = node.head
    return node


def _role_head(token: Token) -> Token:
    """Climb conjunctions, appositions and a describing noun to the token that carries the role.

    "X and Y" -> X; "the Águas Azuis consortium" -> "consortium".
    """
    while token.head.i != token.i and (
        token.dep_ in ("conj", "appos") or (token.dep_ == "compound" and token.head.pos_ == "NOUN")
    ):
        token = token.head
    return token


def _clause_subject(verb: Token, relative: frozenset[str]) -> list[Token]:
    """Subjects of ``verb``; a relative pronoun stands for the noun its clause describes."""
    found = []
    for child in verb.children:
        if child.dep_ in _SUBJECT:
            if child.lower_ in relative and verb.dep_ == "relcl":
                found.append(verb.head)
            else:
                found.append(child)
    if not found and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return _clause_subject(verb.head, relative)  # "X agreed to sign", "X met Y and signed"
    if not found and verb.tag_ == "VBG" and verb.dep_ in ("pcomp", "advcl") and verb.head.i != verb.i:
        # "X strengthened its bid by announcing a memorandum with Y": the gerund's subject is the clause's
        governor = verb.head.head if verb.dep_ == "pcomp" else verb.head
        return _clause_subject(governor, relative) if governor.pos_ in ("VERB", "AUX") else []
    return found


def _terms(clause: Token) -> bool:
    """A clause telling what the deal is for or what it says: "signed a deal to buy jets from X",
    "a contract under which X will buy 30 vehicles from Y"."""
    if clause.dep_ == "advcl":
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    if clause.dep_ == "relcl":
        return any(c.dep_ == "prep" and any(p.tag_ == "WDT" for p in c.children) for c in clause.children)
    return False


@dataclass(frozen=True)
class RoleCues:
    """The words of ``data/lexicon/deals.yaml`` the role rules read, loaded once per article."""

    prepositions: frozenset[str]
    datives: frozenset[str]
    directional: frozenset[str]
    proxies: frozenset[str]
    advisers: frozenset[str]
    adviser_nouns: frozenset[str]
    sides: frozenset[str]
    boundaries: frozenset[str]
    descriptions: dict[str, str]

    @classmethod
    def load(cls, gaz: Gazetteer) -> RoleCues:
        def words(name: str) -> frozenset[str]:
            return frozenset(gaz.words("deals", name))

        return cls(
            words("party_prepositions"),
            words("dative_verbs"),
            words("directional_prepositions"),
            words("proxy_nouns"),
            words("adviser_verbs"),
            words("adviser_nouns"),
            words("side_prepositions"),
            words("clause_boundaries"),
            dict(gaz.table("deals", "description_types")),
        )


class SentenceRoles:
    """The role slots of one parsed sentence's deal words, each worked out once for all the rules that ask."""

    def __init__(self, ctx: Context, cues: RoleCues, index: int):
        self.ctx = ctx
        self.cues = cues
        self.index = index
        self._slots: dict[int, tuple[set[int], set[int]]] = {}

    def slots(self, trigger: Token) -> tuple[set[int], set[int]]:
        """Token ids (in the sentence's parse) that hold the subject and the other parties of one deal word."""
        if trigger.i not in self._slots:
            self._slots[trigger.i] = self._find_slots(trigger)
        return self._slots[trigger.i]

    def _find_slots(self, trigger: Token) -> tuple[set[int], set[int]]:
        verb = _deal_verb(trigger, self.cues.boundaries)
        subjects = {t.i for t in _clause_subject(verb, self.ctx.words.relative_pronouns)}
        if self._advises(verb):
            return set(), set()  # "Rothschild piloted Meggitt's acquisition", "X worked with Y as advisers"
        others: set[int] = set()
        chain = {trigger.i, verb.i} | {c.i for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")}
        node = trigger
        while node.i != verb.i and node.head.i != node.i:
            node = node.head
            chain.add(node.i)
        # a party preposition hangs on the deal word, its verb, what the deal word governs or the deal's terms,
        # not on any noun of the clause ("a starting point for a relationship between Canada and Korea")
        scope = chain | self._clause_tokens(trigger)
        for clause in verb.children:
            if _terms(clause):
                scope |= self._clause_tokens(clause)
        if verb.dep_ == "acl":
            scope.add(verb.head.i)  # "the contract signed by X": the noun the participle describes
        for token in trigger.doc:
            if token.dep_ != "pobj":
                continue
            prep, noun = token.head, token.head.head
            if prep.lower_ == "of" and noun.lower_ in self.cues.proxies and noun.head.head.i in scope:
                others.add(token.i)  # "signed on behalf of X": on -> behalf -> of -> X
            if noun.i not in scope:
                continue
            if prep.dep_ == "agent":
                if prep.head.i == verb.i:
                    subjects.add(token.i)  # "signed by X": the passive's agent is its logical subject
            elif prep.lower_ in self.cues.directional and prep.head.i not in chain:
                continue  # "deliveries to the armed forces": "to" names a party only on the deal word or its verb
            elif prep.lower_ in self.cues.prepositions:
                others.add(token.i)
        for clause in trigger.children:
            if clause.dep_ == "relcl" and _terms(clause):  # "a contract under which X will buy ...": X is a party
                others |= {t.i for t in _clause_subject(clause, self.ctx.words.relative_pronouns) if t.pos_ == "PROPN"}
        for child in verb.children:
            if child.dep_ == "dative" or (child.dep_ == "dobj" and self.ctx.modality.written(verb, self.cues.datives) and child.i != trigger.i):
                others.add(child.i)
        for child in trigger.children:
            if child.dep_ in ("poss", "compound") and trigger.pos_ in ("NOUN", "PROPN"):
                others.add(child.i)
        return subjects, others

    def _advises(self, verb: Token) -> bool:
        """A verb whose names work on the deal for others: "piloted the acquisition", "worked ... as advisers"."""
        if self.ctx.modality.written(verb, self.cues.advisers):
            return True
        return any(
            c.dep_ == "prep" and c.lower_ == "as" and any(p.lower_ in self.cues.adviser_nouns for p in c.children)
            for c in verb.children
        )

    def _clause_tokens(self, top: Token) -> set[int]:
        """Tokens under ``top`` that stay in its clause: no conjoined clause, relative or adverbial clause."""
        found: set[int] = set()
        todo = [top]
        while todo:
            node = todo.pop()
            found.add(node.i)
            for child in node.children:
                if child.dep_ in self.cues.boundaries and not _terms(child):
                    continue
                if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                    continue
                todo.append(child)
        return found

    def groups(
        self, triggers: list[int], actors: list[Mention], nouns: list[int] = ()
    ) -> tuple[list[Mention], list[Mention]]:
        """Actors in subject position and in other party slots of any of the deal words.

        A name in apposition to a deal word or to one of the deal ``nouns`` has no role.
        """
        parse = self.ctx.parse
        subject_ids: set[int] = set()
        other_ids: set[int] = set()
        for i in triggers:
            token = parse.token(self.index, i)
            if token is None:
                continue
            subjects, others = self.slots(token)
            subject_ids |= subjects
            other_ids |= others
        subject, other = [], []
        named: set[int] = set()
        words = {t.i for t in (parse.token(self.index, i) for i in [*triggers, *nouns]) if t is not None}
        for m in actors:
            root = parse.root(self.index, m.start, m.end)
            if root is None:
                continue
            named.add(root.i)
            head = _role_head(root)
            if head.i in words:
                continue  # a name set beside the deal word itself ("the contract ...; General X") has no role
            if head.i in subject_ids or root.i in subject_ids:
                subject.append(m)
            elif head.i in other_ids or root.i in other_ids:
                other.append(m)
        doc = parse.docs[self.index][1]
        for ids, group in ((subject_ids, subject), (other_ids, other)):
            for i in sorted(ids - named):
                antecedent = self._described(doc[i])
                if antecedent is not None and all(antecedent.key != m.key for m in subject + other):
                    group.append(antecedent)  # "The Tokyo-based company has signed ...": the firm named before
        return subject, other

    def _described(self, token: Token) -> Mention | None:
        """The entity a definite description stands for: the last one of its type named before it."""
        type_ = self.cues.descriptions.get(token.lower_)
        if type_ is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        start = self.ctx.parse.index(self.index, token)
        before = [m for m in self.ctx.mentions if m.end <= start and self.ctx.type_of(m) == type_]
        return before[-1] if before else None


def parse_signers(roles: SentenceRoles, verbs: list[int], persons: list[Mention]) -> list[str]:
    """People the parse makes the subject or agent of a signing verb: "After signing the deal, X hailed ..."."""
    ctx, index = roles.ctx, roles.index
    verbs = [i for i in verbs if (t := ctx.parse.token(index, i)) is not None and t.pos_ == "VERB"]
    nouns = [start for _, start, _ in ctx.cue_labels(index, "KIND_")]
    subject, _ = roles.groups(verbs, persons, nouns)
    return [m.key for m in subject if ctx.type_of(m) == "Person"]


def parse_sides(roles: SentenceRoles, triggers: list[int], persons: list[Mention]) -> list[str]:
    """People named as the other sides of a deal word: "the agreement between Minister X and Minister Y"."""
    ctx, index = roles.ctx, roles.index
    _, other = roles.groups(triggers, persons)
    words = {t.i for t in (ctx.parse.token(index, i) for i in triggers) if t is not None}
    sides = []
    for m in other:
        root = ctx.parse.root(index, m.start, m.end)
        prep = _role_head(root).head if root is not None else None
        if prep is None or prep.lower_ not in roles.cues.sides or ctx.type_of(m) != "Person":
            continue
        owner = prep.head.head if prep.head.dep_ == "acl" else prep.head  # "the agreement, made between ..."
        if owner.i in words:  # not "witnessed the signing together with X"
            sides.append(m.key)
    return sides


def parse_parties(
    roles: SentenceRoles, triggers: list[int], actors: list[Mention], nouns: list[int] = ()
) -> tuple[bool, list[list[str]], list[list[str]]]:
    """(whether a subject was found, party key groups with the subject's first, counterparties per deal noun).

    The last is filled when two or more deal nouns ``nouns`` each have counterparties of their own:
    "three contracts with A and a contract with B", "a contract with A; a contract with B".
    """
    ctx = roles.ctx
    subject, other = roles.groups(triggers, actors)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for group in (subject, other):
        keys = [m.key for m in group if m.key not in seen and ctx.type_of(m) in ACTOR_TYPES]
        seen.update(keys)
        if keys:
            groups.append(keys)
    per_noun: dict[int, list[str]] = {}
    for m in other:
        owner = max((n for n in nouns if n < m.start), default=None)
        if owner is not None and ctx.type_of(m) in ACTOR_TYPES and m.key not in per_noun.get(owner, []):
            per_noun.setdefault(owner, []).append(m.key)
    split = [keys for _, keys in sorted(per_noun.items())] if len(per_noun) >= 2 else []
    return bool(subject), groups, split
