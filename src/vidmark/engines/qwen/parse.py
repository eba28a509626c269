"""Reading chapters out of what a model really answers.

Models wrap JSON in prose or code fences, stop mid-list when they run out of tokens,
rename keys (``start``, ``begin``, ``time``), write times in every form (``83.5``,
``83.5s``, ``<83.5 seconds>``, ``01:23``, ``01:23.45``, ``12:34.56s``, ``00:01:23``), key chapters by
a time range as the Qwen cookbook does (``"00:23.00 - 00:48.00": "caption"``), or skip
JSON altogether and write Chapter-Llama's ``HH:MM:SS - Title`` lines. :func:`parse_chapters`
takes all of these; when nothing usable is there it raises a FormatError that says so.
"""

from __future__ import annotations

import json
import re
from typing import Any

from vidmark.errors import FormatError, TimecodeError
from vidmark.model import Chapter
from vidmark.timecode import parse_timecode

_START_KEYS = ("start_time", "start_seconds", "start", "begin", "from", "time", "timestamp", "start_timestamp")
_END_KEYS = ("end_time", "end_seconds", "end", "stop", "to", "finish", "end_timestamp")
_TITLE_KEYS = ("title", "chapter", "chapter_title", "name", "heading", "label", "topic", "caption", "event")
_SUMMARY_KEYS = ("summary", "description", "desc", "content", "caption", "text", "details")
_LIST_KEYS = ("chapters", "segments", "events", "sections", "results", "items", "timeline", "data")
_TIME = r"<?\s*\d+(?::\d{1,2}){0,2}(?:[.,]\d+)?\s*(?:seconds?|secs?|s)?\s*>?"
_RANGE = re.compile(rf"^\s*\[?\(?({_TIME})\s*(?:-|–|—|~|to)\s*({_TIME})\]?\)?\s*$", re.IGNORECASE)
_LINE = re.compile(
    rf"^\s*(?:[-*•]|\d+[.)](?=\s))?\s*\[?\(?({_TIME})(?:\s*(?:-|–|—|~|to)\s*({_TIME}))?\]?\)?\s*(?:[-–—:|]\s*)?(.+?)\s*$",
    re.IGNORECASE,
)
_UNIT = re.compile(r"(?<=\d)\s*(?:seconds?|secs?|s)\s*$", re.IGNORECASE)
_CLOCK = re.compile(r"[\d:.,]+")
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)(?:```|$)", re.DOTALL)
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)


def parse_chapters(text: str, duration_seconds: float | None = None) -> list[Chapter]:
    """Chapters from a model's answer, in the order given. A chapter without an end ends
    where the next begins (the last at ``duration_seconds`` when known)."""
    cleaned = _THINK.sub("", text or "").strip()
    items = _items_from_json(cleaned) or _items_from_lines(cleaned)
    if not items:
        raise FormatError(f"model answer holds no chapters (no JSON list and no 'HH:MM:SS - Title' lines): {_preview(text)}")
    chapters = _to_chapters(items, duration_seconds)
    if not chapters:
        raise FormatError(f"model answer has chapters but none with a readable start time: {_preview(text)}")
    return chapters


def _preview(text: str) -> str:
    flat = " ".join((text or "").split())
    return repr(flat[:120] + ("..." if len(flat) > 120 else "")) if flat else "(empty answer)"


def _items_from_json(text: str) -> list[dict[str, Any]]:
    for candidate in _json_candidates(text):
        try:
            value = _load(candidate)
            items = _items(value) if value is not None else []
        except RecursionError:  # nested deeper than Python recurses: no answer looks like that
            continue
        if items:
            return items
    return []


def _json_candidates(text: str) -> list[str]:
    fenced = [m.group(1).strip() for m in _FENCE.finditer(text)]
    starts = [i for i in (text.find("["), text.find("{")) if i >= 0]
    bare = [text[min(starts):]] if starts else []
    return [c for c in (*fenced, *bare) if c]


def _load(candidate: str) -> Any:
    """The JSON value the candidate starts with: as is, else repaired (cut short, or
    followed by prose)."""
    for attempt in (candidate, repair_json(candidate)):
        try:
            return json.loads(attempt)
        except json.JSONDecodeError:
            continue
    return None


def repair_json(text: str) -> str:
    """Close a JSON text cut short: keep everything up to the last complete value, then
    close the brackets still open."""
    stack: list[str] = []
    in_string = escaped = False
    cut, cut_stack = 0, []
    for i, char in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and char == "\\"), in_string and (escaped or char != '"')
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            stack.append("]" if char == "[" else "}")
        elif char in "]}" and stack:
            stack.pop()
            cut, cut_stack = i + 1, list(stack)
            if not stack:
                break
    body = text[:cut].rstrip().rstrip(",")
    return body + "".join(reversed(cut_stack))


def _items(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [item for entry in value for item in _items_of_entry(entry)]
    if not isinstance(value, dict):
        return []
    for key in _LIST_KEYS:
        if isinstance(value.get(key), (list, dict)):
            return _items(value[key])
    ranged = _range_keyed(value)
    if ranged:
        return ranged
    return [value] if _first(value, _START_KEYS) is not None else []


def _items_of_entry(entry: Any) -> list[dict[str, Any]]:
    if isinstance(entry, dict):
        return _range_keyed(entry) or [entry]
    if isinstance(entry, str):
        return _items_from_lines(entry)
    return []


def _range_keyed(value: dict[str, Any]) -> list[dict[str, Any]]:
    """The cookbook's shape: ``{"00:23.00 - 00:48.00": "caption" or {...}}``."""
    items = []
    for key, body in value.items():
        match = _RANGE.match(str(key))
        if not match:
            return []
        fields = body if isinstance(body, dict) else {"title": str(body)}
        items.append({**fields, "start_time": match.group(1), "end_time": match.group(2)})
    return items


def _items_from_lines(text: str) -> list[dict[str, Any]]:
    items = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match and _readable(match.group(1)) is not None and match.group(3).strip():
            start, end, title = match.groups()
            items.append({"start_time": start, "end_time": end, "title": title.strip().strip('"')})
    return items


def _to_chapters(items: list[dict[str, Any]], duration: float | None) -> list[Chapter]:
    spans = [span for span in (_span(item) for item in items) if span is not None]
    chapters = []
    for i, (start, end, item) in enumerate(spans):
        following = spans[i + 1][0] if i + 1 < len(spans) else duration
        if end is None or end < start:
            end = following if following is not None and following >= start else start
        title, summary = _text(item, _TITLE_KEYS), _text(item, _SUMMARY_KEYS)
        if summary == title and "summary" not in item and "description" not in item:
            summary = ""
        chapters.append(Chapter(start_seconds=start, end_seconds=end, title=title, summary=summary))
    return chapters


def _span(item: dict[str, Any]) -> tuple[float, float | None, dict[str, Any]] | None:
    start_raw, end_raw = _first(item, _START_KEYS), _first(item, _END_KEYS)
    if isinstance(start_raw, (list, tuple)) and len(start_raw) == 2:
        start_raw, end_raw = start_raw
    elif isinstance(start_raw, str) and end_raw is None and _RANGE.match(start_raw):
        start_raw, end_raw = _RANGE.match(start_raw).groups()
    start = _readable(start_raw)
    if start is None:
        return None
    return start, _readable(end_raw), item


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in item.items()}
    for key in keys:
        if lowered.get(key) not in (None, ""):
            return lowered[key]
    return None


def _readable(value: Any) -> float | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, str):  # "<12.5 seconds>", "12:34.56s" (Qwen's hmsf), "[00:01:23]"
        value = value.strip().strip("[]()<>")
        bare = _UNIT.sub("", value)
        value = bare if _CLOCK.fullmatch(bare) else value
    try:
        return parse_timecode(value)
    except TimecodeError:
        return None


def _text(item: dict[str, Any], keys: tuple[str, ...]) -> str:
    value = _first(item, keys)
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""
