#!/usr/bin/env python3
"""Are the chapter summaries made of what was said or shown? One table per recogniser.

    .venv/bin/python bench/summaries.py [--data DIR] [--whisper DIR] [--limit N]

On the kinds dataset (bench/kinds.py's ``--data``; its gold summaries are the narration),
the offline engine's signals are collected once per video (the stage cache keeps them, so
a rerun only segments) and chaptered as the engine does. A summary is *noisy* when more
than half of its content terms are neither in the video's narration nor in any on-screen
line read during its chapter: recogniser noise printed as if it had been said. The short
notes for speech that could not be transcribed are counted apart, as is the "without text
or speech" note wherever a voice is heard for over 2 s of that chapter (a false claim).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from vidmark.engines.offline import OfflineOptions, signal_options
from vidmark.export import read_chapters
from vidmark.media import probe
from vidmark.model import Chapter, Signals
from vidmark.segment import segment
from vidmark.segment.fusion import covered
from vidmark.segment.text import terms
from vidmark.signals import collect_signals
from vidmark.signals.reliability import UNCLEAR

ROOT = Path(__file__).resolve().parents[1]
_SILENT = ("without text or speech", "没有文字或语音")


def verdict(chapter: Chapter, signals: Signals, narration: set[str]) -> str:
    """'note', 'false silence', 'noisy' or 'grounded'."""
    if chapter.summary in UNCLEAR.values():
        return "note"
    if any(phrase in chapter.summary for phrase in _SILENT):
        spans = [(s.start_seconds, s.end_seconds) for s in signals.speech_spans]
        return "false silence" if covered(spans, chapter.start_seconds, chapter.end_seconds) > 2.0 else "note"
    shown = {term for t in signals.texts if t.source == "ocr" and t.start_seconds < chapter.end_seconds
             and t.end_seconds > chapter.start_seconds for term in terms(t.text)}
    words = terms(chapter.summary)
    unknown = sum(1 for w in words if w not in narration and w not in shown)
    return "noisy" if words and unknown > 0.5 * len(words) else "grounded"


def count(rows: list[dict], folder: Path, model: str) -> dict[str, Counter]:
    by_kind: dict[str, Counter] = {}
    for row in rows:
        video = folder / row["video"]
        info = probe(video)
        options = signal_options(OfflineOptions(speech_model=model), row["language"], info)
        signals = collect_signals(video, info, options)
        gold = read_chapters(folder / row["gold"])
        narration = set(terms(" ".join(c.summary or "" for c in gold.chapters)))
        end = gold.duration_seconds or gold.chapters[-1].end_seconds
        for chapter in segment(signals, 0.0, end, None, row["language"]):
            by_kind.setdefault(row["kind"], Counter())[verdict(chapter, signals, narration)] += 1
        print(f"  {row['name']} done", file=sys.stderr, flush=True)
    return by_kind


def table(by_kind: dict[str, Counter]) -> str:
    lines = ["| kind | chapters | noisy summaries | false 'no speech' | notes |", "|---|---|---|---|---|"]
    total: Counter = Counter()
    for kind, counts in sorted(by_kind.items()):
        total.update(counts)
        lines.append(_row(kind, counts))
    return "\n".join([*lines, _row("**all**", total)])


def _row(label: str, counts: Counter) -> str:
    n = sum(counts.values())
    return (f"| {label} | {n} | {counts['noisy']} ({counts['noisy'] / max(n, 1):.0%}) | {counts['false silence']} "
            f"| {counts['note']} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / ".data" / "kinds-seed0")
    parser.add_argument("--whisper", type=Path, default=None, help="also with -O speech_model=DIR")
    parser.add_argument("--limit", type=int, default=None, help="at most this many videos")
    args = parser.parse_args()
    rows = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))[: args.limit]
    for model in ["pocketsphinx", *([str(args.whisper)] if args.whisper else [])]:
        print(f"\n{'whisper (' + model + ')' if model != 'pocketsphinx' else 'pocketsphinx'}:\n")
        print(table(count(rows, args.data, model)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
