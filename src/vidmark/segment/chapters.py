"""Chapters from signals: hints from every signal, fused into boundaries, then named.

This is the whole offline chaptering as pure functions over a :class:`Signals` value, so it
is tested on synthetic signal streams and reused by any engine that has signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel, ConfigDict, Field

from vidmark.model import Boundary, Chapter, Signals, Span, TimedText
from vidmark.segment.cues import Cue, cue_title, spoken_cues
from vidmark.segment.fusion import Hint, covered, fuse
from vidmark.segment.headlines import HeadlineRun, Screen, continues, headline_runs, same_topic, text_key
from vidmark.segment.pauses import BLIND_LEAD_SECONDS, pause_hints, speech_resumes
from vidmark.segment.quality import enumeration, readable, step_number
from vidmark.segment.screencast import (code_title, command_hints, command_title, console_output, file_hints, first_typed,
                                        shown_command_title)
from vidmark.segment.text import has_cjk, sentences, terms
from vidmark.segment.titles import (central_sentence, chapter_documents, document_weights, headline_title, key_phrase, screen_title,
                                    summary, window_lines)
from vidmark.segment.topics import timed_terms, topic_shifts
from vidmark.signals.reliability import readable as heard_clearly, unclear_note, unclear_speech
from vidmark.timecode import format_youtube


#: how far back a new headline's words are looked for, up to how long before it changed
#: (the narration of a new slide often starts a moment before the picture changes)
CONTEXT_SECONDS = 30.0
CONTEXT_GAP_SECONDS = 1.5
#: a new headline after this long without any is weaker evidence of a new chapter (text that
#: turns up in a picture), falling to HANDOVER_FLOOR of a headline handed straight over
HANDOVER_SECONDS = 3.0
HANDOVER_FLOOR = 0.15
#: a headline on screen for this share of the video names the window (a meeting's title), not a chapter
WINDOW_TITLE_SHARE = 0.5
#: the share of a chapter a voice must fill for the chapter to be called spoken
_SPOKEN_SHARE = 0.25
#: a headline on screen for less than this is a card; the headline after a card goes on with its chapter
CARD_SECONDS = 4.0
#: the longest label (its key's length) a section divider holds beside its headline ("part12", "第2部分")
DIVIDER_LABEL = 10
#: a window-long headline over this many screens or more is the application's name
APPLICATION_SCREENS = 3
#: what a headline that was already on screen before counts when it comes back
RETURN_STRENGTH = 0.2
#: a cue said (or a command typed) this long after a headline appeared, under it, is a step inside its chapter
CUE_UNDER_HEADLINE_SECONDS = 5.0
CUE_UNDER_HEADLINE = 0.5


class SegmentOptions(BaseModel):
    """Tuning of the segmentation; None picks a value from the video's length."""

    model_config = ConfigDict(extra="forbid")

    min_chapter_seconds: float | None = Field(default=None, ge=0, description="None: length/30, within 1.5..12 s")
    topic_bin_seconds: float | None = Field(default=None, gt=0, description="None: length/150, within 1..4 s")
    topic_block_seconds: float | None = Field(default=None, gt=0, description="None: length/6, within 15..30 s")


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def title_hints(runs: Sequence[HeadlineRun], texts: Sequence[TimedText], screen: Screen,
                length_seconds: float = float("inf")) -> list[Hint]:
    """A title hint wherever one headline gives way to another that names a different topic; a
    subtopic hint (against a boundary) where the new headline shares the old one's topic, only
    names something said or shown just before it, or stands over mostly the same slide body,
    and where the screen changes below a headline that stays."""
    headlines = {text_key(v) for run in runs for v in run.variants}
    openers = section_openers(runs, screen, headlines)
    hints = []
    for k, (a, b) in enumerate(zip(runs, runs[1:])):
        lo = min(a.shown_until_seconds, b.first_seconds)
        since = min(a.first_seconds, lo - CONTEXT_SECONDS)
        seen = {term for text in texts for at, term in timed_terms(text) if since <= at < lo - CONTEXT_GAP_SECONDS}
        before, after = screen.lines_at(lo - 0.5) - headlines, screen.lines_at(b.first_seconds) - headlines
        same_body = len(after) >= 2 and len(after & before) > len(after) / 2
        detail = a.top and not b.top and not b.highlighted  # a lower caption left alone under a title that went
        # a list's highlighted item was on screen all along, with the same list around it
        subtopic = detail or same_topic(a.text, b.text) or (not b.highlighted and (same_body or continues(b.text, seen)))
        if openers:  # a deck with section dividers: they open the chapters, the slides between are steps
            subtopic = k + 1 not in openers
        elif next_step(a.text, b.text):  # "Step 2: ..." after "Step 1: ...": a new step, whatever stays around it
            subtopic = False
        elif card(a) and k > 0:  # a sequence of cards (credits, a list of names): one chapter
            subtopic = True
        strength = 1.0 if subtopic or openers else handover(b.first_seconds - a.shown_until_seconds)
        if not subtopic and any(text_key(r.text) == text_key(b.text) for r in runs[:k]):
            strength = min(strength, RETURN_STRENGTH)  # a label that comes back (a speaker's name), not a new title
        if strength < 1.0:  # a headline that turned up after a while: the change is near it, not anywhere before
            lo = max(lo, b.first_seconds - HANDOVER_SECONDS - CONTEXT_GAP_SECONDS)
        hints.append(Hint("subtopic" if subtopic else "title", b.first_seconds, strength, lo, b.first_seconds))
    hints += [Hint("subtopic", moment) for run in runs if not names_application(run, length_seconds)
              for moment in run.kept_seconds]
    return hints


def names_application(run: HeadlineRun, length_seconds: float) -> bool:
    """Whether a headline heads most of the video over many different screens: an
    application's or a site's name, below which the screen changes freely (a slide title
    stays over a slide or two of its own topic)."""
    return names_window(run, length_seconds) and len(run.kept_seconds) >= APPLICATION_SCREENS


def names_window(run: HeadlineRun, length_seconds: float) -> bool:
    """Whether a headline stays so long that it names the window or the show, not a chapter."""
    return run.shown_until_seconds - run.first_seconds >= WINDOW_TITLE_SHARE * length_seconds


def next_step(before: str, after: str) -> bool:
    """Whether two headlines are numbered steps or parts with different numbers."""
    a, b = step_number(before), step_number(after)
    return a is not None and b is not None and a != b


def card(run: HeadlineRun) -> bool:
    """Whether a headline was on screen too briefly to hold a chapter of its own: a card."""
    return run.shown_until_seconds - run.first_seconds < CARD_SECONDS


def section_openers(runs: Sequence[HeadlineRun], screen: Screen, headlines: set[str]) -> set[int]:
    """The runs that open a section of a deck: a divider screen (its headline alone, or with a
    short label such as "Part 2") before slides with bodies of their own, set apart from them
    by its headline's place (off the top band) or by its label's number: a slide with one short
    bullet under a title in the usual place is a slide. Empty unless the video has at least two
    dividers and more slides with a body than dividers."""
    others = [screen.lines_at(run.first_seconds) - headlines for run in runs]
    dividers = {k for k, lines in enumerate(others)
                if len(lines) <= 1 and all(len(key) <= DIVIDER_LABEL for key in lines)
                and (not runs[k].top or any(map(enumeration, lines)))}
    bodies = sum(1 for lines in others if len(lines) >= 2)
    return dividers if len(dividers) >= 2 and bodies > len(dividers) else set()


def handover(gap_seconds: float) -> float:
    """How sure a headline change is, by how long the screen went without a headline before it."""
    return max(HANDOVER_FLOOR, min(1.0, 1.0 - (gap_seconds - HANDOVER_SECONDS) / 10.0))


def headline_spans(runs: Sequence[HeadlineRun]) -> list[tuple[float, float]]:
    """Where a headline names what is on screen."""
    return [(run.first_seconds, run.shown_until_seconds) for run in runs]


def signal_hints(signals: Signals, start: float, end: float, options: SegmentOptions,
                 runs: Sequence[HeadlineRun], screen: Screen) -> list[Hint]:
    """Every hint the signals give: picture transitions, silences, headline changes, topic shifts."""
    length = end - start
    bin_seconds = options.topic_bin_seconds or _clamp(length / 150, 1.0, 4.0)
    block_seconds = options.topic_block_seconds or _clamp(length / 6, 15.0, 30.0)
    hints = [Hint(b.kind, _boundary_time(b), b.strength) for b in signals.boundaries]
    hints += pause_hints(signals.boundaries, 0.0 if signals.visual else BLIND_LEAD_SECONDS)
    hints += title_hints(runs, signals.texts, screen, length)
    hints += [Hint("topic", s.time_seconds, s.strength, s.lo_seconds, s.hi_seconds)
              for s in topic_shifts(signals.texts, start, end, bin_seconds, block_seconds)]
    chapter_runs = [r for r in runs if not names_window(r, length)]
    steps = cue_hints(spoken_cues(signals.texts)) + command_hints(signals.texts)
    hints += [under_headlines(h, chapter_runs) for h in steps] + file_hints(signals.texts)
    return [h for h in hints if start < h.time_seconds < end]


def cue_hints(cues: Sequence[Cue]) -> list[Hint]:
    """A hint at each spoken cue, over the second before it (the pause it follows)."""
    return [Hint("cue", cue.time_seconds, cue.strength, cue.time_seconds - 1.5, cue.time_seconds) for cue in cues]


def under_headlines(hint: Hint, runs: Sequence[HeadlineRun]) -> Hint:
    """A step hint (a spoken cue, a command typed), weaker under a headline that was there
    well before it: the headline says what the chapter is, the step is one inside it."""
    if any(run.first_seconds + CUE_UNDER_HEADLINE_SECONDS < hint.time_seconds <= run.shown_until_seconds for run in runs):
        return replace(hint, strength=hint.strength * CUE_UNDER_HEADLINE)
    return hint


def _boundary_time(boundary: Boundary) -> float:
    """Where a chapter would start at this boundary: after a pause, when speech resumes."""
    return speech_resumes(boundary) if boundary.kind == "silence" else boundary.time_seconds


def detect_language(texts: Sequence[TimedText]) -> str:
    """Chinese when most of the characters of the distinct texts are in Chinese lines (a logo
    read in every frame counts once)."""
    distinct = {t.text for t in texts}
    chinese = sum(len(text) for text in distinct if has_cjk(text))
    return "zh" if chinese * 2 > sum(map(len, distinct)) > 0 else "en"


def segment(signals: Signals, start: float, end: float, options: SegmentOptions | None = None,
            language: str | None = None) -> list[Chapter]:
    """Titled, summarised chapters covering [start, end] from the signals alone."""
    options = options or SegmentOptions()
    min_seconds = options.min_chapter_seconds
    if min_seconds is None:
        min_seconds = _clamp((end - start) / 30, 1.5, 12.0)
    screen = Screen.of(signals.texts)
    runs = headline_runs(signals.texts, screen)
    hints = signal_hints(signals, start, end, options, runs, screen)
    boundaries = [t for t, _ in fuse(hints, start, end, min_seconds, structured=headline_spans(runs))]
    edges = [start, *boundaries, end]
    spans = list(zip(edges, edges[1:]))
    return name_chapters(signals.texts, spans, first_showings(runs),
                         language or signals.language or detect_language(signals.texts), screen, signals.speech_spans)


def first_showings(runs: Sequence[HeadlineRun]) -> list[HeadlineRun]:
    """The runs of headlines not shown before: one that comes back (a window's title after a
    screen share, a speaker's name) names no new chapter."""
    seen: set[str] = set()
    first = []
    for run in runs:
        if text_key(run.text) not in seen:
            first.append(run)
        seen.add(text_key(run.text))
    return first


def name_chapters(texts: Sequence[TimedText], spans: Sequence[tuple[float, float]],
                  runs: Sequence[HeadlineRun], language: str, screen: Screen | None = None,
                  speech_spans: Sequence[Span] = ()) -> list[Chapter]:
    """A title and a summary for each span: its headline (never a console's output), else the
    phrase after a spoken cue at its start, else the family of the commands it types, else
    the heading of its first screen, else its key phrase,
    else the family of the commands still on its screen;
    never text that does not read as a title (a prompt, a command line, a path, OCR noise, a
    window's or a person's name) nor one in another language. A chapter where a voice was
    heard (``speech_spans``) but nothing was transcribed clearly says so; it is never called silent."""
    documents = chapter_documents(texts, spans)
    weights = document_weights(documents)
    headlines = {text_key(v) for run in runs for v in run.variants}
    namer = _Namer.of(texts, spans, runs, language, screen or Screen.of(texts))
    chapters = []
    for i, ((start, end), document) in enumerate(zip(spans, documents), 1):
        said = (summary(document, weights, headlines) or _said_over(texts, start, end, weights)
                or _untranscribed(speech_spans, start, end, language) or _no_text(start, end, language))
        own = [t for t in document if t.source != "ocr" or text_key(t.text) not in namer.ignore]
        title = tidy_title(namer.title(start, end, key_phrase(own, weights)) or _placeholder(i, language))
        chapters.append(Chapter(start_seconds=start, end_seconds=end, title=title, summary=said))
    return chapters


@dataclass
class _Namer:
    """What names the chapters of one video, worked out once: its headlines that may name a
    chapter, spoken cues, typed commands, screens and the lines that name the window."""

    texts: Sequence[TimedText]
    runs: list[HeadlineRun]
    cues: list[Cue]
    commands: list[tuple[float, str]]
    screen: Screen
    ignore: set[str]
    language: str

    @classmethod
    def of(cls, texts: Sequence[TimedText], spans: Sequence[tuple[float, float]],
           runs: Sequence[HeadlineRun], language: str, screen: Screen) -> _Namer:
        others = _not_chapter_lines(texts, spans, runs, screen)
        chapter_runs = [r for r in runs if text_key(r.text) not in others]
        return cls(texts, chapter_runs, spoken_cues(texts), first_typed(texts), screen, others | screen.furniture, language)

    def title(self, start: float, end: float, phrase: str) -> str | None:
        """The first candidate that reads as a title in the video's language, None without one."""
        headline = headline_title(self.runs, start, end)
        spoken, typed = step_titles(cue_title(self.cues, start, end), command_title(self.commands, start, end, self.language))
        code = code_title(self.texts, start, end, self.language)
        ordered = [(headline if headline and not enumeration(headline) else None, True), (spoken, False), (code, False),
                   (typed, False),
                   (screen_title(self.screen, start, end, self.ignore), True), (phrase, False),
                   (shown_command_title(self.texts, start, end, self.language), False)]
        return next((t for t, on_screen in ordered if t and readable(t, shown=on_screen) and _in_language(t, self.language)), None)


def _not_chapter_lines(texts: Sequence[TimedText], spans: Sequence[tuple[float, float]],
                       runs: Sequence[HeadlineRun], screen: Screen) -> set[str]:
    """Keys of the lines that name no chapter of a video of several: the window's (an
    agenda's items aside: its highlight moves), the one card that opens the video and is its
    only headline, and a console's output."""
    if len(spans) < 2:
        return console_output(texts)
    others = window_lines(texts, spans[0][0], spans[-1][1]) - screen.moving
    if len({text_key(r.text) for r in runs}) == 1 and runs[0].first_seconds <= spans[0][0] + 1.0:
        others |= {text_key(v) for v in runs[0].variants} | {text_key(runs[0].text)}
    return others | console_output(texts)


def _in_language(title: str, language: str) -> bool:
    """Whether a title is written in the video's language: Chinese characters for Chinese,
    none for English (other languages are not checked)."""
    if language.startswith(("zh", "en")):
        return has_cjk(title) == language.startswith("zh")
    return True


def step_titles(spoken: str | None, typed: str | None) -> tuple[str | None, str | None]:
    """The spoken cue's phrase and the commands' family, better first: the narrator's words
    when they say all the family says, or say its work (its first word) in words mostly its
    own ("Make our first commit" beside "Commit the changes"); else the family (a misheard
    phrase, "Create a brand coordinator cupcake" or "Get all the dependencies", or one about
    something else cannot name a step the screen shows plainly)."""
    said, family = set(terms(spoken or "")), terms(typed or "")
    names_work = bool(family) and family[0] in said and 2 * len(said & set(family)) >= len(said)
    if spoken and typed and not (set(family) <= said or names_work):
        return typed, spoken
    return spoken, typed


def _said_over(texts: Sequence[TimedText], start: float, end: float, weights: dict[str, float]) -> str:
    """The central sentence of speech that runs over the span (a long segment whose middle
    lies in another chapter), so a narrated chapter is never summed up as silent; a short note
    when that speech was not heard clearly."""
    over = [t for t in texts if t.source != "ocr" and t.start_seconds < end and t.end_seconds > start]
    heard = heard_clearly(over)
    return (central_sentence(heard, weights) if any(sentences(t.text) for t in heard) else "") or unclear_speech(over)


def _untranscribed(speech_spans: Sequence[Span], start: float, end: float, language: str) -> str:
    """The note for speech not heard clearly, where a voice speaks through a good part of the
    span with no transcript (no recogniser for its language, or none that ran)."""
    spoken = covered([(s.start_seconds, s.end_seconds) for s in speech_spans], start, end)
    return unclear_note(language) if spoken >= max(2.0, _SPOKEN_SHARE * (end - start)) else ""


def tidy_title(title: str) -> str:
    """A title as a chapter list shows it: no full stop or colon after it (a line read off a
    slide, "ALL RIGHTS RESERVED."), an English one opening with a capital ("creative")."""
    title = title.strip().rstrip(".。:：;；,，").strip() or title.strip()
    return title if has_cjk(title[:1]) else title[:1].upper() + title[1:]


def _placeholder(index: int, language: str) -> str:
    return f"第{index}部分" if language.startswith("zh") else f"Part {index}"


def _no_text(start: float, end: float, language: str) -> str:
    if language.startswith("zh"):
        return f"{format_youtube(start)} 至 {format_youtube(end)} 的画面，没有文字或语音。"
    return f"Pictures without text or speech from {format_youtube(start)} to {format_youtube(end)}."
