"""Speech: voice activity, silences and a timed transcript, fully offline.

The best recogniser at hand runs (:func:`vidmark.signals.whisper.choose_model`): a
faster-whisper model when one is named or already on this machine, which detects the
language (English, Chinese and ~100 others), gives word times and probabilities and finds
speech with Silero VAD; else pocketsphinx's built-in US English model, which needs nothing
(it has no Chinese model, so other languages get silences only and the engines lean on
subtitles and OCR). Voice activity is Silero VAD's (bundled with faster-whisper, in the
default install) whichever recogniser runs: pocketsphinx's own endpointer measures energy, so
music beds read as one long voice and their pauses were lost (audio-only explainers: F1 at 5 s
0.38 with it, 0.91 with Silero's). pocketsphinx still decodes the stretches its endpointer
hears, which keeps its words as they were measured. Pauses between speech become
``silence`` boundaries whose strength grows with their length. Every text
carries the recogniser's scores (:class:`~vidmark.model.Recognition`), which
:mod:`vidmark.signals.reliability` reads before a transcript is shown to anyone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

from vidmark.errors import ConfigError, EngineError, InputError, MediaError, VidmarkError
from vidmark.media.audio import SAMPLE_RATE, read_audio
from vidmark.model import Boundary, Recognition, Signals, Span, TimedText, VideoInfo, Word
from vidmark.signals.options import SignalOptions
from vidmark.signals.whisper import POCKETSPHINX, WhisperRecognizer, choose_model, speech_spans

_FRAMES_PER_SECOND = 100  # pocketsphinx's default frame rate
_FILLER = re.compile(r"^(<s>|</s>|<sil>|\[.*\]|\+\+.*\+\+)$")
_SEGMENT_GAP = 0.5
_SEGMENT_MAX = 15.0
_SPAN_PAD = 0.15
#: a posterior over fewer words says little: one clear "banana" scores as low as noise
_MIN_JUDGED_WORDS = 3
# Narrower beams and no second (flat-lexicon) pass: 3-5x faster than pocketsphinx's
# defaults on lecture speech, for a few more word errors (measured in docs/signals.md).
_FAST_SEARCH = {"fwdflat": False, "maxhmmpf": 3000, "topn": 2, "beam": 1e-40, "wbeam": 1e-30, "pbeam": 1e-40}


def voice_activity(samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> list[Span]:
    """The stretches pocketsphinx decodes: where its own endpointer hears speech (energy-based,
    so music counts; the silences come from Silero VAD, see the module's docstring)."""
    from pocketsphinx import Endpointer

    endpointer = Endpointer(sample_rate=sample_rate)
    step = endpointer.frame_bytes // 2
    spans: list[Span] = []
    start = None
    for offset in range(0, len(samples), step):
        chunk = samples[offset : offset + step]
        last = len(chunk) < step
        speech = endpointer.end_stream(chunk.tobytes()) if last else endpointer.process(chunk.tobytes())
        if speech is not None and start is None:
            start = endpointer.speech_start
        if start is not None and (not endpointer.in_speech or last):
            end = endpointer.speech_end if not endpointer.in_speech else len(samples) / sample_rate
            spans.append(Span(start_seconds=round(max(start, 0.0), 3), end_seconds=round(max(end, start), 3)))
            start = None
    return spans


def silences(spans: list[Span], min_seconds: float) -> list[Boundary]:
    """A ``silence`` boundary in the middle of each pause between speech spans."""
    found = []
    for before, after in zip(spans, spans[1:]):
        gap = after.start_seconds - before.end_seconds
        if gap >= min_seconds:
            found.append(Boundary(time_seconds=(before.end_seconds + after.start_seconds) / 2, kind="silence",
                                  strength=round(min(1.0, gap / 3.0), 3), duration_seconds=round(gap, 3)))
    return found


def group_words(words: list[Word], language: str | None) -> list[TimedText]:
    """Segment-level texts: words joined until a pause or a maximum length, with the mean of
    the words' confidences (pocketsphinx gives each word its utterance's)."""
    segments: list[list[Word]] = []
    for word in words:
        current = segments[-1] if segments else None
        if current and word.start_seconds - current[-1].end_seconds < _SEGMENT_GAP \
                and word.end_seconds - current[0].start_seconds <= _SEGMENT_MAX:
            current.append(word)
        else:
            segments.append([word])
    return [_segment_text(seg, language) for seg in segments]


def _segment_text(words: list[Word], language: str | None) -> TimedText:
    known = [w.confidence for w in words if w.confidence is not None]
    confidence = round(sum(known) / len(known), 3) if known else None
    scores = Recognition(recognizer=POCKETSPHINX, avg_logprob=round(float(np.log(confidence)), 3) if confidence else None)
    return TimedText(start_seconds=words[0].start_seconds, end_seconds=words[-1].end_seconds,
                     text=" ".join(w.text for w in words), source="speech", words=words, language=language,
                     confidence=confidence, recognition=scores)


class SphinxRecognizer:
    """pocketsphinx with its built-in US English model, decoding one speech span at a time."""

    def __init__(self, search: dict | None = None) -> None:
        """``search``: pocketsphinx decoder settings; None = vidmark's fast search, {} = its defaults."""
        from pocketsphinx import Decoder

        settings = _FAST_SEARCH if search is None else search
        self._decoder = Decoder(samprate=SAMPLE_RATE, loglevel="FATAL", **settings)

    def words(self, samples: np.ndarray, offset_seconds: float) -> list[Word]:
        decoder = self._decoder
        decoder.start_utt()
        decoder.process_raw(samples.tobytes(), no_search=False, full_utt=True)
        decoder.end_utt()
        confidence = self._confidence()
        words = []
        for seg in decoder.seg():
            text = re.sub(r"\(\d+\)$", "", seg.word)
            if _FILLER.match(text):
                continue
            start = offset_seconds + seg.start_frame / _FRAMES_PER_SECOND
            end = offset_seconds + (seg.end_frame + 1) / _FRAMES_PER_SECOND
            words.append(Word(text=text, start_seconds=round(start, 2), end_seconds=round(end, 2),
                              confidence=confidence))
        return words

    def _confidence(self) -> float | None:
        """The utterance's posterior probability per word, 0..1 (pocketsphinx has no word posteriors
        in its fast search: every segment's is 1.0); None for an utterance too short to judge."""
        hypothesis = self._decoder.hyp()
        count = sum(1 for seg in self._decoder.seg() if not _FILLER.match(seg.word))
        if hypothesis is None or count < _MIN_JUDGED_WORDS or hypothesis.prob <= 0:
            return None
        return round(float(np.exp(np.log(hypothesis.prob) / count)), 3)


def transcribe_sphinx(samples: np.ndarray, spans: list[Span]) -> list[Word]:
    """Words of every speech span, decoded with a little context around each span."""
    recognizer = SphinxRecognizer()
    words: list[Word] = []
    for span in spans:
        start = max(0.0, span.start_seconds - _SPAN_PAD)
        a, b = int(start * SAMPLE_RATE), int((span.end_seconds + _SPAN_PAD) * SAMPLE_RATE)
        words += recognizer.words(samples[a:b], start)
    return words


def voice_spans(audio: np.ndarray, samples: np.ndarray, min_silence_seconds: float) -> list[Span]:
    """Where someone speaks: Silero VAD's spans (``audio`` as float). Where it hears no voice at
    all (music, effects), the stretches of sound pocketsphinx's energy endpointer hears in
    ``samples`` (16-bit), whose gaps are the soundtrack's own pauses (a trailer's music dips at
    its edits); the same where faster-whisper, which bundles Silero, is not installed."""
    try:
        spans = speech_spans(audio, min_silence_seconds)
    except ImportError:
        spans = []
    return spans or voice_activity(samples)


def analyse_speech(path: str | os.PathLike[str], video: VideoInfo, options: SignalOptions,
                   transcribe: bool = True) -> Signals:
    """Voice activity and silences always; words too when ``transcribe`` and a model fits."""
    if not video.audio:
        return Signals(notes=["no audio stream: no speech signals"])
    samples = read_audio(path).samples
    audio = samples.astype(np.float32) / 32768.0
    spans = voice_spans(audio, samples, options.min_silence_seconds)
    result = Signals(boundaries=silences(spans, options.min_silence_seconds), speech_spans=spans)
    model = choose_model(options.speech_model) if transcribe else POCKETSPHINX
    language = options.languages[0] if options.languages else None
    if model != POCKETSPHINX:
        return _with_whisper(result, audio, model, language)
    if not transcribe:
        return result
    if language not in (None, "en"):
        result.notes.append(f"pocketsphinx has no {language!r} model: speech not transcribed (subtitles and "
                            "on-screen text are used; name a whisper model with -O speech_model=base to transcribe)")
        return result
    result.texts = group_words(transcribe_sphinx(samples, voice_activity(samples)), "en")
    result.language = "en"
    result.notes.append("speech: pocketsphinx (US English; a faster-whisper model transcribes better: "
                        "-O speech_model=base)")
    return result


def _with_whisper(result: Signals, audio: np.ndarray, model: str, language: str | None) -> Signals:
    """The voice activity's signals with whisper's language (when not given) and its transcript."""
    spans = result.speech_spans
    if not spans:
        result.notes.append("speech: no voice found")
        return result
    recognizer = WhisperRecognizer(model)
    how = "given"
    if language is None:
        language, probability = recognizer.language(audio, spans)
        how = f"detected, p={probability:.2f}"
    result.texts = recognizer.texts(audio, language, spans)
    result.language = language
    result.notes.append(f"speech: {recognizer.label} (int8, cpu), language {language!r} ({how})")
    return result


class SpeechProcess:
    """:func:`analyse_speech` in a child Python, started at once, beside the visual pass.

    pocketsphinx holds the GIL while it decodes, so a thread would not run beside the
    visual pass; a fresh interpreter avoids forking a process that holds OCR threads. The
    child gets its job on starting from a file (through a pipe it would wait for
    :meth:`result`, after the visual pass) and writes its diagnostics to a file, so a full
    pipe never stalls it.
    """

    def __init__(self, path: str | os.PathLike[str], video: VideoInfo, options: SignalOptions,
                 transcribe: bool) -> None:
        job = json.dumps({"path": str(path), "video": video.model_dump(mode="json"),
                          "options": options.model_dump(mode="json"), "transcribe": transcribe})
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as stdin:
            stdin.write(job)
            stdin.seek(0)
            self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
            self._child = subprocess.Popen([sys.executable, "-m", __name__], stdin=stdin, stdout=subprocess.PIPE,
                                           stderr=self._stderr, text=True, encoding="utf-8")

    def result(self) -> Signals:
        out, _ = self._child.communicate()
        err = self._diagnostics()
        answer = json.loads(out) if out.strip().startswith("{") else {}
        if self._child.returncode == 0 and "signals" in answer:
            return Signals.model_validate(answer["signals"])
        if "error" in answer:
            raise ERROR_TYPES.get(answer["type"], EngineError)(answer["error"])
        raise EngineError(f"speech analysis failed: {(err.splitlines() or ['no output'])[-1]}")

    def cancel(self) -> None:
        if self._child.poll() is None:
            self._child.kill()
        self._child.communicate()
        self._diagnostics()

    def _diagnostics(self) -> str:
        """What the child wrote on stderr; closes the file."""
        with self._stderr:
            self._stderr.seek(0)
            return self._stderr.read().strip()


ERROR_TYPES: dict[str, type[VidmarkError]] = {cls.__name__: cls for cls in (ConfigError, EngineError, MediaError, InputError)}


def _worker() -> None:
    """Child side of :func:`start_speech_process`: a job as JSON on stdin, the answer on stdout."""
    job = json.loads(sys.stdin.read())
    try:
        signals = analyse_speech(job["path"], VideoInfo.model_validate(job["video"]),
                                 SignalOptions.model_validate(job["options"]), job["transcribe"])
        answer = {"signals": signals.model_dump(mode="json")}
    except VidmarkError as exc:
        answer = {"error": exc.message, "type": type(exc).__name__}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    _worker()
