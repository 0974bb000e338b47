"""SPARQL text: a small lexer, the predeclared prefixes, and syntax errors placed in the user's own text.

The lowest layer of the query side: stores, named queries and the server use it
to tell a query's form, find ``SERVICE`` calls and report positions without
running anything. ``run_query`` works on anything with a ``query(text)`` method.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

from kg.errors import QueryError

__all__ = [
    "PREFIXES",
    "Queryable",
    "added_lines",
    "prefixed",
    "query_error",
    "query_form",
    "run_query",
    "select_values",
    "service_targets",
    "shift_positions",
    "tokens",
]

#: Prefixes predeclared for every query and used when serializing.
PREFIXES = {
    "dkg": "https://w3id.org/defense-kg/ontology#",
    "dkgid": "https://w3id.org/defense-kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

# --------------------------------------------------------------------------------------------
# Lexer: just enough of the SPARQL grammar to skip comments, strings and IRIs reliably.
# --------------------------------------------------------------------------------------------

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN = re.compile(
    "|".join(
        (
            r"(?P<ws>\s+)",
            r"(?P<comment>#[^\n\r]*)",
            (
                r"(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''"
                r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
                r"|'(?:[^'\\\n\r]|\\.)*'"
                r'|"(?:[^"\\\n\r]|\\.)*")'
            ),
            rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)",
            r"(?P<var>[?$]\w+)",
            r"(?P<name>(?:[^\W\d]\w*(?:[.-]+\w+)*)?:(?:[\w:%]+(?:[.-]+[\w:%]+)*)?|[^\W\d][\w-]*)",
            r"(?P<other>.)",
        )
    ),
    re.DOTALL,
)
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


def tokens(sparql: str) -> Iterator[tuple[str, str, int]]:
    """Significant tokens of ``sparql`` as (kind, text, offset); kinds: string, iri, var, name, other.

    >>> [t[:2] for t in tokens('ASK { ?s <p> "# not a comment" } # comment')]
    [('name', 'ASK'), ('other', '{'), ('var', '?s'), ('iri', '<p>'), ('string', '"# not a comment"'), ('other', '}')]
    """
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind not in ("ws", "comment"):
            yield kind, match.group(), match.start()


def query_form(sparql: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE, ASK, or UPDATE for update requests; None if neither.

    >>> query_form("PREFIX ex: <http://ex/> # SELECT\\nCONSTRUCT WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    for kind, text, _ in tokens(sparql):
        if kind != "name" or ":" in text or text.upper() in ("PREFIX", "BASE"):
            continue
        keyword = text.upper()
        if keyword in _FORMS:
            return keyword
        return "UPDATE" if keyword in _UPDATES else None
    return None


def service_targets(sparql: str) -> list[str | None]:
    """What each ``SERVICE`` in ``sparql`` calls: the IRI (or prefixed name) text, None for a variable.

    >>> service_targets('SELECT * { SERVICE SILENT <http://x/sparql> { ?s ?p "SERVICE <y>" } }')
    ['http://x/sparql']
    """
    found: list[str | None] = []
    stream = tokens(sparql)
    for kind, text, _ in stream:
        if kind == "name" and text.upper() == "SERVICE":
            kind, text, _ = next(stream, ("other", "", 0))
            if kind == "name" and text.upper() == "SILENT":
                kind, text, _ = next(stream, ("other", "", 0))
            found.append(text[1:-1] if kind == "iri" else text if kind == "name" else None)
    return found


# --------------------------------------------------------------------------------------------
# Prefixes and positions
# --------------------------------------------------------------------------------------------

_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")


def _missing_prefix_lines(sparql: str) -> list[str]:
    declared = set(_DECLARED.findall(sparql))
    return [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared]


def prefixed(sparql: str) -> str:
    """``sparql`` with PREFIX lines for the project's prefixes it does not declare itself.

    >>> prefixed("ASK { ?a dkg:party ?b }").splitlines()[0]
    'PREFIX dkg: <https://w3id.org/defense-kg/ontology#>'
    """
    return "\n".join([*_missing_prefix_lines(sparql), sparql])


def added_lines(sparql: str) -> int:
    """How many lines ``prefixed`` puts before ``sparql``."""
    return len(_missing_prefix_lines(sparql))


def shift_positions(message: str, added: int) -> str:
    """A parser message whose ``error at LINE:COLUMN`` counts lines of the user's text, not the prefixed one.

    >>> shift_positions("error at 13:5: expected '}'", 11)
    "error at 2:5: expected '}'"
    """
    return _ERROR_AT.sub(lambda m: f"error at {int(m[1]) - added}:{m[2]}", message)


def query_error(exc: Exception, added: int) -> QueryError:
    """A one-line QueryError for a failed query, naming the line and column in the user's text.

    >>> str(query_error(SyntaxError("error at 12:3: expected ..."), 11))
    'SPARQL syntax error at line 1, column 3: expected ...'
    """
    message = str(exc)
    match = re.search(r"error at (\d+):(\d+): ?(.*)", message, re.DOTALL)
    if match:
        line, column = int(match.group(1)) - added, match.group(2)
        detail = match.group(3).strip().splitlines()[0] if match.group(3).strip() else "invalid syntax"
        if len(detail) > 100:
            detail = detail[:100].rsplit(",", 1)[0] + ", …"
        return QueryError(f"SPARQL syntax error at line {line}, column {column}: {detail}")
    return QueryError(f"query failed: {message.splitlines()[0] if message else type(exc).__name__}")


# --------------------------------------------------------------------------------------------
# Running a query on anything that answers SPARQL
# --------------------------------------------------------------------------------------------


class Queryable(Protocol):
    """What ``run_query`` needs: a store, or anything else with the same ``query`` method."""

    def query(self, sparql: str) -> Any: ...


def run_query(store: Queryable, sparql: str) -> Any:
    """Run a query with the predeclared prefixes; errors name the line and column of the user's text."""
    try:
        return store.query(prefixed(sparql))
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise query_error(exc, added_lines(sparql)) from exc


def select_values(store: Queryable, sparql: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT as tuples of lexical values (``""`` when unbound), with the predeclared prefixes."""
    solutions = run_query(store, sparql)
    variables = solutions.variables
    return [tuple(s[v].value if s[v] is not None else "" for v in variables) for s in solutions]
