"""Titles and summaries from a chapter's own text."""

from vidmark.model import TimedText
from vidmark.segment.headlines import HeadlineRun, Screen
from vidmark.segment.titles import (_cjk_trimmed, central_sentence, chapter_documents, document_weights, headline_title,
                                    key_phrase, screen_title, summary, window_lines)


def _speech(t: float, text: str) -> TimedText:
    return TimedText(start_seconds=t, end_seconds=t + 3, text=text, source="speech")


CHAPTERS = [
    ["Today we look at hash tables.", "A hash table maps keys to buckets with a hash function.",
     "Collisions in a hash table are resolved by chaining.", "That was quick."],
    ["Next, binary search trees.", "A binary search tree keeps smaller keys on the left.",
     "Searching a binary search tree follows one path from the root.", "Good."],
]


def _documents():
    texts = [_speech(10 * c + 2 * i, s) for c, chapter in enumerate(CHAPTERS) for i, s in enumerate(chapter)]
    return chapter_documents(texts, [(0, 10), (10, 20)])


def test_documents_split_by_span():
    documents = _documents()
    assert [len(d) for d in documents] == [4, 4]


def test_key_phrase_is_specific_to_the_chapter():
    documents = _documents()
    weights = document_weights(documents)
    assert key_phrase(documents[0], weights).lower().startswith("hash table")
    assert "binary search tree" in key_phrase(documents[1], weights).lower()


def test_summary_is_the_most_central_sentence():
    documents = _documents()
    weights = document_weights(documents)
    assert central_sentence(documents[0], weights) in {CHAPTERS[0][1], CHAPTERS[0][2]}
    assert central_sentence(documents[1], weights) in {CHAPTERS[1][1], CHAPTERS[1][2]}
    assert central_sentence([], weights) == ""


def test_summary_of_unpunctuated_speech_is_one_capitalised_sentence():
    document = [_speech(0, "so the kernel schedules threads on every core"), _speech(3, "okay")]
    assert central_sentence(document, {}) == "So the kernel schedules threads on every core."


def test_chinese_summary_ends_with_a_full_stop():
    document = [_speech(0, "哈希表用哈希函数把键映射到桶里，查找很快")]
    assert central_sentence(document, {}) == "哈希表用哈希函数把键映射到桶里，查找很快。"


def test_headline_title_is_the_first_to_appear_without_part_marks_or_subtopic():
    runs = [HeadlineRun("Agenda", 0, 2, True), HeadlineRun("Sorting (1/2)", 3, 20, True),
            HeadlineRun("Sorting: merge sort", 21, 30, True)]
    assert headline_title(runs, 2.5, 30) == "Sorting"
    assert headline_title(runs, 20.5, 30) == "Sorting"
    assert headline_title(runs, 0, 30) == "Agenda"
    assert headline_title(runs, 5, 20) is None  # only kept on screen from before


def _ocr(t: float, text: str) -> TimedText:
    return TimedText(start_seconds=t, end_seconds=t + 5, text=text, source="ocr", box=(0.1, 0.3, 0.5, 0.05))


def test_summary_prefers_subtitles_then_bullet_points_then_speech():
    speech = [_speech(0, "so the kernel schedules threads on every core")]
    bullets = [_ocr(0, "Scheduling"), _ocr(0, "Threads share one address space"), _ocr(0, "A core runs one thread"),
               _ocr(0, "CPU time is shared"), _ocr(0, "$ ps -eLf")]
    assert summary(speech + bullets, {}, {"scheduling"}) == \
        "Threads share one address space; a core runs one thread; CPU time is shared."
    subtitles = [TimedText(start_seconds=0, end_seconds=3, text="The scheduler runs threads on cores.", source="subtitles")]
    assert summary(speech + bullets + subtitles, {}, set()) == "The scheduler runs threads on cores."
    assert summary(speech + bullets[:2], {}, set()) == "So the kernel schedules threads on every core."
    assert summary([_ocr(0, "哈希表的查找很快"), _ocr(0, "冲突用链表法解决")], {}, set()) == "哈希表的查找很快；冲突用链表法解决。"


def _shown(start: float, end: float, text: str, box=(0.1, 0.05, 0.3, 0.06)) -> TimedText:
    return TimedText(start_seconds=start, end_seconds=end, text=text, source="ocr", box=box)


def test_window_lines_are_those_on_screen_all_along_and_banners_naming_them():
    texts = [_shown(0, 60, "Weekly sync 00:00"), _shown(0, 30, "Aisha Khan"), _shown(30, 60, "Aisha Khan"),
             _shown(20, 30, "Aisha Khan is presenting"), _shown(0, 60, "Sam · The Weekend Show"),
             _shown(0, 20, "Budget review"), _shown(40, 60, "Priya · The Weekend Show")]
    window = window_lines(texts, 0, 60)
    assert window == {"weeklysync0000", "aishakhan", "aishakhanispresenting", "samtheweekendshow", "priyatheweekendshow"}


def test_screen_title_is_the_first_screens_heading_beside_the_window_lines():
    texts = [_shown(0, 60, "Boardly", (0.03, 0.02, 0.1, 0.07)), _shown(0, 20, "Create your account", (0.2, 0.35, 0.3, 0.09)),
             _shown(0, 20, "Password", (0.2, 0.5, 0.1, 0.05)), _shown(20, 60, "https://boardly.app/new", (0.2, 0.1, 0.3, 0.05)),
             _shown(20, 60, "New project", (0.2, 0.35, 0.3, 0.09))]
    screen = Screen.of(texts)
    assert screen_title(screen, 0, 20, set()) == "Boardly"
    assert screen_title(screen, 0, 20, {"boardly"}) == "Create your account"
    assert screen_title(screen, 20, 60, {"boardly"}) == "New project"
    assert screen_title(screen, 25, 60, {"boardly"}) is None  # nothing new on screen in its first seconds
    assert screen_title(Screen.of([_shown(0, 9, "搜索结果：茶杯")]), 0, 9, set()) == "搜索结果"


def test_a_subtitle_read_once_is_named_by_its_earliest_phrase_of_the_strongest_words():
    documents = [[_shown(0, 8, "In spring, the snow melts and the river wakes up.")],
                 [_shown(8, 16, "Winter is quiet: the valley rests under the snow.")]]
    weights = document_weights(documents)
    assert [key_phrase(d, weights) for d in documents] == ["Spring", "Winter"]


def test_screen_title_is_never_code_a_status_bar_or_an_amount():
    texts = [_shown(0, 30, "4 def save(task", (0.1, 0.05, 0.3, 0.09)), _shown(0, 30, "Ln 5, Col 10 UTF-8", (0.1, 0.1, 0.3, 0.08)),
             _shown(0, 30, "@dataclass", (0.1, 0.15, 0.3, 0.09)),
             _shown(0, 30, "计算资源41,200 元", (0.1, 0.2, 0.3, 0.07)), _shown(0, 30, "Q3 costs per service", (0.1, 0.4, 0.3, 0.05))]
    assert screen_title(Screen.of(texts), 0, 30, set()) == "Q3 costs per service"


def test_an_editors_screen_of_numbered_code_lines_has_no_screen_title():
    code = [_shown(0, 30, line, (0.1, 0.1 + 0.05 * k, 0.3, 0.04)) for k, line in enumerate(["1 from models import Task", "2", "3"])]
    texts = [*code, _shown(0, 30, "title: str", (0.1, 0.3, 0.3, 0.06))]
    assert screen_title(Screen.of(texts), 0, 30, set()) is None
    assert screen_title(Screen.of(texts[2:]), 0, 30, set()) == "title"  # one numbered line is no editor


def test_a_chinese_subtitle_is_named_by_its_opening_clause_without_function_characters():
    lines = ["清晨，渔民们已经出海了。", "到了正午，海滩上挤满了游客。", "傍晚的时候，渔船一艘一艘地回到港口。"]
    documents = [[_shown(8 * k, 8 * k + 8, line)] for k, line in enumerate(lines)]
    weights = document_weights(documents)
    # a word repeated inside one sentence ("一艘一艘") is not said twice
    assert [key_phrase(d, weights) for d in documents] == ["清晨", "正午", "傍晚的时候"]


def test_a_quantity_names_no_topic():
    said = ["Adults need between 7 and 9 hours of sleep every night.", "A dark room helps you sleep.",
            "Coffee keeps you awake for many hours.", "If you cannot sleep, read.", "Naps stay under an hour."]
    documents = [[_speech(3 * k, s) for k, s in enumerate(said)], [_speech(20, "Exercise daily. Exercise more.")]]
    assert key_phrase(documents[0], document_weights(documents)) == "Sleep"


def test_a_chinese_phrase_keeps_its_words_whole():
    assert [_cjk_trimmed(p) for p in ["到了正午", "这就是我们看到的雨", "气候变化很重要", "上线进度", "下周安排", "出海了", "的了"]] == \
        ["正午", "看到的雨", "气候变化很重要", "上线进度", "下周安排", "出海", "的了"]


def test_a_key_phrase_comes_from_the_screen_when_speech_gives_none():
    documents = [[_speech(0, "king 1.5 you have been to men"), _shown(0, 8, "清晨，渔民们已经出海了。")],
                 [_speech(8, "第4-第5-中雄"), _shown(8, 16, "夜晚，海边只剩下海浪的声音。")]]
    weights = document_weights(documents)
    assert [key_phrase(d, weights) for d in documents] == ["清晨", "夜晚"]


def test_a_slide_before_a_console_demo_sums_up_its_chapter_with_its_bullets():
    """The sample's "Setting up the sheet": a slide with bullets, then a console where the
    columns are typed. The console's lines are no bullets, and they do not take the slide's
    away, so a misheard transcript never sums the chapter up."""
    from vidmark.model import TimedText
    from vidmark.segment.titles import summary

    def shown(text: str, at: float) -> TimedText:
        return TimedText(start_seconds=at, end_seconds=at + 14, text=text, source="ocr")
    slide = [shown(t, 14.0) for t in ("Setting up the sheet", "Open a new, empty spreadsheet", "One row for every payment")]
    console = [shown(t, 28.5) for t in ("$ A1: Date", "$ B1: Category", "$ C1: Description", "Naming the columns")]
    misheard = TimedText(start_seconds=28.5, end_seconds=40, text="type and name's into the first trial they scrapes",
                         source="speech", confidence=0.53)
    said = summary([*slide, *console, misheard], {}, {"settingupthesheet"})
    assert said == "Open a new, empty spreadsheet; one row for every payment."
