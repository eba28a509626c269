"""TextTiling over time: cohesion dips where the vocabulary changes."""

from vidmark.model import TimedText, Word
from vidmark.segment.topics import term_bins, timed_terms, topic_shifts

A = ["The oven bakes the bread until the crust is brown.", "A hot oven and some steam make a shiny crust.",
     "Bake the bread in the oven for thirty minutes."]
B = ["The router connects the home network to the internet.", "Put the router in the middle of the home network.",
     "The network password protects the router."]


def _speech(sentences: list[str], start: float, step: float = 4.0) -> list[TimedText]:
    return [TimedText(start_seconds=start + i * step, end_seconds=start + i * step + 3.5, text=s, source="speech")
            for i, s in enumerate(sentences)]


def test_a_change_of_vocabulary_is_a_strong_shift():
    texts = _speech(A * 3, 0.0) + _speech(B * 3, 36.0)
    (shift,) = topic_shifts(texts, 0.0, 72.0, 1.0, 15.0)
    assert abs(shift.time_seconds - 36.0) <= 2.0
    assert shift.strength == 1.0


def test_a_shift_across_a_silent_demo_is_placed_where_the_words_come_back():
    texts = _speech(A * 3, 0.0) + _speech(B * 3, 56.0)
    (shift,) = topic_shifts(texts, 0.0, 92.0, 1.0, 20.0)
    assert shift.time_seconds == 56.0
    assert shift.lo_seconds <= 40.0


def test_one_topic_throughout_has_no_shift():
    assert topic_shifts(_speech(A * 6, 0.0), 0.0, 72.0, 1.0, 15.0) == []


def test_words_with_times_land_in_their_own_bins():
    text = TimedText(start_seconds=0, end_seconds=9, text="oven router", source="speech",
                     words=[Word(text="oven", start_seconds=0.0, end_seconds=0.5), Word(text="router", start_seconds=8.0, end_seconds=8.5)])
    assert timed_terms(text) == [(0.25, "oven"), (8.25, "router")]
    bins = term_bins([text], 0.0, 9.0, 1.0)
    assert bins[0]["oven"] == 1 and bins[8]["router"] == 1
    spread = timed_terms(TimedText(start_seconds=0, end_seconds=4, text="oven router", source="speech"))
    assert [t for t, _ in spread] == [1.0, 3.0]


def test_no_shift_is_read_within_one_block_of_either_end():
    """Near the start the block before a gap is cut short, so a few opening words dip against
    anything: the first shift counted lies a whole block in."""
    texts = _speech(A[:2], 0.0) + _speech(B * 4, 8.0)
    assert topic_shifts(texts, 0.0, 56.0, 1.0, 15.0) == []
