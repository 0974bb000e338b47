"""Plain-text articles: an optional ``Title:``/``Date:``/``URL:`` header block, then the body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kg.loaders.common import normalize_date, read_text, require_text
from kg.records import Article

__all__ = ["load", "split_header"]

_HEADER = re.compile(r"^(title|date|published|url|link|source)\s*:\s*(.*)$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*-{3,}\s*$")  # "---" between the header and the body


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Header fields (lower-cased keys) and the body after them.

    >>> split_header("Title: A deal\\nDate: 2024-01-02\\n\\nBody.")
    ({'title': 'A deal', 'date': '2024-01-02'}, 'Body.')
    >>> split_header("URL: https://example.org/a\\n---\\nBody.")
    ({'url': 'https://example.org/a'}, 'Body.')
    >>> split_header("No header here.")
    ({}, 'No header here.')
    """
    lines = text.lstrip("\n").splitlines()
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            header[match.group(1).lower()] = match.group(2).strip()
            continue
        if not header:
            return {}, text
        body = lines[i + 1 :] if _SEPARATOR.match(line) else lines[i:]
        return header, "\n".join(body).lstrip("\n")
    return header, ""


def load(path: Path) -> Iterator[Article]:
    """One article from a .txt file."""
    header, body = split_header(read_text(path))
    yield Article(
        source_id=path.stem,
        text=require_text(body, str(path)),
        title=header.get("title") or None,
        url=header.get("url") or header.get("link"),
        published=normalize_date(header.get("date") or header.get("published")),
        path=str(path),
        fmt="txt",
    )
