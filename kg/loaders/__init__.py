"""Loaders: one module per input format, each turning a file into Article records.

A loader yields ``Article`` records, or ``LoadError`` values for records it
cannot read, so that one bad record never stops the rest of a file or batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import LoadError
from kg.loaders import feed, html, jsonl, markdown, text
from kg.loaders.common import not_a_file, os_reason
from kg.records import Article

__all__ = ["LOADERS", "iter_files", "load_path", "load_paths"]

Loader = Callable[[Path], Iterator[Article | LoadError]]

#: Loaders by file extension.
LOADERS: dict[str, Loader] = {
    ".txt": text.load,
    ".md": markdown.load,
    ".markdown": markdown.load,
    ".html": html.load,
    ".htm": html.load,
    ".jsonl": jsonl.load,
    ".rss": feed.load,
    ".atom": feed.load,
    ".xml": feed.load,
}


def _refusal(path: Path) -> LoadError | None:
    """Why ``path`` (following links) is no file to load, or None for a regular file."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return LoadError(f"{path}: {'broken symbolic link' if path.is_symlink() else 'no such file or folder'}")
    except OSError as exc:
        return LoadError(f"{path}: {os_reason(exc)}")
    reason = not_a_file(mode)
    return LoadError(f"{path}: {reason}") if reason else None


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | LoadError]:
    """Files to load under ``paths`` (folders recursively, in sorted order), or why one cannot be.

    In a folder, files of unknown type are passed over; an entry of a known type that is
    not a regular file (a FIFO, a link loop) is named with its reason.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                entries = sorted(path.rglob("*"))
            except OSError as exc:
                yield LoadError(f"{path}: {os_reason(exc)}")
                continue
            for entry in entries:
                if entry.suffix.lower() in LOADERS and not entry.is_dir():
                    yield _refusal(entry) or entry
            continue
        refusal = _refusal(path)
        if refusal:
            yield refusal
        elif path.suffix.lower() in LOADERS:
            yield path
        else:
            known = ", ".join(sorted(LOADERS))
            yield LoadError(f"{path}: unsupported file type {path.suffix or '(none)'} (known: {known})")


def load_path(path: Path) -> Iterator[Article | LoadError]:
    """Articles (or errors) from one file, chosen by its extension."""
    try:
        yield from LOADERS[path.suffix.lower()](path)
    except LoadError as exc:
        yield exc
    except OSError as exc:
        yield LoadError(f"{path}: {os_reason(exc)}")
    except Exception as exc:  # noqa: BLE001 - a parser that chokes on one file must not stop the batch
        error = LoadError(f"{path}: unreadable ({type(exc).__name__}: {str(exc)[:200]})")
        error.__cause__ = exc
        yield error


def load_paths(paths: Iterable[str | Path]) -> Iterator[Article | LoadError]:
    """Articles (or errors) from every file under ``paths``."""
    for item in iter_files(paths):
        if isinstance(item, LoadError):
            yield item
        else:
            yield from load_path(item)
