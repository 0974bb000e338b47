"""``kg centrality``, ``kg communities``, ``kg export`` and ``kg viz``: the partnership network."""

from __future__ import annotations

import sys

import click

from kg.cli.common import main, open_cli_store, store_option
from kg.errors import KgError
from kg.export import FORMATS, export, lookup
from kg.network import (
    MEASURES,
    PROJECTIONS,
    RANKING_FORMATS,
    Filters,
    centralities,
    community_rows,
    edge_evidence,
    evidence,
    format_ranking,
    louvain,
    network,
    ranking,
    write_scores,
)
from kg.network.centrality import ENGINES, SEED
from kg.network.projections import VIEWS
from kg.render import MAX_NODES, render_map, write_map


def projection_options(f):
    """Options choosing the projection, its filters and an ego network."""
    options = [
        click.option(
            "--projection",
            default="partners",
            show_default=True,
            type=click.Choice(list(PROJECTIONS)),
            help="partners: actors sharing agreements; countries: lifted to countries; "
            "bipartite: actors and agreements; full: every entity link.",
        ),
        click.option(
            "--since",
            metavar="DATE",
            callback=_check_date,
            help="Deals dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD): the signing date, "
            "else (resolved view) the first report of the signing.",
        ),
        click.option(
            "--until", metavar="DATE", callback=_check_date, help="Deals dated on or before DATE (as --since)."
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            metavar="KIND",
            help="Agreement kind (repeatable): contract, mou…",
        ),
        click.option(
            "--country",
            "countries",
            multiple=True,
            metavar="COUNTRY",
            help="Agreements with a party of this country, by name or IRI (repeatable).",
        ),
        click.option(
            "--type",
            "types",
            multiple=True,
            metavar="CLASS",
            help="Actors of this class (repeatable): Company…",
        ),
        click.option(
            "--view",
            default="resolved",
            show_default=True,
            type=click.Choice(list(VIEWS)),
            help="resolved: one node per deal and entity across articles, attributes by majority; "
            "raw: every article's own agreements and claims.",
        ),
        click.option("--ego", metavar="ACTOR", help="Only the network around ACTOR (name or IRI)."),
        click.option(
            "--radius", default=1, show_default=True, type=click.IntRange(0), help="Ego network radius."
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


format_option = click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(list(RANKING_FORMATS)),
    help="Output: an aligned table, CSV, or JSON with the notes.",
)


def _check_date(ctx, param, value):
    if value is not None:
        try:
            Filters(since=value)
        except KgError as exc:
            raise click.BadParameter(str(exc).partition(": ")[2] or str(exc)) from None
    return value


def _filters(options: dict) -> Filters:
    return Filters(
        since=options["since"],
        until=options["until"],
        kinds=frozenset(options["kinds"]),
        countries=frozenset(options["countries"]),
        types=frozenset(options["types"]),
        view=options["view"],
    )


def _graph(store, options: dict):
    return network(
        store, options["projection"], _filters(options), center=options["ego"], radius=options["radius"]
    )


_PROJECTION_KEYS = ("projection", "since", "until", "kinds", "countries", "types", "view", "ego", "radius")


def _split(kwargs: dict) -> dict:
    return {key: kwargs.pop(key) for key in _PROJECTION_KEYS}


@main.command("centrality")
@click.option(
    "--measure",
    "measures",
    multiple=True,
    default=("all",),
    show_default=True,
    type=click.Choice([*MEASURES, "all"]),
    help="Measure to compute (repeatable); the first one ranks.",
)
@click.option("--top", default=20, show_default=True, type=click.IntRange(0), help="Rows to show (0: all).")
@format_option
@click.option("--engine", default="auto", show_default=True, type=click.Choice(ENGINES), help="Who computes.")
@click.option(
    "--k",
    "k",
    type=click.IntRange(1),
    help="Sample betweenness from K sources (default: exact up to 5,000 nodes).",
)
@click.option("--seed", default=SEED, show_default=True, help="Seed of the betweenness sample.")
@click.option("--write", is_flag=True, help="Also store the scores as dkg:Score in the scores graph.")
@projection_options
@store_option
def centrality_command(measures, top, fmt, engine, k, seed, write, store_uri, **kwargs) -> None:
    """Rank actors by centrality in a projection of the graph."""
    options = _split(kwargs)
    with open_cli_store(store_uri, writable=write) as store:
        graph = _graph(store, options)
        result = centralities(graph, measures, engine=engine, k=k, seed=seed)
        if write:
            count = write_scores(store, result.scores, options["projection"])
            result.notes.append(f"wrote {count} scores to the store")
    notes = [
        f"{options['projection']}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
        *result.notes,
    ]
    click.echo(format_ranking(ranking(graph, result.scores, top=top), fmt, notes), nl=False)


@main.command("communities")
@click.option(
    "--top",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Largest communities to show (0: all).",
)
@format_option
@click.option("--seed", default=SEED, show_default=True, help="Louvain seed.")
@click.option(
    "--resolution",
    default=1.0,
    show_default=True,
    help="Louvain resolution: above 1 favours smaller communities.",
)
@click.option(
    "--write", is_flag=True, help="Also store each actor's community number as a dkg:Score (measure louvain)."
)
@projection_options
@store_option
def communities_command(top, fmt, seed, resolution, write, store_uri, **kwargs) -> None:
    """Find communities of actors with seeded Louvain."""
    options = _split(kwargs)
    with open_cli_store(store_uri, writable=write) as store:
        graph = _graph(store, options)
        membership = louvain(graph, seed=seed, resolution=resolution)
        notes = [f"louvain seed {seed}, resolution {resolution}: {len(set(membership.values()))} communities"]
        if write:
            count = write_scores(store, {"louvain": membership}, options["projection"])
            notes.append(f"wrote {count} scores to the store")
    click.echo(format_ranking(community_rows(graph, membership, top or None), fmt, notes), nl=False)


class _ExportFormat(click.ParamType):
    name = "format"

    def convert(self, value, param, ctx):
        try:
            return lookup(value).name
        except KgError:
            self.fail(f"{value!r}: choose from {', '.join(FORMATS)}", param, ctx)


@main.command("export")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=_ExportFormat(),
    help="One of: " + "; ".join(f"{f.name} ({f.help})" for f in FORMATS.values()) + ".",
)
@click.option("-o", "--output", required=True, metavar="FILE", help="File to write, '-' for standard output.")
@projection_options
@store_option
def export_command(fmt, output, store_uri, **kwargs) -> None:
    """Export the store (RDF formats) or a projection (graph formats)."""
    options = _split(kwargs)
    if output == "-" and FORMATS[fmt].write is None:
        raise click.UsageError(f"{fmt} writes two files: give -o NAME", ctx=click.get_current_context())
    with open_cli_store(store_uri) as store:
        written = export(
            store,
            fmt,
            output,
            stream=sys.stdout.buffer,
            projection=options["projection"],
            filters=_filters(options),
            center=options["ego"],
            radius=options["radius"],
        )
    for path in written:
        click.echo(f"wrote {path}", err=True)


@main.command("viz")
@click.option(
    "-o", "--output", default="network.html", show_default=True, metavar="FILE", help="HTML file to write."
)
@click.option(
    "--size-by",
    default="pagerank",
    show_default=True,
    type=click.Choice(list(MEASURES)),
    help="Centrality that sizes nodes and picks the top ones.",
)
@click.option(
    "--max-nodes",
    default=MAX_NODES,
    show_default=True,
    type=click.IntRange(1),
    help="Keep this many most central nodes and say so on the page.",
)
@click.option(
    "--title", default="Defense-industry partnership network", show_default=True, help="Page heading."
)
@click.option(
    "--evidence/--no-evidence",
    "with_evidence",
    default=True,
    show_default=True,
    help="Quote evidence sentences in tooltips.",
)
@projection_options
@store_option
def viz_command(output, size_by, max_nodes, title, with_evidence, store_uri, **kwargs) -> None:
    """Write an interactive HTML map that opens offline."""
    options = _split(kwargs)
    with open_cli_store(store_uri) as store:
        graph = _graph(store, options)
        quotes = (lambda shown: evidence(store, shown)) if with_evidence else None
        link_quotes = (lambda shown: edge_evidence(store, shown)) if with_evidence else None
        page = render_map(
            graph, title=title, size_by=size_by, evidence=quotes, edge_evidence=link_quotes, max_nodes=max_nodes
        )
    click.echo(f"wrote {write_map(output, page)} ({graph.number_of_nodes()} nodes)", err=True)
