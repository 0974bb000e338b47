"""Curated names (data/gazetteer/) and language cues (data/lexicon/), loaded and checked once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import DataError
from kg.iris import entity_key
from kg.resources import resource_path

__all__ = ["GAZETTEER_FILES", "Entry", "Gazetteer", "data_dir", "load_gazetteer"]

#: Gazetteer file stem -> entity type of its entries.
GAZETTEER_FILES = {
    "countries": "Country",
    "companies": "Company",
    "government_bodies": "GovernmentBody",
    "military_organizations": "MilitaryOrganization",
    "products": "Product",
    "places": "Place",
    "sites": "Site",
    "people": "Person",
}

_TEXT_FIELDS = ("country", "official", "iso", "within", "kind", "manufacturer", "category")
_LIST_FIELDS = ("aliases", "demonyms")


def data_dir() -> Path:
    """The ``data/`` folder shipped with the package (gazetteers and lexicon)."""
    return resource_path("data")


@dataclass(frozen=True)
class Entry:
    """One curated entity: canonical name, type, aliases and what the data says about it."""

    type: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    official: str | None = None
    iso: str | None = None
    demonyms: tuple[str, ...] = ()
    within: str | None = None
    kind: str | None = None
    manufacturer: str | None = None
    category: str | None = None

    @property
    def key(self) -> str:
        """Identity key of the entity.

        >>> Entry("Country", "South Korea").key
        'country:south-korea'
        """
        return entity_key(self.type, self.name)

    def surface_forms(self) -> list[str]:
        """Every name the entry may be written as (not demonyms)."""
        forms = [self.name, *self.aliases]
        if self.official:
            forms.append(self.official)
        return forms


@dataclass
class Gazetteer:
    """The loaded gazetteer and lexicon with the look-ups extraction needs."""

    entries: list[Entry] = field(default_factory=list)
    lexicon: dict[str, dict[str, Any]] = field(default_factory=dict)
    lexicon_paths: dict[str, Path] = field(default_factory=dict)
    titles: dict[str, list[str]] = field(default_factory=dict)
    title_abbreviations: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key: dict[str, Entry] = {}
        self.by_name: dict[str, list[Entry]] = {}
        self.demonyms: dict[str, Entry] = {}
        self.demonyms_written: set[str] = set()  # every word of every demonym, as written
        self.read: set[tuple[str, str]] = set()  # (file stem, entry) of every lexicon entry read
        for entry in self.entries:
            self.by_key.setdefault(entry.key, entry)
            for form in entry.surface_forms():
                bucket = self.by_name.setdefault(form.lower(), [])
                if entry not in bucket:
                    bucket.append(entry)
            for demonym in entry.demonyms:
                self.demonyms.setdefault(demonym.lower(), entry)
                self.demonyms_written.update(demonym.split())

    def country(self, name: str | None) -> Entry | None:
        """The Country entry with this name, alias, official name, ISO code or demonym."""
        if not name:
            return None
        for entry in self.by_name.get(name.lower(), ()):
            if entry.type == "Country":
                return entry
        if len(name) == 2 and name.isupper():
            return next((e for e in self.entries if e.type == "Country" and e.iso == name), None)
        return self.demonyms.get(name.lower())

    def lookup(self, name: str, type_: str | None = None) -> Entry | None:
        """The entry written ``name`` (of ``type_`` when given), if exactly one kind of thing has it."""
        entries = [e for e in self.by_name.get(name.lower(), ()) if type_ in (None, e.type)]
        return entries[0] if entries else None

    def words(self, stem: str, name: str) -> list[str]:
        """A list of cue words from ``data/lexicon/<stem>.yaml``."""
        value = self._lexicon_value(stem, name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataError(f"{self.lexicon_paths.get(stem, stem)}: {name}: expected a list of strings")
        return value

    def table(self, stem: str, name: str) -> dict[str, Any]:
        """A mapping from ``data/lexicon/<stem>.yaml``."""
        value = self._lexicon_value(stem, name)
        if not isinstance(value, dict):
            raise DataError(f"{self.lexicon_paths.get(stem, stem)}: {name}: expected a mapping")
        return value

    def unread_entries(self) -> list[str]:
        """Lexicon entries no rule has read so far, as "<file>: <entry>" (each one is dead data)."""
        return [
            f"{self.lexicon_paths[stem]}: {name}"
            for stem, entries in sorted(self.lexicon.items())
            for name in entries
            if (stem, name) not in self.read
        ]

    def _lexicon_value(self, stem: str, name: str) -> Any:
        self.read.add((stem, name))
        if stem not in self.lexicon:
            raise DataError(f"data/lexicon/{stem}.yaml: missing")
        if name not in self.lexicon[stem]:
            raise DataError(f"{self.lexicon_paths[stem]}: missing entry {name!r}")
        return self.lexicon[stem][name]

    def all_titles(self) -> list[str]:
        """Every title of every category, abbreviations included."""
        seen: dict[str, None] = {}
        for titles in self.titles.values():
            seen.update(dict.fromkeys(titles))
        seen.update(dict.fromkeys(self.title_abbreviations))
        return list(seen)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise DataError(f"{path}{where}: not valid YAML") from exc


def _entry(path: Path, index: int, raw: Any, type_: str) -> Entry:
    if not isinstance(raw, dict):
        raise DataError(f"{path}: entry {index + 1}: expected a mapping with a name")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataError(f"{path}: entry {index + 1}: missing or empty 'name'")
    where = f"{path}: entry {index + 1} ({name})"
    values: dict[str, Any] = {}
    for key in _LIST_FIELDS:
        items = raw.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise DataError(f"{where}: '{key}' must be a list of names")
        values[key] = tuple(i.strip() for i in items)
    for key in _TEXT_FIELDS:
        item = raw.get(key)
        if item is not None and not isinstance(item, str):
            raise DataError(f"{where}: '{key}' must be text")
        values[key] = item.strip() if item else None
    declared = raw.get("type", type_)
    if declared not in GAZETTEER_FILES.values():
        raise DataError(f"{where}: unknown type {declared!r}")
    return Entry(type=declared, name=name.strip(), **values)


def _load_entries(path: Path, type_: str) -> list[Entry]:
    raw = _read_yaml(path)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise DataError(f"{path}: expected a list of entries")
    return [_entry(path, i, item, type_) for i, item in enumerate(raw)]


def _merge_titles(path: Path, raw: Any, titles: dict[str, list[str]], abbreviations: dict[str, str]) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise DataError(f"{path}: expected a mapping of title categories")
    for category, items in raw.items():
        if category == "abbreviations":
            if not isinstance(items, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in items.items()
            ):
                raise DataError(f"{path}: abbreviations: expected a mapping of abbreviation to title")
            abbreviations.update(items)
            continue
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise DataError(f"{path}: {category}: expected a list of titles")
        bucket = titles.setdefault(str(category), [])
        bucket.extend(i for i in items if i not in bucket)


def _yaml_files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml")) if folder.is_dir() else ()


@cache
def load_gazetteer(root: Path | None = None) -> Gazetteer:
    """Load ``gazetteer/*.yaml`` and ``lexicon/*.yaml`` under ``root`` (default: the project's data/).

    >>> gaz = load_gazetteer()
    >>> "sign" in gaz.words("deals", "signing_verbs")
    True
    """
    root = root or data_dir()
    entries: list[Entry] = []
    titles: dict[str, list[str]] = {}
    abbreviations: dict[str, str] = {}
    lexicon: dict[str, dict[str, Any]] = {}
    paths: dict[str, Path] = {}
    for path in _yaml_files(root / "lexicon"):
        raw = _read_yaml(path)
        if path.stem == "titles":
            _merge_titles(path, raw, titles, abbreviations)
            continue
        if not isinstance(raw, dict):
            raise DataError(f"{path}: expected a mapping of cue lists")
        lexicon[path.stem], paths[path.stem] = raw, path
    for path in _yaml_files(root / "gazetteer"):
        if path.stem == "titles":
            _merge_titles(path, _read_yaml(path), titles, abbreviations)
        elif path.stem in GAZETTEER_FILES:
            entries.extend(_load_entries(path, GAZETTEER_FILES[path.stem]))
    return Gazetteer(entries, lexicon, paths, titles, abbreviations)
