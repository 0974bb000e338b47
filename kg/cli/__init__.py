"""The ``kg`` command: thin click wrappers around library calls, one module per command family."""

from __future__ import annotations

from kg.cli import evaluate, ingest, network, query, resolve, serve, shards  # noqa: F401 - each registers its commands on main
from kg.cli.common import main

__all__ = ["main"]
