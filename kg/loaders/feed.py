"""RSS 2.0 and Atom feeds: one article per item, with the full text when the feed carries it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import lxml.html

from kg.errors import LoadError
from kg.loaders.common import check_article_size, normalize_date, read_text, require_text
from kg.records import Article

__all__ = ["item_id", "load"]


def item_id(raw: str) -> str:
    """Article id from a guid or Atom id: its last segment after '/' or ':'.

    >>> item_id("urn:dkg:015-poland"), item_id("https://x.org/news/031-india/")
    ('015-poland', '031-india')
    """
    return re.split(r"[/:]", raw.strip().rstrip("/"))[-1]


def _plain(markup: str) -> str:
    if "<" not in markup:
        return markup
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for hidden in root.xpath("//script | //style | //noscript | //template"):
        hidden.drop_tree()  # keeps its tail, the text after it
    for block in root.iter("p", "li", "h1", "h2", "h3", "figcaption", "blockquote", "br"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content()


def load(path: Path) -> Iterator[Article | LoadError]:
    """Articles from a feed file; an item without text, or too big, yields a LoadError, the others still load."""
    parsed = feedparser.parse(read_text(path, whole_article=False).encode("utf-8"))
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None) or "no items"
        raise LoadError(f"{path}: not a readable RSS/Atom feed ({str(reason).splitlines()[0]})")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{path} item {number}"
        raw_id = entry.get("id") or entry.get("link") or f"{path.stem}-{number}"
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        try:
            check_article_size(len(body.encode("utf-8", errors="surrogatepass")), where)
            text = require_text(_plain(body), where)
        except LoadError as exc:
            yield exc
            continue
        yield Article(
            source_id=item_id(raw_id),
            text=text,
            title=entry.get("title"),
            url=entry.get("link"),
            published=normalize_date(entry.get("published") or entry.get("updated")),
            path=f"{path}#{number}",
            fmt="feed",
        )
