"""Title comparison shared by the refinement steps: are two titles saying the same thing?"""

from __future__ import annotations

import difflib
import re

_WORD = re.compile(r"[\w']+", re.UNICODE)
_NUMBER = re.compile(r"\d+")


def title_key(title: str) -> str:
    """Lower-case words only, so punctuation and spacing do not make titles differ."""
    return " ".join(_WORD.findall(title.lower()))


def title_similarity(a: str, b: str) -> float:
    """0..1 similarity of two titles (character-level, so it also works for Chinese).

    Titles that carry different numbers ("Part 1", "Part 2") are never similar.
    """
    ka, kb = title_key(a), title_key(b)
    if _NUMBER.findall(ka) != _NUMBER.findall(kb):
        return 0.0
    if not ka or not kb:
        return 1.0 if ka == kb else 0.0
    return difflib.SequenceMatcher(None, ka, kb).ratio()
