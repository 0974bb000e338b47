"""Shared CLI plumbing: the ``kg`` group, the store option, and library errors as one-line messages."""

from __future__ import annotations

import click

from kg import __version__
from kg.errors import KgError, dependency_error
from kg.settings import SETTINGS, setting
from kg.store import Store, open_store

__all__ = ["KgGroup", "jobs_option", "main", "open_cli_store", "store_option"]


class KgGroup(click.Group):
    """A group whose commands report errors as ``Error: <message>`` and exit 1 (tracebacks with --debug).

    An ImportError met while a command runs (a dependency missing or broken) is reported the same way.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (KgError, ImportError) as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            error = dependency_error(exc) if isinstance(exc, ImportError) else exc
            raise click.ClickException(str(error)) from exc


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build, query, rank, export and see a knowledge graph of defense-industry news."""
    ctx.obj = {"debug": debug}


def store_option(f):
    """The ``--store`` option shared by every command that opens a store."""
    return click.option(
        "--store",
        "store_uri",
        default=None,
        metavar="URI",
        help=f"{SETTINGS['store'].help}. Default: ${SETTINGS['store'].env} or ./{SETTINGS['store'].default}.",
    )(f)


def jobs_option(f):
    """The ``--jobs`` option of the commands that extract: worker processes, default the cores available."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Extraction processes (default: the cores available).",
    )(f)


def open_cli_store(store_uri: str | None, *, writable: bool = False) -> Store:
    """Open the store named on the command line, in the environment, or the default."""
    return open_store(store_uri or setting("store"), writable=writable)
