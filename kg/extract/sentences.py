"""Rule sentence splitting that survives "Co.", "Ltd.", "U.S." and "Gen.", as a spaCy component."""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer

__all__ = ["SENTENCE_COMPONENT", "configure_splitter", "split_sentences"]

SENTENCE_COMPONENT = "kg_sentences"

_ENDS = {".", "!", "?", "…"}
_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}")  # "D.K. Sunil": initials, not a sentence end
_CLOSERS = {'"', "'", "”", "’", ")", "]", "»"}
_RULES: dict[str, frozenset[str]] = {"abbreviations": frozenset(), "final": frozenset(), "openers": frozenset()}


def configure_splitter(gazetteer: Gazetteer) -> None:
    """Take the abbreviation lists from the lexicon (called once when the pipeline is built)."""
    _RULES["abbreviations"] = frozenset(
        gazetteer.words("abbreviations", "abbreviations") + list(gazetteer.title_abbreviations)
    )
    _RULES["final"] = frozenset(gazetteer.words("abbreviations", "sentence_final"))
    _RULES["openers"] = frozenset(gazetteer.words("abbreviations", "sentence_openers"))


def _starts_sentence(token) -> bool:
    first = token.text[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘(«[-–—•*"


def _breaks_after(doc: Doc, i: int) -> bool:
    """Whether a sentence ends after token ``i`` (the next token is ``i + 1``)."""
    token, nxt = doc[i], doc[i + 1]
    if nxt.is_space:
        return False  # whitespace stays with the sentence before it
    if token.is_space and "\n" in token.text:
        # A paragraph break always ends a sentence; a line break does before a capital (headlines, captions).
        return token.text.count("\n") >= 2 or _starts_sentence(nxt)
    text = token.text
    if not token.whitespace_ and text not in _CLOSERS and nxt.text not in _CLOSERS:
        return False  # "US$3.37": a sentence ends before a space
    if nxt.text in _CLOSERS and not token.whitespace_:
        return False  # a closing quote or bracket stays with its sentence
    if text in _CLOSERS and i > 0 and doc[i - 1].text in _ENDS and not doc[i - 1].whitespace_:
        return _starts_sentence(nxt)
    if text in _ENDS or (text[-1] in "!?" and len(text) > 1):
        return _starts_sentence(nxt) and not (text == "." and nxt.text[0].isdigit() and not token.whitespace_)
    if text.endswith(".") and len(text) > 1:
        if text in _RULES["abbreviations"] or (len(text) <= 3 and text[0].isupper()) or _INITIALS.fullmatch(text):
            return text in _RULES["final"] and nxt.text in _RULES["openers"]
        return _starts_sentence(nxt)
    return False


@Language.component(SENTENCE_COMPONENT)
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts: after end punctuation before a capital, never after an abbreviation.

    >>> from kg.extract.pipeline import engine
    >>> doc = engine().parse("Hyundai Rotem Co. Ltd. met Gen. Kim in the U.S. The deal was signed.")
    >>> [s.text for s in doc.sents]
    ['Hyundai Rotem Co. Ltd. met Gen. Kim in the U.S.', 'The deal was signed.']
    """
    if not len(doc):
        return doc
    starts = [1] + [1 if _breaks_after(doc, i) else -1 for i in range(len(doc) - 1)]
    # One array write: setting token.is_sent_start one by one re-checks the doc's annotation each time.
    doc.from_array([SENT_START], numpy.array(starts, dtype="int32").astype("uint64"))
    return doc
