"""Named competency queries from ``ontology/queries/*.rq``, with parameters bound as RDF terms.

Each ``.rq`` file opens with a comment block: the first lines describe the query,
then ``# Parameters: none`` or ``# Parameters:`` followed by one line per
parameter, ``#   name (type[, default VALUE]): help``. A parameter named
``org`` is the query's variable ``?org``; its value is parsed into an RDF term
of the declared type and joined in through a ``VALUES`` block at the top of the
``WHERE`` clause, so no user text ever becomes query syntax.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import DataError, QueryError
from kg.sparql import PREFIXES, run_query, tokens
from kg.store import QueryResult, Store
from kg.vocab import XSD, ontology_path

__all__ = [
    "PARAM_TYPES",
    "NamedQuery",
    "Parameter",
    "bind_parameters",
    "describe_queries",
    "load_queries",
    "named_query",
    "run_named",
]

# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


def _iri(value: str) -> ox.NamedNode:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        raise ValueError("not an absolute IRI or a prefixed name such as dkgid:company/fame")
    return ox.NamedNode(text)


def _integer(value: str) -> ox.Literal:
    return ox.Literal(str(int(value.strip())), datatype=XSD.integer)


def _date(value: str) -> ox.Literal:
    return ox.Literal(_dt.date.fromisoformat(value.strip()).isoformat(), datatype=XSD.date)


#: Parameter types: how a command-line value becomes an RDF term.
PARAM_TYPES = {
    "string": lambda value: ox.Literal(value),
    "iri": _iri,
    "integer": _integer,
    "year": _integer,
    "date": _date,
}


@dataclass(frozen=True)
class Parameter:
    """A query parameter: the variable it binds, its type, optional default and help."""

    name: str
    type: str
    help: str
    default: str | None = None

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``value``.

        >>> print(Parameter("org", "string", "").term('x" } ; DROP ALL ; #'))
        "x\\" } ; DROP ALL ; #"
        """
        try:
            return PARAM_TYPES[self.type](value)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name}: {value!r} is not a valid {self.type} ({exc})") from None


@dataclass(frozen=True)
class NamedQuery:
    """A competency query read from an ``.rq`` file."""

    name: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    path: Path | None = None


_PARAM_LINE = re.compile(
    r"#\s+(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?:\s*,\s*default\s+(?P<default>[^)]*?))?\s*\)\s*:\s*(?P<help>.+)"
)


def _parse_header(path: Path, text: str) -> tuple[str, tuple[Parameter, ...]]:
    lines = text.splitlines()
    description: list[str] = []
    params: list[Parameter] = []
    in_params = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        body = stripped[1:].strip()
        if body.lower().startswith("parameters:"):
            in_params = body[len("parameters:"):].strip().lower() != "none"
            continue
        if in_params:
            match = _PARAM_LINE.fullmatch(stripped)
            if not match:
                raise DataError(f"{path} line {number}: expected '#   name (type[, default VALUE]): help'")
            if match["type"] not in PARAM_TYPES:
                raise DataError(f"{path} line {number}: unknown type {match['type']!r} (use {', '.join(PARAM_TYPES)})")
            params.append(Parameter(match["name"], match["type"], match["help"].strip(), match["default"]))
        elif body:
            description.append(body)
    if not description:
        raise DataError(f"{path} line 1: the query needs a header comment describing it")
    return " ".join(description), tuple(params)


def _read_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    description, params = _parse_header(path, text)
    used = {t[1:] for kind, t, _ in tokens(text) if kind == "var"}
    for param in params:
        if param.name not in used:
            raise DataError(f"{path}: parameter {param.name} is not a variable (?{param.name}) of the query")
    if params and _where_brace(text) is None:
        raise DataError(f"{path}: a query with parameters needs an explicit WHERE {{ … }}")
    return NamedQuery(path.stem, description, text, params, path)


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in ``folder`` (default ``ontology/queries``), by file stem.

    >>> "partners" in load_queries()
    True
    """
    folder = folder or ontology_path("queries")
    return {path.stem: _read_query(path) for path in sorted(folder.glob("*.rq"))}


def named_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query ``name``, or a QueryError listing the known names."""
    queries = load_queries(folder)
    if name not in queries:
        raise QueryError(f"no named query {name!r} (known: {', '.join(queries) or 'none'}; see `kg query --list`)")
    return queries[name]


def describe_queries(queries: Mapping[str, NamedQuery]) -> str:
    """A listing of ``queries`` for people: name, description, then one line per parameter.

    >>> print(describe_queries({"q": NamedQuery("q", "Does q.", "", (Parameter("a", "year", "From.", "1900"),))}))
    q
      Does q.
      a (year, default 1900): From.
    """
    blocks = []
    for name, query in queries.items():
        lines = [name, f"  {query.description}"]
        for p in query.parameters:
            default = f", default {p.default}" if p.default is not None else ""
            lines.append(f"  {p.name} ({p.type}{default}): {p.help}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _where_brace(text: str) -> int | None:
    """Offset just after the ``{`` that opens the outermost WHERE clause."""
    stream = tokens(text)
    for kind, token, _ in stream:
        if kind == "name" and token.upper() == "WHERE":
            for kind, token, offset in stream:
                if token == "{":
                    return offset + 1
            return None
    return None


def bind_parameters(query: NamedQuery, values: Mapping[str, str]) -> str:
    """Query text with ``values`` joined in as one ``VALUES`` row of typed RDF terms.

    Unset parameters take their default, or stay unbound (``UNDEF``) when they have none.

    >>> q = NamedQuery("q", "d", "SELECT ?x WHERE { ?x rdfs:label ?name }", (Parameter("name", "string", ""),))
    >>> bind_parameters(q, {"name": 'x" } ; DROP ALL ; #'})
    'SELECT ?x WHERE { VALUES (?name) { ("x\\\\" } ; DROP ALL ; #") }\\n ?x rdfs:label ?name }'
    """
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        takes = ", ".join(known) or "no parameters"
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)} (it takes {takes})")
    if not query.parameters:
        return query.text
    cells = []
    for param in query.parameters:
        value = values.get(param.name, param.default)
        cells.append("UNDEF" if value is None else str(param.term(value)))
    names = " ".join(f"?{p.name}" for p in query.parameters)
    at = _where_brace(query.text)
    assert at is not None  # checked when the file was read
    return f"{query.text[:at]} VALUES ({names}) {{ ({' '.join(cells)}) }}\n{query.text[at:]}"


def run_named(store: Store, name: str, values: Mapping[str, str] | None = None,
              folder: Path | None = None) -> QueryResult:
    """Run the named query ``name`` on ``store`` with parameter ``values`` (strings, typed by the header).

    >>> from kg.store import open_store
    >>> with open_store("memory:") as store:
    ...     list(run_named(store, "partners", {"org": "FAME"}))
    []
    """
    return run_query(store, bind_parameters(named_query(name, folder), values or {}))
