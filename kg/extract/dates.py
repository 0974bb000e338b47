"""Dates written in a sentence, normalized with their precision (YYYY-MM-DD, YYYY-MM or YYYY)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import dateparser

__all__ = ["find_dates", "normalize_date"]

_MONTHS = (
    r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
)
_WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_PATTERNS = [
    (re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b"), "day"),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\s*,?\s+(?:19|20)\d\d\b"), "day"),
    (re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b"), "day"),
    (re.compile(rf"\b(?:{_MONTHS})\s+(?:of\s+)?(?:19|20)\d\d\b"), "month"),
    (re.compile(rf"\b(?:on\s+)?(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)"), "day-no-year"),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b(?!\s*,?\s*\d)"), "day-no-year"),
    (re.compile(rf"\b(?:on|last|this|past)\s+(?:{_WEEKDAYS})\b"), "weekday"),
    (re.compile(r"\b(?:yesterday|today)\b"), "relative-day"),
    (re.compile(r"\b(?:last|this|next)\s+(?:month|year)\b"), "relative"),
    (re.compile(r"\b(?:in|since|during|of|by|until|from)\s+(?:early\s+|late\s+|mid-)?(?:19|20)\d\d\b(?!-)"), "year"),
]


_MONTH_NUMBER = {m: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for m in names}


def _quick_parse(text: str, kind: str, base: date | None) -> str | None:
    """The usual news forms without dateparser: "14 May 2021", "May 14, 2021", "May 2021", "May 20"."""
    words = re.findall(r"[A-Za-z]+|\d+", text)
    months = [_MONTH_NUMBER.get(w.lower()) for w in words if w.isalpha()]
    numbers = [int(w) for w in words if w.isdigit()]
    if len(months) != 1 or months[0] is None or len(words) != len(numbers) + 1 + (text.count(" of ") > 0):
        return None
    month = months[0]
    year = next((n for n in numbers if n >= 1900), None)
    day = next((n for n in numbers if n < 32), None)
    try:
        if kind == "month" and year:
            return f"{year:04d}-{month:02d}"
        if kind == "day" and year and day:
            return date(year, month, day).isoformat()
        if kind == "day-no-year" and day and base is not None:
            found = date(base.year, month, day)
            return (found if found <= base else date(base.year - 1, month, day)).isoformat()
    except ValueError:
        return None
    return None


def _parse(text: str, base: date | None) -> date | None:
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        from datetime import datetime

        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _weekday_before(base: date, name: str) -> date:
    target = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday").index(name.lower())
    delta = (base.weekday() - target) % 7
    return base - timedelta(days=delta)


def normalize_date(text: str, kind: str, published: str | None) -> str | None:
    """ISO form of one date expression with the precision the text gives.

    >>> normalize_date("May 2017", "month", None)
    '2017-05'
    >>> normalize_date("on Friday", "weekday", "2024-12-20")
    '2024-12-20'
    >>> normalize_date("last month", "relative", "2024-12-20")
    '2024-11'
    """
    base = date.fromisoformat(published) if published and len(published) >= 10 else None
    if kind == "year":
        return re.search(r"(?:19|20)\d\d", text).group(0)
    if kind == "weekday":
        if base is None:
            return None
        day = _weekday_before(base, text.split()[-1])
        return day.isoformat()
    if kind in ("relative", "relative-day", "day-no-year") and base is None:
        return None
    if kind == "relative":
        unit = text.split()[-1].lower()
        shift = {"last": -1, "this": 0, "next": 1}[text.split()[0].lower()]
        if unit == "year":
            return str(base.year + shift)
        month = base.month - 1 + shift
        return f"{base.year + month // 12:04d}-{month % 12 + 1:02d}"
    cleaned = re.sub(r"^(?:on|in|of)\s+", "", text.strip())
    quick = _quick_parse(cleaned, kind, base)
    if quick is not None:
        return quick
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned).replace("Sept.", "Sep").replace(".", "")
    parsed = _parse(cleaned, base)
    if parsed is None:
        return None
    if kind == "month":
        return f"{parsed.year:04d}-{parsed.month:02d}"
    if kind == "day-no-year" and base is not None and parsed > base:
        parsed = parsed.replace(year=parsed.year - 1)
    return parsed.isoformat()


def find_dates(text: str, published: str | None) -> list[tuple[int, int, str]]:
    """Date expressions in ``text``: (start, end, ISO value), most precise first at each place.

    >>> find_dates("The deal was signed on March 3, 2021 in Lima.", None)
    [(23, 36, '2021-03-03')]
    """
    found: list[tuple[int, int, str]] = []
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s <= start < e or s < end <= e for s, e, _ in found):
                continue
            value = normalize_date(match.group(0), kind, published)
            if value:
                found.append((start, end, value))
    return sorted(found)
