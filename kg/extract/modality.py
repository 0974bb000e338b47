"""Sentence modality (asserted, hedged, negated) and deal status from cue words in the lexicon."""

from __future__ import annotations

from spacy.tokens import Doc, Span

__all__ = ["STATUS_ORDER", "find_cues", "sentence_modality"]

#: Status cue classes in the order they win when several occur.
STATUS_ORDER = ("cancelled", "stalled", "negotiating", "planned")


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
    """``negated`` when a denial, cancellation or breakdown is stated, ``hedged`` for plans and talks.

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
