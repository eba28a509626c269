"""Our boundary metrics against an independent implementation: the chunkseg package.

chunkseg 0.4's ``evaluate`` (timestamps mode, ``chunk_size=1``) computes the collar
precision/recall/F1 directly and Pk/WindowDiff through segeval on a one-second grid;
ours must give the same numbers on the same inputs.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vidmark.eval.metrics import collar_prf
from vidmark.eval.windows import pk, window_diff

chunkseg = pytest.importorskip("chunkseg", reason="chunkseg is a test extra (pip install 'vidmark[test]')")


def _chunkseg(gold: list[float], pred: list[float], duration: float, collar: float) -> dict:
    return chunkseg.evaluate(pred, gold, duration, chunk_size=1.0, collar=collar)


def _assert_same(gold: list[float], pred: list[float], duration: float) -> None:
    for collar in (3.0, 5.0):
        theirs = _chunkseg(gold, pred, duration, collar)
        ours = collar_prf([b for b in gold if b > 0], [b for b in pred if b > 0], collar)
        assert (ours.precision, ours.recall, ours.f1) == (
            theirs["collar_precision"], theirs["collar_recall"], theirs["collar_f1"])
    assert pk(gold, pred, duration) == pytest.approx(theirs["pk"], abs=1e-12)
    assert window_diff(gold, pred, duration) == pytest.approx(theirs["window_diff"], abs=1e-12)


@pytest.mark.parametrize(("gold", "pred", "duration"), [
    ([30.0, 75.0], [32.0, 70.0], 120.0),
    ([5.0], [], 10.0),
    ([], [], 60.0),
    ([], [12.0, 40.0], 60.0),
    ([10.0], [9.0, 11.0], 20.0),
    ([10.0, 14.0], [12.5, 11.0], 30.0),
    ([0.0, 20.0], [0.0, 21.5], 45.5),
])
def test_hand_cases_agree_with_chunkseg(gold: list[float], pred: list[float], duration: float) -> None:
    _assert_same(gold, pred, duration)


_times = st.lists(st.floats(min_value=0.0, max_value=1.0, allow_nan=False), max_size=12)


# Up to 500 s: segeval's WindowDiff compares window lengths with `is`, which fails for
# windows of 256 units or more (CPython caches small ints only), and chunkseg then reports 1.
@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(duration=st.floats(min_value=3.0, max_value=500.0, allow_nan=False), gold=_times, pred=_times,
       snap=st.booleans())
def test_generated_cases_agree_with_chunkseg(duration: float, gold: list[float], pred: list[float], snap: bool) -> None:
    scale = (lambda x: round(x * duration)) if snap else (lambda x: x * duration)
    gold_b, pred_b = [float(scale(x)) for x in gold], [float(scale(x)) for x in pred]
    # chunkseg clips a boundary exactly on the last whole second into the chunk before it
    assume(math.floor(duration) not in gold_b + pred_b)
    _assert_same(gold_b, pred_b, duration)
