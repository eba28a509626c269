#!/usr/bin/env python3
"""Speech recognisers in the offline engine: whisper-base (int8) beside pocketsphinx.

    .venv/bin/python bench/speech.py [--video V.mp4 --gold V.gold.json] [--model DIR]

Without --video it generates the 10.9-minute narrated lecture (recipe en_photo_long_course
of src/vidmark/synth/dataset.py, flite narration over slides) into bench/.data/speech/.
For each recogniser, each in a fresh child process with a fresh cache: the speech stage
alone (voice activity + transcript) and the offline engine end to end. Reports wall and
CPU seconds, real-time factors, peak memory (largest process), and the share of chapter
summaries whose content words are mostly not in the chapter's narration or on-screen text
(the ground truth's sentences and slides), with the share of short "not heard clearly"
notes beside it. Also prints the load average before and after and the CPU count, since the
machine may be shared. Each measurement is kept in bench/.data/speech/results/ and reused by
a later run (so a run interrupted on a busy machine resumes); --fresh measures everything again.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data" / "speech"
RECIPE = "en_photo_long_course"
#: a summary is noise when more than this share of its content terms is neither said nor shown
_UNGROUNDED = 0.5


def lecture() -> tuple[Path, Path, dict[tuple[int, int], list[str]]]:
    """The generated lecture, its ground truth (made once) and its slides' bullets by (chapter, slide)."""
    from vidmark.synth.dataset import build_spec, recipes
    from vidmark.synth.generate import generate_video

    (recipe,) = [r for r in recipes("full") if r.name == RECIPE]
    spec = build_spec(recipe)
    video, gold = DATA / f"{RECIPE}.mp4", DATA / f"{RECIPE}.gold.json"
    if not gold.is_file():
        generate_video(spec, DATA)
    bullets = {(c, k): slide.bullets for c, chapter in enumerate(spec.chapters) for k, slide in enumerate(chapter.slides)}
    return video, gold, bullets


def measure(kind: str, video: Path, model: str) -> dict:
    """One measurement in this process (run as a child): wall, CPU, peak memory, result."""
    os.environ["VIDMARK_CACHE_DIR"] = tempfile.mkdtemp(prefix="vidmark-bench-speech-")
    from vidmark.media import probe
    from vidmark.pipeline import AnnotateOptions, annotate
    from vidmark.signals import SignalOptions
    from vidmark.signals.speech import analyse_speech

    info = probe(video)
    wall, cpu = time.perf_counter(), _cpu()
    if kind == "speech":
        signals = analyse_speech(video, info, SignalOptions(speech_model=model, cache=False))
        result = {"notes": signals.notes, "texts": len(signals.texts)}
    else:
        options = AnnotateOptions(engine="offline", cache=False, engine_options={"speech_model": model})
        annotation = annotate(video, options)
        result = {"chapters": [c.model_dump(mode="json") for c in annotation.chapters], "notes": annotation.run.notes}
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu, "duration": info.duration_seconds,
            "peak_mib": max(own.ru_maxrss, children.ru_maxrss) / 1024, **result}


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def saved(kind: str, video: Path, model: str) -> Path:
    return DATA / "results" / f"{video.stem}.{kind}.{Path(model).name}.json"


def in_child(kind: str, video: Path, model: str, fresh: bool) -> dict:
    """A measurement made in a fresh child process, or the one kept from an earlier run."""
    kept = saved(kind, video, model)
    if kept.is_file() and not fresh:
        return json.loads(kept.read_text())
    out = subprocess.run([sys.executable, __file__, "--measure", kind, "--video", str(video), "--model", model],
                         capture_output=True, text=True, check=True)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(out.stdout.strip().splitlines()[-1])
    return json.loads(kept.read_text())


def noise_share(chapters: list[dict], gold: dict, bullets: dict[tuple[int, int], list[str]]) -> tuple[float, float]:
    """(share of summaries mostly made of words neither said nor shown in their chapter,
    share of short 'not heard clearly' notes)."""
    from vidmark.segment.text import terms
    from vidmark.signals.reliability import UNCLEAR

    said = gold["run"]["parameters"]["speech"]
    slides = gold["run"]["parameters"]["slides"]
    noisy = short = 0
    for chapter in chapters:
        start, end = chapter["start_seconds"], chapter["end_seconds"]
        overlapping = [s["text"] for s in said if s["start_seconds"] < end and start < s["end_seconds"]]
        shown = [s["title"] + " " + " ".join(bullets.get((s["chapter"], s["slide"]), [])) for s in slides
                 if s["start_seconds"] < end and start < s["end_seconds"]]
        reference = set(terms(" ".join(overlapping + shown)))
        words = terms(chapter["summary"])
        if chapter["summary"] in UNCLEAR.values() or chapter["summary"].startswith("Pictures without text"):
            short += 1
        elif words and sum(w not in reference for w in words) / len(words) > _UNGROUNDED:
            noisy += 1
    return noisy / max(len(chapters), 1), short / max(len(chapters), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--video", type=Path)
    parser.add_argument("--gold", type=Path)
    parser.add_argument("--model", default=str(ROOT / ".models" / "whisper-base"), help="whisper model folder")
    parser.add_argument("--fresh", action="store_true", help="measure again, ignoring kept measurements")
    parser.add_argument("--measure", choices=("speech", "run"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.video, args.model)))
        return 0
    video, gold, bullets = (args.video, args.gold, {}) if args.video else lecture()
    truth = json.loads(gold.read_text(encoding="utf-8"))
    load_before = os.getloadavg()
    rows = []
    for name, model in (("whisper-base int8", args.model), ("pocketsphinx", "pocketsphinx")):
        alone, whole = in_child("speech", video, model, args.fresh), in_child("run", video, model, args.fresh)
        rows.append((name, alone, whole, *noise_share(whole["chapters"], truth, bullets)))
    print(f"{video.name}: {rows[0][1]['duration']:.0f} s; {datetime.date.today()}; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs; load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print("| recogniser | speech alone: wall s / CPU s / x real time | whole run: wall s / CPU s / x real time "
          "| peak MiB | chapters | noisy summaries | 'not heard clearly' |")
    print("|---|---|---|---|---|---|---|")
    for name, alone, whole, noisy, short in rows:
        length = alone["duration"]
        print(f"| {name} | {alone['wall']:.1f} / {alone['cpu']:.1f} / {alone['wall'] / length:.3f} "
              f"| {whole['wall']:.1f} / {whole['cpu']:.1f} / {whole['wall'] / length:.3f} "
              f"| {max(alone['peak_mib'], whole['peak_mib']):.0f} | {len(whole['chapters'])} | {noisy:.0%} | {short:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
