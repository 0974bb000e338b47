"""``kg query``: SPARQL from the command line."""

from __future__ import annotations

import sys

import click

from kg.cli.common import main, open_cli_store, store_option
from kg.queries import bind_parameters, describe_queries, load_queries, named_query
from kg.results import OUTPUT_NAMES, render_results
from kg.sparql import run_query


@main.command("query")
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r"), help="Read the query from a file ('-' for stdin).")
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(OUTPUT_NAMES, case_sensitive=False),
    help="Output: table, SPARQL results (csv/tsv/json/xml) or RDF for CONSTRUCT/DESCRIBE.",
)
@click.option("--list", "list_named", is_flag=True, help="List the named queries in ontology/queries and their parameters.")
@click.option("--named", metavar="NAME", help="Run the named query NAME (see --list).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query, bound as an RDF term (repeatable).")
@store_option
def query_command(sparql: str | None, query_file, fmt: str, list_named: bool, named: str | None,
                  params: tuple[str, ...], store_uri: str | None) -> None:
    """Run a SPARQL query (text, -f FILE, or '-' for stdin); common prefixes are predeclared."""
    if list_named:
        click.echo(describe_queries(load_queries()))
        return
    if params and not named:
        raise click.UsageError("--param needs --named NAME")
    if named:
        if sparql or query_file is not None:
            raise click.UsageError("give either a query or --named NAME, not both")
        pairs = [p.partition("=") for p in params]
        if any(not sep or not key for key, sep, _ in pairs):
            raise click.UsageError("--param takes key=value")
        sparql = bind_parameters(named_query(named), {key: value for key, _, value in pairs})
    elif query_file is not None:
        sparql = query_file.read()
    elif sparql == "-":
        sparql = sys.stdin.read()
    if not sparql or not sparql.strip():
        raise click.UsageError("give a query, -f FILE, or '-' to read it from stdin")
    with open_cli_store(store_uri) as store:
        click.echo(render_results(run_query(store, sparql), fmt).rstrip("\n"))
