"""Terms, sentences and weights for English and Chinese."""

from collections import Counter

from vidmark.segment.text import cosine, has_cjk, idf, sentences, stem, terms, words


def test_english_terms_drop_stop_words_and_share_stems():
    assert words("The sorting of THE arrays") == ["sorting", "arrays"]
    assert terms("sorting sorted sorts") == ["sort", "sort", "sort"]
    assert len(set(terms("naming named names name"))) == 1
    assert stem("is") == "is"


def test_chinese_terms_are_character_bigrams_without_function_characters():
    found = terms("哈希表的查找")
    assert "哈希" in found and "希表" in found and "查找" in found
    assert "的" not in "".join(found).replace("表的", "").replace("的查", "")
    assert has_cjk("a 表") and not has_cjk("table")


def test_mixed_text_keeps_both_scripts():
    found = terms("快速排序 quicksort")
    assert "quicksort" in found and "快速" in found


def test_sentences_split_after_western_and_chinese_punctuation():
    assert sentences("One. Two? 三。四！") == ["One.", "Two?", "三。", "四！"]


def test_idf_and_cosine():
    weights = idf([["a", "b"], ["a", "c"]])
    assert weights["a"] < weights["b"]
    assert cosine(Counter(a=1), Counter(a=2)) == 1.0
    assert cosine(Counter(a=1), Counter(b=1)) == 0.0
    assert cosine(Counter(), Counter(a=1)) == 0.0
