"""Title metrics on hand-computed cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vidmark.eval.titles import lcs_length, rouge_l, tokens, word_overlap


def test_tokens_lowercase_drop_punctuation_and_split_cjk() -> None:
    assert tokens("Hello, World! 你好 v2") == ["hello", "world", "你", "好", "v2"]


def test_lcs() -> None:
    assert lcs_length("a b c d".split(), "a c d e".split()) == 3
    assert lcs_length([], ["a"]) == 0


def test_rouge_l_f_measure() -> None:
    # LCS "the cat" = 2; P = 2/3, R = 2/4 -> F = 4/7
    assert rouge_l("The cat sat", "the cat was here") == pytest.approx(4 / 7)
    assert rouge_l("安装软件", "安装 Python 软件") == pytest.approx(2 * 1 * 0.8 / 1.8)
    assert rouge_l("same title", "Same title!") == 1.0
    assert rouge_l("", "") == 1.0
    assert rouge_l("", "gold") == 0.0


def test_word_overlap_counts_multiplicity() -> None:
    assert word_overlap("a a b", "a b b") == pytest.approx(2 / 3)
    assert word_overlap("installing python", "Install Python") == pytest.approx(0.5)
    assert word_overlap("x", "y") == 0.0
    assert word_overlap("", "") == 1.0


def test_rouge_l_rewards_order_word_overlap_does_not() -> None:
    assert word_overlap("b a", "a b") == 1.0
    assert rouge_l("b a", "a b") == pytest.approx(0.5)


_words = st.lists(st.sampled_from(["the", "cat", "sat", "on", "mat", "a", "install", "python", "2", "git"]),
                  max_size=8).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(pred=_words, gold=_words)
def test_rouge_l_agrees_with_the_rouge_score_package(pred: str, gold: str) -> None:
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer", reason="rouge-score is a test extra")
    theirs = rouge_scorer.RougeScorer(["rougeL"]).score(gold, pred)["rougeL"].fmeasure
    if pred or gold:  # rouge-score scores two empty texts 0, we score them 1
        assert rouge_l(pred, gold) == pytest.approx(theirs, abs=1e-12)
