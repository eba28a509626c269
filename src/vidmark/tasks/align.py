"""Align a script to the speech: when each of its lines is spoken.

The recogniser's words (with their times) and the script's words are aligned as two
sequences (difflib's longest-matching-blocks, which tolerates the recogniser's slips as
unmatched stretches). A line takes its times from its matched words, stretched over
the unmatched words at its edges as far as the neighbouring lines allow. A line with too
few of its words heard is reported as not spoken; it never gets invented times.
"""

from __future__ import annotations

import math
from difflib import SequenceMatcher
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import InputError
from vidmark.model import AlignedLine, Annotation, Chapter, RunInfo, Signals, VideoInfo, Word
from vidmark.tasks.text import STOPWORDS, tokens

_SECONDS_PER_WORD = 1.0
_SLACK_SECONDS = 3.0


class AlignOptions(BaseModel):
    """How sure a line must be to count as spoken."""

    model_config = ConfigDict(extra="forbid")

    min_matched: float = Field(default=0.3, gt=0, le=1, description="share of a line's words that must be heard")
    min_sounds_alike: float = Field(default=0.4, gt=0, le=1,
                                    description="letter similarity that places a misheard line between its neighbours")


class Alignment(BaseModel):
    """A script aligned to a video."""

    model_config = ConfigDict(extra="forbid")

    video: VideoInfo
    lines: list[AlignedLine]

    @property
    def unspoken(self) -> list[AlignedLine]:
        return [line for line in self.lines if not line.spoken]

    def annotation(self) -> Annotation:
        """The spoken lines as cues (one "chapter" each), for the srt and webvtt formats."""
        cues = [Chapter(start_seconds=line.start_seconds, end_seconds=line.end_seconds, title=line.text)
                for line in self.lines if line.spoken]
        run = RunInfo(engine="align", task="align", parameters={"lines": len(self.lines), "unspoken": len(self.unspoken)})
        return Annotation(video=self.video, chapters=cues, run=run)


def read_script(path: str | Path) -> list[str]:
    """The non-empty lines of a UTF-8 script file, stripped."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read script {str(path)!r}: {exc}") from None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise InputError(f"script {str(path)!r} has no text")
    return lines


def speech_words(signals: Signals) -> list[Word]:
    """Every recognised word, in time order."""
    words = [w for t in signals.of_source("speech") for w in t.words]
    return sorted(words, key=lambda w: w.start_seconds)


def align_lines(lines: list[str], words: list[Word], options: AlignOptions | None = None) -> list[AlignedLine]:
    """Each script line with the time it is spoken, or without times when it is not heard."""
    options = options or AlignOptions()
    script = [(i, token) for i, line in enumerate(lines) for token in tokens(line)]
    heard = [(w, token) for w in words for token in tokens(w.text)]
    pairs = _matches([t for _, t in script], [t for _, t in heard])
    by_line: dict[int, list[tuple[int, int]]] = {}
    for s, h in pairs:
        by_line.setdefault(script[s][0], []).append((s, h))
    by_line = {i: _clustered(m, [heard[h][0] for _, h in m], _count(i, script)) for i, m in by_line.items()}
    shares = {i: _share(i, script, by_line) for i in range(len(lines))}
    anchored = {i: m for i, m in by_line.items() if shares[i] >= options.min_matched and len(m) >= min(2, _count(i, script))
                and any(script[s][1] not in STOPWORDS for s, _ in m)}
    spans = {i: _line_span(i, script, anchored, [w for w, _ in heard]) for i in anchored}
    spans.update(_gap_spans(lines, spans, [w for w, _ in heard], options.min_sounds_alike))
    aligned = []
    for i, line in enumerate(lines):
        if i not in spans:
            aligned.append(AlignedLine(index=i, text=line, matched=round(shares[i], 3)))
            continue
        first, last = spans[i]
        aligned.append(AlignedLine(index=i, text=line, start_seconds=heard[first][0].start_seconds,
                                   end_seconds=max(heard[last][0].end_seconds, heard[first][0].start_seconds),
                                   matched=round(shares[i], 3)))
    return aligned


def _clustered(matches: list[tuple[int, int]], words: list[Word], size: int) -> list[tuple[int, int]]:
    """A line's matches without those heard far from the rest (a "the" or "its" picked up
    minutes away): only those within the time the line takes to say of their median."""
    times = sorted(w.start_seconds for w in words)
    middle = times[len(times) // 2]
    reach = _SECONDS_PER_WORD * size + _SLACK_SECONDS
    return [m for m, w in zip(matches, words) if abs(w.start_seconds - middle) <= reach]


def _count(line: int, script: list[tuple[int, str]]) -> int:
    return sum(1 for li, _ in script if li == line)


def _share(line: int, script: list[tuple[int, str]], by_line: dict[int, list[tuple[int, int]]]) -> float:
    total = _count(line, script)
    return len(by_line.get(line, [])) / total if total else 0.0


def _gap_spans(lines: list[str], spans: dict[int, tuple[int, int]], heard: list[Word],
               min_ratio: float) -> dict[int, tuple[int, int]]:
    """Lines whose words were misheard, placed on the heard words left between their aligned
    neighbours (shared by letter count) when those words sound like them letter by letter."""
    found: dict[int, tuple[int, int]] = {}
    i = 0
    while i < len(lines):
        if i in spans:
            i += 1
            continue
        run = [j for j in range(i, len(lines)) if all(k not in spans for k in range(i, j + 1))]
        lo = spans[i - 1][1] + 1 if i - 1 in spans else 0
        hi = spans[run[-1] + 1][0] if run[-1] + 1 in spans else len(heard)
        found.update(_share_gap(lines, run, heard, lo, hi, min_ratio))
        i = run[-1] + 1
    return found


def _share_gap(lines: list[str], run: list[int], heard: list[Word], lo: int, hi: int,
               min_ratio: float) -> dict[int, tuple[int, int]]:
    if hi <= lo:
        return {}
    sizes = [max(len(_letters(lines[j])), 1) for j in run]
    total, cursor, found = sum(sizes), lo, {}
    for j, size in zip(run, sizes):
        end = min(hi, cursor + max(1, round((hi - lo) * size / total)))
        said = "".join(_letters(w.text) for w in heard[cursor:end])
        if end > cursor and SequenceMatcher(None, _letters(lines[j]), said, autojunk=False).ratio() >= min_ratio:
            found[j] = (cursor, end - 1)
        cursor = end
    return found


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _matches(script: list[str], heard: list[str]) -> list[tuple[int, int]]:
    matcher = SequenceMatcher(None, script, heard, autojunk=False)
    return [(a + k, b + k) for a, b, size in matcher.get_matching_blocks() for k in range(size)]


def _line_span(line: int, script: list[tuple[int, str]], by_line: dict[int, list[tuple[int, int]]],
               heard: list[Word]) -> tuple[int, int]:
    """The first and last heard word of a line: its matched words, widened over as many heard
    words as the script has unmatched words at its edges, never into the words matched by
    other lines nor further than those words take to say."""
    positions = [s for s, (li, _) in enumerate(script) if li == line]
    matched = by_line[line]
    (s0, h0), (s1, h1) = matched[0], matched[-1]
    before = max((h for other, m in by_line.items() if other < line for _, h in m), default=-1)
    after = min((h for other, m in by_line.items() if other > line for _, h in m), default=len(heard))
    first = max(h0 - (s0 - positions[0]), before + 1, 0)
    last = min(h1 + (positions[-1] - s1), after - 1, len(heard) - 1)
    while first < h0 and heard[h0].start_seconds - heard[first].start_seconds > _SECONDS_PER_WORD * (h0 - first):
        first += 1
    while last > h1 and heard[last].end_seconds - heard[h1].end_seconds > _SECONDS_PER_WORD * (last - h1):
        last -= 1
    return min(first, h0), max(last, h1)


def median_start_error(aligned: list[AlignedLine], truth_starts: list[float]) -> float:
    """The median absolute error of the spoken lines' start times (nan when none is spoken)."""
    errors = sorted(abs(a.start_seconds - t) for a, t in zip(aligned, truth_starts) if a.start_seconds is not None)
    if not errors:
        return math.nan
    mid = len(errors) // 2
    return errors[mid] if len(errors) % 2 else (errors[mid - 1] + errors[mid]) / 2
