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
from vidmark.signals.speech import SphinxRecognizer, transcribe_sphinx, voice_activity
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


def _timed(fn):
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


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
    rows: list[tuple[str, float, str]] = []
    options = SignalOptions(cache=False)

    sampling = SamplingOptions(mode="auto", every_seconds=options.every_seconds, max_side=options.max_side)
    decode, frames = _timed(lambda: sum(1 for _ in sample_frames(path, sampling)))
    rows.append(("decode sampled frames (baseline)", decode, f"{frames} frames"))
    shots, _ = _timed(lambda: analyse_visual(path, video, options.model_copy(update={"ocr": False})))
    rows.append(("visual pass, shots + slides", shots, ""))
    with_ocr, visual = _timed(lambda: analyse_visual(path, video, options))
    slides = sum(b.kind == "slide" for b in visual.boundaries)
    reads = len({t.start_seconds for t in visual.of_source("ocr")})
    rows.append(("visual pass, shots + slides + OCR", with_ocr, f"{slides} slide changes, ~{reads} frames read"))

    audio_s, samples = _timed(lambda: read_audio(path).samples)
    rows.append(("read audio (16 kHz mono)", audio_s, ""))
    vad_s, spans = _timed(lambda: voice_activity(samples))
    rows.append(("voice activity", vad_s, f"{len(spans)} speech spans"))
    asr_s, words = _timed(lambda: transcribe_sphinx(samples, spans))
    rows.append(("pocketsphinx, fast search", asr_s, f"{len(words)} words, RTF {asr_s / duration:.3f}"))
    if not args.skip_default_search:
        rows += _default_search(samples, spans)

    total, signals = _timed(lambda: collect_signals(path, video, options))
    rows.append(("collect_signals, all (speech in 2nd process)", total,
                 f"{len(signals.boundaries)} boundaries, {len(signals.texts)} texts, x{total / duration:.3f} real time"))
    own, children = _peak_mb()
    print(f"video: {path.name}, {duration:.0f} s, {video.video.width}x{video.video.height}")
    print(f"{'stage':<46} {'seconds':>8} {'x decode':>9}  notes")
    for name, seconds, note in rows:
        print(f"{name:<46} {seconds:>8.2f} {seconds / decode:>9.2f}  {note}")
    print(f"peak memory: {own:.0f} MB in this process, {children:.0f} MB in the largest child")
    return 0


def _default_search(samples: np.ndarray, spans) -> list[tuple[str, float, str]]:
    """pocketsphinx's default search against vidmark's, on the first two minutes of speech."""
    from pocketsphinx import Decoder

    excerpt = [s for s in spans if s.end_seconds <= 120]
    fast, _ = _timed(lambda: transcribe_sphinx(samples, excerpt))
    recognizer = SphinxRecognizer()
    recognizer._decoder = Decoder(samprate=16000, loglevel="FATAL")
    slow, _ = _timed(lambda: [recognizer.words(samples[int(s.start_seconds * 16000):int(s.end_seconds * 16000)], 0)
                              for s in excerpt])
    return [("pocketsphinx default search, first 120 s", slow, f"fast search on the same: {fast:.2f} s")]


if __name__ == "__main__":
    sys.exit(main())
