"""Headlines from OCR lines: furniture, prominence, runs, topic sameness."""

from vidmark.model import TimedText
from vidmark.segment.headlines import clean_title, furniture, headline_runs, ocr_moments, same_topic


def _line(t: float, text: str, box: tuple[float, float, float, float]) -> TimedText:
    return TimedText(start_seconds=t, end_seconds=t + 1, text=text, source="ocr", box=box)


TITLE_BOX, BODY_BOX, LOGO_BOX = (0.1, 0.05, 0.5, 0.1), (0.1, 0.4, 0.7, 0.05), (0.8, 0.9, 0.15, 0.08)


def test_large_top_line_is_the_headline_and_a_logo_is_furniture():
    texts = []
    for t in range(10):
        title = "Introduction" if t < 5 else "Methods"
        texts += [_line(t, title, TITLE_BOX), _line(t, f"body line {t}", BODY_BOX), _line(t, "Fraunhofer", LOGO_BOX)]
    assert furniture(ocr_moments(texts)) == {"fraunhofer"}
    runs = headline_runs(texts)
    assert [(r.text, r.first_seconds, r.last_seconds, r.top) for r in runs] == [
        ("Introduction", 0, 4, True), ("Methods", 5, 9, True)]


def test_without_a_top_title_the_most_prominent_changing_line_leads():
    texts = []
    for t in range(10):
        caption = "Spoken Channel Identification" if t < 6 else "EBU Tech 3304 BLITS"
        texts += [_line(t, caption, (0.05, 0.9, 0.4, 0.03)), _line(t, "Fraunhofer", LOGO_BOX), _line(t, "30°", (0.3, 0.4, 0.03, 0.03))]
    assert [r.text for r in headline_runs(texts)] == ["Spoken Channel Identification", "EBU Tech 3304 BLITS"]


def test_a_single_misread_between_two_sightings_is_folded_back():
    texts = [_line(t, "Results", TITLE_BOX) for t in (0, 1, 3, 4)] + [_line(2, "Rcsvlts!!", TITLE_BOX)]
    runs = headline_runs(texts)
    assert len(runs) == 1 and runs[0].sightings == 4 and runs[0].text == "Results"


def test_per_moment_entries_and_long_spans_give_the_same_moments():
    spans = [TimedText(start_seconds=0, end_seconds=6, text="Logo", source="ocr", box=LOGO_BOX),
             _line(0, "A", TITLE_BOX), _line(3, "B", TITLE_BOX)]
    assert [(m, sorted(t.text for t in lines)) for m, lines in ocr_moments(spans)] == [(0, ["A", "Logo"]), (3, ["B", "Logo"])]


def test_same_topic():
    assert same_topic("Sorting (1/3)", "Sorting (2/3)")
    assert same_topic("Sorting: quicksort", "Sorting: merge sort")
    assert same_topic("Hash tables", "Hash tables (cont.)")
    assert not same_topic("Sorting", "Graphs")
    assert not same_topic("Intro", "Intro to graphs: BFS") or same_topic("Intro", "Intro")
    assert same_topic("排序算法（1/2）", "排序算法（2/2）")
    assert same_topic("和面", "和面：面团") and not same_topic("和面", "调馅")
    assert clean_title("Sorting (2/3)") == "Sorting"


def test_a_headline_glimpsed_mid_transition_is_dropped():
    texts = [_line(t, "Editing", TITLE_BOX) for t in (0, 1, 2)] + [_line(3, "Exjtisgre", TITLE_BOX)]
    texts += [_line(t, "Exposure", TITLE_BOX) for t in (4, 5, 6)]
    assert [r.text for r in headline_runs(texts)] == ["Editing", "Exposure"]


def test_a_two_character_chinese_title_is_a_headline():
    texts = []
    for t in range(10):
        title = "和面" if t < 5 else "调馅"
        texts += [_line(t, title, TITLE_BOX), _line(t, f"揉面{t}", BODY_BOX)]
    assert [r.text for r in headline_runs(texts)] == ["和面", "调馅"]


def test_a_title_beside_a_ticking_clock_stays_one_headline():
    # a meeting's title with its clock read every few seconds: each read a new headline, so the
    # title seemed to change (and structure the meeting) all along
    texts = [_line(t, f"项目周会 00:{t:02d}", TITLE_BOX) for t in range(0, 60, 7)]
    texts += [_line(t, f"Weekly sync 01:{t:02d}", TITLE_BOX) for t in range(60, 90, 9)]
    assert [(r.text[:4], r.first_seconds) for r in headline_runs(texts)] == [("项目周会", 0), ("Week", 60)]
    steps = [_line(t, f"Step {1 + t // 5}", TITLE_BOX) for t in range(10)]
    assert [r.text for r in headline_runs(steps)] == ["Step 1", "Step 2"]  # a number, not a clock, names a step
