"""JSON Lines: one article per line, with common aliases for text and date keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.errors import LoadError
from kg.loaders.common import check_article_size, normalize_date, read_text, require_text
from kg.records import Article

__all__ = ["DATE_KEYS", "TEXT_KEYS", "URL_KEYS", "load"]

TEXT_KEYS = ("text", "body", "content", "maintext", "article", "full_text")
DATE_KEYS = ("date", "published", "date_publish", "pubDate", "published_at", "datePublished")
URL_KEYS = ("url", "link", "source_url")


def _first(record: dict, keys: tuple[str, ...]) -> str | None:
    return next((record[k] for k in keys if isinstance(record.get(k), str) and record[k].strip()), None)


def load(path: Path) -> Iterator[Article | LoadError]:
    """Articles from a .jsonl file; a bad or oversized line yields a LoadError and the rest still load."""
    # Records end at "\n" only: a JSON string may hold U+2028 and other characters splitlines() breaks at.
    for number, line in enumerate(read_text(path, whole_article=False).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            check_article_size(len(line.encode("utf-8", errors="surrogatepass")), where)
        except LoadError as exc:
            yield exc
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield LoadError(f"{where}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield LoadError(f"{where}: not a JSON object")
            continue
        text = _first(record, TEXT_KEYS)
        if text is None:
            yield LoadError(f"{where}: no text (expected one of {', '.join(TEXT_KEYS)})")
            continue
        try:
            body = require_text(text, where)
        except LoadError as exc:
            yield exc
            continue
        yield Article(
            source_id=str(record.get("id") or f"{path.stem}-{number}"),
            text=body,
            title=_first(record, ("title", "headline")),
            url=_first(record, URL_KEYS),
            published=normalize_date(_first(record, DATE_KEYS)),
            path=f"{path}:{number}",
            fmt="jsonl",
        )
