"""A real HTTP server on 127.0.0.1 for download tests: files with Range support, redirects,
and a log of every request (path and Range header), so a test sees what was fetched."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

TYPES = {".mp4": "video/mp4", ".vtt": "text/vtt", ".html": "text/html; charset=utf-8", ".srt": "application/x-subrip"}


@dataclass
class Site:
    """What the server serves and what it was asked."""

    files: dict[str, Path] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    unsized: set[str] = field(default_factory=set)  # paths sent without Content-Length, up to the close
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    url: str = ""

    def fetched(self, path: str) -> list[tuple[str, str, str | None]]:
        return [r for r in self.requests if r[1] == path and r[0] == "GET"]


def _handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
            self._answer(body=False)

        def do_GET(self) -> None:  # noqa: N802
            self._answer(body=True)

        def _answer(self, body: bool) -> None:
            path = self.path.split("?")[0]
            site.requests.append((self.command, path, self.headers.get("Range")))
            if path in site.redirects:
                self.send_response(302)
                self.send_header("Location", site.redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = site.files.get(path)
            if file is None:
                self.send_error(404)
                return
            data = file.read_bytes()
            start, status = self._range_start(len(data))
            self.send_response(status)
            self.send_header("Content-Type", TYPES.get(file.suffix, "application/octet-stream"))
            self.send_header("Accept-Ranges", "bytes")
            if path in site.unsized:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(data) - start))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.end_headers()
            if body:
                self.wfile.write(data[start:])

        def _range_start(self, size: int) -> tuple[int, int]:
            wanted = self.headers.get("Range", "")
            if wanted.startswith("bytes=") and wanted[6:].split("-")[0].isdigit():
                start = int(wanted[6:].split("-")[0])
                if start < size:
                    return start, 206
            return 0, 200

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (yt-dlp's generic extractor does) are no error


@contextmanager
def serving(site: Site, host: str = "127.0.0.1") -> Iterator[Site]:
    """Serve ``site`` on a free port of ``host`` (a loopback address) while the block runs."""
    server = _Server((host, 0), _handler(site))
    site.url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
