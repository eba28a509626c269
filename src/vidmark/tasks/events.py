"""A fine-grained event log from the offline signals: screens, typed text, text shown, spoken steps.

What a screen recording or how-to does, read from what changes: a cut, a slide change or a
new title-sized text is a new screen (named by its largest text); a line that starts with a shell prompt, or that
grows out of a line shown just before at the same height, is typed; other new text is
shown; each spoken segment is a step said. Clicks cannot be seen in these signals, so
none are invented (the Qwen3-VL engines can describe them, see :mod:`vidmark.tasks.qwen`).
"""

from __future__ import annotations

import re

from vidmark.model import Event, Signals, TimedText
from vidmark.signals.reliability import readable

_SCREEN_KINDS = ("cut", "fade", "dissolve", "slide")
_PROMPT = re.compile(r"^\s*(\$|>|#|PS [A-Z]:\\.*>|C:\\.*>)\s+\S")
_NEAR = 1.0
_SAME_ROW = 0.03
_TITLE_SHARE = 0.8
_TYPING_SECONDS = 3.0


def events_from_signals(signals: Signals) -> list[Event]:
    """The video's events, in time order."""
    ocr = [t for t in signals.of_source("ocr") if _readable(t.text)]
    cuts = [b.time_seconds for b in signals.boundaries if b.kind in _SCREEN_KINDS]
    screens = sorted(cuts + [t for t in _title_changes(ocr) if not any(abs(t - c) <= _NEAR for c in cuts)])
    found = [_screen_event(t, ocr) for t in screens]
    found += _text_events(ocr, screens)
    found += [Event(start_seconds=t.start_seconds, end_seconds=t.end_seconds, kind="step", description=f"Says: {t.text}")
              for t in readable(signals.texts) if t.source in ("speech", "subtitles") and t.text.strip()]
    return sorted(found, key=lambda e: (e.start_seconds, e.kind))


def _readable(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) >= 3


def _title_changes(ocr: list[TimedText]) -> list[float]:
    """When a new title-sized text appears (a slide change a crossfade hid from the cut detector)."""
    boxed = [t for t in ocr if t.box]
    tallest = max((t.box[3] for t in boxed), default=0.0)
    starts = sorted({t.start_seconds for t in boxed if t.box[3] >= _TITLE_SHARE * tallest and t.start_seconds > 0})
    return [t for k, t in enumerate(starts) if k == 0 or t - starts[k - 1] > _NEAR]


def _screen_event(time: float, ocr: list[TimedText]) -> Event:
    shown = [t for t in ocr if abs(t.start_seconds - time) <= _NEAR and t.box]
    title = max(shown, key=lambda t: (not _PROMPT.match(t.text), t.box[3] * min(len(t.text), 12)), default=None)
    end = min((t.end_seconds for t in shown), default=time)
    description = f"Screen changes to “{title.text}”" if title else "Screen changes"
    return Event(start_seconds=time, end_seconds=max(end, time), kind="screen", description=description)


def _text_events(ocr: list[TimedText], screens: list[float]) -> list[Event]:
    events = []
    for text in ocr:
        grown = _grown_from(text, ocr)
        if _PROMPT.match(text.text) or grown is not None:
            start = grown.start_seconds if grown is not None else text.start_seconds
            events.append(Event(start_seconds=start, end_seconds=text.start_seconds, kind="typed",
                                description=f"Types “{_PROMPT_STRIP.sub('', text.text)}”"))
        elif not any(abs(text.start_seconds - s) <= _NEAR for s in screens) and text.start_seconds > 0:
            events.append(Event(start_seconds=text.start_seconds, end_seconds=text.end_seconds, kind="text",
                                description=f"Shows “{text.text}”"))
    return _longest_typing(events)


_PROMPT_STRIP = re.compile(r"^\s*(\$|>|#)\s+")


def _grown_from(text: TimedText, ocr: list[TimedText]) -> TimedText | None:
    """An earlier, shorter text on the same row, shown briefly, that this one continues (typing in progress)."""
    for other in ocr:
        if (other is not text and other.box and text.box and other.start_seconds < text.start_seconds
                and abs(other.end_seconds - text.start_seconds) <= _NEAR and abs(other.box[1] - text.box[1]) <= _SAME_ROW
                and other.end_seconds - other.start_seconds <= _TYPING_SECONDS
                and len(other.text) >= 2 and text.text.startswith(other.text) and len(text.text) > len(other.text)):
            return other
    return None


def _longest_typing(events: list[Event]) -> list[Event]:
    """Drop a typed event whose text a later one (within a few seconds) continues, or that repeats
    an earlier one (the same line read again)."""
    typed = [e for e in events if e.kind == "typed"]
    kept, seen = [], set()
    for event in events:
        continued = event.kind == "typed" and any(
            o is not event and o.description[:-1].startswith(event.description[:-1]) and len(o.description) > len(event.description)
            and 0 <= o.end_seconds - event.end_seconds <= 10 for o in typed)
        if not continued and (event.kind, event.description) not in seen:
            kept.append(event)
        if event.kind == "typed":
            seen.add((event.kind, event.description))
    return kept
