"""Markdown articles: optional YAML front matter, a leading ``# Heading`` as title, markup stripped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from kg.errors import LoadError
from kg.loaders.common import normalize_date, read_text, require_text
from kg.records import Article

__all__ = ["load", "strip_markdown"]

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MARKUP = (
    (re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL), ""),  # HTML comments, even unclosed
    (re.compile(r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE), ""),
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),  # other inline HTML tags, keeping their text
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> text
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE), ""),  # heading marks
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),  # quotes
    (re.compile(r"^\s*[-*+]\s+", re.MULTILINE), ""),  # bullets
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
)


def strip_markdown(text: str) -> str:
    """Plain text of Markdown; inline HTML loses its tags, and its comments and scripts altogether.

    >>> strip_markdown("## Deal\\n**FAME** signs [a contract](http://x) with *STX*.")
    'Deal\\nFAME signs a contract with STX.'
    >>> strip_markdown("A <b>deal</b><!-- draft --><script>x()</script>.")
    'A deal.'
    """
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text


def load(path: Path) -> Iterator[Article]:
    """One article from a .md file."""
    text = read_text(path)
    meta: dict = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise LoadError(f"{path}: front matter is not valid YAML ({str(exc).splitlines()[0]})") from exc
        if not isinstance(meta, dict):
            raise LoadError(f"{path}: front matter is not a mapping")
        text = text[match.end() :]
    title = meta.get("title")
    heading = re.match(r"\s*#\s+(.+)\n", text)
    if heading and not title:
        title = heading.group(1).strip()
    if heading and heading.group(1).strip() == title:
        text = text[heading.end() :]
    yield Article(
        source_id=str(meta.get("id") or path.stem),
        text=require_text(strip_markdown(text), str(path)),
        title=str(title) if title else None,
        url=meta.get("url") or meta.get("link"),
        published=normalize_date(meta.get("date") or meta.get("published")),
        path=str(path),
        fmt="md",
    )
