"""The transformers engine for real: a tiny random Qwen3-VL with the real tokenizer, run
through the processor and generate() in the heavy test environment (a subprocess, so the
main venv stays free of torch). The text is noise; the test checks the code path, the
shapes, the timestamps handed to the processor and the token count against budget.py."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.engines.qwen.heavy_env import ROOT, heavy_env_vars
from vidmark.engines import create_engine
from vidmark.engines.qwen.budget import video_tokens
from vidmark.errors import EngineError

RUNNER = ROOT / "tests" / "engines" / "qwen" / "local" / "run_transformers.py"


@pytest.fixture(scope="session")
def tiny_run(heavy_python, tiny_model, clip) -> dict:
    done = subprocess.run([str(heavy_python), str(RUNNER), str(tiny_model), str(clip)], capture_output=True, text=True,
                          env=heavy_env_vars(), timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_tiny_model_runs_generate_with_true_timestamps(tiny_run):
    plan, times = tiny_run["plan"], tiny_run["frame_times"]
    assert plan["frames"] == len(times) == 8  # 2 fps over the 4 s clip
    pairs = [(times[i] + times[i + 1]) / 2 for i in range(0, len(times), 2)]
    # the processor writes one marker per 2-frame group: the mean of the pair's true times
    assert tiny_run["markers"][: len(pairs)] == [round(t, 1) for t in pairs]
    groups, grid_h, grid_w = tiny_run["video_grid_thw"][0]
    assert (groups, grid_h * 16, grid_w * 16) == (4, plan["height"], plan["width"])
    assert tiny_run["pixel_values_videos"] == [groups * grid_h * grid_w, 3 * 2 * 16 * 16]


@pytest.mark.slow
def test_token_count_matches_the_budget_calculator(tiny_run):
    plan = tiny_run["plan"]
    expected = video_tokens(plan["frames"], plan["height"], plan["width"])
    assert tiny_run["video_tokens_in_prompt"] == plan["visual_tokens"] == expected
    assert tiny_run["usage"]["visual_tokens"] == expected
    assert tiny_run["usage"]["completion_tokens"] <= 24 and tiny_run["usage"]["prompt_tokens"] > expected


@pytest.mark.slow
def test_noise_answer_goes_through_the_parser(tiny_run):
    assert isinstance(tiny_run["generated"], str)
    assert tiny_run["chapters"] or "holds no chapters" in tiny_run["annotate"]


def test_without_torch_the_error_names_the_extra(clip):
    try:
        import torch  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("torch is installed in this environment: the missing-extra message cannot show")
    engine = create_engine("transformers", {"model": "Qwen/Qwen3-VL-2B-Instruct", "log_requests": False})
    with pytest.raises(EngineError, match=r"pip install 'vidmark\[local\]'"):
        engine.send({"frames": [], "timestamps_seconds": [], "instruction": "", "max_new_tokens": 1})
