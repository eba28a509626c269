"""Title quality: how well predicted chapter titles say what the true titles say.

Titles are compared as token sequences: lower-cased runs of letters and digits, with each
CJK character a token of its own (Chinese titles have no spaces), punctuation dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from vidmark.eval.metrics import f1_score

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (dynamic programming, one row kept)."""
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal = 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def rouge_l(pred: str, gold: str) -> float:
    """ROUGE-L F-measure (Lin 2004, "ROUGE: A Package for Automatic Evaluation of
    Summaries", section 3.1) with beta = 1, as the ``rouge_score`` package's ``fmeasure``:
    P = LCS / len(pred), R = LCS / len(gold), F = 2PR / (P + R). Both empty scores 1."""
    p, g = tokens(pred), tokens(gold)
    if not p and not g:
        return 1.0
    if not p or not g:
        return 0.0
    common = lcs_length(p, g)
    return f1_score(common / len(p), common / len(g))


def word_overlap(pred: str, gold: str) -> float:
    """Bag-of-words F1: tokens in common (with multiplicity) over the predicted and the gold
    count, combined as F1 (the token F1 of SQuAD's evaluation). Both empty scores 1."""
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    if not p and not g:
        return 1.0
    common = sum((p & g).values())
    if not common:
        return 0.0
    return f1_score(common / sum(p.values()), common / sum(g.values()))
