"""Content negotiation: which registered media type a request gets its answer in."""

from __future__ import annotations

import contextlib

from kg.formats import GRAPH, RESULTS, Format, find_format, media_types

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "format_parameter", "negotiate"]

#: Media types offered for SELECT and ASK results, first is the default.
RESULT_TYPES: dict[str, Format] = media_types(RESULTS)
#: Media types offered for CONSTRUCT and DESCRIBE results and the service description, first is the default.
GRAPH_TYPES: dict[str, Format] = media_types(GRAPH)


def negotiate(accept: str | None, offered: dict[str, Format]) -> str | None:
    """The offered media type the ``Accept`` header prefers; the first offered one if any will do.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("text/html", RESULT_TYPES) is None
    True
    """
    if not accept or not accept.strip():
        return next(iter(offered))
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                with contextlib.suppress(ValueError):
                    quality = float(value)
        if quality > 0:
            ranked.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            family = media.split("/")[0]
            for candidate in offered:
                if media == "*/*" or candidate.startswith(family + "/"):
                    return candidate
    return None



def format_parameter(params: list[tuple[str, str]], offered: dict[str, Format]) -> str | None:
    """The offered media type named by a ``format`` or ``output`` parameter (as SPARQLWrapper sends them).

    >>> format_parameter([("format", "ntriples")], GRAPH_TYPES)
    'application/n-triples'
    """
    for key, value in params:
        if key in ("format", "output"):
            found = find_format(value)
            if found is not None and found.media_type in offered:
                return found.media_type
    return None
