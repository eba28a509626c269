"""Dry-run plans: the budget arithmetic pinned for a 30-minute 720p video in 300 s windows
at three budgets, windows sized by the kept frames, and the CLI's --dry-run."""

from __future__ import annotations

import pytest

from vidmark.cli import main
from vidmark.engines import EngineRequest, create_engine
from vidmark.model import VideoInfo, VideoStreamInfo
from vidmark.windowing import WindowOptions, plan_windows, windows_for

VIDEO = VideoInfo(path="lecture.mp4", size_bytes=1, container="mp4", duration_seconds=1800.0,
                  video=VideoStreamInfo(index=0, codec="h264", width=1280, height=720, fps=30.0))
REQUEST = EngineRequest(path="lecture.mp4", video=VIDEO)
FIVE_MINUTES = plan_windows(1800.0, 300.0, 30.0)


def _engine(**options):
    return create_engine("openai", {"api_key": None, "log_requests": False, **options})


@pytest.mark.parametrize(("budget", "frames", "size", "visual"), [
    (8192, 113, (384, 192), 8136),
    (16384, 150, (416, 224), 13650),  # the default budget
    (32768, 150, (608, 352), 31350),
])
def test_thirty_minute_720p_plans_in_five_minute_windows(budget, frames, size, visual):
    plan = _engine(max_visual_tokens=budget).plan(REQUEST, FIVE_MINUTES)
    assert [(w.window.start_seconds, w.window.end_seconds) for w in plan.windows] == [
        (i * 250.0, i * 250.0 + 300.0) for i in range(7)]
    assert {(w.sampling.frames, (w.sampling.width, w.sampling.height), w.sampling.visual_tokens)
            for w in plan.windows} == {(frames, size, visual)}
    assert plan.visual_tokens == 7 * visual


def test_default_cost_per_video_minute_in_five_minute_windows():
    plan = _engine().plan(REQUEST, FIVE_MINUTES)
    assert plan.visual_tokens / 30 == 3185  # 7 requests of 13,650 visual tokens
    assert "3185 visual tokens per video minute" in plan.render()


def test_windows_sized_by_the_budget_cost_no_more_than_five_minute_ones():
    """Every frame kept (a moving picture): frames of the same size, as many per request as
    16,384 visual tokens take (180 of 91 tokens), so fewer, longer windows."""
    engine = _engine(dedupe_threshold=0)
    windows = windows_for(engine, REQUEST, WindowOptions())
    plan = engine.plan(REQUEST, windows)
    assert len(windows) == 6 and {(w.sampling.width, w.sampling.height) for w in plan.windows} == {(416, 224)}
    assert all(w.sampling.frames <= 180 and w.sampling.visual_tokens <= 16384 for w in plan.windows)
    assert plan.visual_tokens_per_minute < 3185
    assert [t for w in plan.windows for t in w.frame_seconds][:3] == [1.0, 3.0, 5.0]


def test_cli_dry_run_prints_the_plan_without_a_server(clip, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["annotate", str(clip), "--engine", "openai", "--base-url", "http://127.0.0.1:9/v1",
              "--dry-run", "--max-visual-tokens", "4096"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "1 request(s)" in out and "00:00:04" in out and "frames at: 1.0 3.0" in out


def test_dry_run_refuses_other_engines(clip, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["annotate", str(clip), "--engine", "scenes", "--dry-run"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--dry-run plans the engines that send a model requests" in err and "openai" in err
