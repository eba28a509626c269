#!/usr/bin/env python3
"""Tasks beyond chapters on the generated benchmark: find, ask, align, events, archive search.

    .venv/bin/python bench/tasks.py [--data bench/.data/synthetic-full]

Each task is measured against the dataset's exact truth (chapters, every spoken sentence,
every slide change, the commands typed on screen) beside a simple baseline in the same run:
  find    top hit of each chapter title (and of each spoken sentence) inside its chapter;
          baseline: the first passage holding every word of the query literally
  ask     "where is it said that <first summary sentence>?" answered inside its chapter;
          baseline: the same first-literal-passage rule
  align   median |error| of sentence start times (English narration; pocketsphinx has no
          Chinese model); baseline: lines spread over the speech in proportion to their length
  events  share of visual slide changes with a screen event within 1 s, and of typed commands
          logged as typed events (letter similarity >= 0.8); no baseline
  search  seconds per query over an FTS5 index of every video (each chapter title as a query);
          baseline: a linear scan scoring every passage of every video with `find`
Signals come from vidmark's cache (made on the first run), so times are the tasks' own.
The dataset is generated first when missing (bench/make_dataset.py --config full).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

from vidmark.archive import Archive
from vidmark.synth.dataset import build_spec, recipes, write_dataset
from vidmark.tasks.align import align_lines, median_start_error, speech_words
from vidmark.tasks.ask import extractive_answer
from vidmark.tasks.events import events_from_signals
from vidmark.tasks.find import find, passages
from vidmark.tasks.inputs import load_inputs
from vidmark.tasks.text import tokens

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / ".data" / "synthetic-full")
    args = parser.parse_args()
    if not (args.data / "manifest.json").is_file():
        write_dataset(args.data, "full", jobs=2)
    videos = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))
    rows = {name: [] for name in ("find", "find_base", "said", "said_base", "ask", "ask_base", "align", "align_base",
                                  "screens", "typed")}
    for entry in videos:
        gold = json.loads((args.data / entry["gold"]).read_text(encoding="utf-8"))
        inputs = load_inputs(args.data / entry["video"])
        _measure(entry, gold, inputs, rows)
        print(f"measured {entry['name']}", file=sys.stderr)
    search, scan = _search_times(args.data, videos)
    _print(rows, search, scan, len(videos))
    return 0


def _measure(entry: dict, gold: dict, inputs, rows: dict) -> None:
    found = passages(inputs.signals)
    for chapter in gold["chapters"]:
        inside = lambda m: m is not None and chapter["start_seconds"] <= (m.start_seconds + m.end_seconds) / 2 < chapter["end_seconds"]  # noqa: E731
        rows["find"].append(inside(next(iter(find(chapter["title"], found)), None)))
        rows["find_base"].append(inside(_first_literal(chapter["title"], found)))
        sentence = chapter["summary"].split(". ")[0].split("。")[0]
        question = f"Where is it said that {sentence}?" if entry["language"] == "en" else f"哪里说到{sentence}？"
        rows["ask"].append(inside(next(iter(extractive_answer(question, found).moments), None)))
        rows["ask_base"].append(inside(_first_literal(sentence, found)))
    speech = gold["run"]["parameters"]["speech"]
    chapters = gold["chapters"]
    for sentence in speech:
        chapter = chapters[sentence["chapter"]]
        inside = lambda m: m is not None and chapter["start_seconds"] <= (m.start_seconds + m.end_seconds) / 2 < chapter["end_seconds"]  # noqa: E731
        rows["said"].append(inside(next(iter(find(sentence["text"], found)), None)))
        rows["said_base"].append(inside(_first_literal(sentence["text"], found)))
    if entry["language"] == "en":
        lines, starts = [s["text"] for s in speech], [s["start_seconds"] for s in speech]
        words = speech_words(inputs.signals)
        rows["align"].append(median_start_error(align_lines(lines, words), starts))
        rows["align_base"].append(median_start_error(_proportional(lines, words), starts))
    events = events_from_signals(inputs.signals)
    screens = [e.start_seconds for e in events if e.kind == "screen"]
    changes = [c["time_seconds"] for c in gold["run"]["parameters"]["slide_changes"] if c["visual_change"]]
    rows["screens"] += [any(abs(s - c) <= 1.0 for s in screens) for c in changes]
    typed = [e.description for e in events if e.kind == "typed"]
    rows["typed"] += [any(_alike(command, d) for d in typed) for command in _commands(entry["name"])]


def _first_literal(query: str, found):
    wanted = set(tokens(query))
    return next((p for p in found if wanted <= set(p.words)), None)


def _proportional(lines: list[str], words):
    from vidmark.model import AlignedLine

    if not words:
        return [AlignedLine(index=i, text=t) for i, t in enumerate(lines)]
    start, end = words[0].start_seconds, words[-1].end_seconds
    sizes = [len(t) for t in lines]
    out, cursor = [], start
    for i, (text, size) in enumerate(zip(lines, sizes)):
        length = (end - start) * size / sum(sizes)
        out.append(AlignedLine(index=i, text=text, start_seconds=cursor, end_seconds=cursor + length))
        cursor += length
    return out


def _commands(name: str) -> list[str]:
    recipe = next((r for r in recipes("full") if r.name == name), None)
    if recipe is None:
        return []
    spec = build_spec(recipe)
    return [b for c in spec.chapters for s in c.slides if s.style == "screen" for b in s.bullets]


def _alike(command: str, description: str) -> bool:
    typed = description.removeprefix("Types “").removesuffix("”")
    return SequenceMatcher(None, command.lstrip("$ ").strip(), typed.strip()).ratio() >= 0.8


def _search_times(data: Path, videos: list[dict]) -> tuple[float, float]:
    queries = [c["title"] for e in videos for c in json.loads((data / e["gold"]).read_text(encoding="utf-8"))["chapters"]]
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive(Path(folder) / "archive.sqlite3")
        for entry in videos:
            archive.add(data / entry["video"])
        began = time.perf_counter()
        for query in queries:
            archive.search(query)
        search = (time.perf_counter() - began) / len(queries)
        archive.close()
    every = [passages(load_inputs(data / e["video"]).signals) for e in videos]
    began = time.perf_counter()
    for query in queries:
        sorted((m for found in every for m in find(query, found)), key=lambda m: -m.score)
    return search, (time.perf_counter() - began) / len(queries)


def _share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _print(rows: dict, search: float, scan: float, count: int) -> None:
    find_, find_base = _share(rows["find"]), _share(rows["find_base"])
    ask, ask_base = _share(rows["ask"]), _share(rows["ask_base"])
    said, said_base = _share(rows["said"]), _share(rows["said_base"])
    align, align_base = statistics.median(rows["align"]), statistics.median(rows["align_base"])
    print(f"{count} videos, {len(rows['find'])} chapters, {len(rows['said'])} sentences, {len(rows['typed'])} typed commands")
    print(f"{'task':<8} {'metric':<42} {'vidmark':>9} {'baseline':>9} {'ratio':>7}")
    print(f"{'find':<8} {'top hit inside the titled chapter':<42} {find_:>9.1%} {find_base:>9.1%} {find_ / max(find_base, 1e-9):>6.2f}x")
    print(f"{'find':<8} {'each spoken sentence: top hit in chapter':<42} {said:>9.1%} {said_base:>9.1%} {said / max(said_base, 1e-9):>6.2f}x")
    print(f"{'ask':<8} {'answer moment inside the chapter':<42} {ask:>9.1%} {ask_base:>9.1%} {ask / max(ask_base, 1e-9):>6.2f}x")
    print(f"{'align':<8} {'median |start error| (s), per-video median':<42} {align:>9.3f} {align_base:>9.3f} {align / align_base:>6.2f}x")
    print(f"{'events':<8} {'visual slide changes logged as screens':<42} {_share(rows['screens']):>9.1%} {'-':>9} {'-':>7}")
    print(f"{'events':<8} {'typed commands logged as typed':<42} {_share(rows['typed']):>9.1%} {'-':>9} {'-':>7}")
    print(f"{'search':<8} {'seconds per query (FTS5 vs linear find)':<42} {search:>9.4f} {scan:>9.4f} {search / scan:>6.3f}x")


if __name__ == "__main__":
    sys.exit(main())
