"""``kg serve``: a read-only SPARQL endpoint on the store."""

from __future__ import annotations

import ipaddress
import logging

import click

from kg.cli.common import main, store_option
from kg.serve import ServeConfig, make_server, run_server
from kg.settings import SETTINGS, setting
from kg.store import local_store_path


def _help(name: str) -> str:
    declared = SETTINGS[name]
    return f"{declared.help}. Default: ${declared.env} or {declared.default or 'none'}."


@main.command("serve")
@store_option
@click.option("--host", default=None, help=_help("serve_host"))
@click.option("--port", type=int, default=None, help=_help("serve_port"))
@click.option("--timeout", type=float, default=None, metavar="SECONDS", help=_help("query_timeout"))
@click.option("--max-rows", type=int, default=None, help=_help("max_rows"))
@click.option("--workers", type=int, default=None, help=_help("serve_workers"))
@click.option("--cors-origin", default=None, metavar="ORIGIN", help=_help("cors_origin"))
@click.option("--quiet", is_flag=True, help="Do not log each request.")
def serve_command(store_uri, host, port, timeout, max_rows, workers, cors_origin, quiet) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol, with a query page at /.

    While it runs, `kg ingest` into the same store is refused: stop the server, ingest, serve again.
    """
    overrides = {"host": host, "port": port, "timeout": timeout, "max_rows": max_rows, "workers": workers,
                 "cors_origin": cors_origin}
    config = ServeConfig(local_store_path(store_uri or setting("store")),
                         **{k: v for k, v in overrides.items() if v is not None})
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(message)s")
    server = make_server(config)
    click.echo(f"Serving {config.store} read-only at {server.url} (SPARQL endpoint {server.url}query); "
               "Ctrl-C stops.", err=True)
    try:
        if not ipaddress.ip_address(server.server_address[0]).is_loopback:
            click.echo(f"Warning: listening on {config.host}, reachable from other machines.", err=True)
    except ValueError:
        pass
    run_server(server)
