"""SPARQL text handling: predeclared prefixes and queries with positioned syntax errors."""

from __future__ import annotations

import re

from kg.errors import QueryError
from kg.store import QueryResult, Store
from kg.vocab import PREFIXES

__all__ = ["prefixed", "run_query", "run_update", "select_values"]

_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)
_POSITION = re.compile(r"error at (\d+):(\d+): ?(.*)", re.DOTALL)


def _missing_prefix_lines(sparql: str) -> list[str]:
    declared = set(_DECLARED.findall(sparql))
    return [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared]


def prefixed(sparql: str) -> str:
    """``sparql`` with PREFIX lines for the project's prefixes it does not declare itself.

    >>> prefixed("ASK { ?a dkg:party ?b }").splitlines()[0]
    'PREFIX dkg: <https://w3id.org/defense-kg/ontology#>'
    """
    return "\n".join([*_missing_prefix_lines(sparql), sparql])


def _query_error(exc: Exception, added_lines: int) -> QueryError:
    message = str(exc)
    match = _POSITION.search(message)
    if match:
        line, column = int(match.group(1)) - added_lines, match.group(2)
        detail = match.group(3).strip().splitlines()[0] if match.group(3).strip() else "invalid syntax"
        if len(detail) > 100:
            detail = detail[:100].rsplit(",", 1)[0] + ", …"
        return QueryError(f"SPARQL syntax error at line {line}, column {column}: {detail}")
    return QueryError(f"query failed: {message.splitlines()[0] if message else type(exc).__name__}")


def run_query(store: Store, sparql: str) -> QueryResult:
    """Run a query with the predeclared prefixes; errors name the line and column of the user's text."""
    added = len(_missing_prefix_lines(sparql))
    try:
        return store.query(prefixed(sparql))
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise _query_error(exc, added) from exc


def run_update(store: Store, sparql: str) -> None:
    """Run a SPARQL Update with the predeclared prefixes."""
    added = len(_missing_prefix_lines(sparql))
    try:
        store.update(prefixed(sparql))
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        raise _query_error(exc, added) from exc


def select_values(store: Store, sparql: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT as tuples of lexical values (``""`` when unbound), with the predeclared prefixes."""
    solutions = run_query(store, sparql)
    variables = solutions.variables
    return [tuple(s[v].value if s[v] is not None else "" for v in variables) for s in solutions]
