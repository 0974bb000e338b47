"""Files shipped inside the package: the ontology, named queries, gazetteers, lexicon and the query page.

The top-level ``ontology/`` and ``data/`` folders of the source tree are reached
through the links ``kg/ontology`` and ``kg/data``; a wheel carries copies of the
files (``[options.package_data]`` in setup.cfg), so an installed package finds
them in the same place without the source tree.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["resource_path"]


def resource_path(*parts: str) -> Path:
    """Path of a file or folder shipped with the package.

    >>> resource_path("ontology", "defense.ttl").is_file()
    True
    """
    return Path(str(files("kg").joinpath(*parts)))
