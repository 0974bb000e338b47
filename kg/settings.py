"""Settings declared once, each with a default and help; ``KG_<NAME>`` overrides from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["SETTINGS", "Setting", "setting"]


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
        Setting("parser", "on", "Read deal, position and place sentences with spaCy's parser and NER; off: rules only"),
        Setting(
            "max_article_bytes",
            "1000000",
            "Largest file (or JSON Lines record) `kg ingest` reads as one article, in bytes; larger ones are skipped",
        ),
        Setting("ingest_batch", "500", "Articles `kg ingest` and `kg load` write per transaction"),
        Setting("query_timeout", "30", "Seconds a query may run in `kg serve` before it is stopped"),
        Setting("max_rows", "10000", "Most result rows `kg serve` returns for one query"),
        Setting("serve_host", "127.0.0.1", "Address `kg serve` listens on (loopback only unless you name another)"),
        Setting("serve_port", "7879", "Port `kg serve` listens on"),
        Setting("serve_workers", "2", "Oxigraph processes behind `kg serve`: how many queries run at once"),
        Setting("oxigraph", "", "Oxigraph server binary `kg serve` runs; default: the one installed beside Python"),
        Setting("cors_origin", "", "The one web origin `kg serve` allows cross-origin requests from; none if empty"),
        Setting("service_allow", "", "Space-separated endpoint IRIs a query served by `kg serve` may call with SERVICE"),
        Setting(
            "judgements",
            "kg-judgements.yaml",
            "YAML file of reviewed same/different judgements `kg resolve` writes and every ingest applies",
        ),
        Setting("remote_user", "", "User name for a remote SPARQL store (HTTP Basic auth)"),
        Setting("remote_password", "", "Password for a remote SPARQL store (HTTP Basic auth)"),
        Setting("remote_token", "", "Bearer token for a remote SPARQL store (instead of user and password)"),
        Setting("remote_query_url", "", "Query endpoint of a remote store, when it is not the one guessed from --store"),
        Setting("remote_update_url", "", "Update endpoint of a remote store, when it is not the one guessed from --store"),
        Setting("remote_gsp_url", "", "Graph Store Protocol endpoint of a remote store; graphs are PUT there if set"),
        Setting("remote_timeout", "300", "Seconds to wait for a remote SPARQL store to answer one request"),
        Setting("remote_batch", "10000", "Most triples written to a remote store in one SPARQL Update request"),
        Setting(
            "remote_union_default_graph",
            "true",
            "Ask a remote store (Oxigraph) to query the union of its graphs; false for servers that do by default",
        ),
    )
}


def setting(name: str) -> str:
    """Current value of a setting: the environment's ``KG_<NAME>`` or the default.

    >>> setting("max_rows") == os.environ.get("KG_MAX_ROWS", "10000")
    True
    """
    declared = SETTINGS[name]
    return os.environ.get(declared.env, declared.default)
