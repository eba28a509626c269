"""The pipeline end to end with a scripted engine: windows in absolute time, degenerate
answers replaced, failed windows reported while finished ones are kept."""

from __future__ import annotations

import threading

import pytest

from vidmark import engines
from vidmark.engines import Engine, EngineRequest, EngineResult
from vidmark.errors import EngineError, PartialResultError
from vidmark.model import Chapter
from vidmark.pipeline import AnnotateOptions, annotate
from tests.conftest import make_clip  # noqa: E402  (helpers shared with conftest)


class Scripted(Engine):
    """Answers from a script: one chapter per 100 s of its window, titled by absolute time."""

    name = "scripted"
    default_window_seconds = 300
    requests: list[tuple[float, float]] = []
    fail_windows: set[float] = set()
    lock = threading.Lock()

    def annotate(self, request: EngineRequest) -> EngineResult:
        start, end = request.start_seconds, request.window_end_seconds
        with self.lock:
            self.requests.append((start, end))
        if round(start) in self.fail_windows:
            raise EngineError(f"server timed out for window at {start:.0f} s")
        times = [t for t in range(0, int(request.video.duration_seconds), 100) if start <= t < end] or [start]
        chapters = [Chapter(start_seconds=t, end_seconds=min(t + 100, end), title=f"Part at {int(t)}") for t in times]
        return EngineResult(chapters=chapters, model="script", usage={"tokens": 10})


class Degenerate(Engine):
    name = "degenerate"

    def annotate(self, request: EngineRequest) -> EngineResult:
        return EngineResult(chapters=[Chapter(start_seconds=i * 5, end_seconds=i * 5 + 5, title="A person talks")
                                      for i in range(12)])


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory):
    """A 20-minute clip, tiny and cheap (32x32 at 1 fps)."""
    return make_clip(tmp_path_factory.mktemp("long") / "long.mp4", duration=1200, size="32x32", rate=1,
                     source="testsrc", extra=("-g", "60"))


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setitem(engines._BUILTIN, "scripted", Scripted)
    monkeypatch.setitem(engines._BUILTIN, "degenerate", Degenerate)
    Scripted.requests = []
    Scripted.fail_windows = set()


@pytest.mark.slow
def test_windows_use_absolute_times_and_merge_into_one_list(long_clip):
    annotation = annotate(long_clip, AnnotateOptions(engine="scripted"))
    assert len(Scripted.requests) == 5
    starts = sorted(s for s, _ in Scripted.requests)
    assert starts[0] == 0 and max(e for _, e in Scripted.requests) == pytest.approx(1200)
    assert all(b - a <= 300 + 1e-6 for a, b in Scripted.requests)
    titles = [c.title for c in annotation.chapters]
    assert titles == [f"Part at {t}" for t in range(0, 1200, 100)]
    assert [c.start_seconds for c in annotation.chapters] == list(range(0, 1200, 100))
    assert annotation.run.usage["windows"] == 5 and annotation.run.usage["tokens"] == 50


@pytest.mark.slow
def test_failed_window_is_retried_reported_and_the_rest_kept(long_clip):
    Scripted.fail_windows = {225}
    with pytest.raises(PartialResultError, match="1 window") as caught:
        annotate(long_clip, AnnotateOptions(engine="scripted", window_retries=1))
    assert sum(1 for s, _ in Scripted.requests if round(s) == 225) == 2
    kept = caught.value.annotation
    assert kept.chapters[0].start_seconds == 0 and kept.chapters[-1].end_seconds == pytest.approx(1200)


def test_degenerate_answer_falls_back_to_other_boundaries(clip, monkeypatch):
    monkeypatch.setattr("vidmark.pipeline.FALLBACK_ENGINE", "scripted")
    annotation = annotate(clip, AnnotateOptions(engine="degenerate"))
    assert any("degenerate answer" in n for n in annotation.run.notes)
    assert any("fell back" in n for n in annotation.run.notes)
