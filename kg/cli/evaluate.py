"""``kg evaluate``: score the store against gold annotations."""

from __future__ import annotations

import click

from kg.cli.common import main, open_cli_store, store_option
from kg.evaluate import evaluate, format_report


@main.command("evaluate")
@click.argument("gold_dirs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--format", "fmt", default="table", show_default=True, type=click.Choice(["table", "json"]), help="Output."
)
@click.option("--errors", is_flag=True, help="Also list every false positive and false negative, one per line.")
@store_option
def evaluate_command(gold_dirs: tuple[str, ...], fmt: str, errors: bool, store_uri: str | None) -> None:
    """Score extraction against GOLD_DIRS (YAML per article): P/R/F1 and TP/FP/FN per kind."""
    with open_cli_store(store_uri) as store:
        report = evaluate(store, *gold_dirs, errors=errors)
    click.echo(format_report(report, fmt))
    for line in report.errors or ():
        click.echo(line)
