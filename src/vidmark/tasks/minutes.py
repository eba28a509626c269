"""Minutes of a meeting or talk from its chapters and what is said: topics, decisions, action items.

Topics are the chapters (title, summary, span). Decisions and action items are the
spoken (or subtitled) sentences that say so, found by the phrases people use for them
in English and Chinese; an action item's owner is the name that opens it ("Ada will
...", "Ada to ..."). Nothing is paraphrased: each item is a sentence as it was said.
"""

from __future__ import annotations

import re

from vidmark.model import Chapter, Minutes, MinutesItem, Signals
from vidmark.signals.reliability import readable

_DECISION = re.compile(
    r"\b(we (have )?(decided|agreed|chose|will go with)|(it is|it's) decided|decision is|agreed (to|that|on)|"
    r"let's go with|we('ll| will) (use|keep|adopt|switch))\b|决定|同意|通过了|确定了", re.IGNORECASE)
_ACTION = re.compile(
    r"\b(action item|to ?do|(will|needs? to|has to|must|should) (send|write|fix|check|prepare|review|call|update|"
    r"follow|schedule|book|draft|share|ask|finish|test|set up)|follow up|by (monday|tuesday|wednesday|thursday|friday|"
    r"next week|tomorrow|the end of))\b|负责|需要.{0,6}(完成|准备|发送|检查)|下周.{0,4}(完成|提交)|跟进", re.IGNORECASE)
_OWNER = re.compile(r"^(?:([A-Z][a-z]+)\s+(?:will|to|should|needs to|has to)\b|([\u4e00-\u9fff]{2,3}?)(?:负责|来做|会))")
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")


def minutes_from(chapters: list[Chapter], signals: Signals) -> Minutes:
    """The minutes of a video whose chapters are known."""
    said = [t for t in readable(signals.texts) if t.source in ("speech", "subtitles")]
    decisions, actions = [], []
    for text in said:
        for sentence in (s.strip() for s in _SENTENCE.split(text.text) if s.strip()):
            if _DECISION.search(sentence):
                decisions.append(MinutesItem(time_seconds=text.start_seconds, text=sentence))
            elif _ACTION.search(sentence):
                owner = _OWNER.match(sentence)
                actions.append(MinutesItem(time_seconds=text.start_seconds, text=sentence,
                                           owner=(owner.group(1) or owner.group(2)) if owner else ""))
    return Minutes(topics=chapters, decisions=decisions, action_items=actions)
