"""``kg resolve``: review likely duplicates and record same/different judgements."""

from __future__ import annotations

import json

import click

from kg.cli.common import main, open_cli_store, store_option
from kg.resolution import judgements_path, load_judgements, record_judgement, resolve, resolve_store
from kg.resolution.candidates import deal_candidates, entity_candidates, find_entity, first_report
from kg.resolution.claims import read_claims
from kg.resolution.judgements import KINDS, Judgement
from kg.settings import SETTINGS

_JUDGEMENTS_HELP = (
    f"Judgements file. Default: ${SETTINGS['judgements'].env} or ./{SETTINGS['judgements'].default}."
)


@main.group("resolve")
def resolve_group() -> None:
    """Review likely duplicate entities and deals; record judgements every ingest applies."""


@resolve_group.command("candidates")
@click.option(
    "--kind", default="entity", show_default=True, type=click.Choice(KINDS), help="Entities or deals."
)
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(1), help="Most candidates listed."
)
@click.option(
    "--format", "fmt", default="text", show_default=True, type=click.Choice(["text", "json"]), help="Output."
)
@click.option("--judgements", "path", metavar="FILE", help=_JUDGEMENTS_HELP)
@store_option
def candidates_command(kind: str, limit: int, fmt: str, path: str | None, store_uri: str | None) -> None:
    """List likely duplicates, best first, each with its evidence."""
    judgements = load_judgements(path or judgements_path())
    with open_cli_store(store_uri) as store:
        entities, deals = resolve(store, judgements)
        if kind == "entity":
            found = entity_candidates(read_claims(store), entities, judgements, limit)
        else:
            found = deal_candidates(deals, judgements, limit)
    if fmt == "json":
        click.echo(json.dumps([c.__dict__ for c in found], indent=2, ensure_ascii=False))
        return
    for c in found:
        click.echo(f"{c.score:6.1f}  {c.a}  {c.b}")
        for line in c.evidence:
            click.echo(f"        {line}")


@resolve_group.command("update")
@click.option("--judgements", "path", metavar="FILE", help=_JUDGEMENTS_HELP)
@store_option
def update_command(path: str | None, store_uri: str | None) -> None:
    """Bring the resolution graph up to date, e.g. after the judgements file was edited or pulled."""
    judgements = load_judgements(path or judgements_path())
    with open_cli_store(store_uri, writable=True) as store:
        click.echo(resolve_store(store, judgements).summary())


def _judge(
    verdict: str, a: str, b: str, kind: str, note: str, path: str | None, store_uri: str | None
) -> None:
    file = path or judgements_path()
    with open_cli_store(store_uri, writable=True) as store:
        if kind == "entity":
            claims = read_claims(store)
            a, b = find_entity(a, claims), find_entity(b, claims)
        else:
            a, b = first_report(store, a), first_report(store, b)
        if a == b:
            raise click.UsageError("A and B are the same")
        judgements = record_judgement(file, Judgement(kind, verdict, a, b, note))
        result = resolve_store(store, judgements)
    click.echo(f"{verdict}: {a} {b} (recorded in {file})")
    click.echo(result.summary())


def _judgement_command(verdict: str, doc: str):
    @resolve_group.command(verdict, help=doc)
    @click.argument("a")
    @click.argument("b")
    @click.option(
        "--kind", default="entity", show_default=True, type=click.Choice(KINDS), help="Entities or deals."
    )
    @click.option("--note", default="", help="Why, for the reviewer who reads the file next.")
    @click.option("--judgements", "path", metavar="FILE", help=_JUDGEMENTS_HELP)
    @store_option
    def command(a: str, b: str, kind: str, note: str, path: str | None, store_uri: str | None) -> None:
        _judge(verdict, a, b, kind, note, path, store_uri)

    return command


_judgement_command(
    "same",
    "Record that A and B are one entity (IRI or label) or one deal (--kind deal: a report or canonical deal IRI).",
)
_judgement_command("different", "Record that A and B are different; no automatic merge joins them again.")
