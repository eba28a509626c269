"""faster-whisper: which model runs, getting it, and its transcript with word times and scores.

The best recogniser at hand runs without flags (:func:`choose_model`): a model named with
``-O speech_model=...`` (a size such as ``small`` or a folder), else one named by the
``VIDMARK_WHISPER_MODEL`` environment variable, else a faster-whisper model already in
the Hugging Face cache, else pocketsphinx, which needs nothing. Only a named model is ever
downloaded (with a progress bar); a cached one is found by the hub's folder layout
(``models--Systran--faster-whisper-base/snapshots/<revision>/model.bin``) without
importing faster-whisper, so a run that ends up on pocketsphinx stays quick to start.
"""

from __future__ import annotations

import os
import re
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from vidmark.errors import ConfigError
from vidmark.media.audio import SAMPLE_RATE
from vidmark.model import Recognition, Span, TimedText, Word

AUTO = "auto"
POCKETSPHINX = "pocketsphinx"
MODEL_ENV = "VIDMARK_WHISPER_MODEL"
#: models ``auto`` takes from the cache, best first: the sizes that run well under real time on
#: a CPU, then the large ones (accurate, slower), then tiny and the English-only ones
CACHE_PREFERENCE = (
    "Systran/faster-whisper-small", "Systran/faster-whisper-base", "Systran/faster-whisper-medium",
    "mobiuslabsgmbh/faster-whisper-large-v3-turbo", "Systran/faster-distil-whisper-large-v3",
    "Systran/faster-whisper-large-v3", "Systran/faster-whisper-large-v2", "Systran/faster-whisper-tiny",
    "Systran/faster-whisper-small.en", "Systran/faster-whisper-base.en", "Systran/faster-whisper-tiny.en",
)
_FILES = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]
_INSTALL = "pip install 'vidmark[whisper]'"
#: a prompt in Simplified Chinese with punctuation makes whisper write the same
_PROMPTS = {"zh": "以下是普通话的句子，使用简体中文。"}
#: a piece of the prompt this long or longer, alone in a segment, is the prompt coming back
_ECHO_CHARS = 5
_LANGUAGE_SEGMENTS = 3
#: a beam of 3 rather than faster-whisper's 5: a tenth less CPU for as many right words (measured
#: on eight generated English narrations, word error 4.3% either way; greedy decoding, 1, saves
#: a fifth but makes half as many errors again: 6.3%; docs/benchmarks.md, "Offline engine speed")
_BEAM_SIZE = 3
#: Silero VAD settings for speech spans: a short pad, so a pause keeps most of its length
_VAD_PAD_MS = 100
#: speech spans closer than this are transcribed as one piece; the pieces' edges get this pad
_PIECE_GAP_SECONDS = 2.0
_PIECE_PAD_SECONDS = 0.2


def choose_model(requested: str = AUTO) -> str:
    """'pocketsphinx' or the folder of the whisper model to run for ``requested``
    ('auto', 'pocketsphinx', a size or hub id, or a folder)."""
    if requested == POCKETSPHINX:
        return POCKETSPHINX
    if requested != AUTO:
        return model_folder(requested)
    named = os.environ.get(MODEL_ENV, "").strip()
    if named and named != AUTO:
        return choose_model(named)
    return cached_model() or POCKETSPHINX


def model_folder(name: str) -> str:
    """The folder of a named whisper model: the folder itself, the cached copy, or a download."""
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise ConfigError(f"whisper model folder {name!r} has no model.bin (a faster-whisper/CTranslate2 model folder is needed)")
        return str(path.resolve())
    if "/" in name and not _hub_id(name):
        raise ConfigError(f"whisper model folder {name!r} does not exist")
    if find_spec("faster_whisper") is None:
        raise ConfigError(f"speech model {name!r} needs faster-whisper; install it with: {_INSTALL}")
    repo = _repo_id(name)
    return _cached_folder(repo) or download(repo, name)


def _hub_id(name: str) -> bool:
    return name.count("/") == 1 and not name.startswith(("/", ".", "~"))


def _repo_id(name: str) -> str:
    if _hub_id(name):
        return name
    from faster_whisper.utils import _MODELS, available_models

    if name not in _MODELS:
        raise ConfigError(f"unknown whisper model {name!r}: give a folder, a hub id (owner/name) or one of "
                          f"{', '.join(available_models())}")
    return _MODELS[name]


def hub_cache() -> Path:
    """The Hugging Face hub cache folder, resolved as huggingface_hub does (HF_HUB_CACHE, else
    HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub)."""
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    cache = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE") or os.path.join(home, "hub")
    return Path(cache).expanduser()


def cached_model() -> str | None:
    """The best faster-whisper model already in the hub cache, when faster-whisper is installed."""
    if find_spec("faster_whisper") is None:
        return None
    return next((folder for repo in CACHE_PREFERENCE if (folder := _cached_folder(repo))), None)


def _cached_folder(repo: str) -> str | None:
    """The cached snapshot of a hub repo that holds a model.bin: the one refs/main names, else any."""
    root = hub_cache() / f"models--{repo.replace('/', '--')}"
    ref = root / "refs" / "main"
    snapshots = [root / "snapshots" / ref.read_text().strip()] if ref.is_file() else []
    snapshots += sorted((root / "snapshots").glob("*")) if (root / "snapshots").is_dir() else []
    return next((str(s) for s in snapshots if (s / "model.bin").is_file()), None)


def download(repo: str, name: str) -> str:
    """Fetch a model the user named from the hub, with the hub's progress bar on stderr."""
    import huggingface_hub

    try:
        return huggingface_hub.snapshot_download(repo, allow_patterns=_FILES)
    except Exception as exc:  # no network, offline mode, a missing repo: hub and HTTP errors alike
        raise ConfigError(
            f"whisper model {name!r} is not on this machine and could not be downloaded from the Hugging Face hub "
            f"({type(exc).__name__}): connect to the internet once to fetch it, give a model folder "
            "(-O speech_model=/path/to/model), or use -O speech_model=pocketsphinx"
        ) from None


def model_label(folder: str) -> str:
    """A short name for a model folder: 'faster-whisper base' for the hub's, else the folder's name."""
    parts = Path(folder).parts
    repo = next((p for p in parts if p.startswith("models--")), None)
    name = repo.split("--")[-1] if repo else Path(folder).name
    for prefix in ("faster-", "whisper-"):
        name = name.removeprefix(prefix)
    return f"faster-whisper {name}"


def speech_spans(audio: np.ndarray, min_silence_seconds: float) -> list[Span]:
    """Where someone speaks, by Silero VAD (bundled with faster-whisper, any language)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=int(min_silence_seconds * 1000), speech_pad_ms=_VAD_PAD_MS)
    return [Span(start_seconds=round(c["start"] / SAMPLE_RATE, 3), end_seconds=round(c["end"] / SAMPLE_RATE, 3))
            for c in get_speech_timestamps(audio, options)]


def _pieces(spans: list[Span], duration: float) -> list[tuple[float, float]]:
    """Speech spans joined across short pauses, padded a little, within the audio."""
    pieces: list[list[float]] = []
    for span in spans:
        if pieces and span.start_seconds - pieces[-1][1] < _PIECE_GAP_SECONDS:
            pieces[-1][1] = span.end_seconds
        else:
            pieces.append([span.start_seconds, span.end_seconds])
    return [(round(max(0.0, a - _PIECE_PAD_SECONDS), 3), round(min(duration, b + _PIECE_PAD_SECONDS), 3)) for a, b in pieces]


def echoes_prompt(text: str, language: str) -> bool:
    """Whether a segment only repeats the prompt it was given: what whisper writes for audio it
    cannot make out (measured: every segment of a synthetic Mandarin voice), never speech."""
    prompt = _PROMPTS.get(language)
    key = re.sub(r"\W+", "", text)
    return bool(prompt) and len(key) >= _ECHO_CHARS and key in re.sub(r"\W+", "", prompt) * 2


class WhisperRecognizer:
    """A faster-whisper model on the CPU (int8), loaded once from a folder on this machine."""

    def __init__(self, folder: str) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise ConfigError(f"speech model {folder!r} needs faster-whisper; install it with: {_INSTALL}") from None
        try:
            self._model = WhisperModel(folder, device="cpu", compute_type="int8",
                                       cpu_threads=max(1, min(8, os.cpu_count() or 1)), local_files_only=True)
        except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError for a broken folder
            raise ConfigError(f"whisper model {folder!r} cannot be loaded: {str(exc).splitlines()[0]}") from None
        self.label = model_label(folder)

    def language(self, audio: np.ndarray, spans: list[Span]) -> tuple[str, float]:
        """The language spoken (ISO 639-1) and whisper's probability for it, from the first 90 s
        of speech (the spans' audio, so VAD does not run twice)."""
        rate = SAMPLE_RATE
        speech = np.concatenate([audio[int(s.start_seconds * rate):int(s.end_seconds * rate)] for s in spans])
        speech = speech[: _LANGUAGE_SEGMENTS * 30 * rate]
        language, probability, _ = self._model.detect_language(speech, language_detection_segments=_LANGUAGE_SEGMENTS)
        return language, probability

    def texts(self, audio: np.ndarray, language: str, spans: list[Span]) -> list[TimedText]:
        """Whisper's segments of the speech pieces as texts, with word times and probabilities
        and the segment's scores.

        The pieces are passed as clip timestamps rather than with ``vad_filter=True``, which
        joins the speech before decoding: a word said just after a long pause then keeps the
        time before the pause (measured: 4.5 s early after a 4 s pause)."""
        clips = [t for piece in _pieces(spans, len(audio) / SAMPLE_RATE) for t in piece]
        segments, _ = self._model.transcribe(audio, language=language, word_timestamps=True, clip_timestamps=clips,
                                             initial_prompt=_PROMPTS.get(language), beam_size=_BEAM_SIZE)
        return [text for segment in segments if (text := self._text(segment, language)) is not None]

    def _text(self, segment, language: str) -> TimedText | None:
        if echoes_prompt(segment.text, language):
            return None
        words = [Word(text=w.word.strip(), start_seconds=round(w.start, 2), end_seconds=round(max(w.end, w.start), 2),
                      confidence=round(w.probability, 3)) for w in segment.words or [] if w.word.strip()]
        if not words or not segment.text.strip():
            return None
        scores = Recognition(recognizer=self.label, avg_logprob=round(segment.avg_logprob, 3),
                             no_speech_prob=round(segment.no_speech_prob, 3),
                             compression_ratio=round(segment.compression_ratio, 3))
        return TimedText(start_seconds=words[0].start_seconds, end_seconds=words[-1].end_seconds,
                         text=segment.text.strip(), source="speech", words=words, language=language,
                         confidence=round(float(np.mean([w.confidence for w in words])), 3), recognition=scores)
