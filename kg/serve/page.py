"""The offline query page (``page.html``, shipped with the package) and the SPARQL service description."""

from __future__ import annotations

import html
import json

import pyoxigraph as ox

from kg.formats import FORMATS, serialize_graph
from kg.queries import load_queries
from kg.resources import resource_path
from kg.serve.negotiation import GRAPH_TYPES
from kg.sparql import PREFIXES

__all__ = ["query_page", "service_description"]

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, media_type: str = "text/turtle") -> bytes:
    """SPARQL 1.1 Service Description of the endpoint at ``endpoint``.

    >>> b"sd:UnionDefaultGraph" in service_description("http://127.0.0.1:7879/query")
    True
    """
    sd = ox.NamedNode
    service = ox.BlankNode("service")
    rdf_type = sd(PREFIXES["rdf"] + "type")
    triples = [
        ox.Triple(service, rdf_type, sd(_SD + "Service")),
        ox.Triple(service, sd(_SD + "endpoint"), sd(endpoint)),
        ox.Triple(service, sd(_SD + "supportedLanguage"), sd(_SD + "SPARQL11Query")),
        ox.Triple(service, sd(_SD + "feature"), sd(_SD + "UnionDefaultGraph")),
    ]
    for fmt in FORMATS.values():
        triples.append(ox.Triple(service, sd(_SD + "resultFormat"), sd(fmt.w3c)))
    return serialize_graph(triples, GRAPH_TYPES[media_type], {"sd": _SD, "formats": _FORMATS})


def query_page() -> bytes:
    """The offline query page: no script or style from elsewhere, named queries built in."""
    prefix_lines = "\n".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items())
    example = f"{prefix_lines}\n\nSELECT ?agreement ?kind ?date WHERE {{\n  ?agreement a dkg:Agreement ; " \
              "dkg:agreementKind ?kind .\n  OPTIONAL { ?agreement dkg:signedOn ?date }\n}\nLIMIT 100\n"
    try:
        queries = load_queries()
    except Exception:  # noqa: BLE001 - a broken query file must not take the page down
        queries = {}
    options = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}: {html.escape(q.description[:80])}'
                      f"</option>" for n, q in queries.items())
    texts = json.dumps({n: q.text for n, q in queries.items()}).replace("</", "<\\/")
    formats = "".join(f"<option>{html.escape(f.media_type)}</option>" for f in FORMATS.values() if f.name != "json")
    page = resource_path("serve", "page.html").read_text(encoding="utf-8")
    for marker, text in (("__OPTIONS__", options), ("__FORMATS__", formats), ("__QUERY__", html.escape(example)),
                         ("__NAMED__", texts)):
        page = page.replace(marker, text)
    return page.encode()
