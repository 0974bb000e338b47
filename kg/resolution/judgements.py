"""Reviewed judgements: "these two are one" / "these two are different", kept in a YAML file.

The file is a list of ``{kind: entity|deal, judgement: same|different, a: IRI, b: IRI}``
entries, optionally with a ``note``. Every resolution applies them before any automatic
merge, so a judgement survives re-ingest and no automatic merge undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.errors import DataError

__all__ = [
    "KINDS",
    "NO_JUDGEMENTS",
    "VERDICTS",
    "Judgement",
    "Judgements",
    "load_judgements",
    "record_judgement",
]

KINDS = ("entity", "deal")
VERDICTS = ("same", "different")
_FIELDS = {"kind", "judgement", "a", "b", "note"}
_HEADER = (
    "# Reviewed resolution judgements (kg resolve same|different); applied on every ingest.\n"
    "# Each entry: kind (entity|deal), judgement (same|different), a and b (IRIs), optional note.\n"
)


@dataclass(frozen=True)
class Judgement:
    """One reviewed decision about two entities or two deal reports (IRIs, stored in order)."""

    kind: str
    verdict: str
    a: str
    b: str
    note: str = ""

    def as_dict(self) -> dict[str, str]:
        item = {"kind": self.kind, "judgement": self.verdict, "a": self.a, "b": self.b}
        return item | ({"note": self.note} if self.note else {})


@dataclass(frozen=True)
class Judgements:
    """All judgements of a file, later entries overriding earlier ones about the same pair."""

    items: tuple[Judgement, ...] = ()

    def pairs(self, kind: str, verdict: str) -> list[tuple[str, str]]:
        """The pairs of ``kind`` whose latest judgement is ``verdict``.

        >>> j = Judgements((Judgement("entity", "same", "a", "b"), Judgement("entity", "different", "b", "a")))
        >>> j.pairs("entity", "same"), j.pairs("entity", "different")
        ([], [('a', 'b')])
        """
        latest: dict[tuple[str, str], str] = {}
        for item in self.items:
            if item.kind == kind:
                latest[tuple(sorted((item.a, item.b)))] = item.verdict
        return sorted(pair for pair, v in latest.items() if v == verdict)


#: No judgement at all.
NO_JUDGEMENTS = Judgements()


def load_judgements(path: str | Path | None) -> Judgements:
    """Read the judgements file; a missing file holds none, a malformed entry is an error naming it."""
    if path is None or not Path(path).exists():
        return Judgements()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: {exc}") from None
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a list of judgements")
    items = []
    for n, entry in enumerate(data, start=1):
        where = f"{path}: judgement {n}"
        if not isinstance(entry, dict) or not {"kind", "judgement", "a", "b"} <= set(entry) <= _FIELDS:
            raise DataError(f"{where}: expected the keys kind, judgement, a, b (and optionally note)")
        if entry["kind"] not in KINDS or entry["judgement"] not in VERDICTS:
            raise DataError(f"{where}: kind must be entity or deal, judgement same or different")
        a, b = str(entry["a"]), str(entry["b"])
        if a == b:
            raise DataError(f"{where}: a and b are the same IRI")
        items.append(
            Judgement(entry["kind"], entry["judgement"], *sorted((a, b)), str(entry.get("note") or ""))
        )
    return Judgements(tuple(items))


def record_judgement(path: str | Path, judgement: Judgement) -> Judgements:
    """Append ``judgement`` to the file (created when missing) and return every judgement in it."""
    judgement = Judgement(
        judgement.kind, judgement.verdict, *sorted((judgement.a, judgement.b)), judgement.note
    )
    current = load_judgements(path)
    items = [*current.items, judgement]
    body = yaml.safe_dump([j.as_dict() for j in items], sort_keys=False, allow_unicode=True, width=200)
    Path(path).write_text(_HEADER + body, encoding="utf-8")
    return Judgements(tuple(items))
