"""Long pauses in speech: measured against the recording's usual pause, deciding where nothing else does."""

from vidmark.model import Boundary, Signals, TimedText, VisualSample
from vidmark.segment import segment
from vidmark.segment.pauses import BLIND_LEAD_SECONDS, PAUSE_FLOOR, pause_hints


def _silence(end_of_speech: float, seconds: float) -> Boundary:
    return Boundary(time_seconds=end_of_speech + seconds / 2, kind="silence", strength=min(1.0, seconds / 3),
                    duration_seconds=seconds)


def test_a_pause_is_long_against_this_speakers_usual_pause():
    usual = [_silence(t, 0.7) for t in (5.0, 10.0, 15.0, 20.0, 25.0)]
    hints = pause_hints([*usual, _silence(30.0, 1.4), _silence(40.0, 2.4)])
    assert [(round(h.time_seconds, 1), round(h.strength, 2)) for h in hints] == [(31.4, 0.83), (42.4, 1.0)]
    assert all(h.kind == "pause" and h.lo < h.time_seconds for h in hints)
    # a detector that keeps only long silences leaves no usual pause to compare with: the cap stands in
    assert len(pause_hints([_silence(30.0, 2.1), _silence(50.0, 1.6)])) == 2
    assert pause_hints([_silence(30.0, PAUSE_FLOOR - 0.05)]) == []


def _talk(topics: list[int], within: float = 0.7, between: float = 2.0) -> tuple[Signals, list[float]]:
    """A talk with no picture structure: sentences of 4 s, a usual pause inside a topic, a longer one between."""
    texts, boundaries, starts, t = [], [], [], 0.0
    for k, sentences in enumerate(topics):
        starts.append(t)
        for i in range(sentences):
            texts.append(TimedText(start_seconds=t, end_seconds=t + 4, text=f"words of sentence {i} in part {k}", source="speech"))
            gap = between if i == sentences - 1 else within
            boundaries.append(_silence(t + 4, gap))
            t += 4 + gap
    return Signals(texts=texts, boundaries=boundaries[:-1]), starts


def test_a_talk_without_headlines_is_cut_at_its_long_pauses():
    signals, starts = _talk([5, 3, 4, 3])
    chapters = segment(signals, 0.0, starts[-1] + 15)
    assert [round(c.start_seconds, 1) for c in chapters] == [round(s, 1) for s in starts]


def test_pauses_do_not_cut_under_headlines_that_structure_the_video(lecture_builder, narration, slide):
    lecture = lecture_builder([[slide("Sorting", ["Quicksort"], narration["sorting"][:3]),
                                slide("Sorting: merge sort", ["Halves"], narration["sorting"][3:])],
                               [slide("Graphs", ["Vertices"], narration["graphs"])]], pause=0.6)
    long = [*lecture.signals.boundaries, _silence(lecture.slide_starts[1] - 1.6, 1.6)]
    chapters = segment(lecture.signals.model_copy(update={"boundaries": long}), 0.0, lecture.duration)
    assert [c.title for c in chapters] == ["Sorting", "Graphs"]


def test_without_pictures_a_long_pause_opens_its_part_before_the_voice_resumes():
    """A soundtrack whose parts are 8 s of music apart: the video's parts began in the music
    (a new act, a title), so the boundary goes a little before the narrator speaks again; the
    same pause under pictures keeps the voice's time, for the pictures to place it."""
    signals, starts = _talk([3, 3, 3], within=0.7, between=8.0)
    resumed = [round(s, 1) for s in starts[1:]]
    heard = segment(signals, 0.0, starts[-1] + 15)
    assert [round(c.start_seconds, 1) for c in heard[1:]] == [round(s - BLIND_LEAD_SECONDS, 1) for s in resumed]
    seen = signals.model_copy(update={"visual": [VisualSample(time_seconds=0.0, brightness=0.5, change=0.0)]})
    assert [round(c.start_seconds, 1) for c in segment(seen, 0.0, starts[-1] + 15)[1:]] == resumed
    shorter = pause_hints([_silence(t, 0.7) for t in (5.0, 10.0, 15.0)] + [_silence(30.0, 4.0)], BLIND_LEAD_SECONDS)
    assert [h.time_seconds for h in shorter] == [34.0]  # too short to hold an opening: the voice's time
