"""The ``kg`` command: thin click wrappers around library calls, one module per command family."""

from __future__ import annotations

import click

from kg import __version__
from kg.cli.common import KgGroup


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build, query, rank, export and see a knowledge graph of defense-industry news."""
    ctx.obj = {"debug": debug}


# Each module registers its commands on ``main``.
from kg.cli import evaluate as _evaluate  # noqa: F401
from kg.cli import ingest as _ingest  # noqa: F401
from kg.cli import network as _network  # noqa: F401
from kg.cli import query as _query  # noqa: F401
from kg.cli import serve as _serve  # noqa: F401
