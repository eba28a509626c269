"""The title-quality filter: prompts, command lines, paths and OCR noise never name a chapter."""

from __future__ import annotations

import pytest

from vidmark.segment.quality import enumeration, is_command_line, is_sentence, readable


@pytest.mark.parametrize("text", [
    "mkdir shop && cd shop", "user@box:~/shop$ git status", "$ npm install express", "(venv) ~/shop $",
    "git checkout -b feature", "src/main.py", "README.md", "def main():", "Xkqz vbrt plmn qwrt", "http://example.org",
    "make build -j4", "x = 3;",
])
def test_noise_is_not_a_title(text):
    assert not readable(text)


@pytest.mark.parametrize("text", [
    "Creating a branch", "Hash tables", "Quarterly budget review", "Dijkstra's algorithm", "Make a folder",
    "Sorting: quicksort (2/3)", "Find the shortest path", "创建分支", "排序算法",
])
def test_words_are_a_title(text):
    assert readable(text)


def test_an_address_or_a_file_name_never_titles_a_chapter_even_on_screen():
    assert not readable("www.example.org/audio", shown=True) and not readable("www.example.org/audio")
    assert not readable("test_store.py", shown=True) and not readable("pytest-8.3.4-py3-none-any.whl", shown=True)
    assert readable("Node.js in production", shown=True)
    assert not readable("git push origin main", shown=True)


@pytest.mark.parametrize("text, expected", [
    ("git status", True), ("pip install -r requirements.txt", True), ("On branch main", False),
    ("Find the shortest path", False), ("touch index.html", True), ("PS C:\\Users\\me> dir", True),
])
def test_command_lines(text, expected):
    assert is_command_line(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Cut the tomatoes into quarters.", True), ("What is a hash table?", False), ("Hash tables", False),
    ("Every week, trucks collect the recycling bins from our streets and bring them here", True),
    ("垃圾车每周把回收箱里的东西运到工厂。", True), ("排序算法", False),
])
def test_a_burnt_in_subtitle_is_a_sentence_not_a_title(text, expected):
    assert is_sentence(text) is expected


@pytest.mark.parametrize("text, expected", [("Step 2", True), ("Part 3", True), ("第二步", True), ("Step 2: Fry", False),
                                            ("Hash tables", False)])
def test_a_title_that_only_counts(text, expected):
    assert enumeration(text) is expected


def test_a_glyph_a_status_bar_or_an_amount_never_titles_a_chapter():
    assert not readable("□ Yes", shown=True) and not readable("@dataclass", shown=True)
    assert not readable("Ln 5, Col 10 UTF-8", shown=True) and not readable("计算资源41,200 元", shown=True)
    assert readable("EBU Tech 3304-4.1 BLITS", shown=True) and readable("第2章 数据", shown=True)


def test_a_postal_address_never_titles_a_chapter():
    assert not readable("北京市海淀区中关村大街1号", shown=True) and not readable("221 Baker Street", shown=True)
    assert readable("收货地址", shown=True) and readable("Baker Street stories", shown=True)


def test_a_numbered_step_headline_gives_its_number():
    from vidmark.segment.quality import step_number

    assert [step_number(t) for t in ("第2步：炒鸡蛋", "Step 2: Wiring", "Part III - Costs", "第三部分：投资")] == ["2", "2", "iii", "三"]
    assert [step_number(t) for t in ("Step 2", "Stepping up: the basics", "2. Intro", "Costs")] == [None] * 4
