"""Words for matching, in English and Chinese alike: the one tokeniser of find, align and search.

Latin text splits into lower-case words (digits kept, apostrophes dropped); Chinese has
no spaces, so a run of CJK characters becomes its overlapping character bigrams (a lone
character stays itself), which match Chinese words without a dictionary and index well
in SQLite FTS5.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+|[^\W_]+(?:'[^\W_]+)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
STOPWORDS = frozenset(
    "a an the and or of to in on at for with by from is are was were be been it this that these those "
    "as into then than so do does did how what when where which who why we you i he she they our your "
    "can will just about there here its not no if up out should would could much many does has have".split()
)


def tokens(text: str) -> list[str]:
    """The text's words: lower-case Latin words and Chinese character bigrams, in order."""
    found: list[str] = []
    for piece in _TOKEN.findall(text.lower()):
        if _CJK.match(piece):
            found += [piece] if len(piece) == 1 else [piece[i : i + 2] for i in range(len(piece) - 1)]
        else:
            found.append(piece.replace("'", ""))
    return found


def content_tokens(text: str) -> list[str]:
    """:func:`tokens` without English function words (for queries and questions)."""
    words = tokens(text)
    kept = [w for w in words if w not in STOPWORDS]
    return kept or words


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """How alike two words are, 0..1: 1 when equal, the edit ratio for longer near-misses
    (plurals, recogniser slips), else 0."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < 4 or 2 * min(len(a), len(b)) < 0.8 * (len(a) + len(b)) or _CJK.match(a) or _CJK.match(b):
        return 0.0  # the second test: too different in length for an edit ratio of 0.8
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= 0.8 else 0.0
