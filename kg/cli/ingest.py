"""``kg ingest`` and ``kg stats``."""

from __future__ import annotations

import sys
import traceback

import click
from tqdm import tqdm

from kg.cli.common import jobs_option, main, open_cli_store, store_option
from kg.errors import LoadError
from kg.stats import graph_stats


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@store_option
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@jobs_option
@click.pass_context
def ingest_command(
    ctx: click.Context, paths: tuple[str, ...], store_uri: str | None, progress: bool | None, jobs: int | None
) -> None:
    """Ingest articles from files and folders (.txt .md .html .jsonl .rss .atom .xml).

    Extraction runs in --jobs worker processes; one writer stores many articles per transaction.
    Each file, record or article skipped is printed on one line with its reason (with --debug,
    followed by the traceback of the error behind it); the summary counts those lines.
    """
    from kg.ingest import ingest  # spaCy and the gazetteers load only for the commands that extract
    from kg.pool import default_jobs

    debug = bool(ctx.obj and ctx.obj.get("debug"))
    show = sys.stderr.isatty() if progress is None else progress
    with (
        open_cli_store(store_uri, writable=True) as store,
        tqdm(desc="ingest", unit="article", disable=not show, file=sys.stderr) as bar,
    ):

        def on_item(item) -> None:
            if isinstance(item, LoadError):
                tqdm.write(f"skipped: {item}", file=sys.stderr)
                if debug and item.__cause__ is not None:
                    tqdm.write("".join(traceback.format_exception(item.__cause__)).rstrip(), file=sys.stderr)
            else:
                bar.update(1)

        report = ingest(store, paths, on_item=on_item, jobs=jobs or default_jobs())
    click.echo(report.summary())
    if report.skipped and not (report.written or report.unchanged):
        raise click.ClickException("no article could be ingested")


@main.command("stats")
@store_option
def stats_command(store_uri: str | None) -> None:
    """Counts of articles, triples, agreements and entities by class."""
    with open_cli_store(store_uri) as store:
        stats = graph_stats(store)
    width = max(len(name) for name in stats)
    for name, count in stats.items():
        click.echo(f"{name:<{width}}  {count:>8}")
