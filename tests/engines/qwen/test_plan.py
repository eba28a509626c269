"""Dry-run plans, pinned for a 30-minute 720p video at three budgets (the pipeline's
windows: 300 s overlapping by 30 s or more), and the CLI's --dry-run."""

from __future__ import annotations

import pytest

from vidmark.cli import main
from vidmark.engines.qwen.engine import make_plan
from vidmark.engines.qwen.openai_compat import OpenAIOptions
from vidmark.model import VideoInfo, VideoStreamInfo
from vidmark.refine import plan_windows

VIDEO = VideoInfo(path="lecture.mp4", size_bytes=1, container="mp4", duration_seconds=1800.0,
                  video=VideoStreamInfo(index=0, codec="h264", width=1280, height=720, fps=30.0))
RANGES = [(w.start_seconds, w.end_seconds) for w in plan_windows(1800.0, 300.0, 30.0)]


@pytest.mark.parametrize(("budget", "frames", "size", "visual"), [
    (8192, 113, (384, 192), 8136),
    (16384, 150, (416, 224), 13650),  # the default budget
    (32768, 150, (608, 352), 31350),
])
def test_thirty_minute_720p_plans(budget, frames, size, visual):
    plan = make_plan("openai", OpenAIOptions(max_visual_tokens=budget, api_key=None), VIDEO, RANGES)
    assert [(w.window.start_seconds, w.window.end_seconds) for w in plan.windows] == [
        (i * 250.0, i * 250.0 + 300.0) for i in range(7)]
    assert {(w.sampling.frames, (w.sampling.width, w.sampling.height), w.sampling.visual_tokens)
            for w in plan.windows} == {(frames, size, visual)}
    assert plan.visual_tokens == 7 * visual


def test_default_cost_per_video_minute():
    plan = make_plan("openai", OpenAIOptions(api_key=None), VIDEO, RANGES)
    assert plan.visual_tokens / 30 == 3185  # 7 requests of 13,650 visual tokens
    assert "3185 visual tokens per video minute" in plan.render()


def test_engine_plan_splits_a_long_range_by_its_window(tmp_path):
    from vidmark.engines import create_engine

    engine = create_engine("openai", {"window_seconds": 600, "log_requests": False})
    assert [(w.window.start_seconds, w.window.end_seconds) for w in engine.plan(VIDEO).windows] == [
        (0, 600), (600, 1200), (1200, 1800)]
    assert len(engine.plan(VIDEO, 100, 1000).windows) == 1  # a pipeline window is one request


def test_cli_dry_run_prints_the_plan_without_a_server(clip, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["annotate", str(clip), "--engine", "openai", "--base-url", "http://127.0.0.1:9/v1",
              "--dry-run", "--max-visual-tokens", "4096"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "1 request(s)" in out and "00:00:04" in out


def test_dry_run_refuses_other_engines(clip, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["annotate", str(clip), "--engine", "scenes", "--dry-run"])
    assert exit_info.value.code == 2
    assert "--dry-run plans the Qwen3-VL engines" in capsys.readouterr().err
