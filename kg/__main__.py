"""The ``kg`` script and ``python -m kg``: the command, with a broken install reported in one line."""

from __future__ import annotations

import sys

from kg.errors import dependency_error


def run() -> None:
    """Load the commands and run them; an import that fails on the way is one ``Error:`` line, exit 1."""
    try:
        from kg.cli import main
    except ImportError as exc:
        if "--debug" in sys.argv[1:]:
            raise
        sys.exit(f"Error: {dependency_error(exc)}")
    main()


if __name__ == "__main__":
    run()
