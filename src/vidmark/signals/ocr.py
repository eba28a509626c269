"""On-screen text: RapidOCR (PP-OCR models shipped in its wheel) on onnxruntime.

Each recognised line keeps its box as fractions of the frame and its confidence, so a
slide title (tall text near the top) can be told from body text. The PP-OCR model reads
Chinese and English alike. Reading a frame costs about half a second on a CPU, so the
caller decides which few frames are worth it (see :mod:`vidmark.signals.visual`).

The models run in ONNX Runtime sessions whose worker threads sleep when they have nothing
to do: by default they spin, and the speech process runs beside the visual pass, so on two
cores a spinning OCR thread burns the core speech needs (measured on a busy 2-core machine:
a third more CPU for the same text).

Between two reads of a screencast most lines stay as they were, and recognising a line
costs more than finding it, so each read recognises only the lines whose picture changed:
a line cut out at about the same size as one of the read before, with no part of it changed
beyond the codec's noise, keeps that line's text and score (:class:`_LineMemo`).
"""

from __future__ import annotations

import numpy as np

from vidmark.errors import EngineError
from vidmark.model import TimedText
from vidmark.resources import thread_limit

MIN_CONFIDENCE = 0.6
#: ONNX Runtime settings of the OCR sessions (see the module's docstring)
_CALM_THREADS = {"session.intra_op.allow_spinning": "0", "session.inter_op.allow_spinning": "0"}
#: a line's picture is unchanged when no square block of it moved more than this on average
#: (0..255; a codec's noise on still text is 1-2, a changed character tens)
SAME_BLOCK_LEVELS = 4.0
#: ... and its box the same size within this many pixels
SIZE_SLACK = 3


class TextReader:
    """A loaded OCR model; load once, read many frames."""

    def __init__(self, max_side: int = 960) -> None:
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:  # the default install has it; a broken one gets a clear line
            raise EngineError(f"on-screen text needs rapidocr and onnxruntime ({exc})") from None
        params = {
            "Global.log_level": "error",  # "no text found" is a warning there; a picture is often without text
            "Global.use_cls": False,  # video text is upright; the angle classifier only costs time
            "Det.limit_type": "max",
            "Det.limit_side_len": max_side,
        }
        if thread_limit():
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = thread_limit()
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = thread_limit()
        self._ocr = RapidOCR(params=params)
        _calm_sessions(self._ocr)
        self._ocr.text_rec = _LineMemo(self._ocr._load_rec_model())

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


class _LineMemo:
    """RapidOCR's recogniser, asked only about the lines whose picture changed since the read
    before (see the module's docstring); called by RapidOCR in its place."""

    def __init__(self, recognizer) -> None:
        self.recognizer = recognizer
        self._last: list[tuple[np.ndarray, str, float]] = []

    def __call__(self, request):
        from rapidocr.ch_ppocr_rec.typings import TextRecInput, TextRecOutput

        crops = [request.img] if isinstance(request.img, np.ndarray) else list(request.img)
        found = [self._recall(crop) for crop in crops]
        missed = [i for i, known in enumerate(found) if known is None]
        if missed:
            fresh = self.recognizer(TextRecInput(img=[crops[i] for i in missed]))
            for i, text, score in zip(missed, fresh.txts, fresh.scores):
                found[i] = (text, score)
        self._last = [(crop, text, score) for crop, (text, score) in zip(crops, found)]
        return TextRecOutput(crops, tuple(text for text, _ in found), tuple(score for _, score in found),
                             tuple(None for _ in found), 0.0)

    def _recall(self, crop: np.ndarray) -> tuple[str, float] | None:
        for before, text, score in self._last:
            if same_picture(before, crop):
                return text, score
        return None


def same_picture(a: np.ndarray, b: np.ndarray, tolerance: float = SAME_BLOCK_LEVELS) -> bool:
    """Whether two crops of a line show the same thing: sizes within SIZE_SLACK pixels (the
    detector's box moves by a pixel or two as a line scrolls), and, centred on each other and
    shifted by at most a pixel, no square block (the line's height on a side, about a
    character) of their grey levels differs by more than tolerance on average."""
    if abs(a.shape[0] - b.shape[0]) > SIZE_SLACK or abs(a.shape[1] - b.shape[1]) > SIZE_SLACK:
        return False
    grey_a, grey_b = (np.asarray(x, dtype=np.float32).reshape(*x.shape[:2], -1).mean(axis=2) for x in (a, b))
    height, width = min(a.shape[0], b.shape[0]) - 2, min(a.shape[1], b.shape[1]) - 2
    if height < 1 or width < 1:
        return False
    top_a, left_a = (a.shape[0] - height) // 2, (a.shape[1] - width) // 2
    top_b, left_b = (b.shape[0] - height) // 2, (b.shape[1] - width) // 2
    centre = grey_a[top_a:top_a + height, left_a:left_a + width]
    return any(_largest_block_change(centre, grey_b[top_b + dy:top_b + dy + height, left_b + dx:left_b + dx + width]) <= tolerance
               for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def _largest_block_change(a: np.ndarray, b: np.ndarray) -> float:
    """The largest mean absolute difference over square blocks of two equal-sized grey images."""
    columns = np.abs(a - b).mean(axis=0)
    side = max(1, a.shape[0])
    starts = np.arange(0, columns.size, side)
    return float((np.add.reduceat(columns, starts) / np.diff([*starts, columns.size])).max())


def _fractions(corners: np.ndarray, width: int, height: int) -> tuple[float, float, float, float]:
    """(x, y, w, h) of the axis-aligned box around four corners, as fractions of the frame."""
    x0, y0 = np.clip(corners.min(axis=0), 0, [width, height])
    x1, y1 = np.clip(corners.max(axis=0), 0, [width, height])
    return (round(x0 / width, 4), round(y0 / height, 4), round((x1 - x0) / width, 4), round((y1 - y0) / height, 4))
