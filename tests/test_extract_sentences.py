"""Sentence splitting on abbreviations, sentence modality and date normalization."""

from __future__ import annotations

import pytest
from extract_support import Result

from kg.extract.dates import find_dates, normalize_date


def test_abbreviations_do_not_end_sentences():
    text = (
        "Hyundai Rotem Co. Ltd. and Hanwha Corp. met Gen. Kim Jong-soo and No. 2 of the U.S. Army in Seoul. "
        "The talks ended. Lt. Col. Ana Ruiz said so."
    )
    sentences = [s.text for s in Result(text).ex.sentences]
    assert sentences == [
        "Hyundai Rotem Co. Ltd. and Hanwha Corp. met Gen. Kim Jong-soo and No. 2 of the U.S. Army in Seoul.",
        "The talks ended.",
        "Lt. Col. Ana Ruiz said so.",
    ]


def test_abbreviation_may_end_a_sentence_before_an_opener():
    text = "The jets were sold to the U.S. The deal closed in May."
    assert len(Result(text).ex.sentences) == 2


def test_sentence_spans_point_into_the_text():
    text = "First sentence here.\n\nSecond one, with a quote: \"yes.\" Third."
    ex = Result(text).ex
    for sentence in ex.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.text for s in ex.sentences][-1] == "Third."


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Peru signed the contract with Hanwha Aerospace.", "asserted"),
        ("Peru is expected to sign a contract with Hanwha Aerospace.", "hedged"),
        ("Peru did not sign the contract.", "negated"),
        ("Talks with Hanwha Aerospace could lead to an order.", "hedged"),
    ],
)
def test_sentence_modality(text, modality):
    assert Result(text).ex.sentences[0].modality == modality


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("signed on 14 May 2021 in Lima", None, "2021-05-14"),
        ("signed on March 3, 2021", None, "2021-03-03"),
        ("signed in May 2017", None, "2017-05"),
        ("signed in 2019", None, "2019"),
        ("signed in early 2021", None, "2021"),
        ("signed on Tuesday", "2024-05-23", "2024-05-21"),
        ("signed last month", "2024-05-23", "2024-04"),
        ("signed on May 20", "2024-05-23", "2024-05-20"),
    ],
)
def test_dates_keep_their_precision(text, published, value):
    assert [v for _, _, v in find_dates(text, published)] == [value]


def test_relative_dates_need_a_publication_date():
    assert find_dates("signed on Tuesday", None) == []
    assert normalize_date("last month", "relative", None) is None
