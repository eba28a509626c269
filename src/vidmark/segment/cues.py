"""Spoken step cues: "now let's ...", "moving on to ...", "接下来 ..." open a new part.

A narrated screencast, a meeting or a lecture says where its parts begin: a sentence that
starts with a discourse cue ("next", "now let's", "moving on to", "first/then/finally";
in Chinese 接下来, 下面, 首先, 然后, 最后, 下一项) marks a step, and the words after the cue
("create a branch", "hiring") name it. A cue found at a sentence start is a ``cue`` hint at
the sentence's time (a strong cue says more than first/then, which narrations use freely);
its phrase is the chapter's title where nothing on screen names it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vidmark.model import TimedText
from vidmark.segment.text import STOP_WORDS, has_cjk, sentences

_LEAD = r"^(?:(?:and|so|okay|ok|alright|all right|right|well|great|good)\b[\s,]*)*"
_STRONG_EN = (r"now,? let'?s|let'?s now|next,? (?:let'?s|we'?ll|we will|we|i'?ll|up)|moving on(?: to)?|"
              r"let'?s move on(?: to)?|(?:the |our )?next (?:item|topic|point|step|thing)(?: on the agenda)?(?: is)?|"
              r"let'?s (?:turn|switch|go) to|turning to|switching to|let'?s talk about|let'?s look at|"
              r"now (?:we'?ll|we are going to|we'?re going to|i'?ll|i want to)|finally,?|lastly,?|"
              r"(?:the )?last (?:item|topic|thing|step)(?: is)?|step (?:\d+|one|two|three|four|five|six)\b[:,.]?|next\b,?")
_WEAK_EN = r"first,? (?:let'?s|we'?ll|we)|first,|then,? (?:let'?s|we'?ll|we)|after that,?|once that'?s done,?|now,"
_CUE_EN = re.compile(_LEAD + rf"(?P<strong>{_STRONG_EN})|" + _LEAD + rf"(?P<weak>{_WEAK_EN})", re.IGNORECASE)
_CUE_ZH = re.compile(r"^(?:(?:好的?|那么?|嗯|所以)[，,\s]*)?[，,\s]*"
                     r"(?:(?P<strong>接下来|下面|现在|下一个|下一项|下一步|(?:我们)?进入下一[个项]?(?:议题|话题|环节|部分)?|我们来看|再来看|最后|第[一二三四五六七八九十\d]+步)"
                     r"|(?P<weak>首先|然后|之后|随后))")
#: words before a cue's subject: helpers, articles, and the verbs of talking about something ("go
#: over the action items" is about the action items); a verb of doing stays ("look at the history")
_FILLER_EN = re.compile(r"^(?:(?:let'?s|to|is|are|we|i|you|will|going|gonna|can|should|need|have|go ahead and|take a(?= look)|"
                        r"talk about|go over|discuss|cover|today|for today|the|a|an|on|about|with|into|at)\b\s*)+", re.IGNORECASE)
_FILLER_ZH = re.compile(r"^(?:让|我们|咱们|来|要|就|是|开始|看看|看一下|看|讲|说|一下|谈谈|聊聊|讨论|[，,、：:\s])+")
_STOP_EN = re.compile(r"[,.;:!?]|\b(?:so that|so we|which|because|and then|and see|to see|where we|that we)\b", re.IGNORECASE)
_STOP_ZH = re.compile(r"[，。！？；：,.!?;:、]")
_MAX_WORDS = 6
#: words after which a phrase only adds detail ("create a branch | for the new feature")
_DETAIL = frozenset("for with using by from in into on of so to".split())
_MAX_CHARS = 12
#: how much a weak cue (first, then) says next to a strong one
WEAK_STRENGTH = 0.5


@dataclass(frozen=True)
class Cue:
    """A discourse cue at the start of a sentence, and the phrase after it."""

    time_seconds: float
    strength: float
    phrase: str


def find_cue(sentence: str) -> tuple[float, str] | None:
    """(strength, phrase after the cue) when the sentence opens with a cue."""
    cjk = has_cjk(sentence)
    match = (_CUE_ZH if cjk else _CUE_EN).match(sentence.strip())
    if not match:
        return None
    strength = 1.0 if match.group("strong") else WEAK_STRENGTH
    return strength, _phrase(sentence.strip()[match.end():], cjk)


def _phrase(rest: str, cjk: bool) -> str:
    """The words after a cue up to the end of the clause, without filler ("let's go ahead and")."""
    if cjk:
        rest = _FILLER_ZH.sub("", rest)
        return _STOP_ZH.split(rest, 1)[0][:_MAX_CHARS].strip()
    rest = _FILLER_EN.sub("", rest.strip(" ,"))
    words = _STOP_EN.split(rest, 1)[0].split()[:_MAX_WORDS]
    cut = next((i for i, w in enumerate(words) if i >= 2 and w.lower() in _DETAIL), len(words))
    while cut > 1 and words[cut - 1].lower() in STOP_WORDS:
        cut -= 1
    return " ".join(words[:cut])


def spoken_cues(texts: Sequence[TimedText]) -> list[Cue]:
    """Every cue opening a sentence of what is said (speech or subtitles), at the sentence's time."""
    found = []
    for text in texts:
        if text.source == "ocr":
            continue
        offset = 0
        for sentence in sentences(text.text):
            at = text.text.find(sentence, offset)
            offset = max(offset, at + len(sentence)) if at >= 0 else offset
            cue = find_cue(sentence)
            if cue:
                found.append(Cue(round(_time_at(text, max(at, 0)), 3), *cue))
    return sorted(found, key=lambda c: c.time_seconds)


def _time_at(text: TimedText, offset: int) -> float:
    """When the character at offset was said: its word's start, else proportionally."""
    if text.words:
        position = 0
        for word in text.words:
            position = text.text.find(word.text.strip(), position)
            if position >= offset or position < 0:
                return word.start_seconds
            position += len(word.text.strip())
        return text.words[-1].start_seconds
    share = offset / max(len(text.text), 1)
    return text.start_seconds + share * (text.end_seconds - text.start_seconds)


#: a cue said this long before a chapter's start opens it (speech runs ahead of the picture)
CUE_AHEAD_SECONDS = 2.0


def cue_title(cues: Sequence[Cue], start: float, end: float, within_seconds: float = 10.0) -> str | None:
    """The phrase of the strongest cue said in the first seconds of [start, end)."""
    near = [c for c in cues if start - CUE_AHEAD_SECONDS <= c.time_seconds < min(end, start + within_seconds) and c.phrase]
    if not near:
        return None
    best = max(near, key=lambda c: c.strength)
    phrase = best.phrase
    return phrase if has_cjk(phrase) else phrase[:1].upper() + phrase[1:]
