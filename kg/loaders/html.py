"""HTML pages: metadata from the head, main text from <article>/<main>, boilerplate dropped.

Pages without semantic markup fall back to trafilatura's main-content detection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from kg.errors import LoadError
from kg.loaders.common import normalize_date, read_text, require_text
from kg.records import Article

__all__ = ["load", "main_text"]

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe")
_BOILERPLATE = re.compile(r"cookie|consent|banner|related|share|social|newsletter|subscribe|comment|promo|advert|menu")
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption", "blockquote", "td", "th", "dd", "dt", "pre"}


def _drop_boilerplate(root: lxml.html.HtmlElement) -> None:
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str):
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if element.tag in _DROP_TAGS or (_BOILERPLATE.search(marker) and element.tag not in ("article", "main")):
            element.drop_tree()


def main_text(root: lxml.html.HtmlElement) -> str | None:
    """Text of the page's <article> (or <main>), one block per line; None without either."""
    containers = root.xpath("//article") or root.xpath("//main")
    if not containers:
        return None
    container = max(containers, key=lambda e: len(e.text_content()))
    _drop_boilerplate(container)
    lines = []
    for element in container.iter(*_BLOCKS):
        if any(ancestor.tag in _BLOCKS for ancestor in element.iterancestors()):
            continue  # the enclosing block already holds this text
        lines.append(" ".join(element.text_content().split()))
    return "\n\n".join(line for line in lines if line) or " ".join(container.text_content().split())


def load(path: Path) -> Iterator[Article]:
    """One article from an .html file."""
    markup = read_text(path)
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise LoadError(f"{path}: malformed HTML ({exc})") from exc
    text = main_text(root) or trafilatura.extract(markup, favor_recall=True, include_comments=False)
    if not text:
        raise LoadError(f"{path}: malformed HTML: no article text found")
    meta = trafilatura.extract_metadata(markup)
    yield Article(
        source_id=path.stem,
        text=require_text(text, str(path)),
        title=meta.title if meta and meta.title else None,
        url=meta.url if meta and meta.url else None,
        published=normalize_date(meta.date) if meta else None,
        path=str(path),
        fmt="html",
    )
