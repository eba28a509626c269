"""The token calculator against values computed with transformers 5.19's own Qwen3-VL
``smart_resize`` functions (image: qwen2_vl; video: qwen3_vl), and the budget chooser."""

from __future__ import annotations

import pytest

from vidmark.engines.qwen.budget import (
    BudgetOptions,
    choose_sampling,
    image_tokens,
    smart_resize,
    smart_resize_video,
    video_tokens,
)
from vidmark.errors import ConfigError

IMAGE_CASES = [((720, 1280), (704, 1280)), ((1080, 1920), (1088, 1920)), ((480, 640), (480, 640)),
               ((352, 480), (352, 480)), ((100, 3000), (96, 3008)), ((40, 60), (224, 320)),
               ((2160, 3840), (2176, 3840))]
VIDEO_CASES = [((2, 720, 1280), (704, 1280)), ((150, 720, 1280), (288, 544)), ((300, 1080, 1920), (192, 384)),
               ((7, 352, 480), (352, 480)), ((768, 2160, 3840), (128, 224)), ((4, 40, 60), (32, 64)),
               ((4, 20, 60), (32, 96))]


@pytest.mark.parametrize(("size", "expected"), IMAGE_CASES)
def test_image_smart_resize_matches_transformers(size, expected):
    assert smart_resize(*size) == expected


@pytest.mark.parametrize(("args", "expected"), VIDEO_CASES)
def test_video_smart_resize_matches_transformers(args, expected):
    assert smart_resize_video(*args) == expected


def test_token_counts():
    # 704x1280 -> 44x80 patches of 16 px -> 3520 patches / (2x2 merge) = 880 tokens
    assert image_tokens(720, 1280) == 880
    # 4 frames = 2 temporal groups of 880 tokens; an odd count is padded to a whole group
    assert video_tokens(4, 720, 1280) == 1760
    assert video_tokens(7, 352, 480) == 4 * (22 * 30 // 4)


def test_too_elongated_is_refused():
    with pytest.raises(ConfigError, match="aspect ratio"):
        smart_resize(10, 2100)


@pytest.mark.parametrize("mode", ["frames", "video"])
@pytest.mark.parametrize("budget", [2048, 8192, 16384, 65536])
def test_choice_fits_the_budget(mode, budget):
    sampling = choose_sampling(300, 720, 1280, mode, BudgetOptions(max_visual_tokens=budget))
    assert sampling.visual_tokens <= budget
    assert sampling.height % 32 == 0 and sampling.width % 32 == 0
    cost = (sampling.frames * image_tokens(sampling.height, sampling.width) if mode == "frames"
            else video_tokens(sampling.frames, sampling.height, sampling.width))
    assert cost == sampling.visual_tokens


def test_bigger_budget_buys_bigger_frames_then_more_frames():
    small = choose_sampling(300, 720, 1280, "frames", BudgetOptions(max_visual_tokens=4096))
    default = choose_sampling(300, 720, 1280, "frames", BudgetOptions())
    big = choose_sampling(300, 720, 1280, "frames", BudgetOptions(max_visual_tokens=65536))
    assert small.frames < default.frames == big.frames == 150  # 0.5 fps over 300 s
    assert small.width <= default.width < big.width


def test_budget_too_small_names_the_need():
    with pytest.raises(ConfigError, match="too small for a 3600 s window"):
        choose_sampling(3600, 720, 1280, "frames", BudgetOptions(max_visual_tokens=200))
