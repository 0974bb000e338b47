"""The closed-class words of ``data/lexicon/function_words.yaml``, loaded once for every rule."""

from __future__ import annotations

from dataclasses import dataclass, fields

from kg.gazetteer import Gazetteer

__all__ = ["FunctionWords"]


@dataclass(frozen=True)
class FunctionWords:
    """One set of lower-case words per role the rules give them."""

    articles: frozenset[str]
    possessive_determiners: frozenset[str]
    definite_determiners: frozenset[str]
    site_determiners: frozenset[str]
    relative_pronouns: frozenset[str]
    copulas: frozenset[str]
    verb_adverbs: frozenset[str]
    title_linkers: frozenset[str]
    clause_conjunctions: frozenset[str]
    list_quantifiers: frozenset[str]
    title_prepositions: frozenset[str]
    site_prepositions: frozenset[str]
    lead_verbs: frozenset[str]
    making_verbs: frozenset[str]

    @classmethod
    def load(cls, gaz: Gazetteer) -> FunctionWords:
        return cls(**{f.name: frozenset(w.lower() for w in gaz.words("function_words", f.name)) for f in fields(cls)})
