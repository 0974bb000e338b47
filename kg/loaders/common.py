"""Helpers shared by loaders: refusing what is not a readable article, decoding, dates, whitespace."""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import errno
import os
import re
import stat
from pathlib import Path

from kg.errors import LoadError
from kg.settings import setting

__all__ = [
    "check_article_size",
    "clean_text",
    "decode_text",
    "max_article_bytes",
    "normalize_date",
    "not_a_file",
    "os_reason",
    "read_text",
    "require_text",
]

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def max_article_bytes() -> int:
    """The most bytes one article may take (setting ``max_article_bytes``)."""
    return int(setting("max_article_bytes"))


def check_article_size(size: int, where: str) -> None:
    """LoadError when ``size`` bytes are more than one article may take.

    >>> check_article_size(10, "a.txt")
    """
    limit = max_article_bytes()
    if size > limit:
        raise LoadError(f"{where}: {size:,} bytes, over the {limit:,}-byte limit for one article (KG_MAX_ARTICLE_BYTES)")


def not_a_file(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is no article file (a FIFO, a device…), or None for a regular file.

    >>> not_a_file(stat.S_IFIFO | 0o644)
    'not a regular file (a FIFO)'
    """
    if stat.S_ISREG(mode):
        return None
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a folder" if stat.S_ISDIR(mode) else "not a file")
    return f"not a regular file ({kind})"


def os_reason(exc: OSError) -> str:
    """A short reason for an error reading a file.

    >>> os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links"))
    'symbolic link loop'
    """
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read: {exc.strerror or exc}"


def _read_bytes(path: Path, limit: int | None) -> bytes:
    try:
        # Non-blocking, so a FIFO cannot hang the batch before its mode is seen.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise LoadError(f"{path}: {os_reason(exc)}") from exc
    with os.fdopen(fd, "rb") as f:
        reason = not_a_file(os.fstat(fd).st_mode)
        if reason:
            raise LoadError(f"{path}: {reason}")
        if limit is not None:
            check_article_size(os.fstat(fd).st_size, str(path))
        try:
            data = f.read() if limit is None else f.read(limit + 1)
        except OSError as exc:
            raise LoadError(f"{path}: {os_reason(exc)}") from exc
    if limit is not None:
        check_article_size(len(data), str(path))  # a file that grew, or one whose size the system does not tell
    return data


def decode_text(data: bytes, where: str) -> str:
    """Text of ``data``: UTF-8, or UTF-16/32 with a byte-order mark; line ends made ``\\n``.

    >>> decode_text("é\\r\\n".encode("utf-16"), "a.txt")
    'é\\n'
    """
    if not data:
        raise LoadError(f"{where}: empty file")
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        if b"\x00" in data[:4096]:
            raise LoadError(f"{where}: binary file (NUL bytes), not text")
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        raise LoadError(f"{where}: not valid {label} (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from exc
    if not text.strip():
        raise LoadError(f"{where}: empty file (only whitespace)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, *, whole_article: bool = True) -> str:
    """The file's text; empty, binary, undecodable, oversized or irregular files raise LoadError.

    A file holding one article (``whole_article``) over ``max_article_bytes`` is
    refused before it is read; files of many records are checked record by record.
    """
    return decode_text(_read_bytes(path, max_article_bytes() if whole_article else None), str(path))


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
