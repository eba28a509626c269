#!/usr/bin/env python3
"""Chapter narrated videos from their sound alone: MP3 and M4A made from them, scored against
the videos' own chapters (boundary F1 at 5 s and 3 s, src/vidmark/eval/metrics.py).

    .venv/bin/python bench/audio.py [VIDEO ...] [--formats mp3,m4a] [--whisper MODEL_DIR [--whisper-only]]

Each VIDEO needs its ground truth beside it (NAME.gold.json, as bench/make_dataset.py and
sample/ have); the default is the bundled sample. The soundtrack is copied out with
imageio-ffmpeg's ffmpeg (MP3 re-encoded by LAME at 64 kb/s, M4A the AAC stream as it is),
then annotated by the offline engine with pocketsphinx and, when a faster-whisper model
folder is given, with it too. Prints one row per file and recogniser, the uniform split
with the true chapter count as a baseline, and the means.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ENCODE = {"mp3": ("-c:a", "libmp3lame", "-b:a", "64k"), "m4a": ("-c:a", "copy")}


def soundtrack(video: Path, suffix: str, folder: Path) -> Path:
    import imageio_ffmpeg

    target = folder / f"{video.stem}.{suffix}"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-i", str(video), "-vn", *_ENCODE[suffix],
                    str(target)], check=True)
    return target


def score(gold: Path, audio: Path, model: str) -> tuple[float, float, int, int, float]:
    """F1 at 5 s and 3 s, gold and found boundary counts, and the wall seconds of the run."""
    from vidmark.eval.metrics import boundaries_from_starts, collar_prf
    from vidmark.pipeline import AnnotateOptions, annotate

    truth = boundaries_from_starts([c["start_seconds"] for c in json.loads(gold.read_text())["chapters"]])
    began = time.perf_counter()
    options = AnnotateOptions(engine_options={"speech_model": model} if model != "pocketsphinx" else {}, cache=False)
    found = boundaries_from_starts([c.start_seconds for c in annotate(audio, options).chapters])
    elapsed = time.perf_counter() - began
    return collar_prf(truth, found, 5.0).f1, collar_prf(truth, found, 3.0).f1, len(truth), len(found), elapsed


def uniform_f1(gold: Path, duration: float) -> float:
    """The uniform baseline given the true chapter count (an oracle count), F1 at 5 s."""
    from vidmark.eval.baselines import uniform_chapters
    from vidmark.eval.metrics import boundaries_from_starts, collar_prf

    chapters = json.loads(gold.read_text())["chapters"]
    truth = boundaries_from_starts([c["start_seconds"] for c in chapters])
    split = boundaries_from_starts([c.start_seconds for c in uniform_chapters(duration, len(chapters)).chapters])
    return collar_prf(truth, split, 5.0).f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("videos", type=Path, nargs="*", default=[ROOT / "sample" / "tutorial.mp4"])
    parser.add_argument("--formats", default="mp3,m4a")
    parser.add_argument("--whisper", default=None, help="a faster-whisper model folder (or size already downloaded)")
    parser.add_argument("--whisper-only", action="store_true", help="with --whisper: leave pocketsphinx out")
    args = parser.parse_args()
    os.environ["VIDMARK_CACHE_DIR"] = tempfile.mkdtemp(prefix="vidmark-bench-audio-")
    models = [*([] if args.whisper_only and args.whisper else ["pocketsphinx"]), *([args.whisper] if args.whisper else [])]
    rows = []
    print(f"{'file':<34} {'recogniser':<13} {'F1@5s':>6} {'F1@3s':>6} {'gold':>4} {'found':>5} {'wall s':>7}", flush=True)
    with tempfile.TemporaryDirectory(prefix="vidmark-audio-") as scratch:
        for video in args.videos:
            gold = video.with_name(video.name.replace(video.suffix, ".gold.json"))
            duration = json.loads(gold.read_text())["video"]["duration_seconds"]
            print(f"{video.name:<34} {'uniform':<13} {uniform_f1(gold, duration):>6.2f}", flush=True)
            for suffix in args.formats.split(","):
                audio = soundtrack(video, suffix, Path(scratch))
                for model in models:
                    f5, f3, n_gold, n_found, wall = score(gold, audio, model)
                    name = "whisper" if model != "pocketsphinx" else model
                    rows.append((name, f5, f3))
                    print(f"{audio.name:<34} {name:<13} {f5:>6.2f} {f3:>6.2f} {n_gold:>4} {n_found:>5} {wall:>7.1f}", flush=True)
    for model in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == model]
        print(f"{'mean':<34} {model:<13} {sum(r[1] for r in mine) / len(mine):>6.2f} {sum(r[2] for r in mine) / len(mine):>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
