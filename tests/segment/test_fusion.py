"""Fusion of hints into boundaries: thresholds, placement, minimum length."""

from vidmark.segment.fusion import THRESHOLD, WEIGHTS, Candidate, Hint, adapt_weights, candidates, covered, fuse


def test_secondary_hints_alone_make_no_boundary():
    hints = [Hint("cut", float(t)) for t in range(5, 100, 5)] + [Hint("silence", 50.2)]
    assert fuse(hints, 0, 100, 5) == []


def test_where_the_text_is_silent_rare_picture_changes_decide():
    """No headline, topic or cue: colour act changes make boundaries (placed on themselves), and the
    cuts, fades and dissolves inside the acts do not; without acts a rare cut decides, ten
    cuts a minute do not (each tells nothing), and under a headline nothing grows."""
    acts = [Hint("scene", 40.0, 1.0), Hint("cut", 40.1, 0.8), Hint("scene", 80.0, 1.0), Hint("cut", 120.0, 1.0),
            Hint("dissolve", 150.0, 0.9)]
    assert [t for t, _ in fuse(acts, 0, 180, 6)] == [40.0, 80.0]
    cuts = [Hint("cut", 40.0, 0.9), Hint("cut", 120.0, 1.0)]
    assert [t for t, _ in fuse(cuts, 0, 180, 6)] == [40.0, 120.0]
    busy = cuts + [Hint("cut", t + 0.5, 0.6) for t in range(2, 180, 6)]
    assert fuse(busy, 0, 180, 6) == []
    assert fuse(acts, 0, 180, 6, structured=[(0.0, 180.0)]) == []


def test_adapted_weights_grow_with_silent_text_and_rarity():
    scenes = [Hint("scene", float(t)) for t in (30, 90, 150)]
    silent = adapt_weights(scenes, 0, 180)
    assert silent["scene"] > WEIGHTS["scene"] and silent["title"] == WEIGHTS["title"]
    titled = adapt_weights([*scenes, *(Hint("title", float(t)) for t in range(10, 180, 20))], 0, 180)
    assert titled["scene"] == WEIGHTS["scene"]
    half = adapt_weights([*scenes, Hint("title", 30.0), Hint("title", 60.0)], 0, 180)
    assert WEIGHTS["scene"] < half["scene"] < silent["scene"]


def test_covered_counts_overlaps_once():
    assert covered([(0, 10), (5, 15), (20, 30), (-5, 1)], 0, 25) == 20


def test_a_fade_through_black_alone_is_a_boundary_unless_the_headline_goes_on():
    assert [t for t, _ in fuse([Hint("fade", 40.0)], 0, 100, 5)] == [40.0]
    assert fuse([Hint("dissolve", 40.0), Hint("subtopic", 40.2, 1.0, 39.0, 40.2)], 0, 100, 5) == []
    assert fuse([Hint("dissolve", 40.0, 0.5)], 0, 100, 5) == []
    found = fuse([Hint("dissolve", 40.0, 0.5), Hint("topic", 41.5, 0.5, 40.5, 42.5)], 0, 100, 5)
    assert [t for t, _ in found] == [40.0]


def test_a_title_change_is_placed_on_the_picture_change_inside_its_window():
    hints = [Hint("title", 44.0, 1.0, 40.0, 44.0), Hint("cut", 41.0), Hint("cut", 43.0, 0.9), Hint("fade", 42.2)]
    assert [t for t, _ in fuse(hints, 0, 100, 5)] == [42.2]


def test_a_topic_shift_without_picture_change_snaps_to_a_silence():
    hints = [Hint("topic", 30.0, 1.0, 29.0, 31.0), Hint("silence", 31.3), Hint("silence", 36.0)]
    assert [t for t, _ in fuse(hints, 0, 100, 5)] == [31.3]


def test_many_cuts_count_once():
    hints = [Hint("topic", 30.0, 0.5, 29.0, 31.0)] + [Hint("cut", 29.0 + i / 2) for i in range(5)]
    (candidate,) = candidates(hints, 1.5)
    assert candidate.score == 0.6 * 0.5 + 0.1


def test_minimum_length_keeps_the_strongest_and_the_ends_clear():
    hints = [Hint("title", 20.0), Hint("topic", 24.0), Hint("title", 3.0), Hint("title", 97.0)]
    assert [t for t, _ in fuse(hints, 0, 100, 10)] == [20.0]


def test_long_pauses_grow_where_nothing_is_on_screen_and_less_where_acts_decide():
    pauses = [Hint("pause", float(t), 1.0) for t in (30, 70, 110)]
    talk = adapt_weights(pauses, 0, 150)
    assert talk["pause"] >= THRESHOLD > WEIGHTS["pause"]
    with_acts = adapt_weights([*pauses, Hint("scene", 50.0), Hint("scene", 90.0)], 0, 150)
    assert WEIGHTS["pause"] < with_acts["pause"] < THRESHOLD
    headed = adapt_weights(pauses, 0, 150, structured=[(0.0, 70.0), (70.0, 150.0)])
    assert headed["pause"] == WEIGHTS["pause"]
    assert [t for t, _ in fuse(pauses, 0, 150, 6)] == [30.0, 70.0, 110.0]


def test_a_long_pause_places_its_boundary_where_speech_resumes_not_on_a_cut_inside_it():
    """A silent demo of 17 s: the screen changes inside it, the narrator's next step starts after it."""
    hints = [Hint("pause", 58.7, 1.0, 41.7, 58.7), Hint("cut", 44.0, 0.6), Hint("cut", 58.4, 0.5)]
    candidate = Candidate(40.0, 60.0, hints, {**WEIGHTS, "pause": 0.75})
    assert candidate.placement() == 58.4
    assert Candidate(40.0, 60.0, hints[:2], {**WEIGHTS, "pause": 0.75}).placement() == 58.7


def test_of_two_long_pauses_in_one_candidate_the_longer_places_the_boundary():
    # the narrator says the next step after 9 s of silent typing, then draws breath for 1.8 s
    weights = {**WEIGHTS, "pause": 0.75}
    candidate = Candidate(8.0, 30.0, [Hint("pause", 20.0, 1.0, 10.9, 20.0), Hint("pause", 26.2, 1.0, 24.4, 26.2)], weights)
    assert candidate.placement() == 20.0
