"""``kg evaluate``: score the store against gold annotations."""

from __future__ import annotations

import click

from kg.cli import main
from kg.cli.common import open_cli_store, store_option
from kg.evaluate import evaluate, format_report


@main.command("evaluate")
@click.argument("gold_dir", type=click.Path(exists=True))
@click.option(
    "--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]), help="Output."
)
@store_option
def evaluate_command(gold_dir: str, fmt: str, store_uri: str | None) -> None:
    """Score extraction against GOLD_DIR (YAML per article): P/R/F1 and TP/FP/FN per kind."""
    with open_cli_store(store_uri) as store:
        click.echo(format_report(evaluate(store, gold_dir), fmt))
