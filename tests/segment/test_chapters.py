"""Segmentation of whole synthetic signal streams: boundaries, titles, summaries."""

from __future__ import annotations

import pytest

from vidmark.model import Boundary, Signals, TimedText
from vidmark.segment import SegmentOptions, segment
from vidmark.segment.chapters import first_showings, name_chapters, step_titles
from vidmark.segment.headlines import headline_runs

# the fixtures lecture_builder, slide and narration come from conftest.py


def _slides(builder_spec, title: str, sentences: list[str], per_slide: int = 2, first: str = "cut",
            numbered: bool = True, body_prefix: str = "") -> list:
    slides = []
    for i in range(0, len(sentences), per_slide):
        part = f" ({i // per_slide + 1}/{(len(sentences) + per_slide - 1) // per_slide})" if numbered else ""
        words = sentences[i].split()
        slides.append(builder_spec(title + part, [body_prefix + " ".join(words[:5]), " ".join(words[5:9])],
                                   sentences[i:i + per_slide], first if i == 0 else "cut"))
    return slides


def _near(found: list[float], truth: list[float], collar: float = 3.0) -> bool:
    return len(found) == len(truth) and all(abs(f - t) <= collar for f, t in zip(found, truth))


def _starts(chapters) -> list[float]:
    return [c.start_seconds for c in chapters]


def test_titles_repeated_across_slides_make_one_chapter_each(lecture_builder, narration, slide):
    chapters = [_slides(slide, name.title(), narration[name]) for name in ("sorting", "graphs", "hashing", "dynamic")]
    lecture = lecture_builder(chapters)
    assert len(lecture.slide_starts) == 12
    found = segment(lecture.signals, 0.0, lecture.duration)
    assert _near(_starts(found), lecture.chapter_starts)
    assert [c.title for c in found] == ["Sorting", "Graphs", "Hashing", "Dynamic"]
    assert found[-1].end_seconds == lecture.duration


def test_titles_sharing_a_prefix_are_one_chapter(lecture_builder, narration, slide):
    chapters = []
    for name, parts in (("Sorting", ("quicksort", "merge sort", "stability")), ("Graphs", ("BFS", "DFS", "Dijkstra"))):
        sentences = narration[name.lower()]
        chapters.append([slide(f"{name}: {part}", [], sentences[2 * i:2 * i + 2]) for i, part in enumerate(parts)])
    lecture = lecture_builder(chapters)
    found = segment(lecture.signals, 0.0, lecture.duration)
    assert _near(_starts(found), lecture.chapter_starts)


def test_speech_only_topic_change_becomes_a_chapter(lecture_builder, narration, slide):
    first = [slide("Algorithms", ["Sorting and graphs"], narration["sorting"])]
    second = [slide("", [], narration["graphs"], "none")]
    lecture = lecture_builder([first, second])
    found = segment(lecture.signals, 0.0, lecture.duration)
    assert _near(_starts(found), lecture.chapter_starts)
    assert "graph" in found[1].summary.lower() or "vert" in found[1].summary.lower()


def test_fades_with_topic_change_are_chapters_and_cuts_inside_are_not(narration):
    texts, boundaries, t, truth = [], [], 0.0, []
    for name in ("sorting", "graphs", "hashing"):
        truth.append(t)
        if t:
            boundaries.append(Boundary(time_seconds=t - 0.3, kind="fade", strength=0.9))
        for i, sentence in enumerate(narration[name]):
            texts.append(TimedText(start_seconds=t, end_seconds=t + 4.5, text=sentence, source="speech"))
            boundaries += [Boundary(time_seconds=t + 1.7, kind="cut", strength=1.0),
                           Boundary(time_seconds=t + 3.4, kind="cut", strength=0.9)]
            t += 5.0
    found = segment(Signals(texts=texts, boundaries=boundaries), 0.0, t)
    assert _starts(found) == pytest.approx([0.0] + [t - 0.3 for t in truth[1:]], abs=0.01)  # on the fades


def test_noisy_cuts_alone_never_make_chapters():
    cuts = [Boundary(time_seconds=float(s), kind="cut", strength=1.0) for s in range(3, 120, 4)]
    found = segment(Signals(boundaries=cuts), 0.0, 120.0)
    assert len(found) == 1
    assert found[0].title == "Part 1"
    assert "without text" in found[0].summary


def test_fades_with_caption_changes_without_speech():
    """Like a trailer: captions change at fades, with shot cuts and caption gaps inside segments."""
    captions = [(0, 10, "The foundation presents", (3, 9)), (10, 14, "An unlucky bird", (10, 14)),
                (14, 32, "A slightly overweight bunny", (16, 23)), (32, 46, "And three rodent pests", (32, 36)),
                (46, 55, "Revenge is coming", (47, 51))]
    texts = [TimedText(start_seconds=s, end_seconds=s + 0.5, text=caption, source="ocr", box=(0.3, 0.45, 0.4, 0.06))
             for *_, caption, (a, b) in captions for s in (x / 2 for x in range(2 * a, 2 * b))]
    fades = [Boundary(time_seconds=float(t), kind="fade", strength=0.8) for t in (10, 14, 32)]
    cuts = [Boundary(time_seconds=t, kind="cut", strength=1.0) for t in (24.7, 36.0, 37.5, 41.2, 43.7)]
    dissolve = [Boundary(time_seconds=46.5, kind="dissolve", strength=0.7)]
    found = segment(Signals(texts=texts, boundaries=fades + cuts + dissolve), 0.0, 55.0)
    assert _near(_starts(found), [0, 10, 14, 32, 46.5], collar=1.0)
    assert [c.title for c in found][1:] == [c[2] for c in captions][1:]


def test_chinese_lecture(lecture_builder, narration, slide):
    titles = ["排序算法", "哈希表", "神经网络"]
    chapters = [[slide(title, [], sentences[:2]), slide(title, [], sentences[2:], "fade")]
                for title, sentences in zip(titles, narration["chinese"])]
    lecture = lecture_builder(chapters)
    found = segment(lecture.signals, 0.0, lecture.duration)
    assert _near(_starts(found), lecture.chapter_starts)
    assert [c.title for c in found] == titles
    assert all(c.summary.endswith("。") for c in found)


def test_chinese_speech_only_topics_get_key_phrase_titles(narration):
    texts, t, truth = [], 0.0, []
    for sentences in narration["chinese"]:
        truth.append(t)
        for sentence in sentences * 2:
            texts.append(TimedText(start_seconds=t, end_seconds=t + 3.5, text=sentence, source="speech"))
            t += 4.0
    found = segment(Signals(texts=texts), 0.0, t)
    assert _near(_starts(found), truth)
    assert "排序" in found[0].title and "哈希" in found[1].title and "神经" in found[2].title


def test_min_chapter_seconds_thins_boundaries(lecture_builder, narration, slide):
    chapters = [_slides(slide, name.title(), narration[name]) for name in ("sorting", "graphs", "hashing", "dynamic")]
    lecture = lecture_builder(chapters)
    found = segment(lecture.signals, 0.0, lecture.duration, SegmentOptions(min_chapter_seconds=lecture.duration / 2.5))
    assert 1 < len(found) < 4
    assert all(c.duration_seconds >= lecture.duration / 2.5 for c in found)


def test_window_of_a_longer_video(lecture_builder, narration, slide):
    chapters = [_slides(slide, name.title(), narration[name]) for name in ("sorting", "graphs", "hashing", "dynamic")]
    lecture = lecture_builder(chapters)
    start, end = lecture.chapter_starts[1] - 10, lecture.chapter_starts[3] + 10
    found = segment(lecture.signals, start, end)
    assert found[0].start_seconds == start and found[-1].end_seconds == end
    assert _near(_starts(found)[1:], lecture.chapter_starts[1:4])


def test_a_topic_shift_under_a_headline_that_stays_over_a_new_screen_is_no_chapter(lecture_builder, narration, slide):
    first = [slide("Algorithms", ["Sorting and graphs"], narration["sorting"])]
    second = [slide("Algorithms", ["Graphs: vertices and edges", "Shortest paths"], narration["graphs"])]
    lecture = lecture_builder([first, second])
    assert len(segment(lecture.signals, 0.0, lecture.duration)) == 1


def _captioned_still(captions: list[tuple[float, str]], end: float) -> Signals:
    """A busy still picture (a diagram with labels, a logo taller than the caption) whose
    bottom-left caption changes: OCR spans open a moment only where the caption changed."""
    starts = [at for at, _ in captions]
    stays = [("Fraunhofer", (0.69, 0.89, 0.2, 0.053)), ("30°", (0.4, 0.33, 0.04, 0.035)), ("IIS", (0.86, 0.94, 0.03, 0.035))]
    texts = [TimedText(start_seconds=0.0, end_seconds=end, text=text, source="ocr", box=box) for text, box in stays]
    texts += [TimedText(start_seconds=at, end_seconds=until, text=caption, source="ocr", box=(0.11, 0.9, 0.3, 0.037))
              for (at, caption), until in zip(captions, [*starts[1:], end])]
    cuts = [Boundary(time_seconds=t + 0.3, kind="cut", strength=0.6) for t in range(3, int(end), 4)]
    slides = [Boundary(time_seconds=at - 0.3, kind="slide", strength=0.7) for at in starts[1:]]
    return Signals(texts=texts, boundaries=cuts + slides)


def test_a_changed_caption_under_a_logo_on_a_busy_picture_is_a_chapter():
    captions = [(0.0, "Spoken channel identification"), (8.4, "Tech 3304 BLITS tones"),
                (23.0, "Multichannel ident"), (34.7, "www.example.org/audio")]
    found = segment(_captioned_still(captions, 46.6), 0.0, 46.6)
    assert _near(_starts(found), [0.0, 8.4, 23.0, 34.7], collar=1.0)
    assert [c.title for c in found][:3] == [caption for _, caption in captions[:3]]
    assert found[3].title == "Part 4"  # an address names no chapter, even on screen


def test_a_caption_that_only_continues_stays_one_chapter():
    captions = [(0.0, "Channel identification (1/3)"), (12.0, "Channel identification (2/3)"),
                (30.0, "Channel identification (3/3)")]
    found = segment(_captioned_still(captions, 46.6), 0.0, 46.6)
    assert _starts(found) == [0.0]
    assert found[0].title == "Channel identification"


def test_a_deck_with_section_dividers_is_chaptered_by_its_sections(lecture_builder, narration, slide):
    """Each section opens with a divider (its title and a "Part N" label, no body); the slides
    inside have titles of their own, which are steps of the section, not chapters."""
    sorting, graphs, hashing = narration["sorting"], narration["graphs"], narration["hashing"]
    sections = [
        [slide("Sorting", ["Part 1"], sorting[:1]), slide("Quicksort", ["Pivot", "Partitions"], sorting[1:3]),
         slide("Merge sort", ["Halves", "Merging"], sorting[3:])],
        [slide("Graphs", ["Part 2"], graphs[:1]), slide("Breadth first", ["Queues", "Neighbours"], graphs[1:3]),
         slide("Shortest paths", ["Dijkstra", "Weights"], graphs[3:])],
        [slide("Hashing", ["Part 3"], hashing[:1]), slide("Buckets", ["Hash function", "Index"], hashing[1:3]),
         slide("Collisions", ["Chaining", "Probing"], hashing[3:])],
    ]
    lecture = lecture_builder(sections)
    chapters = segment(lecture.signals, 0.0, lecture.duration)
    assert [c.title for c in chapters] == ["Sorting", "Graphs", "Hashing"]
    assert [round(c.start_seconds, 1) for c in chapters] == [round(s, 1) for s in lecture.chapter_starts]


def test_slides_with_one_short_bullet_under_the_usual_title_are_no_section_dividers(lecture_builder, narration, slide):
    """A chapter's later slides take their titles from its first slide's bullets; one holds a
    single short bullet under the title in its usual place: a step of that chapter, not a
    deck's divider (those stand apart by their place or their "Part N")."""
    sorting, graphs = narration["sorting"], narration["graphs"]
    chapters = [
        [slide("How to sort", ["Quicksort", "Merge sort", "Comparisons", "Swaps"], sorting[:1]),
         slide("Quicksort", ["Pick a pivot", "Partition the rest"], sorting[1:2]),
         slide("Merge sort", ["Stability"], sorting[2:])],
        [slide("Graph search", ["Breadth first", "Depth first", "Vertices", "Edges"], graphs[:1]),
         slide("Breadth first", ["Visit the neighbours", "Keep a queue"], graphs[1:2]),
         slide("Depth first", ["Stacks"], graphs[2:])],
    ]
    lecture = lecture_builder(chapters)
    found = segment(lecture.signals, 0.0, lecture.duration)
    assert [c.title for c in found] == ["How to sort", "Graph search"]
    assert _near(_starts(found), lecture.chapter_starts)


def _line(start: float, end: float, text: str, box=(0.2, 0.35, 0.3, 0.09)) -> TimedText:
    return TimedText(start_seconds=start, end_seconds=end, text=text, source="ocr", box=box)


def _titles(texts: list[TimedText], spans: list[tuple[float, float]], language: str = "en") -> list[str]:
    return [c.title for c in name_chapters(texts, spans, first_showings(headline_runs(texts)), language)]


def test_an_apps_name_on_screen_all_along_names_no_chapter_its_pages_headings_do():
    texts = [_line(0, 60, "Boardly", (0.03, 0.02, 0.1, 0.07)), _line(0, 30, "Create your account"),
             _line(0, 30, "Password", (0.2, 0.5, 0.1, 0.05)), _line(30, 60, "New project"), _line(30, 60, "Description", (0.2, 0.5, 0.1, 0.05))]
    assert _titles(texts, [(0, 30), (30, 60)]) == ["Create your account", "New project"]
    zh = [_line(0, 60, "Shop", (0.03, 0.02, 0.1, 0.07)), _line(0, 30, "注册新用户"), _line(30, 60, "收货地址")]
    assert _titles(zh, [(0, 30), (30, 60)], "zh") == ["注册新用户", "收货地址"]


def test_a_speakers_card_or_a_banner_about_a_participant_names_no_chapter():
    card = [_line(0, 25, "Dr. Ann Lee · Healthy habits", (0.05, 0.8, 0.4, 0.06))]
    said = [TimedText(start_seconds=32, end_seconds=38, text="Exercise keeps the heart strong. Exercise daily.")]
    assert _titles(card + said, [(0, 30), (30, 60)]) == ["Part 1", "Exercise"]
    tiles = [_line(0, 60, name, (0.1 + 0.3 * k, 0.8, 0.2, 0.04)) for k, name in enumerate(["Aisha Khan", "Ben Okafor"])]
    banner = [_line(30, 45, "Aisha Khan is presenting", (0.3, 0.05, 0.3, 0.06)), _line(30, 45, "Q3 costs per service")]
    cue = [TimedText(start_seconds=30.5, end_seconds=33, text="The next topic is the budget review.")]
    assert _titles(tiles + banner + cue, [(0, 30), (30, 60)])[1] == "Budget review"


def test_a_console_is_named_by_its_commands_not_by_their_output_nor_in_another_language():
    texts = [_line(10, 30, "alice@laptop:~/shop$ pip install requests", (0.02, 0.1, 0.5, 0.04)),
             _line(12, 30, "Collecting requests", (0.02, 0.15, 0.3, 0.04)), _line(12, 30, "Downloading requests-2.32.3-py3-none-any.whl", (0.02, 0.2, 0.5, 0.04)),
             _line(30, 60, "alice@laptop:~/shop$ python3 -m venv .venv", (0.02, 0.1, 0.5, 0.04)), _line(31, 60, "Python3 Venv", (0.02, 0.5, 0.1, 0.04))]
    assert _titles(texts, [(0, 30), (30, 60)], "zh") == ["安装依赖", "创建虚拟环境"]
    # a caption in larger type over the console names its chapter before the commands
    captions = [_line(0, 30, "Making commits", (0.05, 0.06, 0.4, 0.12)), _line(2, 30, "$ git add soup.txt", (0.05, 0.26, 0.3, 0.06)),
                _line(30, 60, "Merging", (0.05, 0.06, 0.3, 0.13)), _line(32, 60, "$ git merge spicy", (0.05, 0.26, 0.3, 0.06))]
    assert _titles(captions, [(0, 30), (30, 60)]) == ["Making commits", "Merging"]


def test_a_sequence_of_credit_cards_is_one_chapter():
    """Cards of 3.5 seconds each (credits) follow a long scene: the first card opens one
    chapter; the cards after it do not each open another."""
    def shown(text: str, start: float, end: float) -> list[TimedText]:
        return [TimedText(start_seconds=start, end_seconds=end, text=text, source="ocr", box=(0.3, 0.45, 0.4, 0.1))]
    texts = shown("Sharing your work", 0.0, 40.0)
    for k, name in enumerate(["Animation", "Narrator", "Music", "Script", "Special thanks"]):
        texts += shown(name, 40.0 + 3.5 * k, 43.5 + 3.5 * k)
    chapters = segment(Signals(texts=texts), 0.0, 70.0)
    assert [(c.start_seconds, c.title) for c in chapters] == [(0.0, "Sharing your work"), (40.0, "Animation")]


def test_titles_are_in_the_videos_language_where_it_is_english_or_chinese():
    texts = [_line(0, 30, "会議の議題"), _line(30, 60, "Budget review")]
    assert _titles(texts, [(0, 30), (30, 60)], "ja") == ["会議の議題", "Budget review"]
    assert _titles(texts, [(0, 30), (30, 60)], "en") == ["Part 1", "Budget review"]


def test_the_narrators_words_name_a_step_when_they_are_mostly_the_commands_work():
    assert step_titles("Make our first commit", "Commit the changes")[0] == "Make our first commit"
    assert step_titles("Create a brand coordinator cupcake", "Create a branch")[0] == "Create a branch"
    assert step_titles("Make a folder", "Set up the project")[0] == "Set up the project"
    assert step_titles("Install the dependencies", "Install dependencies")[0] == "Install the dependencies"
    assert step_titles("Get all the dependencies", "Install dependencies")[0] == "Install dependencies"


def test_screen_changes_under_an_application_name_that_stays_are_not_steps_of_one_topic():
    """A browser walkthrough: "Boardly" heads every page. The pages change below it, and that is
    no evidence against a new chapter, as it is below a slide title that stays."""
    from vidmark.segment.chapters import title_hints
    from vidmark.segment.headlines import Screen, headline_runs

    texts = [TimedText(start_seconds=0.0, end_seconds=60.0, text="Boardly", source="ocr", box=(0.05, 0.02, 0.2, 0.06))]
    for k, page in enumerate(["Welcome page", "New project", "Invite people", "Notification settings"]):
        texts.append(TimedText(start_seconds=15.0 * k, end_seconds=15.0 * k + 15, text=page, source="ocr",
                               box=(0.3, 0.5, 0.3, 0.04)))
    screen = Screen.of(texts)
    runs = headline_runs(texts, screen)
    assert [r.text for r in runs] == ["Boardly"] and runs[0].kept_seconds == [15.0, 30.0, 45.0]
    assert title_hints(runs, texts, screen, 60.0) == []
    assert [h.kind for h in title_hints(runs, texts, screen, 200.0)] == ["subtopic"] * 3


def test_numbered_steps_are_chapters_even_over_a_screen_that_stays():
    """A cooking video: the step caption changes ("第2步：炒鸡蛋") while the recipe card beside it
    stays; the new number says a new step begins, which the unchanged card does not undo."""
    def line(text: str, start: float, end: float, y: float) -> TimedText:
        return TimedText(start_seconds=start, end_seconds=end, text=text, source="ocr", box=(0.1, y, 0.5, 0.08))
    card = [line(t, 0.0, 60.0, 0.4 + 0.06 * i) for i, t in enumerate(["鸡蛋三个", "番茄两个", "盐和糖"])]
    steps = [line(t, 20.0 * k, 20.0 * k + 20.0, 0.05) for k, t in enumerate(["第1步：准备食材", "第2步：炒鸡蛋", "第3步：炒番茄"])]
    chapters = segment(Signals(texts=[*card, *steps]), 0.0, 60.0, language="zh")
    assert [(c.start_seconds, c.title) for c in chapters] == [(0.0, "准备食材"), (20.0, "炒鸡蛋"), (40.0, "炒番茄")]


def test_a_title_read_off_the_screen_loses_its_full_stop_and_opens_with_a_capital():
    from vidmark.segment.chapters import tidy_title

    assert tidy_title("ALL RIGHTS RESERVED.") == "ALL RIGHTS RESERVED"
    assert tidy_title("creative") == "Creative"
    assert tidy_title("下一步：") == "下一步" and tidy_title("Why? ") == "Why?" and tidy_title("Wait…") == "Wait…"
    assert tidy_title("...") == "..."


def test_commands_typed_well_after_a_slide_title_are_steps_inside_its_chapter():
    # a deck that switches to its terminal: "Making commits" heads the git status / add / commit
    # typed under it, which used to split the chapter where the family of commands changed
    def shown(start: float, end: float, text: str, box=(0.1, 0.05, 0.5, 0.1)) -> TimedText:
        return TimedText(start_seconds=start, end_seconds=end, text=text, source="ocr", box=box)

    texts = [shown(0, 30, "Installing git"), shown(30, 90, "Making commits"), shown(90, 150, "Branches"),
             shown(45, 90, "$ git status", (0.1, 0.4, 0.5, 0.04)), shown(52, 90, "$ git commit -m 'First'", (0.1, 0.5, 0.5, 0.04))]
    screen_changes = [Boundary(time_seconds=t, kind="slide", strength=1.0) for t in (30.0, 52.0, 90.0)]
    chapters = segment(Signals(texts=texts, boundaries=screen_changes), 0.0, 150.0)
    assert [(c.start_seconds, c.title) for c in chapters] == [(0.0, "Installing git"), (30.0, "Making commits"),
                                                              (90.0, "Branches")]
