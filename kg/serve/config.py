"""What ``kg serve`` serves and how, every field defaulting to its setting."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kg.settings import setting

__all__ = ["ServeConfig", "oxigraph_binary"]


def oxigraph_binary() -> str:
    """Oxigraph's server: the ``oxigraph`` setting, else the one installed beside this Python, else on PATH."""
    named = setting("oxigraph")
    if named:
        return named
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph") or str(beside)


@dataclass
class ServeConfig:
    """What ``kg serve`` serves and how; every field defaults to its setting."""

    store: Path
    host: str = field(default_factory=lambda: setting("serve_host"))
    port: int = field(default_factory=lambda: int(setting("serve_port")))
    workers: int = field(default_factory=lambda: int(setting("serve_workers")))
    timeout: float = field(default_factory=lambda: float(setting("query_timeout")))
    max_rows: int = field(default_factory=lambda: int(setting("max_rows")))
    cors_origin: str = field(default_factory=lambda: setting("cors_origin"))
    service_allow: frozenset[str] = field(default_factory=lambda: frozenset(setting("service_allow").split()))
    oxigraph: str = field(default_factory=oxigraph_binary)
