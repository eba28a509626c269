"""The ``ollama`` engine: Qwen3-VL served by Ollama, through its own /api/chat.

Ollama takes no video, so frames go as base64 ``images`` on user messages, each message
carrying the frame's time marker as its text (``<12.5 seconds>``); ``format`` carries the
answer's JSON schema. Uses httpx (the ``vidmark[ollama]`` extra).
"""

from __future__ import annotations

import base64
from typing import Any

import httpx
from pydantic import Field

from vidmark.engines.qwen.engine import Completion, QwenEngine, QwenOptions
from vidmark.engines.qwen.request import QwenPrompt, answer_schema
from vidmark.engines.qwen.transport import RetryableError, StructuredOutputRefused, not_json, status_error
from vidmark.errors import EngineError
from vidmark.timecode import format_qwen


class OllamaOptions(QwenOptions):
    base_url: str = Field(default="http://localhost:11434", description="Ollama's address")
    model: str = "qwen3-vl:8b"
    num_ctx: int | None = Field(default=None, ge=512, description="Ollama's context length option")


class OllamaEngine(QwenEngine[OllamaOptions]):
    name = "ollama"
    description = "Qwen3-VL served by Ollama (/api/chat with images and a JSON-schema format)"
    Options = OllamaOptions
    text_only = True

    @property
    def endpoint(self) -> str:
        return self.options.base_url

    def build_body(self, prompt: QwenPrompt, structured: bool) -> dict[str, Any]:
        o = self.options
        messages = [{"role": "user", "content": format_qwen(image.timestamp_seconds),
                     "images": [base64.b64encode(image.jpeg).decode()]} for image in prompt.images]
        messages.append({"role": "user", "content": prompt.instruction})
        options: dict[str, Any] = {"num_predict": o.max_tokens}
        if o.temperature is not None:
            options["temperature"] = o.temperature
        if o.num_ctx:
            options["num_ctx"] = o.num_ctx
        body: dict[str, Any] = {"model": o.model, "messages": messages, "stream": False, "options": options}
        if structured:
            body["format"] = answer_schema()
        return body

    def send(self, body: dict[str, Any]) -> Completion:
        o = self.options
        url = o.base_url.rstrip("/") + "/api/chat"
        try:
            response = httpx.post(url, json=body, timeout=o.timeout_seconds)
        except httpx.TimeoutException:
            raise RetryableError(f"{o.base_url} did not answer within {o.timeout_seconds:g} s") from None
        except httpx.TransportError as exc:
            raise RetryableError(f"cannot connect to {o.base_url} ({exc})") from None
        if response.status_code >= 400:
            raise self._status_error(response, "format" in body)
        try:
            data = response.json()
        except ValueError as exc:
            raise not_json(o.base_url, exc) from None
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            raise EngineError(f"{o.base_url} answered without a message: {response.text[:200]}")
        usage = {"prompt_tokens": data.get("prompt_eval_count"), "completion_tokens": data.get("eval_count")}
        return Completion(text=message.get("content") or "", usage={k: v for k, v in usage.items() if isinstance(v, int)})

    def _status_error(self, response: httpx.Response, structured: bool) -> EngineError:
        try:
            message = str(response.json().get("error", response.text))
        except ValueError:
            message = response.text
        if structured and response.status_code == 400 and "format" in message.lower():
            return StructuredOutputRefused(f"{self.options.base_url} refused the JSON-schema format: {message[:200]}")
        return status_error(response.status_code, message, self.options.base_url, self.options.model)
