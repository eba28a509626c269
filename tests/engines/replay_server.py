"""A real HTTP server that speaks the OpenAI and Ollama chat protocols and answers from a
script: each request gets the next scripted reply (status, JSON body in the shape the
real servers return, optional delay and headers), or the reply a function makes of the
request. Requests are kept for inspection."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import BaseModel, Field


class Reply(BaseModel):
    status: int = 200
    body: Any = None
    delay_seconds: float = 0.0
    headers: dict[str, str] = Field(default_factory=dict)


def openai_reply(content: str, prompt_tokens: int = 1200, completion_tokens: int = 80, finish: str = "stop") -> Reply:
    """A chat.completion as vLLM returns it."""
    return Reply(body={
        "id": "chatcmpl-7f3a", "object": "chat.completion", "created": 1764150000, "model": "Qwen/Qwen3-VL-8B-Instruct",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "tool_calls": []},
                     "logprobs": None, "finish_reason": finish, "stop_reason": None}],
        "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens + completion_tokens,
                  "completion_tokens": completion_tokens, "prompt_tokens_details": None},
    })


def openai_error(status: int, message: str, kind: str = "BadRequestError", **headers: str) -> Reply:
    """An error as vLLM's OpenAI server returns it."""
    return Reply(status=status, body={"error": {"message": message, "type": kind, "param": None, "code": status}},
                 headers=headers)


def ollama_reply(content: str) -> Reply:
    """A non-streamed /api/chat answer as Ollama returns it."""
    return Reply(body={
        "model": "qwen3-vl:8b", "created_at": "2026-11-26T11:00:00.000000Z",
        "message": {"role": "assistant", "content": content}, "done_reason": "stop", "done": True,
        "total_duration": 5_191_566_416, "load_duration": 2_154_458, "prompt_eval_count": 1530,
        "prompt_eval_duration": 383_809_000, "eval_count": 92, "eval_duration": 4_232_710_000,
    })


class ReplayServer:
    """``with ReplayServer([...]) as server:`` then point a client at ``server.url``."""

    def __init__(self, replies: list[Reply], respond: Callable[[dict[str, Any]], Reply] | None = None) -> None:
        self.replies = list(replies)
        self.respond = respond
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(request)
                server.paths.append(self.path)
                if server.respond is not None:
                    reply = server.respond(request)
                else:
                    reply = server.replies.pop(0) if server.replies else Reply(status=500, body={"error": "script exhausted"})
                time.sleep(reply.delay_seconds)
                data = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def __enter__(self) -> ReplayServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
