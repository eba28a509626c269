"""Run the transformers engine on the tiny Qwen3-VL, inside the heavy test environment,
and print what the test checks as JSON: shapes, the markers the processor wrote, token
counts, the generated text and what the engine made of it.

Run: python run_transformers.py MODEL_DIR VIDEO   (PYTHONPATH=src)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import torchvision_shim  # noqa: E402 - before transformers imports torchvision

torchvision_shim.install()

from tiny_qwen3vl import build  # noqa: E402
from vidmark.engines import EngineRequest, create_engine  # noqa: E402
from vidmark.errors import VidmarkError  # noqa: E402
from vidmark.media import probe  # noqa: E402


def main(model_dir: Path, video: Path, device: str = "cpu") -> dict:
    if not (model_dir / "vidmark_tiny.json").exists():
        build(model_dir)
    engine = create_engine("transformers", {"model": str(model_dir), "device": device, "target_fps": 2,
                                            "max_tokens": 24, "log_requests": False})
    request = EngineRequest(path=str(video), video=probe(video))
    window = engine.plan(request, []).windows[0]
    prompt, _ = engine._prompt(request)
    body = engine.build_body(prompt, structured=False)
    model, processor = engine._model()
    inputs = engine.inputs(processor, body)
    text = processor.decode(inputs["input_ids"][0])
    completion = engine.send(body)
    try:
        chapters = [c.model_dump() for c in engine.annotate(request).chapters]
        outcome = "chapters"
    except VidmarkError as exc:
        chapters, outcome = [], str(exc)
    return {
        "device": str(model.device),
        "plan": window.sampling.model_dump(),
        "frame_times": body["timestamps_seconds"],
        "markers": [float(m) for m in re.findall(r"<([\d.]+) seconds>", text)],
        "pixel_values_videos": list(inputs["pixel_values_videos"].shape),
        "video_grid_thw": inputs["video_grid_thw"].tolist(),
        "video_tokens_in_prompt": int((inputs["input_ids"] == model.config.video_token_id).sum()),
        "usage": completion.usage,
        "generated": completion.text,
        "annotate": outcome,
        "chapters": chapters,
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:])))
