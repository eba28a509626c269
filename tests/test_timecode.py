"""Timecodes: every formatter round-trips through the parser, every accepted form reads
as the right number of seconds, and anything else is a TimecodeError (never another error)."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from vidmark.errors import TimecodeError
from vidmark.timecode import (
    MAX_SECONDS,
    format_hms,
    format_hms_ms,
    format_qwen,
    format_youtube,
    parse_duration_option,
    parse_timecode,
)

# up to 1000 hours, in milliseconds so that formatting at ms precision is exact
millis = st.integers(min_value=0, max_value=1000 * 3_600_000)
seconds = st.floats(min_value=0, max_value=1000 * 3600, allow_nan=False, allow_infinity=False)


@given(seconds)
def test_hms_round_trip_floors_to_the_second(value):
    assert parse_timecode(format_hms(value)) == math.floor(value + 1e-6)


@given(seconds)
def test_youtube_round_trip_floors_to_the_second(value):
    assert parse_timecode(format_youtube(value)) == math.floor(value + 1e-6)


@given(millis, st.sampled_from([".", ","]))
def test_hms_ms_round_trip_is_exact_to_the_millisecond(ms, decimal):
    text = format_hms_ms(ms / 1000, decimal=decimal)
    assert parse_timecode(text) == pytest.approx(ms / 1000, abs=1e-9)


@given(seconds)
def test_hms_ms_round_trip_within_half_a_millisecond(value):
    assert abs(parse_timecode(format_hms_ms(value)) - value) <= 0.0005 + 1e-9


@given(st.integers(min_value=0, max_value=10**7))
def test_qwen_round_trip(tenths):
    assert parse_timecode(format_qwen(tenths / 10)) == pytest.approx(tenths / 10, abs=1e-9)


@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59), st.integers(0, 999))
def test_colon_forms(h, m, s, ms):
    expected = h * 3600 + m * 60 + s
    assert parse_timecode(f"{h:02d}:{m:02d}:{s:02d}") == expected  # HH:MM:SS
    assert parse_timecode(f"{h}:{m:02d}:{s:02d}.{ms:03d}") == pytest.approx(expected + ms / 1000)
    assert parse_timecode(f"{h:02d}:{m:02d}:{s:02d},{ms:03d}") == pytest.approx(expected + ms / 1000)
    assert parse_timecode(f"{m:02d}:{s:02d}") == m * 60 + s  # MM:SS


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500))
def test_unit_forms(h, m, s):
    assert parse_timecode(f"{h}h{m}m{s}s") == h * 3600 + m * 60 + s
    assert parse_timecode(f"{h}h {m}m") == h * 3600 + m * 60
    assert parse_timecode(f"{m}min {s}sec") == m * 60 + s


@given(st.integers(0, 10**6), st.integers(0, 9))
def test_plain_seconds_and_qwen_marker(whole, tenth):
    value = whole + tenth / 10
    assert parse_timecode(f"{whole}.{tenth}") == pytest.approx(value)
    assert parse_timecode(f"<{whole}.{tenth} seconds>") == pytest.approx(value)
    assert parse_timecode(f"{whole}.{tenth}s") == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01:02:03", 3723), ("1:02:03.250", 3723.25), ("02:03", 123), ("12.5", 12.5),
        ("1h2m3s", 3723), ("<12.5 seconds>", 12.5), ("<7 second>", 7), ("00:01:02,500", 62.5),
        ("  90s ", 90), ("1.5h", 5400), ("60:00", 3600), (42, 42.0), (2.5, 2.5),
    ],
)
def test_examples(text, expected):
    assert parse_timecode(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "1:60:00", "00:00:60", "1::2", "-5", "+5", "nan", "inf", "1e5", "<>",
     "<12.5 minutes>", "12.5.5", "h", "1h2h", "\u0661:\u0660\u0660", "9" * 400 + ":00:00",
     "9" * 5000, "9" * 400 + "h", "99999999999999999999999h", True, float("nan"), -1.0, None],
)
def test_garbage_is_a_timecode_error(text):
    with pytest.raises(TimecodeError):
        parse_timecode(text)


def test_error_message_names_the_value_on_one_short_line():
    with pytest.raises(TimecodeError) as info:
        parse_timecode("x" * 5000)
    message = str(info.value)
    assert "xxx" in message and "\n" not in message and len(message) < 200


@given(st.text())
@example("9" * 5000 + ":00")
@example("\x00")
def test_fuzz_only_timecode_errors(text):
    try:
        value = parse_timecode(text)
    except TimecodeError:
        return
    assert 0 <= value <= MAX_SECONDS


@given(st.text(alphabet="0123456789:.,hmsHMS <>secondminutr", max_size=20))
def test_fuzz_near_misses(text):
    try:
        value = parse_timecode(text)
    except TimecodeError:
        return
    assert 0 <= value <= MAX_SECONDS


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_formatters_reject_only_bad_numbers(value):
    if math.isfinite(value) and 0 <= value <= MAX_SECONDS:
        assert parse_timecode(format_hms_ms(value)) >= 0
        return
    for formatter in (format_hms, format_hms_ms, format_youtube, format_qwen):
        with pytest.raises(TimecodeError):
            formatter(value)


@pytest.mark.parametrize(("text", "expected"), [("2s", 2), ("500ms", 0.5), ("1.5", 1.5), ("1m", 60)])
def test_duration_option(text, expected):
    assert parse_duration_option(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["0", "0s", "0ms", "fast", "-2s", "ms"])
def test_duration_option_rejects(text):
    with pytest.raises(TimecodeError):
        parse_duration_option(text)
