"""The reliability filter: recogniser noise never reaches a summary, a title, a find snippet,
an answer or the minutes; subtitles and on-screen text always do."""

from __future__ import annotations

from vidmark.model import Chapter, Recognition, Signals, Span, TimedText
from vidmark.segment.titles import key_phrase, summary
from vidmark.signals.reliability import readable, reliable, unclear_speech
from vidmark.tasks.ask import extractive_answer
from vidmark.tasks.find import find, passages
from vidmark.tasks.minutes import minutes_from

NOISE = "the variable is unnamed bound to value fair named old sister ain't gay child then into gear entitle"
CLEAR = "We decided to use Python variables for the whole course."


def speech(text: str, confidence: float, recognizer: str = "faster-whisper base", start: float = 0.0,
           **scores: float) -> TimedText:
    return TimedText(start_seconds=start, end_seconds=start + 5, text=text, source="speech", confidence=confidence,
                     language="en", recognition=Recognition(recognizer=recognizer, **scores))


def test_whisper_rules_for_silence_loops_and_low_probability() -> None:
    assert reliable(speech(CLEAR, 0.9, avg_logprob=-0.2, no_speech_prob=0.1, compression_ratio=1.3))
    assert not reliable(speech("Thank you for watching.", 0.9, avg_logprob=-1.2, no_speech_prob=0.8))
    assert not reliable(speech("la la la la la la la la", 0.9, avg_logprob=-0.3, compression_ratio=3.1))
    assert not reliable(speech(NOISE, 0.3, avg_logprob=-0.9, no_speech_prob=0.1))


def test_pocketsphinx_floor_and_texts_that_were_written() -> None:
    assert not reliable(speech(NOISE, 0.34, recognizer="pocketsphinx"))
    assert reliable(speech(CLEAR, 0.74, recognizer="pocketsphinx"))
    ocr = TimedText(start_seconds=0, end_seconds=5, text="Variables", source="ocr", confidence=0.1)
    cue = TimedText(start_seconds=0, end_seconds=5, text="A subtitle", source="subtitles")
    assert readable([ocr, cue, speech(NOISE, 0.2)]) == [ocr, cue]


def test_a_voice_the_recogniser_mostly_fails_is_not_shown_where_it_passes() -> None:
    guess = speech("suddenly cycling was sick the article ralston read one", 0.54, recognizer="pocketsphinx", start=20.0)
    failed = [speech(NOISE, 0.3, recognizer="pocketsphinx", start=t) for t in (0.0, 5.0, 10.0)]
    ocr = TimedText(start_seconds=0, end_seconds=5, text="Early designs", source="ocr")
    assert reliable(guess) and readable([*failed, guess, ocr]) == [ocr]
    heard = [speech(CLEAR, 0.74, recognizer="pocketsphinx", start=t) for t in (0.0, 5.0, 10.0)]
    assert readable([*heard, failed[0]]) == heard  # a voice it mostly follows: only the failed part goes


def _keywords(*lines: tuple[str, float, float]) -> list[TimedText]:
    return [TimedText(start_seconds=0, end_seconds=seconds, text=line, source="ocr", confidence=score,
                      box=(0.1, 0.3 + k / 10, 0.2, 0.05)) for k, (line, score, seconds) in enumerate(lines)]


def test_a_slide_of_keywords_sums_up_a_chapter_whose_speech_only_pocketsphinx_heard() -> None:
    """Its word salad for a voice it does not know scores like clean speech (0.695 here)."""
    salad = speech("notice how he undertook changes the result feet flat fire simple at first", 0.695,
                   recognizer="pocketsphinx")
    slide = _keywords(("Patch", 1.0, 12.0), ("Inner tube", 0.99, 12.0), ("Valve", 1.0, 12.0))
    assert reliable(salad) and summary([salad, *slide], {}, set()) == "Patch; inner tube; valve."
    clear = speech("Take the wheel off and find the hole in the inner tube.", 0.9, avg_logprob=-0.2)
    assert summary([clear, *slide], {}, set()) == "Take the wheel off and find the hole in the inner tube."
    misread = _keywords(("Exjtisgre", 0.889, 1.0), ("Wojte balance", 0.949, 1.0), ("Tinaf", 0.869, 12.0))
    assert summary([salad, *misread, *slide], {}, set()) == "Patch; inner tube; valve."  # brief or unsure reads left out


def test_a_summary_of_noise_comes_from_the_slide_or_stays_short() -> None:
    noisy = [speech(NOISE, 0.3, recognizer="pocketsphinx")]
    bullets = [TimedText(start_seconds=1, end_seconds=5, text=line, source="ocr", box=(0.1, 0.4 + k / 10, 0.5, 0.05))
               for k, line in enumerate(["Names refer to values", "Assignment binds a name"])]
    assert summary(noisy + bullets, {}, set()) == "Names refer to values; assignment binds a name."
    assert summary(noisy, {}, set()) == unclear_speech(noisy) == "Speech here could not be transcribed reliably."
    assert key_phrase(noisy, {}) == ""
    zh = [speech("天气 气候 区别 天气", 0.2).model_copy(update={"language": "zh"})]
    assert summary(zh, {}, set()) == "这一段的语音未能可靠识别。"


def test_noise_running_over_from_the_chapter_before_is_not_quoted() -> None:
    """A long segment that starts in one chapter and ends in the next (whisper's digits for a
    voice it cannot read) is noise in both; the second chapter says so instead of quoting it."""
    from vidmark.segment.chapters import name_chapters

    digits = speech("D4353-2352-2-1-1-1-1-2-3-3-3-2-2-2-2.", 0.58, start=69.0, avg_logprob=-0.7,
                    no_speech_prob=0.88).model_copy(update={"end_seconds": 83.0, "language": "zh"})
    chapters = name_chapters([digits], [(62.0, 81.0), (81.0, 98.0)], [], "zh")
    assert [c.summary for c in chapters] == ["这一段的语音未能可靠识别。"] * 2


def test_a_chapter_where_a_voice_speaks_untranscribed_is_never_called_silent() -> None:
    """pocketsphinx has no Chinese model: a Chinese talk has voice activity and no transcript."""
    from vidmark.segment.chapters import name_chapters

    voice = [Span(start_seconds=40.0, end_seconds=58.0)]
    spoken, silent = name_chapters([], [(39.0, 62.0), (62.0, 80.0)], [], "zh", speech_spans=voice)
    assert spoken.summary == "这一段的语音未能可靠识别。"
    assert silent.summary == "1:02 至 1:20 的画面，没有文字或语音。"
    english = name_chapters([], [(0.0, 30.0)], [], "en", speech_spans=[Span(start_seconds=1.0, end_seconds=29.0)])
    assert english[0].summary == "Speech here could not be transcribed reliably."


def test_find_ask_and_minutes_skip_the_noise() -> None:
    signals = Signals(texts=[speech(NOISE + " python variables", 0.3, start=0.0), speech(CLEAR, 0.95, start=10.0)])
    found = passages(signals, [Chapter(start_seconds=0, end_seconds=20, title="Variables")])
    assert [p.source for p in found] == ["chapter", "speech"] and NOISE not in " ".join(p.text for p in found)
    assert all(NOISE not in m.text for m in find("python variables", found))
    assert NOISE not in extractive_answer("what about python variables?", found).answer
    assert [d.text for d in minutes_from([], signals).decisions] == [CLEAR]


def test_a_chinese_transcript_gives_chinese_titles_and_summaries() -> None:
    """Whisper writes Chinese without spaces between words; titles and summaries stay Chinese."""
    from vidmark.segment.chapters import name_chapters

    said = [speech("大家好，欢迎来到今天的课程。今天我们讨论天气和气候的区别。", 0.8, start=2),
            speech("天气是短期的变化，气候是长期的平均。气候变化很重要。", 0.8, start=10),
            speech("接下来看降水，降水的测量方法。", 0.8, start=25), speech("噪音噪音", 0.1, start=32)]
    first, second = name_chapters([t.model_copy(update={"language": "zh"}) for t in said], [(0, 20), (20, 40)], [], "zh")
    assert first.summary == "天气是短期的变化，气候是长期的平均。" and first.title == "气候变化很重要"
    assert second.summary == "接下来看降水，降水的测量方法。" and "噪音" not in second.title


def test_recognised_text_that_is_not_words_of_its_language_is_never_shown():
    """whisper-base on a synthetic Mandarin voice writes confident strings that are no words
    (avg_logprob -0.6, word probability 0.6-0.74: it passes every score)."""
    from vidmark.model import Recognition, TimedText
    from vidmark.signals.reliability import in_words, reliable

    scores = Recognition(recognizer="whisper-base", avg_logprob=-0.6, no_speech_prob=0.09, compression_ratio=1.0)
    noise = ["U1L3F4L2L2R4U3How4K4R4U1T4", "9-1-3-1-5,1-4-3-4,1-4-3-1-3-5", "I want you one die on three"]
    for text in noise:
        heard = TimedText(start_seconds=0, end_seconds=2, text=text, source="speech", language="zh", confidence=0.74,
                          recognition=scores)
        assert not reliable(heard), text
    assert in_words("我们来看预算，第3项", "zh") and in_words("It costs 6,000 euros in 2024.", "en")
    assert not in_words("U1T4L2U3How4N1K1L2", "en")
