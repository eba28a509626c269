"""Timecodes: one place that reads and writes every time form vidmark meets.

Inside vidmark a time is a float number of seconds from the start of the video. Strings
appear only at the edges: chapter files, model answers, the command line. This module
turns every string form users and models write into seconds, and seconds back into the
forms the exporters need.
"""

from __future__ import annotations

import math
import re

from vidmark.errors import TimecodeError

#: the longest time vidmark reads or writes (about 317 years): past it, formats break down
MAX_SECONDS = 1e10
_NUMBER = r"\d+(?:[.,]\d+)?"
_FLAGS = re.IGNORECASE | re.ASCII  # ASCII: "\d" must not match other scripts' digits
_QWEN = re.compile(rf"^<\s*({_NUMBER})\s*(?:seconds?|secs?|s)?\s*>$", _FLAGS)
_COLON = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:[.,]\d+)?)$", re.ASCII)
_UNITS = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(\d+(?:\.\d+)?)\s*m(?:in(?:utes?|s)?)?)?\s*"
    r"(?:(\d+(?:\.\d+)?)\s*s(?:ec(?:onds?|s)?)?)?$",
    _FLAGS,
)
_PLAIN = re.compile(rf"^{_NUMBER}$", re.ASCII)
_SECONDS_SUFFIX = re.compile(rf"^({_NUMBER})\s*(?:seconds?|secs?|s)$", _FLAGS)


def parse_timecode(text: str | float | int) -> float:
    """Read a time in any supported form and return seconds.

    Accepted: ``HH:MM:SS``, ``H:MM:SS.mmm``, ``MM:SS``, ``SS.s`` (plain seconds),
    ``1h2m3s`` style units, ``12.5s``, and Qwen3-VL's ``<12.5 seconds>`` marker.
    A comma works as the decimal mark (SRT's ``00:01:02,500``).
    """
    if isinstance(text, bool):
        raise TimecodeError(f"not a timecode: {_shown(text)}")
    if isinstance(text, (int, float)):
        huge = isinstance(text, int) and abs(text) > MAX_SECONDS  # float() of a huge int overflows
        return _check_finite(math.inf if huge else float(text), text)
    raw = str(text)
    value = raw.strip()
    if not value:
        raise TimecodeError("empty timecode")
    seconds = _parse_string(value)
    if seconds is None:
        raise TimecodeError(
            f"not a timecode: {_shown(raw)} (expected HH:MM:SS, MM:SS, SS.s, 1h2m3s or <12.5 seconds>)"
        )
    return _check_finite(seconds, raw)


def _parse_string(value: str) -> float | None:
    qwen = _QWEN.match(value)
    if qwen:
        return _to_float(qwen.group(1))
    if _PLAIN.match(value):
        return _to_float(value)
    suffix = _SECONDS_SUFFIX.match(value)
    if suffix:
        return _to_float(suffix.group(1))
    colon = _COLON.match(value)
    if colon:
        hours, minutes, seconds = colon.groups()
        if (hours is not None and float(minutes) >= 60) or _to_float(seconds) >= 60:
            return None
        return float(hours or 0) * 3600 + float(minutes) * 60 + _to_float(seconds)
    units = _UNITS.match(value)
    if units and any(units.groups()):
        hours, minutes, seconds = (float(g) if g else 0.0 for g in units.groups())
        return hours * 3600 + minutes * 60 + seconds
    return None


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def _check_finite(seconds: float, original: object) -> float:
    if not _in_range(seconds):
        raise TimecodeError(f"not a valid time: {_shown(original)} (must be a number from 0 to {MAX_SECONDS:.0e})")
    return seconds


def _shown(value: object, limit: int = 40) -> str:
    """The value as a repr short enough for a one-line message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def format_hms(seconds: float) -> str:
    """``HH:MM:SS``, rounded down to the whole second (the seed format)."""
    total = int(math.floor(_non_negative(seconds) + 1e-6))
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def format_hms_ms(seconds: float, decimal: str = ".") -> str:
    """``HH:MM:SS.mmm`` (WebVTT, FFmpeg) or with ``decimal=","`` SRT's ``HH:MM:SS,mmm``."""
    millis = int(round(_non_negative(seconds) * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal}{ms:03d}"


def format_youtube(seconds: float) -> str:
    """YouTube description form: ``M:SS`` under an hour, ``H:MM:SS`` from an hour on."""
    total = int(math.floor(_non_negative(seconds) + 1e-6))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_qwen(seconds: float) -> str:
    """Qwen3-VL's time marker, as in its training data: ``<12.5 seconds>``."""
    return f"<{_non_negative(seconds):.1f} seconds>"


def parse_duration_option(text: str) -> float:
    """Read a CLI interval such as ``2s``, ``500ms``, ``1.5`` or ``1m`` as seconds (> 0)."""
    value = str(text).strip().lower()
    if value.endswith("ms") and _PLAIN.match(value[:-2].strip()):
        seconds = _to_float(value[:-2].strip()) / 1000
    else:
        seconds = parse_timecode(value)
    if seconds <= 0:
        raise TimecodeError(f"interval must be greater than zero, got {text!r}")
    return seconds


def _in_range(seconds: float) -> bool:
    return math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS


def _non_negative(seconds: float) -> float:
    if not _in_range(seconds):
        raise TimecodeError(f"cannot format {seconds!r} as a time")
    return seconds
