"""The ``webui`` engine: a running Qwen3-VL Gradio WebUI, driven through ``gradio_client``.

This is the seed's workflow (upload a video, paste the prompt, copy the answer) done by
program: :func:`find_endpoint` reads the app's API with ``view_api`` and picks the predict
endpoint (the one named ``predict``, else the first that takes a video or file), then the
video is uploaded with the prompt and the sampling knobs the WebUI exposes
(``[video, prompt, temperature, top_p, max_new_tokens]``). A window that is the whole video
uploads the file itself; a shorter window uploads its frames as an MP4, whose clock starts
at 0, so answers are shifted back to whole-video time.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from vidmark.engines.base import EngineRequest
from vidmark.engines.qwen.engine import Completion, QwenEngine, QwenOptions
from vidmark.engines.qwen.request import QwenPrompt
from vidmark.engines.qwen.transport import RetryableError
from vidmark.errors import EngineError

_MEDIA_TYPES = ("video", "file", "filepath", "filedata")


class WebUIOptions(QwenOptions):
    base_url: str = Field(default="http://127.0.0.1:7860", description="the WebUI's address")
    model: str = "webui"
    input_mode: Literal["video"] = "video"
    api_name: str | None = Field(default=None, description="endpoint to call; default: found with view_api")
    top_p: float = Field(default=0.8, gt=0, le=1)
    structured_output: bool = False


class WebUIEngine(QwenEngine[WebUIOptions]):
    name = "webui"
    description = "Qwen3-VL behind its Gradio WebUI (gradio_client: upload the video, read the answer)"
    Options = WebUIOptions
    input_modes = ("video",)
    #: one upload and answer at a time, as a person at the WebUI would
    concurrent_calls = False

    def __init__(self, options: WebUIOptions | dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self._client: Any = None
        self._endpoint: tuple[str, list[str]] | None = None

    @property
    def endpoint(self) -> str:
        return self.options.base_url

    def _clip_shift(self, request: EngineRequest, first_frame_seconds: float) -> float:
        return 0.0 if self._covers_video(request) else first_frame_seconds

    def build_body(self, prompt: QwenPrompt, structured: bool) -> dict[str, Any]:
        o = self.options
        video = (prompt.video_path if prompt.covers_video
                 else "data:video/mp4;base64," + base64.b64encode(prompt.clip()).decode())
        return {"video": video, "prompt": prompt.instruction, "temperature": o.temperature or 0.0,
                "top_p": o.top_p, "max_new_tokens": o.max_tokens}

    def send(self, body: dict[str, Any]) -> Completion:
        from gradio_client import handle_file  # noqa: PLC0415 - the vidmark[webui] extra

        api_name, params = self._find()
        with tempfile.TemporaryDirectory() as scratch:
            video = _as_file(body["video"], Path(scratch))
            values = {"video": handle_file(video), "prompt": body["prompt"], "temperature": body["temperature"],
                      "top_p": body["top_p"], "max_new_tokens": body["max_new_tokens"]}
            args = [values.get(_role(p), None) for p in params]
            try:
                result = self._client.predict(*args, api_name=api_name)
            except Exception as exc:  # noqa: BLE001 - gradio_client raises plain exceptions for app errors
                raise RetryableError(f"{self.options.base_url} {api_name} failed: {exc}") from None
        return Completion(text=result if isinstance(result, str) else _text_of(result))

    def _find(self) -> tuple[str, list[str]]:
        if self._endpoint is None:
            self._client = _connect(self.options.base_url)
            self._endpoint = find_endpoint(self._client.view_api(print_info=False, return_format="dict"),
                                           self.options.api_name)
        return self._endpoint


def _connect(base_url: str) -> Any:
    try:
        from gradio_client import Client  # noqa: PLC0415
    except ImportError:
        raise EngineError("the webui engine needs gradio_client; install it with: pip install 'vidmark[webui]'") from None
    try:
        return Client(base_url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - connection and protocol errors come as many types
        raise RetryableError(f"cannot reach the Gradio WebUI at {base_url} ({exc})") from None


def find_endpoint(api: dict[str, Any], wanted: str | None) -> tuple[str, list[str]]:
    """(api_name, parameter names) of the predict endpoint in ``view_api``'s dict."""
    named = api.get("named_endpoints", {})
    if wanted:
        if wanted not in named:
            raise EngineError(f"the WebUI has no endpoint {wanted!r} (it has: {', '.join(named) or 'none'})")
        return wanted, [p["parameter_name"] for p in named[wanted]["parameters"]]
    takes_video = [name for name, spec in named.items()
                   if any(_is_media(p) for p in spec["parameters"])]
    ordered = [n for n in takes_video if "predict" in n] + takes_video
    if not ordered:
        raise EngineError(f"the WebUI has no endpoint that takes a video (endpoints: {', '.join(named) or 'none'})")
    return ordered[0], [p["parameter_name"] for p in named[ordered[0]]["parameters"]]


def _is_media(parameter: dict[str, Any]) -> bool:
    kind = (parameter.get("component") or "").lower()
    return kind in ("video", "file", "uploadbutton") or "filedata" in str(parameter.get("python_type", "")).lower()


def _role(parameter_name: str) -> str:
    """Which of the WebUI's inputs a parameter is, from its name."""
    name = parameter_name.lower()
    for role, words in (("video", ("video", "file", "media")), ("prompt", ("prompt", "text", "question", "query")),
                        ("temperature", ("temp",)), ("top_p", ("top_p", "topp")),
                        ("max_new_tokens", ("max", "token", "length"))):
        if any(word in name for word in words):
            return role
    return parameter_name


def _as_file(video: str, scratch: Path) -> str:
    if not video.startswith("data:"):
        return video
    path = scratch / "window.mp4"
    path.write_bytes(base64.b64decode(video.split(",", 1)[1]))
    return str(path)


def _text_of(result: Any) -> str:
    """The answer text in a tuple or chat-history result."""
    if isinstance(result, (list, tuple)) and result:
        return _text_of(result[-1])
    if isinstance(result, dict):
        return str(result.get("content") or result.get("value") or "")
    return str(result)
