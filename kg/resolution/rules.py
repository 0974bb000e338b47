"""The resolution rules of ``data/resolution/rules.yaml``: name keys, kind families, stage cues."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from anyascii import anyascii

from kg.errors import DataError
from kg.resources import resource_path

__all__ = ["RULES_PATH", "Rules", "load_rules", "name_key"]

RULES_PATH = resource_path("data", "resolution", "rules.yaml")
_KEYS = {"corporate_prefixes", "corporate_suffixes", "preliminary_kinds", "kind_families", "stage_cues"}


@dataclass(frozen=True)
class Rules:
    """Corporate affixes, deal kind families, preliminary kinds and the cues of stages after signing."""

    suffixes: tuple[tuple[str, ...], ...]  # word tuples, longest first
    prefixes: tuple[tuple[str, ...], ...]
    families: dict[str, str]  # kind -> family
    preliminary: frozenset[str]  # kinds that precede an executive contract
    stage_cues: dict[str, re.Pattern]  # stage -> whole-word pattern

    def family(self, kind: str) -> str:
        """The family of ``kind``; a kind no family lists is its own."""
        return self.families.get(kind, kind)


def _strings(path: Path, where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"{path}: {where} must be a list of strings (quote yes/no/on)")
    return value


@cache
def load_rules(path: Path = RULES_PATH) -> Rules:
    """Read and check the rules file; an unknown key or a malformed list is an error naming it.

    >>> load_rules().family("framework") == load_rules().family("contract")
    True
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or set(data) != _KEYS:
        raise DataError(f"{path}: expected exactly the keys {', '.join(sorted(_KEYS))}")
    suffixes = sorted(
        {tuple(s.split()) for s in _strings(path, "corporate_suffixes", data["corporate_suffixes"])},
        key=lambda words: (-len(words), words),
    )
    prefixes = tuple(
        tuple(s.split()) for s in _strings(path, "corporate_prefixes", data["corporate_prefixes"])
    )
    families: dict[str, str] = {}
    for family, kinds in (data["kind_families"] or {}).items():
        for kind in _strings(path, f"kind_families.{family}", kinds):
            if kind in families:
                raise DataError(f"{path}: kind {kind!r} is in two families")
            families[kind] = str(family)
    cues = {}
    for stage, phrases in (data["stage_cues"] or {}).items():
        words = sorted(_strings(path, f"stage_cues.{stage}", phrases), key=len, reverse=True)
        cues[str(stage)] = re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE
        )
    preliminary = frozenset(_strings(path, "preliminary_kinds", data["preliminary_kinds"]))
    return Rules(tuple(suffixes), prefixes, families, preliminary, cues)


def name_key(name: str, rules: Rules | None = None) -> str:
    """A name as compared across articles: ASCII, lower case, words only, no corporate suffix.

    >>> name_key("Mariusz Błaszczak") == name_key("MARIUSZ BLASZCZAK")
    True
    >>> name_key("Hanwha Aerospace Co., Ltd."), name_key("PT PAL")
    ('hanwha aerospace', 'pal')
    """
    rules = rules or load_rules()
    words = re.sub(r"[^a-z0-9]+", " ", anyascii(name).lower()).split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for suffix in rules.suffixes:
            n = len(suffix)
            if len(words) > n and tuple(words[-n:]) == suffix:
                words, changed = words[:-n], True
                break
        for prefix in rules.prefixes:
            n = len(prefix)
            if len(words) > n and tuple(words[:n]) == prefix:
                words, changed = words[n:], True
                break
    return " ".join(words)
