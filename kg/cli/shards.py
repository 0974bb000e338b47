"""``kg extract`` (articles to N-Quads shards, here or on a Dask cluster) and ``kg load`` (shards into a store)."""

from __future__ import annotations

import traceback
from pathlib import Path

import click

from kg.cli.common import jobs_option, main, open_cli_store, store_option
from kg.errors import LoadError


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="Folder for the shards.")
@click.option(
    "--shard-size", type=click.IntRange(min=1), default=1000, show_default=True, help="Articles per shard."
)
@click.option(
    "--dask", "dask_address", metavar="ADDRESS", help="Dask scheduler to extract on (tcp://host:8786)."
)
@jobs_option
@click.pass_context
def extract_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    output: Path,
    shard_size: int,
    dask_address: str | None,
    jobs: int | None,
) -> None:
    """Extract articles into N-Quads shards (part-00000.nq …) without a store; `kg load` stores them.

    With --dask, each shard is a task on the cluster (every worker needs defense-kg installed);
    otherwise --jobs local processes extract. Skipped articles are printed one per line.
    """
    from kg.pool import default_jobs
    from kg.shards import extract_shards

    debug = bool(ctx.obj and ctx.obj.get("debug"))

    def on_item(item) -> None:
        if isinstance(item, LoadError):
            click.echo(f"skipped: {item}", err=True)
            if debug and item.__cause__ is not None:
                click.echo("".join(traceback.format_exception(item.__cause__)).rstrip(), err=True)

    report = extract_shards(
        paths, output, jobs=jobs or default_jobs(), dask=dask_address, shard_size=shard_size, on_item=on_item
    )
    click.echo(report.summary())
    if report.skipped and not report.articles:
        raise click.ClickException("no article could be extracted")


@main.command("load")
@click.argument("shards", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
def load_command(shards: tuple[str, ...], store_uri: str | None) -> None:
    """Load N-Quads shards from `kg extract` (files or folders) into the store, then resolve across articles.

    An empty embedded store is bulk-loaded; any other store (a remote SPARQL 1.1 server too)
    gets whole article graphs per transaction, replacing older versions.
    """
    from kg.shards import load_shards

    with open_cli_store(store_uri, writable=True) as store:
        report = load_shards(store, shards, on_shard=lambda path: click.echo(f"loaded {path}", err=True))
    click.echo(report.summary())
