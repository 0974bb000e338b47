"""Gazetteer and lexicon loading: real data files, and bad ones reported with file and entry."""

from __future__ import annotations

import shutil

import pytest

from kg.errors import DataError
from kg.gazetteer import data_dir, load_gazetteer


def _copy_data(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir() / "lexicon", root / "lexicon")
    (root / "gazetteer").mkdir()
    return root


def test_project_data_loads():
    gaz = load_gazetteer()
    assert gaz.country("Peruvian").name == "Peru"
    assert gaz.lookup("Hanwha Aerospace").type == "Company"


def test_bad_entry_names_file_and_entry(tmp_path):
    root = _copy_data(tmp_path)
    (root / "gazetteer" / "companies.yaml").write_text("- {name: Zephyr Arms, aliases: Zephyr}\n")
    with pytest.raises(DataError, match=r"companies\.yaml: entry 1 \(Zephyr Arms\): 'aliases'"):
        load_gazetteer(root)


def test_broken_yaml_names_file_and_line(tmp_path):
    root = _copy_data(tmp_path)
    (root / "gazetteer" / "products.yaml").write_text("- {name: K9\n- name: K2\n")
    with pytest.raises(DataError, match=r"products\.yaml line \d+: not valid YAML"):
        load_gazetteer(root)


def test_yaml_booleans_in_cue_lists_are_caught(tmp_path):
    root = _copy_data(tmp_path)
    (root / "lexicon" / "modality.yaml").write_text("negation: [not, no]\n")  # YAML reads `no` as false
    gaz = load_gazetteer(root)
    with pytest.raises(DataError, match=r"modality\.yaml: negation: expected a list of strings"):
        gaz.words("modality", "negation")


def test_custom_gazetteer_drives_extraction(tmp_path):
    from kg.extract import extract_article
    from kg.extract.pipeline import build_engine
    from kg.records import Article

    root = _copy_data(tmp_path)
    (root / "gazetteer" / "companies.yaml").write_text("- {name: Quillbrook, aliases: [QBK]}\n")
    engine = build_engine(load_gazetteer(root))
    ex = extract_article(Article("t", "QBK signed a contract with Quillbrook."), using=engine)
    (entity,) = ex.entities
    assert entity.label == "Quillbrook" and entity.alt_labels == {"QBK"}
