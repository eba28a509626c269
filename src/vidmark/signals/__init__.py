"""Signals: what can be measured in a video without a model server (shots, text, speech).

:func:`collect_signals` runs the chosen signals and merges them into one
:class:`~vidmark.model.Signals`: subtitles first (cheap and best), then one visual pass
(shots, slide changes, OCR) while speech runs in a second process, each stage's result
cached by the video's content (see :mod:`vidmark.cache`). An audio-only file has no visual
pass; its ``sound`` signal (speech, music and silence changes) runs beside speech instead.
The speech model is chosen here, before the child starts, so a named model downloads with
its progress bar on this terminal and the cache keys name the model that really ran.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from vidmark.cache import Cache, cache_key, fingerprint
from vidmark.model import Signals, TimedText, VideoInfo
from vidmark.signals.options import PICTURE_SIGNALS, SIGNAL_NAMES, SignalOptions

ProgressCallback = Callable[[str, float], None]
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

#: which options change each stage's result (and so belong in its cache key)
_STAGE_OPTIONS = {
    "subtitles": ("languages",),
    "visual": ("shots", "slides", "ocr", "every_seconds", "max_side", "ocr_min_gap_seconds",
               "ocr_max_gap_seconds", "ocr_max_frames"),
    "speech": ("languages", "speech_model", "min_silence_seconds"),
    "sound": (),
}


def collect_signals(path: str | os.PathLike[str], video: VideoInfo, options: SignalOptions | None = None,
                    progress: ProgressCallback | None = None) -> Signals:
    """Every enabled signal of one video, merged, with boundaries and texts in time order."""
    options = options or SignalOptions()
    stages = _Stages(path, video, options, progress)
    parts = [stages.run("subtitles", stages.subtitles)] if options.subtitles else []
    transcribe = options.speech_with_subtitles or not any(p.texts for p in parts)
    speech = stages.start_speech(transcribe) if options.speech else None
    try:
        asked = [name for name in PICTURE_SIGNALS if getattr(options, name)]
        if asked and video.audio_only:
            parts.append(Signals(notes=[f"no pictures in an audio-only file: {', '.join(asked)} skipped"]))
        elif asked:
            parts.append(stages.run("visual", stages.visual))
        if options.sound and video.audio:
            parts.append(stages.run("sound", stages.sound))
    except BaseException:
        if speech is not None:
            speech.cancel()
        raise
    if speech is not None:
        parts.append(speech.result())
    return merge(parts, options)


def merge(parts: list[Signals], options: SignalOptions) -> Signals:
    """One Signals from the stages' partial ones; decides the video's language."""
    merged = Signals(
        boundaries=sorted((b for p in parts for b in p.boundaries), key=lambda b: (b.time_seconds, b.kind)),
        texts=sorted((t for p in parts for t in p.texts), key=lambda t: (t.start_seconds, t.source)),
        visual=[v for p in parts for v in p.visual],
        speech_spans=[s for p in parts for s in p.speech_spans],
        notes=[n for p in parts for n in p.notes],
    )
    merged.language = (options.languages[0] if options.languages else None) \
        or next((p.language for p in parts if p.language and p.of_source("subtitles")), None) \
        or next((p.language for p in parts if p.language and _heard(p)), None) \
        or guess_language(merged.texts)
    if merged.language not in (None, "en") and any(_by_sphinx(t) for t in merged.texts):
        merged.texts = [t for t in merged.texts if not _by_sphinx(t)]
        merged.notes.append(f"English speech recognition dropped: the text on screen is {merged.language!r}")
    return merged


def _by_sphinx(text: TimedText) -> bool:
    return text.source == "speech" and (text.recognition is None or text.recognition.recognizer == "pocketsphinx")


def _heard(part: Signals) -> bool:
    """Whether a part's language was detected from its speech (whisper), not assumed (pocketsphinx)."""
    speech = part.of_source("speech")
    return bool(speech) and not any(_by_sphinx(t) for t in speech)


def guess_language(texts: list[TimedText]) -> str | None:
    """'zh' when most letters of subtitles and on-screen text are CJK, 'en' when there are letters."""
    written = "".join(t.text for t in texts if t.source != "speech") or "".join(t.text for t in texts)
    letters = sum(ch.isalpha() for ch in written)
    if not letters:
        return None
    return "zh" if len(_CJK.findall(written)) / letters > 0.3 else "en"


class _Pending:
    """A stage started earlier: collect its result, or cancel it."""

    def __init__(self, result: Callable[[], Signals], cancel: Callable[[], None] = lambda: None) -> None:
        self.result, self.cancel = result, cancel


class _Stages:
    """Runs stages through the cache and reports their progress."""

    def __init__(self, path, video: VideoInfo, options: SignalOptions, progress: ProgressCallback | None) -> None:
        self.path, self.video, self.options = path, video, options
        self.progress = progress or (lambda stage, fraction: None)
        self.cache = Cache() if options.cache else None
        self.fingerprint = fingerprint(path, video) if self.cache else ""

    def key(self, stage: str, **extra) -> str:
        settings = {name: getattr(self.options, name) for name in _STAGE_OPTIONS[stage]}
        return cache_key(self.fingerprint, stage, {**settings, **extra})

    def run(self, stage: str, compute: Callable[[], Signals], label: str = "", **extra) -> Signals:
        """A stage's result, from the cache or computed; progress is shown as ``label`` (else the stage)."""
        self.progress(label or stage, 0.0)
        if self.cache:
            result = self.cache.through(self.key(stage, **extra), Signals, compute, self.fingerprint)
        else:
            result = compute()
        self.progress(label or stage, 1.0)
        return result

    def subtitles(self) -> Signals:
        from vidmark.signals.subtitles import read_subtitles

        return read_subtitles(self.path, self.video, self.options.languages)

    def visual(self) -> Signals:
        from vidmark.signals.visual import analyse_visual

        return analyse_visual(self.path, self.video, self.options, lambda f: self.progress("visual", f))

    def sound(self) -> Signals:
        from vidmark.signals.audio_scene import analyse_sound

        return analyse_sound(self.path)

    def start_speech(self, transcribe: bool) -> _Pending:
        """Start the speech stage, in a second process when that helps."""
        from vidmark.signals.speech import SpeechProcess, analyse_speech
        from vidmark.signals.whisper import POCKETSPHINX, choose_model, model_label

        model = choose_model(self.options.speech_model) if transcribe else POCKETSPHINX
        self.options = self.options.model_copy(update={"speech_model": model})
        label = f"speech ({POCKETSPHINX if model == POCKETSPHINX else model_label(model)})"
        args = (str(self.path), self.video, self.options, transcribe)
        cached = self.cache.get(self.key("speech", transcribe=transcribe)) if self.cache else None
        if cached is not None or not self._parallel():
            return _Pending(lambda: self.run("speech", lambda: analyse_speech(*args), label, transcribe=transcribe))
        child = SpeechProcess(*args)
        return _Pending(lambda: self.run("speech", child.result, label, transcribe=transcribe), child.cancel)

    def _parallel(self) -> bool:
        beside = self.options.sound or (not self.video.audio_only and any(getattr(self.options, n) for n in PICTURE_SIGNALS))
        return self.options.parallel and beside and bool(self.video.audio) and (os.cpu_count() or 1) > 1


__all__ = ["SIGNAL_NAMES", "SignalOptions", "collect_signals", "guess_language", "merge"]
