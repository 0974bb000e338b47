"""Settings declared once, each with a default and help; ``KG_<NAME>`` overrides from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Setting", "SETTINGS", "setting"]


@dataclass(frozen=True)
class Setting:
    """A named setting with its default and documentation."""

    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        """Environment variable that overrides the default."""
        return "KG_" + self.name.upper()


SETTINGS = {
    s.name: s
    for s in (
        Setting("store", "kg-store", "Store URI: a path (embedded Oxigraph), memory:, or http(s):// SPARQL endpoint"),
        Setting("query_timeout", "30", "Seconds a query may run in `kg serve` before it is stopped"),
        Setting("max_rows", "10000", "Most result rows `kg serve` returns for one query"),
    )
}


def setting(name: str) -> str:
    """Current value of a setting: the environment's ``KG_<NAME>`` or the default.

    >>> setting("max_rows") == os.environ.get("KG_MAX_ROWS", "10000")
    True
    """
    declared = SETTINGS[name]
    return os.environ.get(declared.env, declared.default)
