#!/usr/bin/env python3
"""Time each offline signal on a 10-minute 720p narrated slide lecture (2 cores, no GPU).

Generates bench/.data/signals/lecture_720p_600s.mp4 once (Pillow slides, flite speech,
libx264 720p30), then times: decoding alone (the baseline every visual ratio is against),
the visual pass without and with OCR, voice activity, pocketsphinx with vidmark's fast
search against its default search (on a 2-minute excerpt), and collect_signals end to end
with speech in a second process. Prints a table; figures go to docs/benchmarks.md.

    .venv/bin/python bench/signals.py [--minutes 10] [--skip-default-search]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from vidmark.media import SamplingOptions, probe, read_audio, sample_frames
from vidmark.signals import SignalOptions, collect_signals
from vidmark.signals.speech import SphinxRecognizer, transcribe_sphinx, voice_activity, voice_spans
from vidmark.signals.visual import analyse_visual

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data" / "signals"
SLIDE_SECONDS = 30
TOPICS = ["Gradient Descent", "Learning Rates", "Momentum", "Regularisation", "Overfitting", "Validation Sets",
          "Decision Trees", "Random Forests", "Boosting", "Linear Models", "Feature Scaling", "Loss Functions",
          "Neural Networks", "Backpropagation", "Convolutions", "Recurrent Models", "Attention", "Embeddings",
          "Evaluation Metrics", "Deployment"]
SAY = ["In this part we look at {t}.", "{t} matters because it changes how a model learns from data.",
       "Let us go through the main ideas on this slide one by one.",
       "Keep this in mind when we come back to it in the exercises."]


def _slide(path: Path, index: int, title: str) -> None:
    image = Image.new("RGB", (1280, 720), (246, 246, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 1280, 14], fill=(30, 60, 130))
    draw.text((80, 60), title, fill=(20, 30, 80), font=ImageFont.load_default(size=60))
    for k in range(4):
        line = f"{title}: point {k + 1} of the lecture on slide {index + 1}"
        draw.text((100, 220 + 70 * k), "- " + line, fill=(30, 30, 30), font=ImageFont.load_default(size=34))
    draw.text((1150, 670), f"{index + 1}", fill=(90, 90, 90), font=ImageFont.load_default(size=24))
    image.save(path)


def _narration(folder: Path, title: str) -> np.ndarray:
    """About 15-20 s of flite speech for one slide, padded to SLIDE_SECONDS at 8 kHz."""
    wav = folder / "say.wav"
    subprocess.run(["flite", "-t", " ".join(s.format(t=title) for s in SAY), "-o", str(wav)], check=True)
    with wave.open(str(wav)) as handle:
        rate = handle.getframerate()
        speech = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16)
    out = np.zeros(SLIDE_SECONDS * rate, dtype=np.int16)
    speech = speech[: len(out) - 2 * rate]
    out[2 * rate : 2 * rate + len(speech)] = speech
    return out


def make_lecture(minutes: int) -> Path:
    """The benchmark video (made once, then reused)."""
    path = DATA / f"lecture_720p_{minutes * 60}s.mp4"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        count = minutes * 60 // SLIDE_SECONDS
        lines, audio = [], []
        for i in range(count):
            title = TOPICS[i % len(TOPICS)]
            _slide(folder / f"{i:03d}.png", i, title)
            lines += [f"file '{folder / f'{i:03d}.png'}'", f"duration {SLIDE_SECONDS}"]
            audio.append(_narration(folder, title))
        lines.append(f"file '{folder / f'{count - 1:03d}.png'}'")
        (folder / "slides.txt").write_text("\n".join(lines) + "\n")
        with wave.open(str(folder / "audio.wav"), "wb") as handle:
            handle.setnchannels(1), handle.setsampwidth(2), handle.setframerate(8000)
            handle.writeframes(np.concatenate(audio).tobytes())
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                        "-f", "concat", "-safe", "0", "-i", str(folder / "slides.txt"), "-i", str(folder / "audio.wav"),
                        "-r", "30", "-c:v", "libx264", "-preset", "veryfast", "-g", "250", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-shortest", str(path)], check=True)
    return path


def _cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Timer:
    """Wall and CPU seconds of each timed step, as table rows."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, str]] = []

    def __call__(self, name: str, fn, note=lambda result: ""):
        began, cpu = time.perf_counter(), _cpu_seconds()
        result = fn()
        self.rows.append((name, time.perf_counter() - began, _cpu_seconds() - cpu, note(result)))
        return result


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--skip-default-search", action="store_true", help="skip pocketsphinx's slow default search")
    args = parser.parse_args()
    path = make_lecture(args.minutes)
    video = probe(path)
    duration = video.duration_seconds
    options = SignalOptions(cache=False)
    timed = Timer()

    sampling = SamplingOptions(mode="auto", every_seconds=options.every_seconds, max_side=options.max_side)
    timed("decode sampled frames (baseline)", lambda: sum(1 for _ in sample_frames(path, sampling)),
          lambda n: f"{n} frames")
    timed("visual pass, shots + slides", lambda: analyse_visual(path, video, options.model_copy(update={"ocr": False})))
    timed("visual pass, shots + slides + OCR", lambda: analyse_visual(path, video, options),
          lambda v: f"{sum(b.kind == 'slide' for b in v.boundaries)} slide changes, "
                    f"{len({t.start_seconds for t in v.of_source('ocr')})} OCR'd frames")
    samples = timed("read audio (16 kHz mono)", lambda: read_audio(path).samples)
    timed("voice activity (Silero, the silences)", lambda: voice_spans(samples / 32768.0, samples, 0.6),
          lambda s: f"{len(s)} speech spans")
    spans = timed("voice activity (pocketsphinx's endpointer, what it decodes)", lambda: voice_activity(samples),
                  lambda s: f"{len(s)} speech spans")
    timed("pocketsphinx, fast search", lambda: transcribe_sphinx(samples, spans),
          lambda words: f"{len(words)} words")
    if not args.skip_default_search:
        excerpt = [s for s in spans if s.end_seconds <= 120]
        timed("pocketsphinx fast search, first 120 s", lambda: transcribe_sphinx(samples, excerpt))
        timed("pocketsphinx default search, first 120 s", lambda: _default_search(samples, excerpt))
    timed("collect_signals, all (speech in 2nd process)", lambda: collect_signals(path, video, options),
          lambda s: f"{len(s.boundaries)} boundaries, {len(s.texts)} texts")
    own, children = _peak_mb()
    decode = timed.rows[0][1]
    print(f"video: {path.name}, {duration:.0f} s, {video.video.width}x{video.video.height}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'stage':<46} {'wall s':>8} {'CPU s':>8} {'x decode':>9} {'x real time':>12}  notes")
    for name, wall, cpu, note in timed.rows:
        print(f"{name:<46} {wall:>8.2f} {cpu:>8.2f} {wall / decode:>9.2f} {wall / duration:>12.3f}  {note}")
    print(f"peak memory: {own:.0f} MB in this process, {children:.0f} MB in the largest child")
    return 0


def _default_search(samples: np.ndarray, spans) -> list:
    """pocketsphinx's own default search (wider beams, second pass): the speed baseline."""
    recognizer = SphinxRecognizer(search={})
    return [recognizer.words(samples[int(s.start_seconds * 16000):int(s.end_seconds * 16000)], 0) for s in spans]


if __name__ == "__main__":
    sys.exit(main())
