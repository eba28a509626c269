"""The FastAPI application: the versioned job API, the seed's ``/api/predict``, the web UI.

Everything that can go wrong in a request is rendered by one function,
:func:`error_response`, as ``{"error": {"type", "message"}}`` with the status the error
maps to (``VidmarkError.http_status``); an unexpected bug is logged and answered with a
500 that carries no traceback.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from vidmark import __version__
from vidmark.errors import VidmarkError
from vidmark.service.errors import Unauthorized, describe_validation
from vidmark.service.settings import ServiceSettings
from vidmark.service.store import JobStore
from vidmark.service.worker import Worker

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).with_name("static")


def error_response(status: int, kind: str, message: str) -> JSONResponse:
    """The one shape of every error the service answers."""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(VidmarkError)
    async def _vidmark(request: Request, exc: VidmarkError) -> JSONResponse:
        return error_response(exc.http_status, type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "ValidationError", describe_validation(exc.errors()))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, "HTTPError", str(exc.detail))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "InternalError", f"internal error ({type(exc).__name__}); see the server log")


def require_token(request: Request) -> None:
    """Let a request through when no token is set, or when it carries the right one."""
    expected = request.app.state.settings.token
    if not expected:
        return
    header = request.headers.get("authorization", "")
    given = header[7:].strip() if header.lower().startswith("bearer ") else request.query_params.get("access_token", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise Unauthorized("missing or wrong bearer token (send 'Authorization: Bearer <token>')")


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The service as an ASGI app; its worker runs while the app's lifespan does."""
    settings = settings or ServiceSettings()
    store = JobStore(settings.data_dir / "jobs.sqlite3")
    worker = Worker(store, settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker.start()
        try:
            yield
        finally:
            worker.stop()

    app = FastAPI(title="vidmark", version=__version__, lifespan=lifespan,
                  description="Chapters of a video with timestamps: durable jobs, exports, the seed's /api/predict.")
    app.state.settings, app.state.store, app.state.worker = settings, store, worker
    _install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"],
                           allow_headers=["*"])
    from vidmark.service import api, search, seed

    app.include_router(api.router, dependencies=[Depends(require_token)])
    app.include_router(seed.router, dependencies=[Depends(require_token)])
    app.include_router(search.router, dependencies=[Depends(require_token)])
    app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="ui")
    _add_schemas(app, api.openapi_components())
    return app


def _add_schemas(app: FastAPI, schemas: dict[str, object]) -> None:
    """Put ``schemas`` into the app's OpenAPI components (FastAPI builds the rest)."""
    build = app.openapi

    def openapi() -> dict[str, object]:
        document = build()
        document.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
        return document

    app.openapi = openapi  # type: ignore[method-assign]
