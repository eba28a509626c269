"""The ``webui`` engine: a running Qwen3-VL Gradio WebUI, driven through ``gradio_client``.

This is the seed's workflow (upload a video, paste the prompt, copy the answer) done by
program, on the two layouts such apps have, told apart by ``view_api`` (or ``layout``):

* ``seed``: one predict endpoint taking ``[video, prompt, temperature, top_p,
  max_new_tokens]`` and returning the answer text (:func:`find_endpoint`);
* ``chat``: the official Qwen3-VL web demo (``web_demo_mm.py``): a Chatbot whose
  conversation lives in a ``gr.State``, an upload button bound to ``add_file``, Submit bound
  to ``add_text`` then ``predict``. Each window is a fresh session (so no earlier window is
  in the history) that uploads, asks and reads the chatbot's last answer, which the demo
  writes as HTML (``<br>`` lines, ``<pre><code>`` fences, entities inside them):
  :func:`html_to_text` undoes that before the answer is parsed.

A window that is the whole video uploads the file itself; a shorter window uploads its
frames as an MP4, whose clock starts at 0, so answers are shifted back to whole-video time.
"""

from __future__ import annotations

import base64
import html
import re
import tempfile
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import Field

from vidmark.engines.base import EngineRequest
from vidmark.engines.qwen.engine import Completion, QwenEngine, QwenOptions
from vidmark.engines.qwen.plan import Window, WindowPlan
from vidmark.engines.qwen.request import QwenPrompt
from vidmark.engines.qwen.transport import RetryableError
from vidmark.errors import EngineError

_FILE_COMPONENTS = ("video", "file", "uploadbutton", "image")
_NOT_PREDICT = ("reset", "clear", "regen", "retry", "undo", "like", "stop")
_CODE_OPEN = re.compile(r'<pre><code(?:\s+class="language-([^"]*)")?>')
_CODE_CLOSE = re.compile(r"(?:<br>)?</code></pre>")
_BREAK = re.compile(r"<br\s*/?>")
Endpoint = tuple[str, list[dict[str, Any]]]


class WebUIOptions(QwenOptions):
    base_url: str = Field(default="http://127.0.0.1:7860", description="the WebUI's address")
    model: str = "webui"
    input_mode: Literal["video"] = "video"
    layout: Literal["auto", "chat", "seed"] = Field(
        default="auto", description="'chat': the official web demo; 'seed': one predict endpoint; auto: from view_api")
    api_name: str | None = Field(default=None, description="seed layout: endpoint to call; default: found with view_api")
    top_p: float = Field(default=0.8, gt=0, le=1)
    structured_output: bool = False
    concurrency: int = Field(default=1, ge=1)


class ChatLayout(NamedTuple):
    """The official demo's three steps: upload the file, add the question, predict."""

    upload: Endpoint
    text: Endpoint
    predict: Endpoint


class WebUIEngine(QwenEngine):
    name = "webui"
    description = "Qwen3-VL behind its Gradio WebUI (gradio_client: upload the video, read the answer)"
    Options = WebUIOptions
    modes = ("video",)

    def __init__(self, options=None) -> None:
        super().__init__(options)
        self._client: Any = None
        self._layout: Endpoint | ChatLayout | None = None
        self._video: tuple[str, float] | None = None

    @property
    def endpoint(self) -> str:
        return self.options.base_url

    def window_prompt(self, request: EngineRequest, wp: WindowPlan) -> QwenPrompt:
        self._video = (request.path, request.video.duration_seconds)
        return super().window_prompt(request, wp)

    def _clip_shift(self, window: Window, first_frame_seconds: float) -> float:
        return 0.0 if self._covers_video(window) else first_frame_seconds

    def _covers_video(self, window: Window) -> bool:
        return self._video is not None and window.start_seconds <= 0.05 and window.end_seconds >= self._video[1] - 0.05

    def build_body(self, prompt: QwenPrompt, structured: bool) -> dict[str, Any]:
        o: WebUIOptions = self.options  # type: ignore[assignment]
        video = (self._video[0] if self._video and self._covers_video(prompt.window)
                 else "data:video/mp4;base64," + base64.b64encode(prompt.clip()).decode())
        return {"video": video, "prompt": prompt.instruction, "temperature": o.temperature or 0.0,
                "top_p": o.top_p, "max_new_tokens": o.max_tokens}

    def send(self, body: dict[str, Any]) -> Completion:
        layout = self._find()
        with tempfile.TemporaryDirectory() as scratch:
            video = _as_file(body["video"], Path(scratch))
            if isinstance(layout, ChatLayout):
                return Completion(text=self._chat(layout, video, body["prompt"]))
            return Completion(text=self._predict(layout, video, body))

    def _predict(self, endpoint: Endpoint, video: str, body: dict[str, Any]) -> str:
        from gradio_client import handle_file  # noqa: PLC0415 - the vidmark[webui] extra

        api_name, params = endpoint
        values = {**body, "video": handle_file(video)}
        result = _call(self._client, api_name, [values.get(_role(p["parameter_name"])) for p in params])
        return result if isinstance(result, str) else _text_of(result)

    def _chat(self, layout: ChatLayout, video: str, prompt: str) -> str:
        """Upload, ask and predict in a session of its own (the demo keeps the conversation
        in the session's gr.State); the answer is the chatbot's last message, as text."""
        client = _connect(self.options.base_url)
        try:
            history: Any = []
            for api_name, params in layout:
                history = _chatbot_of(_call(client, api_name, [_chat_value(p, history, video, prompt) for p in params]))
        finally:
            client.close()
        return html_to_text(last_answer(history, self.options.base_url))

    def _find(self) -> Endpoint | ChatLayout:
        if self._layout is None:
            o: WebUIOptions = self.options  # type: ignore[assignment]
            self._client = _connect(o.base_url)
            self._layout = find_layout(self._client.view_api(print_info=False, return_format="dict"), o.layout, o.api_name)
        return self._layout


def _connect(base_url: str) -> Any:
    try:
        from gradio_client import Client  # noqa: PLC0415
    except ImportError:
        raise EngineError("the webui engine needs gradio_client; install it with: pip install 'vidmark[webui]'") from None
    try:
        return Client(base_url, verbose=False, download_files=False)
    except Exception as exc:  # noqa: BLE001 - connection and protocol errors come as many types
        raise RetryableError(f"cannot reach the Gradio WebUI at {base_url} ({exc})") from None


def _call(client: Any, api_name: str, args: list[Any]) -> Any:
    try:
        return client.predict(*args, api_name=api_name)
    except Exception as exc:  # noqa: BLE001 - gradio_client raises plain exceptions for app errors
        raise RetryableError(f"{client.src} {api_name} failed: {exc}") from None


def find_layout(api: dict[str, Any], layout: str = "auto", api_name: str | None = None) -> Endpoint | ChatLayout:
    """The app's layout in ``view_api``'s dict: the demo's chat steps, or the seed's
    predict endpoint. ``auto`` takes the chat layout when the app has one."""
    if layout == "seed" or (layout == "auto" and api_name):
        return find_endpoint(api, api_name)
    chat = find_chat(api)
    if chat is not None:
        return chat
    if layout == "chat":
        named = api.get("named_endpoints", {})
        raise EngineError("the WebUI has no chat layout (an endpoint taking the Chatbot and a file, one taking it and "
                          f"a Textbox, one taking it alone to predict); endpoints: {', '.join(named) or 'none'}")
    return find_endpoint(api, None)


def find_chat(api: dict[str, Any]) -> ChatLayout | None:
    """The upload, question and predict endpoints of a chat app, or None."""
    chat = {name: spec["parameters"] for name, spec in api.get("named_endpoints", {}).items()
            if any(_kind(p) == "chatbot" for p in spec["parameters"])}
    kinds = {name: {_kind(p) for p in params} for name, params in chat.items()}
    uploads = [n for n, k in kinds.items() if k & set(_FILE_COMPONENTS)]
    texts = [n for n, k in kinds.items() if "textbox" in k and not k & set(_FILE_COMPONENTS)]
    predicts = [n for n, k in kinds.items() if k == {"chatbot"} and not any(w in n.lower() for w in _NOT_PREDICT)]
    if not (uploads and texts and predicts):
        return None
    predicts.sort(key=lambda n: "predict" not in n.lower())
    return ChatLayout(*((n, chat[n]) for n in (uploads[0], texts[0], predicts[0])))


def find_endpoint(api: dict[str, Any], wanted: str | None) -> Endpoint:
    """(api_name, parameters) of the seed layout's predict endpoint in ``view_api``'s dict."""
    named = api.get("named_endpoints", {})
    if wanted:
        if wanted not in named:
            raise EngineError(f"the WebUI has no endpoint {wanted!r} (it has: {', '.join(named) or 'none'})")
        return wanted, named[wanted]["parameters"]
    takes_video = [name for name, spec in named.items() if any(_is_media(p) for p in spec["parameters"])
                   and not any(_kind(p) == "chatbot" for p in spec["parameters"])]
    ordered = [n for n in takes_video if "predict" in n] + takes_video
    if not ordered:
        raise EngineError(f"the WebUI has no endpoint that takes a video (endpoints: {', '.join(named) or 'none'})")
    return ordered[0], named[ordered[0]]["parameters"]


def _kind(parameter: dict[str, Any]) -> str:
    return (parameter.get("component") or "").lower()


def _is_media(parameter: dict[str, Any]) -> bool:
    return _kind(parameter) in ("video", "file", "uploadbutton") or "filedata" in str(parameter.get("python_type", "")).lower()


def _role(parameter_name: str) -> str:
    """Which of the WebUI's inputs a parameter is, from its name."""
    name = parameter_name.lower()
    for role, words in (("video", ("video", "file", "media")), ("prompt", ("prompt", "text", "question", "query")),
                        ("temperature", ("temp",)), ("top_p", ("top_p", "topp")),
                        ("max_new_tokens", ("max", "token", "length"))):
        if any(word in name for word in words):
            return role
    return parameter_name


def _chat_value(parameter: dict[str, Any], history: Any, video: str, prompt: str) -> Any:
    from gradio_client import handle_file  # noqa: PLC0415

    kind = _kind(parameter)
    if kind == "chatbot":
        return _with_local_files(history, handle_file(video))
    if kind in _FILE_COMPONENTS:
        return handle_file(video)
    if kind == "textbox":
        return prompt
    return parameter.get("parameter_default")


def _with_local_files(history: Any, upload: dict[str, Any]) -> Any:
    """The chatbot value to send back, its files pointing at the local upload: gradio_client
    uploads every file it is given from this machine, and the session's only file is ours."""
    if isinstance(history, dict):
        if history.get("meta", {}).get("_type") == "gradio.FileData":
            return upload
        return {key: _with_local_files(value, upload) for key, value in history.items()}
    if isinstance(history, (list, tuple)):
        return [_with_local_files(item, upload) for item in history]
    return history


def _chatbot_of(result: Any) -> Any:
    """The chatbot value among an endpoint's outputs (a list of messages or pairs)."""
    if isinstance(result, tuple):
        return next((value for value in result if isinstance(value, list)), [])
    return result


def last_answer(history: Any, base_url: str) -> str:
    """The text of the chatbot's last reply: the bot side of the last (user, bot) pair, or
    the last assistant message (content a string or a list of text parts)."""
    last = history[-1] if isinstance(history, list) and history else None
    if isinstance(last, dict) and last.get("role") == "assistant":
        content = last.get("content")
        parts = content if isinstance(content, list) else [content]
        text = "".join(p if isinstance(p, str) else str(p.get("text") or "") for p in parts if isinstance(p, (str, dict)))
    elif isinstance(last, (list, tuple)) and len(last) == 2 and isinstance(last[1], str):
        text = last[1]
    else:
        text = ""
    if not text.strip():
        raise RetryableError(f"the Gradio WebUI at {base_url} put no answer in its chatbot")
    return text


def html_to_text(answer: str) -> str:
    """The model's words behind the demo's HTML: ``<br>`` back to newlines, ``<pre><code>``
    back to a fence, entities (``&nbsp;``, ``&lt;``, ``&#45;``...) and ``\\``` undone."""
    text = _CODE_OPEN.sub(lambda m: "\n```" + (m.group(1) or "") + "\n", answer)
    text = _BREAK.sub("\n", _CODE_CLOSE.sub("\n```\n", text)).replace("\\`", "`")
    return html.unescape(text).replace("\xa0", " ")


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
