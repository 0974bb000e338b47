"""Extraction: article text -> entities, deals, positions and relations.

The steps, each its own module: ``pipeline`` (spaCy, built once),
``sentences``, ``modality``, ``mentions``, then ``kg.resolve``, then
``positions``, ``agreements``, ``places`` and ``dates``.
"""

from __future__ import annotations

from kg.extract.agreements import extract_agreements
from kg.extract.context import Context
from kg.extract.mentions import find_mentions
from kg.extract.modality import find_cues, sentence_modality
from kg.extract.pipeline import Engine, engine
from kg.extract.places import extract_relations
from kg.extract.positions import extract_positions
from kg.records import Article, Extraction, Sentence
from kg.resolve import resolve_mentions

__all__ = ["extract_article"]


def extract_article(article: Article, using: Engine | None = None) -> Extraction:
    """Extract everything the article states.

    >>> ex = extract_article(Article("t", "Peru's Defense Ministry signed a contract with Hanwha Aerospace."))
    >>> sorted(e.type for e in ex.entities)
    ['Company', 'Country', 'GovernmentBody']
    >>> ex.agreements[0].status, len(ex.agreements[0].parties)
    ('signed', 2)
    """
    eng = using or engine()
    doc = eng.parse(article.text)
    spans = list(doc.sents)
    sentence_of = [0] * len(doc)
    for index, span in enumerate(spans):
        for i in range(span.start, span.end):
            sentence_of[i] = index
    cues = find_cues(doc, eng.cues, sentence_of)
    mentions, titles, demonyms = find_mentions(doc, eng, sentence_of)
    entities = resolve_mentions(mentions, eng.gazetteer)
    ctx = Context(
        article=article,
        doc=doc,
        sentences=spans,
        mentions=[m for m in mentions if m.key],
        entities={e.key: e for e in entities},
        gazetteer=eng.gazetteer,
        titles=titles,
        demonyms=demonyms,
        cues=cues,
    )
    positions = extract_positions(ctx)
    agreements = extract_agreements(ctx, positions)
    relations = extract_relations(ctx, positions)
    sentences = [
        Sentence(i, s.start_char, s.start_char + len(s.text.rstrip()), s.text.strip(),
                 sentence_modality(s, cues.get(i, [])))
        for i, s in enumerate(spans)
    ]
    return Extraction(
        article,
        sentences=sentences,
        entities=list(ctx.entities.values()),
        agreements=agreements,
        positions=positions,
        relations=relations,
    )
