"""Shared CLI plumbing: the store option and turning library errors into one-line messages."""

from __future__ import annotations

import click

from kg.errors import KgError
from kg.settings import SETTINGS, setting
from kg.store import Store, open_store

__all__ = ["KgGroup", "open_cli_store", "store_option"]


class KgGroup(click.Group):
    """A group whose commands report KgError as ``Error: <message>`` and exit 1 (tracebacks with --debug)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(exc)) from exc


def store_option(f):
    """The ``--store`` option shared by every command that opens a store."""
    return click.option(
        "--store",
        "store_uri",
        default=None,
        metavar="URI",
        help=f"{SETTINGS['store'].help}. Default: ${SETTINGS['store'].env} or ./{SETTINGS['store'].default}.",
    )(f)


def open_cli_store(store_uri: str | None, *, writable: bool = False) -> Store:
    """Open the store named on the command line, in the environment, or the default."""
    return open_store(store_uri or setting("store"), writable=writable)
