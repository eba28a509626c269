"""On-screen text: RapidOCR (PP-OCR models shipped in its wheel) on onnxruntime.

Each recognised line keeps its box as fractions of the frame and its confidence, so a
slide title (tall text near the top) can be told from body text. The PP-OCR model reads
Chinese and English alike. Reading a frame costs about half a second on a CPU, so the
caller decides which few frames are worth it (see :mod:`vidmark.signals.visual`).

The models run in ONNX Runtime sessions whose worker threads sleep when they have nothing
to do: by default they spin, and the speech process runs beside the visual pass, so on two
cores a spinning OCR thread burns the core speech needs (measured on a busy 2-core machine:
a third more CPU for the same text).
"""

from __future__ import annotations

import numpy as np

from vidmark.errors import EngineError
from vidmark.model import TimedText
from vidmark.resources import thread_limit

MIN_CONFIDENCE = 0.6
#: ONNX Runtime settings of the OCR sessions (see the module's docstring)
_CALM_THREADS = {"session.intra_op.allow_spinning": "0", "session.inter_op.allow_spinning": "0"}


class TextReader:
    """A loaded OCR model; load once, read many frames."""

    def __init__(self, max_side: int = 960) -> None:
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # the default install has it; a broken one gets a clear line
            raise EngineError(f"on-screen text needs rapidocr and onnxruntime ({exc})") from None
        params = {
            "Global.log_level": "warning",
            "Global.use_cls": False,  # video text is upright; the angle classifier only costs time
            "Det.limit_type": "max",
            "Det.limit_side_len": max_side,
        }
        if thread_limit():
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = thread_limit()
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = thread_limit()
        self._ocr = RapidOCR(params=params)
        _calm_sessions(self._ocr)

    def read(self, image: np.ndarray, start_seconds: float, end_seconds: float) -> list[TimedText]:
        """The text lines in an RGB frame, as OCR TimedTexts over the given span."""
        result = self._ocr(np.ascontiguousarray(image[:, :, ::-1]))
        if result.txts is None or result.boxes is None:
            return []
        height, width = image.shape[:2]
        lines = []
        for text, score, corners in zip(result.txts, result.scores, result.boxes):
            text = " ".join(str(text).split())
            if not text or float(score) < MIN_CONFIDENCE:
                continue
            lines.append(TimedText(
                start_seconds=start_seconds, end_seconds=end_seconds, text=text, source="ocr",
                confidence=round(float(score), 3), box=_fractions(np.asarray(corners), width, height),
            ))
        return sorted(lines, key=lambda t: (round(t.box[1], 2), t.box[0]))


def _calm_sessions(ocr) -> None:
    """Rebuild the detection and recognition sessions of a RapidOCR with threads that do not
    spin and a memory arena (rapidocr turns it off; the models' inputs change size per frame
    and line, and allocating each run's buffers anew costs time); the same models and
    thread counts, so the same text. Left as they are where rapidocr's inside differs."""
    import onnxruntime

    for model in (ocr._load_det_model(), ocr._load_rec_model()):
        runner = getattr(model, "session", None)
        built = getattr(runner, "session", None)
        path = getattr(built, "_model_path", None)
        if not isinstance(built, onnxruntime.InferenceSession) or not isinstance(path, str):
            continue
        options = built.get_session_options()
        options.enable_cpu_mem_arena = True
        for key, value in _CALM_THREADS.items():
            options.add_session_config_entry(key, value)
        runner.session = onnxruntime.InferenceSession(path, sess_options=options, providers=built.get_providers())


def _fractions(corners: np.ndarray, width: int, height: int) -> tuple[float, float, float, float]:
    """(x, y, w, h) of the axis-aligned box around four corners, as fractions of the frame."""
    x0, y0 = np.clip(corners.min(axis=0), 0, [width, height])
    x1, y1 = np.clip(corners.max(axis=0), 0, [width, height])
    return (round(x0 / width, 4), round(y0 / height, 4), round((x1 - x0) / width, 4), round((y1 - y0) / height, 4))
