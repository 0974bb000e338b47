"""Helpers shared by loaders: safe decoding and date normalization."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from pathlib import Path

from kg.errors import LoadError

__all__ = ["clean_text", "normalize_date", "read_text", "require_text"]


def read_text(path: Path) -> str:
    """The file's text as UTF-8; empty, binary or undecodable files raise LoadError."""
    data = path.read_bytes()
    if not data.strip():
        raise LoadError(f"{path}: empty file")
    if b"\x00" in data[:4096]:
        raise LoadError(f"{path}: binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from exc


def normalize_date(value: object) -> str | None:
    """ISO date (YYYY-MM-DD) from ISO 8601 or RFC 822 text; None when it is not a date.

    >>> normalize_date("Thu, 14 Nov 2024 09:30:00 GMT"), normalize_date("2024-11-14T10:00:00Z")
    ('2024-11-14', '2024-11-14')
    """
    if not value:
        return None
    text = str(value).strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def clean_text(text: str) -> str:
    """Normalize whitespace: single spaces inside lines, at most one blank line between paragraphs.

    >>> clean_text("a  b\\n\\n\\n c ")
    'a b\\n\\nc'
    """
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def require_text(text: str, where: str) -> str:
    """``text`` cleaned, or LoadError when nothing is left."""
    cleaned = clean_text(text)
    if not cleaned:
        raise LoadError(f"{where}: no article text")
    return cleaned
