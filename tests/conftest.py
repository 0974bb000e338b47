"""Shared fixtures: the sample corpus ingested once into a real on-disk store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.ingest import ingest
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
GOLD = ROOT / "data" / "gold"


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory) -> Path:
    """Path of an on-disk Oxigraph store holding the whole sample corpus."""
    path = tmp_path_factory.mktemp("sample") / "store"
    with open_store(str(path), writable=True) as store:
        report = ingest(store, [CORPUS])
    assert report.written >= 30 and not report.skipped, report.skipped
    return path


@pytest.fixture(scope="session")
def sample_store(sample_store_path):
    """The sample store opened read-only."""
    with open_store(str(sample_store_path)) as store:
        yield store


@pytest.fixture
def runner() -> CliRunner:
    """Click runner for in-process ``kg`` invocations."""
    return CliRunner()
