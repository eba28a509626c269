"""Prompt text for Qwen3-VL: the chaptering templates and the transcript lines.

The default template is the seed's chaptering prompt, in Chinese and English, shipped as
package data. A user's own template file may use the same placeholders: ``{duration}``,
``{window_start}``, ``{window_end}`` (``754.0 seconds``, whole-video time), ``{language}``,
``{transcript}`` (the lines alone) and ``{transcript_section}`` (a heading and the lines,
or nothing); the global pass's template also ``{chapters}``, a task's also ``{query}``.
Other braces, such as a JSON example, are left as written.

Every time in a prompt is written the way the frames' markers write it (``<12.5
seconds>``, what Qwen3-VL's processors emit): seconds with one decimal. The window, the
transcript lines and the answer asked for all use that one clock, so the model never has
to convert between seconds and HH:MM:SS (docs/qwen.md, "Timestamps").
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from vidmark.errors import ConfigError
from vidmark.model import Signals
from vidmark.signals.reliability import readable

PLACEHOLDERS = ("duration", "window_start", "window_end", "language", "transcript", "transcript_section", "chapters",
                "query")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_LANGUAGE_NAMES = {"en": ("English", "英语"), "zh": ("Chinese", "中文")}
_HEADINGS = {
    "en": "What is said and shown as text (subtitles, speech, on-screen text), with times:",
    "zh": "视频中的字幕、语音和画面文字（带时间）：",
}


def template_language(language: str | None) -> str:
    """The built-in template for a video language: Chinese for zh, English otherwise."""
    return "zh" if (language or "").lower().startswith("zh") else "en"


def load_template(template: str | None, language: str | None) -> str:
    """The text of a built-in template (``chapters``) or of a template file."""
    name = template or "chapters"
    if "/" not in name and not name.endswith(".txt"):
        resource = resources.files("vidmark.engines.qwen") / "templates" / f"{name}.{template_language(language)}.txt"
        if not resource.is_file():
            raise ConfigError(f"unknown prompt template {name!r} (built in: chapters, consolidate; or give a file path)")
        return resource.read_text(encoding="utf-8")
    path = Path(name)
    if not path.is_file():
        raise ConfigError(f"prompt template file not found: {path}")
    return path.read_text(encoding="utf-8")


def render(template: str, values: dict[str, str]) -> str:
    """Fill the known placeholders; leave every other brace alone."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), template)


def seconds_text(seconds: float) -> str:
    """A time as the prompts write it: ``754.0 seconds``."""
    return f"{max(seconds, 0.0):.1f} seconds"


def span_text(start_seconds: float, end_seconds: float) -> str:
    """A time range as the prompts write it: ``[12.5-15.0 seconds]``."""
    return f"[{max(start_seconds, 0.0):.1f}-{max(end_seconds, 0.0):.1f} seconds]"


def transcript_lines(signals: Signals, start_seconds: float, end_seconds: float, shift_seconds: float = 0.0,
                     max_lines: int = 400) -> list[str]:
    """``[12.5-15.0 seconds] (speech) text`` lines for the texts overlapping the window, in
    time order, in whole-video time (less ``shift_seconds`` for a clip that restarts at 0);
    speech the recogniser was unsure of stays out, so the model never quotes its noise."""
    texts = sorted(
        (t for t in readable(signals.texts) if t.end_seconds >= start_seconds and t.start_seconds <= end_seconds and t.text.strip()),
        key=lambda t: (t.start_seconds, t.source),
    )
    return [f"{span_text(t.start_seconds - shift_seconds, t.end_seconds - shift_seconds)} ({t.source}) {' '.join(t.text.split())}"
            for t in texts[:max_lines]]


def prompt_values(duration_seconds: float, start_seconds: float, end_seconds: float,
                  language: str | None, transcript: list[str], query: str = "") -> dict[str, str]:
    """The placeholder values for one window."""
    lang = template_language(language)
    names = _LANGUAGE_NAMES.get((language or "en")[:2].lower(), (language or "English", language or "英语"))
    joined = "\n".join(transcript)
    return {
        "duration": seconds_text(duration_seconds),
        "window_start": seconds_text(start_seconds),
        "window_end": seconds_text(end_seconds),
        "language": names[1] if lang == "zh" else names[0],
        "transcript": joined,
        "transcript_section": f"\n{_HEADINGS[lang]}\n{joined}\n" if transcript else "",
        "query": query,
    }
