"""What the relation extractors share about one parsed article: tokens, sentences, resolved mentions, cues."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.extract.grammar import Parse
from kg.extract.mentions import Mention
from kg.extract.modality import ModalityCues
from kg.extract.words import FunctionWords
from kg.gazetteer import Gazetteer
from kg.records import Article, Entity
from kg.vocab import organization_classes

__all__ = ["ACTOR_TYPES", "ORG_TYPES", "Context"]

ORG_TYPES = organization_classes()
ACTOR_TYPES = ORG_TYPES | {"Country"}


@dataclass
class Context:
    """One article after mention resolution."""

    article: Article
    doc: Doc
    sentences: list[Span]
    mentions: list[Mention]  # resolved ones only, in text order
    entities: dict[str, Entity]
    gazetteer: Gazetteer
    titles: dict[int, Span]  # title spans by end token
    demonyms: dict[int, tuple]  # (start, country entry) by end token
    cues: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)  # sentence -> (label, start, end)
    at: dict[int, Mention] = field(default_factory=dict)  # token -> mention covering it
    modality: ModalityCues | None = None  # the parse-based modality cues (with a parse)
    words: FunctionWords | None = None  # closed-class words the rules read
    parse: Parse = field(default_factory=Parse)  # dependency parse and NER of the sentences that carry cues

    def __post_init__(self) -> None:
        for mention in self.mentions:
            for i in range(mention.start, mention.end):
                self.at[i] = mention

    def type_of(self, mention: Mention) -> str:
        """The resolved type of a mention (its entity's)."""
        return self.entities[mention.key].type

    def in_sentence(self, index: int, types=None) -> list[Mention]:
        """Resolved mentions of sentence ``index`` (of the given types)."""
        return [m for m in self.mentions if m.sentence == index and (types is None or self.type_of(m) in types)]

    def cue_labels(self, index: int, prefix: str) -> list[tuple[str, int, int]]:
        """Cue matches of sentence ``index`` whose label starts with ``prefix``."""
        return [c for c in self.cues.get(index, ()) if c[0].startswith(prefix)]

    def country_key(self, name: str, sentence: int | None = None) -> str | None:
        """Key of the Country named ``name``; a country only implied by a demonym joins the article's entities."""
        entry = self.gazetteer.country(name)
        if entry is None:
            return None
        if entry.key not in self.entities:
            self.entities[entry.key] = Entity(entry.key, "Country", entry.name, rule="mention.demonym")
        if sentence is not None:
            self.entities[entry.key].sentences.add(sentence)
        return entry.key
