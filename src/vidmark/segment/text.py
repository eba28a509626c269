"""Words, sentences and term weights for the text of a video, in English or Chinese.

Segmentation, titles and summaries all compare bags of terms. English is split into
lower-case words without stop words and with a light suffix stemmer; Chinese has no spaces,
so its terms are character bigrams (plus single characters for one-character words), which
need no dictionary and work as well as word segmentation for lexical cohesion.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'+#-]*|[0-9]+(?:\.[0-9]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])\s*")

STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each even every few
    first for from further get gets getting go goes going got had has have having he her here
    hers him his how i if in into is it its itself just let lets like look make makes many me
    more most much must my next no nor not now of off on once one only or other our ours out
    over own really right same say see she should show shows so some such take than that the
    their theirs them then there these they thing things this those through to too two under
    until up us use used uses using very via want was way we well were what when where which
    while who whom why will with would yes yet you your yours okay ok um uh so now here's
    let's that's it's we'll we're you'll you're i'm don't can't""".split()
)
#: function characters of Chinese that carry no topic on their own
CJK_STOP = frozenset("的了是在我你他她它们这那就也和与及或而之都很还把被给对从到为以上下中个一不有没要会可能")

_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ies", "ed", "es", "ly", "s")


def has_cjk(text: str) -> bool:
    return bool(_CJK_RUN.search(text))


def stem(word: str) -> str:
    """A crude suffix stripper: enough to make 'naming', 'named', 'names' and 'name' one term."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def words(text: str) -> list[str]:
    """The content words of English text, lower-cased, stop words removed (not stemmed)."""
    return [w for w in (m.lower().strip("'-") for m in _WORD.findall(text)) if w and w not in STOP_WORDS and len(w) > 1]


def terms(text: str) -> list[str]:
    """Comparable terms of any text: stemmed English words and Chinese character bigrams."""
    found = [stem(w) for w in words(_CJK_RUN.sub(" ", text))]
    for run in _CJK_RUN.findall(text):
        chars = [c for c in run if c not in CJK_STOP]
        found.extend(a + b for a, b in zip(run, run[1:]) if a not in CJK_STOP or b not in CJK_STOP)
        if len(run) == 1 and chars:
            found.append(chars[0])
    return found


def sentences(text: str) -> list[str]:
    """Sentences of a text, split after end punctuation (Western or Chinese)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def idf(documents: Sequence[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each term over the documents."""
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(set(document))
    n = len(documents)
    return {term: math.log((1 + n) / (1 + df)) + 1.0 for term, df in counts.items()}


def cosine(a: Counter[str] | dict[str, float], b: Counter[str] | dict[str, float]) -> float:
    """Cosine similarity of two sparse term vectors (0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(term, 0.0) for term, value in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def weighted(counts: Counter[str], weights: dict[str, float]) -> dict[str, float]:
    """Term counts scaled by term weights (e.g. tf-idf)."""
    return {term: count * weights.get(term, 1.0) for term, count in counts.items()}
