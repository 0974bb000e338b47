"""Sentence modality (asserted, hedged, negated) and deal status.

With a parse, a cue counts only where it governs the sentence's main claim: the
root predicate, predicates conjoined with it, and the clause a reporting verb
reports ("X said the plant will ..."). Without one, cue words of the sentence decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from kg.gazetteer import Gazetteer
from kg.vocab import deal_statuses

__all__ = ["STATUS_ORDER", "ModalityCues", "claim_modality", "clause_modality", "find_cues", "sentence_modality"]

#: Statuses of unsigned deals in the order they win when several cues occur: the shapes' order
#: reversed, the later stage first ("cancelled" over "stalled" over "negotiating" over "planned").
STATUS_ORDER = tuple(reversed([s for s in deal_statuses() if s != "signed"]))

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_COMPLEMENTS = ("xcomp", "ccomp")


@dataclass(frozen=True)
class ModalityCues:
    """The closed-class words of ``data/lexicon/modality.yaml`` that the parse-based rules read."""

    reporting: frozenset[str]
    auxiliaries: frozenset[str]
    predicates: frozenset[str]
    needs_complement: frozenset[str]
    adverbs: frozenset[str]
    conditions: frozenset[str]
    sources: frozenset[str]
    negators: frozenset[str]
    not_negation: frozenset[str]
    negating_adverbs: frozenset[str]
    negative_subjects: frozenset[str]
    negating: frozenset[str]
    subjects: frozenset[str]
    copulas: frozenset[str]
    copula_forms: frozenset[str]
    passives: frozenset[str]
    passive_forms: frozenset[str]
    irregular: dict[str, str]  # written form -> lemma ("said" -> "say", "was" -> "be")

    def written(self, token: Token, lemmas: frozenset[str]) -> bool:
        """Whether ``token`` is one of ``lemmas`` as written: listed, inflected ("hopes", "planned") or irregular."""
        word = token.lower_
        return word in lemmas or self.irregular.get(word) in lemmas or _inflects(word, lemmas)

    def marks(self, words: list[str]) -> bool:
        """Whether a sentence's lower-cased words hold a cue worth parsing it for.

        Predicates count in any inflection ("hopes", "planned"); a copula or a reporting passive
        counts before "to" ("was to spend", "is said to").
        """
        closed, stems, before_to = self._marking_words
        return any(w in closed or w.startswith(stems) for w in words) or any(
            w in before_to and nxt == "to" for w, nxt in pairwise(words)
        )

    @cached_property
    def _marking_words(self) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
        """The words ``marks`` looks for, gathered once: closed-class cues, predicate stems, words before "to"."""
        closed = self.auxiliaries | self.negators | self.adverbs | self.negative_subjects | self.negating
        return closed, tuple(self.predicates | self.negating | self.subjects), self.copula_forms | self.passive_forms

    @classmethod
    def load(cls, gaz: Gazetteer) -> ModalityCues:
        def words(name: str) -> frozenset[str]:
            return frozenset(w.lower() for w in gaz.words("modality", name))

        return cls(
            words("reporting_verbs"),
            words("hedge_auxiliaries"),
            words("hedge_predicates"),
            words("hedge_needs_complement"),
            words("hedge_adverbs"),
            words("hedge_conditions"),
            words("hedge_sources"),
            words("negators"),
            words("not_negation_followers"),
            words("negating_adverbs"),
            words("negative_subjects"),
            words("negating_predicates"),
            words("hedge_subjects"),
            words("hedge_copulas"),
            words("hedge_copula_forms"),
            words("hedge_passives"),
            words("hedge_passive_forms"),
            {form.lower(): lemma for lemma, forms in gaz.table("modality", "irregular_forms").items() for form in forms},
        )


def _inflects(word: str, lemmas: frozenset[str]) -> bool:
    """Whether ``word`` is a regular inflection of one of ``lemmas``: "hopes", "hoped", "planned", "aiming"."""
    return word in _inflections(lemmas)


@cache
def _inflections(lemmas: frozenset[str]) -> frozenset[str]:
    """Every regular inflection of ``lemmas``, built once per word list."""
    forms: set[str] = set()
    for lemma in lemmas:
        forms |= {lemma + "s", lemma + "es", lemma + "ed", lemma + "ing", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
        if lemma.endswith("e"):
            forms |= {lemma + "d", lemma[:-1] + "ing"}
    return frozenset(forms)


def find_cues(doc: Doc, matcher, sentence_of: list[int]) -> dict[int, list[tuple[str, int, int]]]:
    """Cue matches by sentence: (label, start token, end token).

    A capitalized single word inside a sentence is a name, not a cue ("May 2021").
    """
    vocab = doc.vocab.strings
    by_sentence: dict[int, list[tuple[str, int, int]]] = {}
    for match_id, start, end in matcher(doc):
        token = doc[start]
        if end - start == 1 and token.text[0].isupper() and not token.is_sent_start and not token.is_upper:
            continue
        by_sentence.setdefault(sentence_of[start], []).append((vocab[match_id], start, end))
    for cues in by_sentence.values():
        cues.sort(key=lambda c: c[1])
    return by_sentence


def sentence_modality(sentence: Span, cues: list[tuple[str, int, int]]) -> str:
    """Without a parse: ``negated`` when a denial, cancellation or breakdown is stated, ``hedged`` for plans and talks.

    >>> from kg.extract.pipeline import engine
    >>> eng = engine()
    >>> doc = eng.parse("Peru is expected to sign the contract.")
    >>> sentence_modality(doc[:], find_cues(doc, eng.cues, [0] * len(doc)).get(0, []))
    'hedged'
    """
    labels = {label for label, _, _ in cues}
    if labels & {"STATUS_negation", "STATUS_cancelled", "STATUS_stalled"}:
        return "negated"
    if labels & {"STATUS_planned", "STATUS_negotiating"}:
        return "hedged"
    return "asserted"


def _main_predicates(root: Token, cues: ModalityCues) -> list[Token]:
    """The predicates that make the sentence's claim: the root, its conjuncts, and what reporting verbs report."""
    found: list[Token] = []
    todo = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    while todo:
        predicate = todo.pop(0)
        reported = [c for c in predicate.children if c.dep_ == "ccomp"]
        if cues.written(predicate, cues.reporting) and reported:
            for clause in reported:
                todo.append(clause)
                todo.extend(c for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
        else:
            found.append(predicate)
            # "the narrative remains speculative—watch for ...": a clause before the root is a claim of its own
            todo.extend(c for c in predicate.children if c.dep_ in ("ccomp", "parataxis") and c.i < predicate.i)
    return found


def _negated(predicate: Token, cues: ModalityCues) -> bool:
    for child in predicate.children:
        word = child.lower_
        if child.dep_ == "neg" and word in cues.negators:
            nxt = child.nbor() if child.i + 1 < len(child.doc) else None
            if nxt is None or nxt.lower_ not in cues.not_negation:
                return True
        if child.dep_ in _SUBJECTS and (
            word in cues.negative_subjects
            or any(d.dep_ == "det" and d.lower_ in cues.negative_subjects for d in child.children)
        ):
            return True
        if child.dep_ == "advmod" and word in cues.negating_adverbs and any(c.dep_ == "xcomp" for c in predicate.children):
            return True  # "has yet to sign"
    return cues.written(predicate, cues.negating) or any(
        c.dep_ in ("acomp", "attr") and cues.written(c, cues.negating) for c in predicate.children
    )


def _hedged(predicate: Token, cues: ModalityCues) -> bool:
    def hedge_word(token: Token) -> bool:
        if cues.written(token, cues.passives) and any(c.dep_ == "auxpass" for c in token.children):
            return any(c.dep_ in _COMPLEMENTS for c in token.children)  # "is said to", "are believed to"
        if not cues.written(token, cues.predicates):
            return False
        needs = cues.written(token, cues.needs_complement)
        return not needs or any(c.dep_ in _COMPLEMENTS for c in token.children)

    if hedge_word(predicate):
        return True
    if cues.written(predicate, cues.copulas) and any(
        c.dep_ in ("xcomp", "advcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in predicate.children
    ):
        return True  # "Indonesia was to spend"
    for child in predicate.children:
        dep, word = child.dep_, child.lower_
        if dep in ("aux", "auxpass") and word in cues.auxiliaries:
            return True
        if dep in ("acomp", "attr", "xcomp", "oprd") and child.pos_ in ("ADJ", "VERB") and hedge_word(child):
            return True  # "is poised to", "appear aspirational", "remains speculative"
        if dep in _SUBJECTS and cues.written(child, cues.subjects):
            return True  # "our goal is to ...", "plans call for ..."
        if dep == "advmod" and word in cues.adverbs:
            return True
        if dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditions for m in child.children):
            return True  # "if signed, ..."
        if dep == "prep" and word == "according" and any(
            p.lower_ in cues.sources for t in child.subtree for p in (t,) if t.dep_ == "pobj"
        ):
            return True  # "according to reports"
    return False


def clause_modality(token: Token, cues: ModalityCues) -> str:
    """The modality of the clause a word sits in: its verb's own negation or hedge, then its governors'.

    "Peru is expected to sign": "sign" is hedged by "expected"; the walk stops at a clause of its own.
    """
    if any(c.dep_ == "amod" and cues.written(c, cues.predicates) for c in token.children):
        return "hedged"  # "the planned purchase", "a potential sale", "the proposed deal"
    node, via = token, ""
    while True:
        if node.pos_ in ("VERB", "AUX", "ADJ") or node.dep_ == "ROOT":
            modal = any(c.dep_ == "aux" and c.lower_ in cues.auxiliaries for c in node.children)
            if _negated(node, cues) and not modal:
                return "negated"
            if _hedged(node, cues) or (via == "dobj" and cues.written(node, cues.predicates)):
                return "hedged"  # also "has considered the sale", "proposed a deal": a plan's object
        if node.dep_ in ("ROOT", "relcl", "advcl", "acl", "ccomp", "parataxis") or node.head.i == node.i:
            return "asserted"
        node, via = node.head, node.dep_


def claim_modality(doc: Doc, cues: ModalityCues) -> str:
    """The modality of a parsed sentence's main claim: negated over hedged over asserted."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    found = set()
    for root in roots:
        for predicate in _main_predicates(root, cues):
            modal = any(c.dep_ == "aux" and c.lower_ in cues.auxiliaries for c in predicate.children)
            if _negated(predicate, cues) and not modal:
                found.add("negated")  # "might not impress" is a guess, not a denial
            elif _hedged(predicate, cues):
                found.add("hedged")
    return "negated" if "negated" in found else "hedged" if "hedged" in found else "asserted"
