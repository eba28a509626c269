"""Every safety rule of the service, checked in-process and against a real `vidmark serve`:
loopback unless a token is set, the bearer token, the upload limit, streamed uploads,
paths confined to the media roots, CORS off unless configured, and JSON 4xx errors."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.service.conftest import VIDMARK, Server, make_settings, wait_for_job
from vidmark.errors import ConfigError
from vidmark.service import ServiceSettings, create_app

TOKEN = "s3cret-token-for-tests"
ALLOWED_ORIGIN = "https://allowed.example"
UPLOAD_LIMIT_MB = 1


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory, scenes_clip: Path) -> Path:
    """A media root with a video, a symlink inside it, and a symlink that escapes it."""
    base = tmp_path_factory.mktemp("roots")
    root, outside = base / "root", base / "outside"
    root.mkdir(), outside.mkdir()
    shutil.copy(scenes_clip, root / "video.mp4")
    shutil.copy(scenes_clip, outside / "secret.mp4")
    (root / "inside-link.mp4").symlink_to(root / "video.mp4")
    (root / "escape-link.mp4").symlink_to(outside / "secret.mp4")
    (root / "escape-dir").symlink_to(outside)
    return root


@pytest.fixture(scope="module", params=["in-process", "subprocess"])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, media_root: Path) -> Iterator[httpx.Client]:
    """A client (without the token) for a server with a token, a media root, a 1 MB upload
    limit and one CORS origin: the app in-process, or a real `vidmark serve`."""
    data = tmp_path_factory.mktemp("data")
    if request.param == "in-process":
        settings = make_settings(data, token=TOKEN, media_roots=[media_root], max_upload_mb=UPLOAD_LIMIT_MB,
                                 cors_origins=[ALLOWED_ORIGIN])
        with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
            yield client
        return
    server = Server(data, "--host", "0.0.0.0", "--token", TOKEN, "--media-root", str(media_root),
                    "--max-upload-mb", str(UPLOAD_LIMIT_MB), "--cors-origin", ALLOWED_ORIGIN)
    server.start()
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client
    server.stop()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert "Traceback" not in response.text
    return response.json()["error"]["message"]


# ---- loopback and token ------------------------------------------------------------------

@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_public_bind_without_token_is_refused(host: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="refusing to listen on .* without a token"):
        ServiceSettings(host=host, data_dir=tmp_path)
    assert ServiceSettings(host=host, token=TOKEN, data_dir=tmp_path).token == TOKEN


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_needs_no_token(host: str, tmp_path: Path) -> None:
    assert ServiceSettings(host=host, data_dir=tmp_path).token is None


def test_cli_refuses_public_bind_without_token(tmp_path: Path) -> None:
    result = subprocess.run([str(VIDMARK), "serve", "--host", "0.0.0.0", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr.startswith("vidmark: error: refusing to listen on '0.0.0.0' without a token")
    assert "Traceback" not in result.stderr


def test_token_is_required(api: httpx.Client) -> None:
    assert "bearer token" in _error(api.get("/v1/jobs"), 401)
    assert _error(api.get("/v1/jobs", headers={"Authorization": "Bearer wrong-token-x"}), 401)
    assert _error(api.post("/api/predict", json={"data": ["x"]}), 401)
    assert api.get("/v1/jobs", headers=AUTH).status_code == 200
    assert api.get("/v1/jobs", params={"access_token": TOKEN}).status_code == 200
    assert api.get("/").status_code == 200  # the page itself holds no data; it asks for the token


# ---- upload size and streaming ---------------------------------------------------------------

def _multipart(size: int, chunk: int = 64 * 1024) -> tuple[str, Iterator[bytes]]:
    boundary = "vidmarktestboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"engine\"\r\n\r\nscenes\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp4\"\r\n"
            "Content-Type: video/mp4\r\n\r\n").encode()

    def body() -> Iterator[bytes]:
        yield head
        for offset in range(0, size, chunk):
            yield b"\x00" * min(chunk, size - offset)
        yield f"\r\n--{boundary}--\r\n".encode()

    return f"multipart/form-data; boundary={boundary}", body()


def test_upload_over_the_limit_is_413(api: httpx.Client) -> None:
    too_big = UPLOAD_LIMIT_MB * 1024 * 1024 + 1
    message = _error(api.post("/v1/jobs", headers=AUTH, files={"file": ("big.mp4", b"\x00" * too_big)}), 413)
    assert "over the limit" in message
    # streamed without a Content-Length: cut off while it streams
    content_type, body = _multipart(too_big * 3)
    assert "over the limit" in _error(api.post("/v1/jobs", headers={**AUTH, "Content-Type": content_type}, content=body), 413)
    assert api.get("/v1/jobs", headers=AUTH).json() == []


def test_upload_under_the_limit_is_taken(api: httpx.Client) -> None:
    content_type, body = _multipart(UPLOAD_LIMIT_MB * 1024 * 1024 - 4096)
    response = api.post("/v1/jobs", headers={**AUTH, "Content-Type": content_type}, content=body)
    assert response.status_code == 201, response.text
    job = wait_for_job(lambda path: api.get(path, headers=AUTH), response.json()["id"])
    assert job["state"] == "failed" and job["error_status"] == 422  # zeros are not a video
    assert "not a readable media file" in job["error"]
    assert api.delete(f"/v1/jobs/{job['id']}", headers=AUTH).json()["state"] == "deleted"


# ---- server-side paths ------------------------------------------------------------------------

@pytest.mark.parametrize("path, status, message", [
    ("../outside/secret.mp4", 403, "contains '..'"),
    ("escape-link.mp4", 403, "outside the media roots"),
    ("escape-dir/secret.mp4", 403, "outside the media roots"),
    ("/etc/passwd", 403, "outside the media roots"),
    ("missing.mp4", 400, "no such video file"),
])
def test_paths_are_confined_to_media_roots(api: httpx.Client, media_root: Path, path: str, status: int, message: str) -> None:
    response = api.post("/v1/jobs", headers=AUTH, json={"path": path, "engine": "scenes"})
    assert message in _error(response, status)


def test_paths_inside_the_root_work(api: httpx.Client, media_root: Path) -> None:
    for path in ("inside-link.mp4", str(media_root / "video.mp4")):
        response = api.post("/v1/jobs", headers=AUTH, json={"path": path, "engine": "scenes"})
        assert response.status_code == 201, response.text
        assert api.delete(f"/v1/jobs/{response.json()['id']}", headers=AUTH).status_code == 200
    assert sorted(api.get("/v1/media", headers=AUTH).json()) == ["inside-link.mp4", "video.mp4"]


def test_paths_disabled_without_media_roots(client: TestClient) -> None:
    # the `client` fixture has a media root; a server without one refuses every path
    app = create_app(make_settings(Path(client.app.state.settings.data_dir).parent / "noroots"))
    with TestClient(app) as bare:
        assert "--media-root" in _error(bare.post("/v1/jobs", json={"path": "video.mp4"}), 403)


# ---- CORS --------------------------------------------------------------------------------------

def test_cors_only_for_the_configured_origin(api: httpx.Client) -> None:
    allowed = api.get("/v1/info", headers={**AUTH, "Origin": ALLOWED_ORIGIN})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    other = api.get("/v1/info", headers={**AUTH, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_cors_off_by_default(client: TestClient) -> None:
    response = client.get("/v1/info", headers={"Origin": ALLOWED_ORIGIN})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/v1/jobs", headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


# ---- errors are JSON 4xx ----------------------------------------------------------------------

def test_bad_requests_get_json_4xx(api: httpx.Client) -> None:
    cases = [
        (api.post("/v1/jobs", headers={**AUTH, "Content-Type": "application/json"}, content=b"{not json"), 400, "not valid JSON"),
        (api.post("/v1/jobs", headers={**AUTH, "Content-Type": "text/plain"}, content=b"x"), 400, "multipart/form-data"),
        (api.post("/v1/jobs", headers={**AUTH, "Content-Type": "multipart/form-data"}, content=b"x"), 400, "boundary"),
        (api.post("/v1/jobs", headers=AUTH, json={"path": "video.mp4", "engine": "nope"}), 400, "unknown engine 'nope'"),
        (api.post("/v1/jobs", headers=AUTH, json={"path": "video.mp4", "engine": "scenes", "engine_options": {"threshold": 7}}), 400, "bad option for engine 'scenes'"),
        (api.post("/v1/jobs", headers=AUTH, json={"path": "video.mp4", "engine": "scenes", "model": "x"}), 400, "has no 'model' option"),
        (api.post("/v1/jobs", headers=AUTH, json={"path": "video.mp4", "colour": "red"}), 400, "colour"),
        (api.post("/v1/jobs", headers=AUTH, json={}), 400, "no video"),
        (api.post("/v1/jobs", headers=AUTH, files={"video": ("a.mp4", b"x")}), 400, "form field 'file'"),
        (api.post("/v1/jobs", headers=AUTH, files={"file": ("empty.mp4", b"")}), 400, "is empty"),
        (api.get("/v1/jobs/0123456789abcdef", headers=AUTH), 404, "no job"),
        (api.get("/v1/jobs/..%2e/thumbnails", headers=AUTH), 404, "no job"),
        (api.get("/v1/jobs/%2e%2e/embedded", headers=AUTH), 404, "no job"),
        (api.get("/v1/jobs", headers=AUTH, params={"limit": "lots"}), 422, "limit"),
        (api.get("/v1/nothing-here", headers=AUTH), 404, "Not Found"),
        (api.delete("/v1/jobs", headers=AUTH), 405, "Method Not Allowed"),
    ]
    for response, status, message in cases:
        assert message in _error(response, status), response.text


@pytest.mark.allow_log_errors
def test_a_bug_is_a_json_500_without_traceback(client: TestClient) -> None:
    def broken() -> None:
        raise RuntimeError("a bug deep inside")

    client.app.router.add_api_route("/v1/broken", broken)
    client.app.router.routes.insert(0, client.app.router.routes.pop())  # before the UI's catch-all mount
    with TestClient(client.app, raise_server_exceptions=False) as raw:
        response = raw.get("/v1/broken")
    assert "see the server log" in _error(response, 500)
    assert "deep inside" not in response.text
