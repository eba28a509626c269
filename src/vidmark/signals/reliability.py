"""Which recognised speech is fit to show a person: the one filter every summary, title,
answer, search snippet and minute goes through.

A recogniser that is unsure still writes words; printed as a summary they read as noise
("fair named old sister ain't gay child..."). Each speech text carries its recogniser's
scores (:class:`~vidmark.model.Recognition`), and a text is shown only when they say it
was heard: whisper's own rules for a window without speech (no_speech_prob > 0.6 with
avg_logprob < -1) and for a repeating loop (compression ratio > 2.4), and a mean word
probability above a floor measured per recogniser (docs/signals.md, "Speech"). Subtitles
and on-screen text pass unchanged: they were written, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vidmark.model import TimedText

#: mean word probability below which a whisper segment is not shown
WHISPER_FLOOR = 0.45
#: pocketsphinx's utterance posterior per word below which its words are not shown; measured:
#: flite narration 0.58, clip 07's clear voice 0.74, clip 01's voice over music 0.34 (garbled)
SPHINX_FLOOR = 0.45
#: the share of a recogniser's speech (by time) it must pass for any of it to be shown
TRUSTED_SHARE = 0.5
_NO_SPEECH = 0.6
_LOGPROB_WITH_NO_SPEECH = -1.0
_MAX_COMPRESSION = 2.4
#: the share of a transcript that must be words of its language
_WORDS_SHARE = 0.5
_CJK = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
UNCLEAR = {"zh": "这一段的语音未能可靠识别。", "en": "Speech here could not be transcribed reliably."}


def reliable(text: TimedText) -> bool:
    """Whether a text may be shown: always for subtitles and OCR, for speech when its scores allow."""
    scores = text.recognition
    if text.source != "speech" or scores is None:
        return True
    if scores.no_speech_prob is not None and scores.no_speech_prob > _NO_SPEECH \
            and (scores.avg_logprob or 0.0) < _LOGPROB_WITH_NO_SPEECH:
        return False
    if scores.compression_ratio is not None and scores.compression_ratio > _MAX_COMPRESSION:
        return False
    if not in_words(text.text, text.language):
        return False
    floor = SPHINX_FLOOR if scores.recognizer == "pocketsphinx" else WHISPER_FLOOR
    return text.confidence is None or text.confidence >= floor


def in_words(text: str, language: str | None) -> bool:
    """Whether recognised text is made of words of its language: Chinese mostly in Chinese
    characters, other languages mostly in tokens of letters. What a recogniser writes for a
    voice it cannot make out often is not ("U1T4L2U3How4", "9-1-3-1-5,1-4-3-4", English
    words in a Chinese transcript), with scores as confident as real speech."""
    if language and language.startswith("zh"):
        cjk, other = len(_CJK.findall(text)), sum(ch.isalnum() for ch in _CJK.sub("", text))
        return cjk >= _WORDS_SHARE * (cjk + other)
    tokens = _TOKEN.findall(text)
    return not tokens or sum(token.isalpha() for token in tokens) >= _WORDS_SHARE * len(tokens)


def quotable(text: TimedText) -> bool:
    """Whether speech may be quoted as a sentence where the screen has other words for it:
    whisper's can; pocketsphinx's words, even where its score passes, are its language
    model's guess for voices it does not know (its word salad scores like clean speech)."""
    return reliable(text) and (text.recognition is None or text.recognition.recognizer != "pocketsphinx")


def readable(texts: Iterable[TimedText]) -> list[TimedText]:
    """The texts that may be shown, in their order. Where a recogniser failed most of the
    speech among them (by time), the rest of its speech is not shown either: a voice it
    cannot follow gets a few confident guesses among its noise ("suddenly cycling was sick
    the article ralston read one", 0.54 for a synthetic voice pocketsphinx does not know)."""
    texts = list(texts)
    shown = [reliable(t) for t in texts]
    for name in {t.recognition.recognizer for t in texts if t.recognition}:
        theirs = [i for i, t in enumerate(texts) if t.recognition and t.recognition.recognizer == name]
        if _seconds(texts[i] for i in theirs if shown[i]) < TRUSTED_SHARE * _seconds(texts[i] for i in theirs):
            for i in theirs:
                shown[i] = False
    return [t for t, ok in zip(texts, shown) if ok]


def _seconds(texts: Iterable[TimedText]) -> float:
    return sum(t.end_seconds - t.start_seconds for t in texts)


def unclear_speech(texts: Iterable[TimedText]) -> str:
    """A short honest summary for a stretch whose only text is speech not heard clearly ('' when
    it has none), in the language of that speech."""
    dropped = [t for t in texts if not reliable(t)]
    if not dropped:
        return ""
    return unclear_note(next((t.language for t in dropped if t.language), "en"))


def unclear_note(language: str) -> str:
    """The short note for speech not heard clearly, in Chinese or English."""
    return UNCLEAR["zh" if language.startswith("zh") else "en"]
