"""Errors the library raises; the CLI turns them into one-line messages."""

__all__ = ["DataError", "KgError", "LoadError", "QueryError", "StoreError", "dependency_error"]


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


def dependency_error(exc: ImportError) -> KgError:
    """The one-line error for a dependency that is missing or fails to import.

    >>> print(dependency_error(ImportError("No module named 'lxml_html_clean'")))
    a dependency is missing or broken (No module named 'lxml_html_clean'): reinstall defense-kg with its dependencies, or run with --debug for the traceback
    """
    return KgError(
        f"a dependency is missing or broken ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}): "
        "reinstall defense-kg with its dependencies, or run with --debug for the traceback"
    )
