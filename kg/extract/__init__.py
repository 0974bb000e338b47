"""Extraction: article text -> entities, deals, positions and relations.

The steps, each its own module: ``pipeline`` (spaCy, built once),
``sentences``, ``modality``, ``mentions``, then ``kg.resolve``, then
``positions``, ``agreements``, ``places`` and ``dates``.
"""

from __future__ import annotations

from kg.extract.agreements import extract_agreements
from kg.extract.context import Context
from kg.extract.grammar import Parse, find_names, parse_sentences
from kg.extract.mentions import Mention, find_mentions
from kg.extract.modality import claim_modality, find_cues, sentence_modality
from kg.extract.pipeline import Engine, engine
from kg.extract.places import extract_relations
from kg.extract.positions import extract_positions
from kg.records import Article, Extraction, Relation, Sentence
from kg.resolve import resolve_descriptions, resolve_mentions

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
    parse = Parse()
    if eng.grammar is not None:
        # Only sentences with a deal, status, title or modality cue are parsed: the rest are plain assertions.
        titled = {sentence_of[start] for _, start, _ in eng.titles(doc)}
        chosen = [
            (i, s) for i, s in enumerate(spans)
            if i in cues or i in titled or eng.modality.marks([t.lower_ for t in s])
        ]
        parse = parse_sentences(eng.grammar, chosen)
    deal_words = {i for found in cues.values() for label, s, e in found if label.startswith("KIND_") for i in range(s, e)}
    mentions, titles, demonyms = find_mentions(doc, eng, sentence_of, (), deal_words)
    unknown = sorted({m.sentence for m in mentions if m.type is None} & set(parse.docs))
    if unknown:
        # The NER reads only parsed sentences where the rules left a capitalized name untyped.
        find_names(eng.grammar, parse, [(i, spans[i]) for i in unknown])
        mentions, titles, demonyms = find_mentions(doc, eng, sentence_of, parse.entities(), deal_words)
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
        parse=parse,
        modality=eng.modality,
        words=eng.words,
    )
    _add_sentence_subjects(ctx)
    positions = extract_positions(ctx)
    relations = extract_relations(ctx, positions)
    _add_descriptions(ctx, relations, sentence_of)
    agreements = extract_agreements(ctx, positions, relations)
    _demonym_countries(ctx, sentence_of)
    _cite_implied_entities(ctx, positions, relations, agreements)
    sentences = [
        Sentence(i, s.start_char, s.start_char + len(s.text.rstrip()), s.text.strip(), _modality(eng, parse, i, s, cues))
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


def _modality(eng: Engine, parse: Parse, index: int, span, cues) -> str:
    """The sentence's modality: from its main claim when parsed, else from its cue words (rules only)."""
    if eng.grammar is None:
        return sentence_modality(span, cues.get(index, []))
    return claim_modality(parse.docs[index][1], eng.modality) if index in parse else "asserted"


def _add_sentence_subjects(ctx: Context) -> None:
    """Let a sentence opening "The company" stand for the first firm named in the sentence before.

    News follows a firm's name with "The company, led by ...", "The company, based in ...": the
    firm is the previous sentence's first-named one (its subject, usually).
    """
    nouns = set(ctx.gazetteer.words("organizations", "firm_nouns"))
    doc, found = ctx.doc, []
    for index in range(1, len(ctx.sentences)):
        start = ctx.sentences[index].start
        if start + 1 >= len(doc) or doc[start].text != "The" or doc[start + 1].lower_ not in nouns:
            continue
        if start + 2 < len(doc) and (doc[start + 2].text[:1].isupper() or doc[start + 2].lower_ == "of"):
            continue  # "The company Hanwha ...", "The group of ..."
        before = [m for m in ctx.mentions if m.sentence == index - 1 and ctx.type_of(m) == "Company"]
        if before:
            m = Mention(start, start + 2, doc[start : start + 2].text, "Company", index, source="description")
            m.key = before[0].key
            ctx.entities[m.key].sentences.add(index)
            found.append(m)
            for i in (start, start + 1):
                ctx.at[i] = m
    ctx.mentions = sorted(ctx.mentions + found, key=lambda m: m.start)


def _add_descriptions(ctx: Context, relations, sentence_of: list[int]) -> None:
    """Let "the South Korean firm" stand for the one South Korean firm named before it."""
    nationality: dict[str, set[str]] = {}
    for relation in relations:
        if relation.predicate == "country" and ctx.entities[relation.subject].type == "Company":
            nationality.setdefault(relation.subject, set()).add(relation.object)
    for m in ctx.mentions:
        entry = m.entry
        if entry is not None and entry.type == "Company" and entry.country:
            country = ctx.gazetteer.country(entry.country)
            if country is not None:
                nationality.setdefault(m.key, set()).add(country.key)
    found = resolve_descriptions(ctx.doc, ctx.mentions, nationality, ctx.gazetteer, ctx.demonyms, sentence_of)
    for m in found:
        ctx.entities[m.key].sentences.add(m.sentence)
        entry = ctx.gazetteer.country(m.country) if m.country else None
        # only a country the article names: a demonym alone makes no Country node here
        country = entry.key if entry is not None and entry.key in ctx.entities else None
        known = {(r.subject, r.predicate, r.object) for r in relations}
        if country is not None and ctx.entities[m.key].type == "Company" and (m.key, "country", country) not in known:
            relations.append(Relation(m.key, "country", country, m.sentence, "descriptions.nationality"))  # "the German company" it was
        for i in range(m.start, m.end):
            ctx.at[i] = m
    ctx.mentions = sorted(ctx.mentions + found, key=lambda m: m.start)


def _demonym_countries(ctx: Context, sentence_of: list[int]) -> None:
    """A country written only as its demonym ("the French-made helicopter") is still named: it gets its node."""
    for end, (start, entry) in ctx.demonyms.items():
        key = ctx.country_key(entry.name, sentence_of[start])
        if key is not None:
            ctx.entities[key].alt_labels.add(ctx.doc[start:end].text)


def _cite_implied_entities(ctx: Context, positions, relations, agreements) -> None:
    """A country only implied ("the Peruvian Army") is evidenced by the sentences of the facts naming it."""
    cited: dict[str, set[int]] = {}
    for r in relations:
        cited.setdefault(r.object, set()).add(r.sentence)
        cited.setdefault(r.subject, set()).add(r.sentence)
    for p in positions:
        cited.setdefault(p.organization, set()).add(p.sentence)
    for deal in agreements:
        for key in deal.parties:
            cited.setdefault(key, set()).update(deal.sentences)
    for key, entity in list(ctx.entities.items()):
        if not entity.sentences:
            entity.sentences.update(cited.get(key, ()))
        if not entity.sentences:
            del ctx.entities[key]  # implied, then no fact kept naming it
