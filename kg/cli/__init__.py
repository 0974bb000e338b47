"""The ``kg`` command: thin click wrappers around library calls, one module per command family."""

from __future__ import annotations

from kg.cli.common import main

# Each module registers its commands on ``main``.
from kg.cli import evaluate as _evaluate  # noqa: E402, F401
from kg.cli import ingest as _ingest  # noqa: E402, F401
from kg.cli import network as _network  # noqa: E402, F401
from kg.cli import query as _query  # noqa: E402, F401
from kg.cli import serve as _serve  # noqa: E402, F401

__all__ = ["main"]
