"""On-screen headlines: which text line names what is on screen, and when it changes.

OCR gives every line of every sampled frame with its box. A slide's title is large and near
the top; a caption strip (a section label at the bottom of a demo) is the most prominent line
that is not always there. Lines present in nearly every frame (a logo, a watermark, axis
labels) are furniture and never a headline. The headline of each OCR moment is laid out on
a timeline of runs; a run that gives way to a different headline is a title change, unless
the two share a topic (the same title, a continuation, a shared prefix before a colon).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from vidmark.model import TimedText
from vidmark.segment.quality import console, is_command_line, is_sentence
from vidmark.segment.text import has_cjk, terms

#: a line present at this share of OCR moments or more is furniture, not a headline
FURNITURE_SHARE = 0.8
#: fewer OCR moments than this cannot tell furniture from a screen that did not change
FURNITURE_MOMENTS = 3
_TOP = 0.3
#: added to a highlighted line's prominence: more than any line's size can give
HIGHLIGHT_SCORE = 10.0
#: a headline seen once for less than this is a misread mid-transition, not a slide
GLIMPSE_SECONDS = 1.5
_EPSILON = 1e-3
_ENUMERATOR = re.compile(r"^(?:\d{1,2}[.)、:]|[-•*·▶►▸●○]|[a-hA-H][.)])\s*(?=\S)")
_KEY = re.compile(r"[\W_]+", re.UNICODE)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_PREFIX = re.compile(r"\s*(?:[:|\u2013\u2014\uff1a]|\s-\s|\()")
_CONTINUATION = re.compile(
    r"\s*(?:\(\s*\d+\s*(?:/|of)\s*\d+\s*\)|\(?\s*(?:cont(?:inued|'d|\.)?|part\s*\d+|\d+\s*/\s*\d+)\s*\)?|（续）|（\d+/\d+）)\s*$",
    re.IGNORECASE,
)


@dataclass
class HeadlineRun:
    """One headline on screen from its first to its last sighting."""

    text: str
    first_seconds: float
    last_seconds: float
    top: bool
    sightings: int = 1
    #: when the headline was last visible (the end of its last OCR line's span)
    until_seconds: float = 0.0
    #: moments the screen changed below the headline while it stayed
    kept_seconds: list[float] = field(default_factory=list)
    variants: Counter[str] = field(default_factory=Counter)
    #: the headline is the highlighted item of a list (the list itself stays on screen)
    highlighted: bool = False

    @property
    def shown_until_seconds(self) -> float:
        """When the headline was last on screen: its last sighting, or the end of its line's span."""
        return max(self.last_seconds, self.until_seconds)


def text_key(text: str) -> str:
    return _KEY.sub("", text.lower())


def clean_title(text: str) -> str:
    """A headline without continuation marks such as '(2/3)' or '(cont.)' or a list's numbering."""
    text = _ENUMERATOR.sub("", text.strip()) or text.strip()
    return _CONTINUATION.sub("", text).strip() or text


def long_enough(topic: str) -> bool:
    """Whether a title prefix can name a topic: two Chinese characters, or three letters."""
    return len(topic) >= (2 if has_cjk(topic) else 3)


def same_topic(a: str, b: str) -> bool:
    """Whether two headlines name the same topic (near-equal, or the same part before ':')."""
    ka, kb = text_key(clean_title(a)), text_key(clean_title(b))
    if not ka or not kb:
        return False
    if ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.8:
        return True
    pa, pb = text_key(_PREFIX.split(a, 1)[0]), text_key(_PREFIX.split(b, 1)[0])
    prefixed = len(_PREFIX.split(a, 1)) > 1 or len(_PREFIX.split(b, 1)) > 1
    return prefixed and long_enough(pa) and pa == pb


def continues(headline: str, seen: set[str]) -> bool:
    """Whether most terms of a new headline were already said or shown: a subtopic, not a new topic."""
    wanted = set(terms(clean_title(headline)))
    return bool(wanted) and len(wanted & seen) > len(wanted) / 2


def ocr_moments(texts: Sequence[TimedText]) -> list[tuple[float, list[TimedText]]]:
    """The OCR lines visible at each moment a line appears (spans or per-frame entries alike)."""
    ocr = sorted((t for t in texts if t.source == "ocr" and t.text.strip()), key=lambda t: t.start_seconds)
    moments = sorted({round(t.start_seconds, 3) for t in ocr})
    return [(m, [t for t in ocr if t.start_seconds <= m + _EPSILON and (m + _EPSILON < t.end_seconds or abs(t.start_seconds - m) <= _EPSILON)])
            for m in moments]


def furniture(moments: Sequence[tuple[float, list[TimedText]]]) -> set[str]:
    """Keys of lines seen at nearly every moment, except top lines (a title that stays is a title).

    OCR lines come as spans that open a moment only when the screen's text changes, so a still
    picture whose caption changes twice gives three moments: a line seen at all of them (a logo
    beside the caption) stayed while the rest changed, which is what furniture is."""
    if len(moments) < FURNITURE_MOMENTS:
        return set()
    counts = Counter(key for _, lines in moments for key in {text_key(t.text) for t in lines if not _score(t)[1]})
    return {key for key, n in counts.items() if n >= FURNITURE_SHARE * len(moments)}


def _score(line: TimedText) -> tuple[float, bool]:
    if line.box is None:
        return 0.05, False
    _, y, _, height = line.box
    top = y + height / 2 < _TOP
    return height * (2.0 if top else 1.0), top


def headline_of(lines: Sequence[TimedText], ignore: set[str],
                moving: set[str] = frozenset()) -> tuple[TimedText, bool] | None:
    """The most prominent line that is not furniture and has a few letters: (line, is_top).
    The highlighted item of a list (the agenda's current point: an item in ``moving``, seen
    highlighted and plain, so the highlight moves) outranks every other line; a
    screen showing command lines is a console, whose lines are output, never headlines; a
    burnt-in subtitle (a whole sentence) is what is said, not a headline."""
    if console([line.text for line in lines]):
        return None
    best: tuple[float, TimedText, bool] | None = None
    for line in lines:
        key = text_key(line.text)
        current = line.highlighted and key in moving
        if (key in ignore and not current) or is_command_line(line.text) or is_sentence(line.text) or not long_enough(key) or sum(c.isalpha() for c in key) < 2:
            continue
        score, top = _score(line)
        if current:
            score, top = score + HIGHLIGHT_SCORE, True
        if best is None or score > best[0]:
            best = (score, line, top)
    return (best[1], best[2]) if best else None


@dataclass
class Screen:
    """The OCR moments of a video and its furniture, worked out once."""

    moments: list[tuple[float, list[TimedText]]]
    furniture: set[str]
    #: list items seen both highlighted and plain: a highlight that moves (an agenda), not a
    #: button that always stands out
    moving: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, texts: Sequence[TimedText]) -> Screen:
        moments = ocr_moments(texts)
        shown = [t for t in texts if t.source == "ocr"]
        moving = {text_key(t.text) for t in shown if t.highlighted} & {text_key(t.text) for t in shown if not t.highlighted}
        return cls(moments, furniture(moments), moving)

    def lines_at(self, time_seconds: float) -> set[str]:
        """Keys of the non-furniture lines on screen at the last OCR moment up to the time."""
        shown: list[TimedText] = []
        for moment, lines in self.moments:
            if moment > time_seconds + _EPSILON:
                break
            shown = lines
        return {key for key in (text_key(t.text) for t in shown) if key not in self.furniture}


def headline_runs(texts: Sequence[TimedText], screen: Screen | None = None) -> list[HeadlineRun]:
    """Runs of the same headline over time, with one-moment misreads folded back in."""
    screen = screen or Screen.of(texts)
    runs: list[HeadlineRun] = []
    shown: set[str] = set()
    for moment, lines in screen.moments:
        found = headline_of(lines, screen.furniture, screen.moving)
        keys, changed = {text_key(t.text) for t in lines}, shown
        shown = keys
        if found is None:
            continue
        line, top = found
        text = line.text.strip()
        if runs and _same_headline(runs[-1], text):
            run = runs[-1]
            run.last_seconds, run.sightings = moment, run.sightings + 1
            run.top = run.top or top
            if keys != changed:
                run.kept_seconds.append(moment)
        else:
            runs.append(HeadlineRun(text, moment, moment, top, highlighted=text_key(text) in screen.moving and line.highlighted))
        runs[-1].variants[text] += 1
        runs[-1].until_seconds = max(runs[-1].until_seconds, line.end_seconds)
    return _fold_flicker([run for run in runs if not _glimpse(run)])


def _glimpse(run: HeadlineRun) -> bool:
    """A headline read once and gone within a moment: a frame caught mid-transition."""
    return run.sightings == 1 and run.until_seconds - run.first_seconds < GLIMPSE_SECONDS


def _same_headline(run: HeadlineRun, text: str) -> bool:
    """Near-equal, or equal but for a clock in it (a meeting's title beside its timer: "Sync 00:23")."""
    before = run.variants.most_common(1)[0][0] if run.variants else run.text
    unclocked = text_key(_CLOCK.sub("", before))
    if _CLOCK.search(text) and long_enough(unclocked) and unclocked == text_key(_CLOCK.sub("", text)):
        return True
    return difflib.SequenceMatcher(None, text_key(before), text_key(text)).ratio() >= 0.85


def _fold_flicker(runs: list[HeadlineRun]) -> list[HeadlineRun]:
    """Join runs of the same headline that a dropped glimpse or a single misread between
    them split apart."""
    folded: list[HeadlineRun] = []
    for run in runs:
        if len(folded) >= 2 and folded[-1].sightings == 1 and _same_headline(folded[-2], run.text):
            folded.pop()
        if folded and _same_headline(folded[-1], run.text):
            _join(folded[-1], run)
            continue
        folded.append(run)
    for run in folded:
        run.text = run.variants.most_common(1)[0][0] if run.variants else run.text
    return folded


def _join(previous: HeadlineRun, run: HeadlineRun) -> None:
    previous.last_seconds, previous.sightings = run.last_seconds, previous.sightings + run.sightings
    previous.until_seconds = max(previous.until_seconds, run.until_seconds)
    previous.kept_seconds += run.kept_seconds
    previous.variants.update(run.variants)
