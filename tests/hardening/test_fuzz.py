"""Property-based fuzzing (hypothesis) of every parser of untrusted text and of the
refinement: arbitrary and mutated input never raises anything but vidmark's own errors,
and refinement's invariants always hold. CI-sized here; ``-m long`` runs 50x more
examples. The coverage-guided twin is tests/hardening/atheris_fuzz.py."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hardening import fuzz_targets as targets
from vidmark.refine import RefineOptions

CI = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=15000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = targets.seed_files()

_digits = st.text("0123456789", min_size=1, max_size=25)
timecode_like = st.one_of(
    st.text(max_size=40),
    st.builds(lambda parts, seps: "".join(p + s for p, s in zip(parts, seps)),
              st.lists(_digits, min_size=1, max_size=4), st.lists(st.sampled_from([":", ".", ",", "h", "m", "s", " ", ""]), min_size=4, max_size=4)),
    st.builds(lambda n, unit: f"<{n} {unit}>", _digits, st.sampled_from(["seconds", "s", "sec", ""])),
)
numbers = st.one_of(st.floats(), st.integers(min_value=-(10**400), max_value=10**400))


def _mutated(seed: str, data: st.DataObject) -> str:
    """The seed cut short, with a slice replaced, or with random text spliced in."""
    cut = data.draw(st.integers(0, len(seed)))
    action = data.draw(st.sampled_from(["truncate", "splice", "replace", "duplicate"]))
    if action == "truncate":
        return seed[:cut]
    if action == "duplicate":
        return seed[:cut] + seed[cut // 2 :]
    insert = data.draw(st.text(max_size=30) | timecode_like)
    end = cut + (data.draw(st.integers(0, 20)) if action == "replace" else 0)
    return seed[:cut] + insert + seed[end:]


json_leaf = st.one_of(st.none(), st.booleans(), numbers.filter(lambda x: not isinstance(x, float) or x == x),
                      timecode_like, st.text(max_size=10))
chapter_keys = st.sampled_from(["start_time", "end_time", "start", "end", "time", "title", "summary", "chapters",
                                "segments", "00:01 - 00:05", "caption", "timestamp", "x"])
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(chapter_keys, inner, max_size=5),
                          max_leaves=25)
durations = st.none() | st.floats(0, 1e10, allow_nan=False)


def _answers(data: st.DataObject) -> str:
    kind = data.draw(st.sampled_from(["text", "json", "seed", "deep"]))
    if kind == "text":
        return data.draw(st.text(max_size=300))
    if kind == "deep":
        depth = data.draw(st.integers(1, 100_000))
        return data.draw(st.sampled_from(["[", "{\"chapters\": ", "[{\"a\": "])) * depth
    if kind == "json":
        text = json.dumps(data.draw(json_value), ensure_ascii=data.draw(st.booleans()))
        return text[: data.draw(st.integers(0, len(text)))] if data.draw(st.booleans()) else text
    return _mutated(data.draw(st.sampled_from(targets.SEED_ANSWERS)), data)


def _check_timecode(text) -> None:
    targets.timecode(text)


def _check_answer(data: st.DataObject) -> None:
    targets.model_answer(_answers(data), data.draw(durations))


def _check_file(name: str, data: st.DataObject) -> None:
    text = _mutated(SEEDS[name], data) if data.draw(st.booleans()) else data.draw(st.text(max_size=200))
    targets.chapter_file(name, text)


spans = st.lists(st.tuples(st.floats(0, 1e10, allow_nan=False), st.floats(0, 1e10, allow_nan=False))
                 | st.tuples(st.floats(0, 200), st.floats(0, 200)), max_size=25)
options = st.builds(RefineOptions, min_chapter_seconds=st.floats(0, 1e6, allow_nan=False) | st.floats(0, 30),
                    snap_tolerance_seconds=st.floats(0, 1e4, allow_nan=False), youtube=st.booleans())
refine_durations = st.floats(0, 1e10, allow_nan=False) | st.floats(0, 300) | st.just(0.0)
anchor_times = st.lists(st.floats(0, 1e10, allow_nan=False) | st.floats(0, 300), max_size=15)


@CI
@given(timecode_like | numbers)
def test_timecode_parser(text) -> None:
    _check_timecode(text)


@CI
@given(st.data())
def test_model_answer_parser_and_repair(data) -> None:
    _check_answer(data)


@CI
@pytest.mark.parametrize("name", targets.READABLE_FORMATS)
@given(data=st.data())
def test_chapter_format_reader(name: str, data) -> None:
    _check_file(name, data)


@CI
@given(spans, refine_durations, anchor_times, options)
def test_refinement_invariants(chapters, duration, anchors, refine_options) -> None:
    targets.refinement(chapters, duration, anchors, refine_options)


@pytest.mark.long
@LONG
@given(st.data())
def test_everything_long(data) -> None:
    _check_timecode(data.draw(timecode_like | numbers))
    _check_answer(data)
    _check_file(data.draw(st.sampled_from(targets.READABLE_FORMATS)), data)
    targets.refinement(data.draw(spans), data.draw(refine_durations), data.draw(anchor_times), data.draw(options))
