"""Evaluation: how close predicted chapters are to true ones, by the field's own metrics.

:mod:`vidmark.eval.metrics`, :mod:`vidmark.eval.windows` and :mod:`vidmark.eval.titles`
hold the metrics as pure functions, each citing the code it follows;
:mod:`vidmark.eval.scoring` scores one video and averages many;
:mod:`vidmark.eval.inputs` pairs prediction and gold files.
"""

from vidmark.eval.scoring import EvalReport, VideoScores, evaluate_pairs, score_video

__all__ = ["EvalReport", "VideoScores", "evaluate_pairs", "score_video"]
