"""Extraction: article text -> entities, deals, positions and relations (placeholder until the extractor lands)."""

from kg.records import Article, Extraction

__all__ = ["extract_article"]


def extract_article(article: Article) -> Extraction:
    """Extract everything the article states."""
    return Extraction(article)
