"""The ``openai`` engine: Qwen3-VL behind any OpenAI-compatible server (vLLM, SGLang,
LM Studio, DashScope's compatible mode, llama.cpp's server), via the official client.

Frames mode sends each frame as an ``image_url`` part preceded by a text part with its
time as Qwen3-VL was trained on (``<12.5 seconds>``): frames without markers lose the
model's timestamp alignment. Video mode (vLLM) sends the window as one ``video_url`` MP4
data URL with ``mm_processor_kwargs`` in the request body. The answer schema goes as
``response_format``; a server that refuses it is asked again with the prompt alone, except
llama-cpp-python's server, which takes a schema only as ``{"type": "json_object", "schema"}``
(its grammar then constrains the answer) and answers OpenAI's form with an HTTP 500 that
says so: that form is sent instead.
"""

from __future__ import annotations

import base64
import logging
import os
from typing import Any

import openai
from pydantic import Field, SecretStr

from vidmark.engines.qwen.engine import Completion, QwenEngine, QwenOptions
from vidmark.engines.qwen.request import QwenPrompt, answer_schema
from vidmark.engines.qwen.transport import RetryableError, StructuredOutputRefused, not_json, status_error
from vidmark.errors import EngineError
from vidmark.timecode import format_qwen

log = logging.getLogger(__name__)
_SCHEMA_WORDS = ("response_format", "json_schema", "guided", "structured", "grammar", "schema")


def _env_key() -> SecretStr | None:
    key = os.environ.get("VIDMARK_API_KEY") or os.environ.get("OPENAI_API_KEY")
    return SecretStr(key) if key else None


class OpenAIOptions(QwenOptions):
    base_url: str = Field(default="http://localhost:8000/v1", description="the server's /v1 URL")
    api_key: SecretStr | None = Field(default_factory=_env_key, description="default: VIDMARK_API_KEY or OPENAI_API_KEY")


class OpenAIEngine(QwenEngine):
    name = "openai"
    description = "Qwen3-VL on an OpenAI-compatible server (vLLM, SGLang, LM Studio, DashScope, llama.cpp)"
    Options = OpenAIOptions
    modes = ("frames", "video")
    text_only = True

    def __init__(self, options=None) -> None:
        super().__init__(options)
        o: OpenAIOptions = self.options  # type: ignore[assignment]
        key = o.api_key.get_secret_value() if o.api_key else "EMPTY"
        self._client = openai.OpenAI(base_url=o.base_url, api_key=key, timeout=o.timeout_seconds, max_retries=0)
        self._processor_kwargs = True
        self._json_object = False

    @property
    def endpoint(self) -> str:
        return self.options.base_url

    def build_body(self, prompt: QwenPrompt, structured: bool) -> dict[str, Any]:
        o: OpenAIOptions = self.options  # type: ignore[assignment]
        body: dict[str, Any] = {
            "model": o.model,
            "messages": [{"role": "user", "content": [*self._visual_parts(prompt), {"type": "text", "text": prompt.instruction}]}],
            "max_tokens": o.max_tokens,
        }
        if o.temperature is not None:
            body["temperature"] = o.temperature
        if structured:
            body["response_format"] = _response_format(answer_schema(), self._json_object)
        if prompt.mode == "video" and self._processor_kwargs:
            body["extra_body"] = {"mm_processor_kwargs": {"fps": prompt.clip_fps, "do_sample_frames": True}}
        return body

    def _visual_parts(self, prompt: QwenPrompt) -> list[dict[str, Any]]:
        if prompt.mode == "video":
            url = "data:video/mp4;base64," + base64.b64encode(prompt.clip()).decode()
            return [{"type": "video_url", "video_url": {"url": url}}]
        parts: list[dict[str, Any]] = []
        for image in prompt.images:
            url = "data:image/jpeg;base64," + base64.b64encode(image.jpeg).decode()
            parts += [{"type": "text", "text": format_qwen(image.timestamp_seconds)},
                      {"type": "image_url", "image_url": {"url": url}}]
        return parts

    def send(self, body: dict[str, Any]) -> Completion:
        o: OpenAIOptions = self.options  # type: ignore[assignment]
        try:
            response = self._client.chat.completions.create(**body)
        except openai.APITimeoutError:
            raise RetryableError(f"{o.base_url} did not answer within {o.timeout_seconds:g} s") from None
        except openai.APIConnectionError as exc:
            raise RetryableError(f"cannot connect to {o.base_url} ({exc.__cause__ or exc})") from None
        except openai.APIStatusError as exc:
            if "extra_body" in body and "mm_processor_kwargs" in _server_message(exc):
                return self._without_processor_kwargs(body, _server_message(exc))
            if _wants_json_object(body, exc):
                return self._as_json_object(body, _server_message(exc))
            raise self._status_error(exc, "response_format" in body) from None
        except ValueError as exc:  # the client's json.JSONDecodeError on a 200 with a broken body
            raise not_json(o.base_url, exc) from None
        if not response.choices:
            raise EngineError(f"{o.base_url} answered without a choice: {str(response)[:200]}")
        text = response.choices[0].message.content or ""
        usage = response.usage.model_dump(include={"prompt_tokens", "completion_tokens"}) if response.usage else {}
        return Completion(text=text, usage={k: v for k, v in usage.items() if isinstance(v, int)})

    def _without_processor_kwargs(self, body: dict[str, Any], message: str) -> Completion:
        """vLLM refuses per-request processor options unless started with
        --trust-request-mm-kwargs; the clip's own frame rate then stands (all its frames are
        used while it is at most the server's default 2 fps)."""
        log.warning("%s refused mm_processor_kwargs (%s); sending the clip without them", self.options.base_url, message[:120])
        self._processor_kwargs = False
        return self.send({key: value for key, value in body.items() if key != "extra_body"})

    def _as_json_object(self, body: dict[str, Any], message: str) -> Completion:
        log.warning("%s takes the schema as a json_object response format (%s); sending it so",
                    self.options.base_url, " ".join(message.split())[:120])
        self._json_object = True
        schema = body["response_format"]["json_schema"]["schema"]
        return self.send({**body, "response_format": _response_format(schema, json_object=True)})

    def _status_error(self, exc: openai.APIStatusError, structured: bool) -> EngineError:
        message = _server_message(exc)
        if structured and exc.status_code in (400, 422, 501) and any(w in message.lower() for w in _SCHEMA_WORDS):
            return StructuredOutputRefused(f"{self.options.base_url} refused the response schema: {message[:200]}")
        error = status_error(exc.status_code, message, self.options.base_url, self.options.model)
        if isinstance(error, RetryableError):
            error.retry_after_seconds = _retry_after(exc)
        return error


def _response_format(schema: dict[str, Any], json_object: bool) -> dict[str, Any]:
    """The OpenAI form, or llama-cpp-python's (``json_object`` with the schema beside it)."""
    if json_object:
        return {"type": "json_object", "schema": schema}
    return {"type": "json_schema", "json_schema": {"name": "chapters", "schema": schema}}


def _wants_json_object(body: dict[str, Any], exc: openai.APIStatusError) -> bool:
    """An error to a json_schema response format that names json_object as what it takes
    (llama-cpp-python's server answers HTTP 500 with its validation error)."""
    form = body.get("response_format") or {}
    return form.get("type") == "json_schema" and exc.status_code in (400, 422, 500) and "json_object" in _server_message(exc)


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        return str(message or body)
    return exc.message


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    try:
        return min(float(value), 60.0) if value else None
    except ValueError:
        return None
