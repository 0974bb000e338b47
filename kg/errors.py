"""Errors the library raises; the CLI turns them into one-line messages."""

__all__ = ["DataError", "KgError", "LoadError", "QueryError", "StoreError"]


class KgError(Exception):
    """Base class of every error defense-kg reports to its user."""


class LoadError(KgError):
    """An input file or record cannot be read as an article."""


class StoreError(KgError):
    """A store cannot be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query is malformed or fails."""


class DataError(KgError):
    """A bundled or user-supplied data file (gazetteer, gold) is invalid."""
