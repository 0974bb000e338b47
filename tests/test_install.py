"""A non-editable install with the pip Python ships, run from a folder outside the checkout.

The slowest tests (they download every dependency): one fresh virtualenv, ``pip install``
of a copy of the source (what git sees, so no stale ``build/`` of the checkout) with the
venv's own pip (never upgraded), then ``kg ingest`` of the sample corpus and one named
query, all with the current directory in a temporary folder.
Deselect it with ``-m "not install"`` while developing; ``make test`` runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KG_", "VIRTUAL_ENV"))}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result


def _source_copy(target: Path) -> Path:
    """The files git would see (tracked, or new and not ignored), copied with their links: no stale build/."""
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, 60).stdout
    for name in filter(None, listed.split("\0")):
        source, copy = ROOT / name, target / name
        if not source.is_symlink() and not source.exists():
            continue  # deleted in the working tree, not yet in a commit
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy, follow_symlinks=False)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv (its own pip, never upgraded) with the checkout installed, not editable; and a work folder."""
    work = tmp_path_factory.mktemp("install")
    base_python = getattr(sys, "_base_executable", sys.executable)
    venv = work / "venv"
    _run([base_python, "-m", "venv", str(venv)], work, 300)
    python = str(venv / "bin" / "python")
    stock_pip = _run([python, "-m", "pip", "--version"], work, 60).stdout.split()[1]
    _run([python, "-m", "pip", "install", "--quiet", str(_source_copy(work / "source"))], work, 1800)
    assert _run([python, "-m", "pip", "--version"], work, 60).stdout.split()[1] == stock_pip
    return venv / "bin", work


@pytest.mark.install
def test_the_installed_package_runs_from_its_own_copy(installed):
    bin_dir, work = installed
    where = _run([str(bin_dir / "python"), "-c", "import kg; print(kg.__file__)"], work, 60).stdout.strip()
    assert where.startswith(str(work)) and not where.startswith(str(ROOT)), where
    listing = _run([str(bin_dir / "kg"), "query", "--list"], work, 120).stdout  # named queries are package data
    assert "party-evidence" in listing


@pytest.mark.install
def test_the_installed_kg_ingests_the_corpus_and_answers_a_query(installed):
    bin_dir, work = installed
    store = work / "store"
    ingest = _run([str(bin_dir / "kg"), "ingest", str(ROOT / "data" / "corpus"), "--store", str(store),
                   "--no-progress"], work, 900)
    assert " 0 skipped" in ingest.stdout and "skipped:" not in ingest.stderr, ingest.stdout + ingest.stderr
    query = _run([str(bin_dir / "kg"), "query", "--named", "party-evidence", "--param", "country=Peru",
                  "--store", str(store)], work, 300)
    assert "Hyundai Rotem" in query.stdout and "FAME" in query.stdout, query.stdout
