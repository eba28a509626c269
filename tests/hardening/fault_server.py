"""A model server that misbehaves on purpose, speaking the OpenAI chat protocol.

The request's ``model`` names the fault, so each video of a batch (its manifest line
carries its own engine options) meets its own: ``ok``, ``slow``, ``500-once``,
``429-once``, ``hang-once`` (answers after the client's timeout), ``reset-once`` (drops
the connection), ``truncated-once`` (HTTP 200 with half a JSON body), ``invalid-once``
(HTTP 200, not JSON at all), ``nonsense-once`` (valid JSON, an answer with no chapters),
``always-500`` and ``die`` (the server shuts down, as a crashed vLLM does). ``/api/chat`` answers
in Ollama's shape. ``-once``
faults hit the first request of that model and answer properly afterwards.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ANSWER = json.dumps({"chapters": [
    {"start_time": "00:00:00", "end_time": "00:00:02", "title": "Colour bars", "summary": "A test pattern."},
    {"start_time": "00:00:02", "end_time": "00:00:04", "title": "Still bars", "summary": "More pattern."},
]})


def completion(content: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1764150000, "model": "qwen3-vl",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 80, "total_tokens": 1080}}


class FaultServer:
    def __init__(self, port: int = 0, hang_seconds: float = 6.0, faulty: bool = True) -> None:
        self.hang_seconds, self.faulty = hang_seconds, faulty
        self.seen: Counter[str] = Counter()
        self.faults_injected = 0
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"

    def _fault(self, model: str) -> str:
        with self._lock:
            self.seen[model] += 1
            first = self.seen[model] == 1
        kind = model.removesuffix("-once") if self.faulty else "ok"
        fault = kind if (first or not model.endswith("-once")) and kind not in ("ok", "slow") else "ok"
        if fault != "ok":
            self.faults_injected += 1
        return "slow" if kind == "slow" else fault

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fault = server._fault(str(body.get("model", "ok")))
                try:
                    self._answer(fault)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

            def _answer(self, fault: str) -> None:
                if fault == "die":
                    threading.Thread(target=server.stop, daemon=True).start()
                    return self._reset()
                if fault == "reset":
                    return self._reset()
                if fault == "hang":
                    time.sleep(server.hang_seconds)
                if fault == "slow":
                    time.sleep(1.0)
                status, data = self._payload(fault)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(data)

            def _payload(self, fault: str) -> tuple[int, bytes]:
                ollama = {"model": "qwen3-vl", "message": {"role": "assistant", "content": ANSWER}, "done": True}
                good = json.dumps(ollama if self.path.endswith("/api/chat") else completion(ANSWER)).encode()
                if fault in ("500", "429"):
                    return int(fault), json.dumps({"error": {"message": f"injected {fault}", "code": int(fault)}}).encode()
                if fault == "always-500":
                    return 500, b'{"error": {"message": "injected 500", "code": 500}}'
                if fault == "truncated":
                    return 200, good[: len(good) // 2]
                if fault == "invalid":
                    return 200, b"<html>502 Bad Gateway</html>"
                if fault == "nonsense":
                    return 200, json.dumps(completion("I am sorry, I cannot watch videos.")).encode()
                return 200, good

            def _reset(self) -> None:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def start(self) -> FaultServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        try:
            self.stop()
        except OSError:
            pass
