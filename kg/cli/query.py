"""``kg query``: SPARQL from the command line."""

from __future__ import annotations

import sys

import click

from kg.cli import main
from kg.cli.common import open_cli_store, store_option
from kg.results import GRAPH_FORMATS, RESULT_FORMATS, render_results
from kg.sparql import run_query


@main.command("query")
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r"), help="Read the query from a file ('-' for stdin).")
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", *RESULT_FORMATS, *GRAPH_FORMATS]),
    help="Output: table, SPARQL results (csv/tsv/json/xml) or RDF for CONSTRUCT/DESCRIBE.",
)
@store_option
def query_command(sparql: str | None, query_file, fmt: str, store_uri: str | None) -> None:
    """Run a SPARQL query (text, -f FILE, or '-' for stdin); common prefixes are predeclared."""
    if query_file is not None:
        sparql = query_file.read()
    elif sparql == "-":
        sparql = sys.stdin.read()
    if not sparql or not sparql.strip():
        raise click.UsageError("give a query, -f FILE, or '-' to read it from stdin")
    with open_cli_store(store_uri) as store:
        click.echo(render_results(run_query(store, sparql), fmt).rstrip("\n"))
