"""The tokeniser shared by find, align and search."""

from vidmark.tasks.text import content_tokens, similarity, tokens


def test_latin_words_lower_case_and_chinese_bigrams() -> None:
    assert tokens("Fixing a flat Tire!") == ["fixing", "a", "flat", "tire"]
    assert tokens("包饺子") == ["包饺", "饺子"]
    assert tokens("学 git 的人") == ["学", "git", "的人"]
    assert tokens("it's 3.5 GB") == ["its", "3", "5", "gb"]


def test_content_tokens_drop_function_words_unless_nothing_is_left() -> None:
    assert content_tokens("How do I fix the brakes?") == ["fix", "brakes"]
    assert content_tokens("the") == ["the"]


def test_similarity_forgives_plurals_and_slips_but_not_short_or_chinese_words() -> None:
    assert similarity("tire", "tire") == 1.0
    assert similarity("tires", "tire") > 0.8
    assert similarity("cat", "car") == 0.0
    assert similarity("饺子", "包饺") == 0.0
    assert similarity("commit", "branch") == 0.0
