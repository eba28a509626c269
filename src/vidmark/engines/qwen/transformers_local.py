"""The ``transformers`` engine: Qwen3-VL run in-process with Hugging Face transformers.

The window's frames go to the processor as one video tensor, with metadata that makes the
processor's own time markers the frames' true whole-video times (indices in milliseconds
at 1000 fps), so the model reads ``<12.5 seconds>`` exactly as it was trained to, with two
frames per temporal group. Needs the ``vidmark[local]`` extra (torch, transformers); the
model is a hub id or a local folder and is loaded on first use.
"""

from __future__ import annotations

import base64
import io
import threading
from typing import Any, ClassVar, Literal

import numpy as np
from PIL import Image
from pydantic import Field

from vidmark.engines.qwen.engine import Completion, QwenEngine, QwenOptions
from vidmark.engines.qwen.request import QwenPrompt
from vidmark.errors import EngineError

#: the processor's timestamps are index / fps: milliseconds at 1000 fps are the true times
_TICKS_PER_SECOND = 1000


class TransformersOptions(QwenOptions):
    model: str = Field(default="Qwen/Qwen3-VL-2B-Instruct", description="hub id or local folder")
    input_mode: Literal["video"] = "video"
    device: str = Field(default="auto", description="auto, cpu, cuda, cuda:1, mps")
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    structured_output: bool = False


class TransformersEngine(QwenEngine[TransformersOptions]):
    name = "transformers"
    description = "Qwen3-VL in-process with transformers (vidmark[local]: torch + transformers)"
    Options = TransformersOptions
    input_modes = ("video",)
    #: one generate() at a time: windows are run one after the other
    concurrent_calls = False
    video_times_absolute: ClassVar[bool] = True

    def __init__(self, options: TransformersOptions | dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self._loaded: tuple[Any, Any] | None = None
        self._lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"local:{self.options.device}"

    def build_body(self, prompt: QwenPrompt, structured: bool) -> dict[str, Any]:
        return {
            "instruction": prompt.instruction,
            "timestamps_seconds": [image.timestamp_seconds for image in prompt.images],
            "frames": ["data:image/jpeg;base64," + base64.b64encode(image.jpeg).decode() for image in prompt.images],
            "max_new_tokens": self.options.max_tokens,
        }

    def send(self, body: dict[str, Any]) -> Completion:
        with self._lock:
            model, processor = self._model()
            inputs = self.inputs(processor, body).to(model.device)
            output = model.generate(**inputs, max_new_tokens=body["max_new_tokens"], do_sample=False)
        new = output[0, inputs["input_ids"].shape[1]:]
        video_token = model.config.video_token_id
        usage = {"prompt_tokens": int(inputs["input_ids"].shape[1]), "completion_tokens": int(new.shape[0]),
                 "visual_tokens": int((inputs["input_ids"] == video_token).sum())}
        return Completion(text=processor.decode(new, skip_special_tokens=True), usage=usage)

    def inputs(self, processor: Any, body: dict[str, Any]) -> Any:
        """The processor's tensors for a built request: one video with true timestamps."""
        from transformers.video_utils import VideoMetadata  # noqa: PLC0415

        import torch  # noqa: PLC0415

        frames = np.stack([_decode(url) for url in body["frames"]])
        video = torch.from_numpy(frames).permute(0, 3, 1, 2)  # T x C x H x W, uint8
        indices = [round(t * _TICKS_PER_SECOND) for t in body["timestamps_seconds"]]
        metadata = VideoMetadata(total_num_frames=indices[-1] + 1, fps=_TICKS_PER_SECOND, frames_indices=indices,
                                 width=video.shape[3], height=video.shape[2])
        messages = [{"role": "user", "content": [{"type": "video"}, {"type": "text", "text": body["instruction"]}]}]
        text = processor.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        extra = {"cap_pixels_per_frame": False} if hasattr(processor.video_processor, "cap_pixels_per_frame") else {}
        return processor(text=[text], videos=[video], video_metadata=[metadata], do_sample_frames=False,
                         return_tensors="pt", **extra)

    def _model(self) -> tuple[Any, Any]:
        if self._loaded is None:
            self._loaded = _load(self.options)
        return self._loaded


def _decode(data_url: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("RGB"))


def _load(options: TransformersOptions) -> tuple[Any, Any]:
    try:
        import torch  # noqa: PLC0415
        from transformers import AutoProcessor, Qwen3VLForConditionalGeneration  # noqa: PLC0415
    except ImportError as exc:
        raise EngineError(f"the transformers engine needs torch and transformers ({exc}); "
                          "install them with: pip install 'vidmark[local]'") from None
    dtype = "auto" if options.dtype == "auto" else getattr(torch, options.dtype)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if options.device == "auto" else options.device
    try:
        model = Qwen3VLForConditionalGeneration.from_pretrained(options.model, dtype=dtype).to(device).eval()
        processor = AutoProcessor.from_pretrained(options.model)
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot load Qwen3-VL from {options.model!r}: {str(exc).splitlines()[0]}") from None
    return model, processor
