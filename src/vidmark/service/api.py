"""The versioned job API under ``/v1``: create, watch, edit, export and cancel jobs."""

from __future__ import annotations

import hashlib
import json
import mimetypes
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vidmark import __version__
from vidmark.engines import engine_names, get_engine_class
from vidmark.engines.qwen.engine import QwenEngine
from vidmark.errors import ConfigError, InputError, VidmarkError
from vidmark.export import format_names, get_format, render
from vidmark.export.embed import embed_chapters
from vidmark.export.files import atomic_write
from vidmark.media.netguard import AddressPolicy, check_url
from vidmark.media.source import is_url
from vidmark.model import Chapter
from vidmark.pipeline import AnnotateOptions
from vidmark.refine import RefineOptions
from vidmark.service.editing import ChapterPatch, check_chapters, patch_chapter
from vidmark.service.errors import JobConflict, describe_validation
from vidmark.service.files import (check_content_length, list_media, receive_multipart, resolve_media_path,
                                   thumbnail_strip)
from vidmark.service.settings import ServiceSettings
from vidmark.service.store import Job, JobStore, new_job_id
from vidmark.service.worker import Worker, cache_dir, job_dir
from vidmark.sources import Existing
from vidmark.tasks import TASK_NAMES
from vidmark.tasks.ask import AskAnswer
from vidmark.tasks.run import OFFLINE, TaskOptions, ask_video

router = APIRouter(prefix="/v1", tags=["jobs"])
_JSON_BODY_LIMIT = 1024 * 1024


class JobRequest(BaseModel):
    """What to run: a server-side ``path`` (JSON body) or an uploaded ``file`` (multipart)."""

    model_config = ConfigDict(extra="forbid")

    path: str | None = Field(default=None, description="a video inside one of the server's media roots")
    url: str | None = Field(default=None, description="a link to a video (any site yt-dlp supports, or direct media)")
    engine: str | None = Field(default=None, description="engine name (GET /v1/engines); the server's default if absent")
    model: str | None = Field(default=None, description="model name, for engines that take one")
    task: str = "chapters"
    language: str | None = None
    template: str | None = Field(default=None, description="prompt template, for engines that take one")
    engine_options: dict[str, Any] = Field(default_factory=dict)
    refine: RefineOptions = Field(default_factory=RefineOptions)
    cache: bool = Field(default=True, description="reuse the annotation of identical content and options")
    existing_chapters: Existing = Field(
        default="hint", description="chapters the site (or the file) already has: use them as the answer, "
                                    "hint the engine's boundaries with them, or ignore them")


class ChaptersBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chapters: list[Chapter]


def attachment(filename: str) -> str:
    """A Content-Disposition value for any file name (RFC 6266: an ASCII one plus UTF-8)."""
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    if ascii_name == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{quote(filename)}"


def openapi_components() -> dict[str, Any]:
    """Schemas that ``POST /v1/jobs`` refers to; it reads its body itself, so FastAPI cannot see them."""
    schema = JobRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"JobRequest": schema, **schema.pop("$defs", {})}


def _settings(request: Request) -> ServiceSettings:
    return request.app.state.settings


def _store(request: Request) -> JobStore:
    return request.app.state.store


def _worker(request: Request) -> Worker:
    return request.app.state.worker


def engine_options_for(engine: str, given: dict[str, Any], extras: dict[str, Any], strict: bool) -> dict[str, Any]:
    """``given`` plus the ``extras`` the engine has options for, checked by the engine.

    With ``strict`` an extra the engine does not take is an error; without, it is dropped
    (the seed's prompt and sampling knobs mean nothing to an engine without a model).
    """
    engine_class = get_engine_class(engine)
    fields = engine_class.Options.model_fields
    options = dict(given)
    for key, value in extras.items():
        if value is None:
            continue
        if key in fields:
            options[key] = value
        elif strict:
            raise ConfigError(f"engine {engine!r} has no {key!r} option (its options: {', '.join(fields) or 'none'})")
    engine_class.parse_options(options)
    return options


def annotate_options(body: JobRequest, settings: ServiceSettings) -> AnnotateOptions:
    if body.task not in TASK_NAMES:
        raise ConfigError(f"unknown task {body.task!r} (available: {', '.join(TASK_NAMES)})")
    engine = body.engine or settings.default_engine
    options = engine_options_for(engine, body.engine_options, {"model": body.model, "template": body.template}, strict=True)
    return AnnotateOptions(engine=engine, engine_options=options, task=body.task, language=body.language or None,
                           refine=body.refine, cache=body.cache)


def _parse_job_request(fields: dict[str, Any]) -> JobRequest:
    for key in ("engine_options", "refine"):
        if isinstance(fields.get(key), str):
            try:
                fields[key] = json.loads(fields[key] or "{}")
            except json.JSONDecodeError as exc:
                raise InputError(f"{key} is not JSON: {exc.msg}") from None
    try:
        return JobRequest.model_validate({k: v for k, v in fields.items() if v != "" or k == "path"})
    except ValidationError as exc:
        raise InputError(f"bad job request: {describe_validation(exc.errors())}") from None


_JOB_BODY = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"}, **{
            name: {"type": "string"} for name in ("engine", "model", "task", "language", "template", "url",
                                                   "engine_options", "refine", "cache",
                                                   "existing_chapters")}}}},
    "application/json": {"schema": {"$ref": "#/components/schemas/JobRequest"}},
}}}


@router.post("/jobs", status_code=201, response_model=Job, openapi_extra=_JOB_BODY)
async def create_job(request: Request) -> Job:
    """Start a job on an uploaded video (multipart, field ``file``) or a server-side ``path`` (JSON)."""
    settings, job_id = _settings(request), new_job_id()
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        check_content_length(request.headers, settings.max_upload_bytes + _JSON_BODY_LIMIT)
        fields, upload, name = await receive_multipart(content_type, request.stream(), job_dir(settings, job_id),
                                                       settings.max_upload_bytes)
        body = _parse_job_request(dict(fields))
    elif content_type.startswith("application/json"):
        check_content_length(request.headers, _JSON_BODY_LIMIT)
        body, upload, name = _parse_job_request(await _json_object(request)), None, None
    else:
        raise InputError("send multipart/form-data with a 'file' field, or JSON with a 'path'")
    return _enqueue(request, job_id, body, upload, name)


async def _json_object(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise InputError("the body must be a JSON object")
    return data


def _enqueue(request: Request, job_id: str, body: JobRequest, upload: Path | None, name: str | None) -> Job:
    settings = _settings(request)
    try:
        options = annotate_options(body, settings)
        if sum(given is not None and given != "" for given in (upload, body.path, body.url)) > 1:
            raise InputError("send one of a file, a path or a url")
        if upload is None and not body.path and not body.url:
            raise InputError("no video: upload a 'file', give a 'path' inside a media root or a 'url'")
        if body.url:
            video = url_job_video(body.url, settings, job_id)
        else:
            video = upload or resolve_media_path(body.path or "", settings.media_roots)
    except VidmarkError:
        shutil.rmtree(job_dir(settings, job_id), ignore_errors=True)
        raise
    job = _store(request).create(name or body.url or body.path or video.name, video, upload is not None, options,
                                 job_id=job_id, existing_chapters=body.existing_chapters)
    _worker(request).notify()
    return job


def url_job_video(url: str, settings: ServiceSettings, job_id: str) -> Path:
    """Check a URL job's link (scheme, and every address its host resolves to) before accepting it;
    the video's place until the worker has downloaded it."""
    if not is_url(url):
        raise InputError(f"url must be an http(s) link, got {url[:200]!r}")
    check_url(url, AddressPolicy(allow=settings.fetch_allow))
    return job_dir(settings, job_id) / "download"


@router.get("/jobs", response_model=list[Job])
def list_jobs(request: Request, state: str | None = None, limit: int = Query(default=100, ge=1, le=1000)) -> list[Job]:
    """Jobs, newest first."""
    return _store(request).list(limit=limit, state=state)


@router.get("/jobs/{job_id}", response_model=Job)
def get_job(request: Request, job_id: str) -> Job:
    """A job's state and its progress per stage."""
    return _store(request).get(job_id)


@router.delete("/jobs/{job_id}")
def delete_job(request: Request, job_id: str) -> dict[str, Any]:
    """Cancel a queued or running job; a finished one is removed with its uploaded video."""
    store, job = _store(request), _store(request).get(job_id)
    if job.state in ("queued", "running") and _worker(request).cancel(job_id):
        return {"id": job_id, "state": "cancelled"}
    store.delete(job_id)
    shutil.rmtree(job_dir(_settings(request), job_id), ignore_errors=True)
    return {"id": job_id, "state": "deleted"}


@router.get("/jobs/{job_id}/result")
def get_result(request: Request, job_id: str, format: str = "json-full", download: bool = False) -> Response:
    """The job's chapters in any export format (GET /v1/formats)."""
    fmt = get_format(format)
    job, text = _store(request).get(job_id), render(_store(request).result(job_id), format)
    ext = fmt.extensions[0] if fmt.extensions else ".txt"
    media_type = {".json": "application/json", ".vtt": "text/vtt"}.get(Path(ext).suffix) or "text/plain"
    headers = {"Content-Disposition": attachment(f"{Path(job.source).stem}{ext}")} if download else None
    return Response(text, media_type=f"{media_type}; charset=utf-8", headers=headers)


@router.put("/jobs/{job_id}/chapters", response_model=ChaptersBody)
def put_chapters(request: Request, job_id: str, body: ChaptersBody) -> ChaptersBody:
    """Replace the job's chapters (the editor saves here)."""
    return _save_chapters(request, job_id, body.chapters)


@router.patch("/jobs/{job_id}/chapters/{index}", response_model=ChaptersBody)
def patch_chapters(request: Request, job_id: str, index: int, patch: ChapterPatch) -> ChaptersBody:
    """Change one chapter's title, summary, start or end."""
    annotation = _store(request).result(job_id)
    return _save_chapters(request, job_id, patch_chapter(annotation.chapters, index, patch))


def _save_chapters(request: Request, job_id: str, chapters: list[Chapter]) -> ChaptersBody:
    store = _store(request)
    if store.get(job_id).state != "done":
        raise JobConflict(f"job {job_id} is not done; its chapters cannot be edited yet")
    annotation = store.result(job_id)
    checked = check_chapters(chapters, annotation.video.duration_seconds)
    store.save_result(job_id, annotation.model_copy(update={"chapters": checked}), edited=True)
    return ChaptersBody(chapters=checked)


@router.get("/jobs/{job_id}/video")
def get_video(request: Request, job_id: str) -> FileResponse:
    """The job's video, with HTTP Range support so a player can seek."""
    path = _store(request).video_path(job_id)
    if not path.is_file():
        raise JobConflict(f"the video of job {job_id} is gone")
    media_type = mimetypes.guess_type(path.name)[0] or "video/mp4"
    return FileResponse(path, media_type=media_type)


@router.get("/jobs/{job_id}/thumbnails", response_class=Response,
            responses={200: {"content": {"image/jpeg": {}}}})
def get_thumbnails(request: Request, job_id: str, count: int = Query(default=24, ge=1, le=120),
                   height: int = Query(default=64, ge=16, le=240)) -> Response:
    """A JPEG strip of ``count`` frames side by side, evenly spread over the video."""
    store, settings = _store(request), _settings(request)
    duration = store.result(job_id).video.duration_seconds
    cached = cache_dir(settings, job_id) / f"thumbs-{count}x{height}.jpg"
    if not cached.is_file():
        atomic_write(cached, thumbnail_strip(store.video_path(job_id), duration, count, height))
    return Response(cached.read_bytes(), media_type="image/jpeg", headers={"Cache-Control": "max-age=3600"})


@router.get("/jobs/{job_id}/embedded", response_class=FileResponse)
def get_embedded(request: Request, job_id: str) -> FileResponse:
    """The video with the job's current chapters embedded in its container (no re-encoding)."""
    store, settings = _store(request), _settings(request)
    job, annotation, video = store.get(job_id), store.result(job_id), store.video_path(job_id)
    chapters_json = json.dumps([c.model_dump() for c in annotation.chapters], sort_keys=True)
    key = hashlib.sha256(chapters_json.encode()).hexdigest()[:12]
    target = cache_dir(settings, job_id) / f"embedded-{key}{video.suffix.lower()}"
    if not target.is_file():
        for old in target.parent.glob("embedded-*"):
            old.unlink(missing_ok=True)
        embed_chapters(video, annotation.chapters, target)
    return FileResponse(target, media_type=mimetypes.guess_type(video.name)[0] or "application/octet-stream",
                        filename=f"{Path(job.source).stem}.chapters{video.suffix.lower()}")


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=4000)


@router.post("/jobs/{job_id}/ask", response_model=AskAnswer)
def ask(request: Request, job_id: str, body: Question) -> AskAnswer:
    """Ask about the job's video: a Qwen3-VL engine's answer, or (offline) quoted from the video."""
    store = _store(request)
    job = store.get(job_id)
    engine = job.options.engine
    if not can_ask(engine):
        raise ConfigError(f"asking needs the offline engine or a Qwen3-VL engine; job {job_id} used {engine!r}")
    options = TaskOptions(engine=engine, engine_options=job.options.engine_options if engine != OFFLINE else {},
                          language=job.options.language)
    return ask_video(store.video_path(job_id), body.question, options)


def can_ask(engine: str) -> bool:
    """Whether questions about a video can be answered with this engine."""
    return engine == OFFLINE or issubclass(get_engine_class(engine), QwenEngine)


@router.get("/engines", tags=["info"])
def list_engines() -> list[dict[str, Any]]:
    """Engines this server knows, with their options' JSON schema (or why one cannot load)."""
    result = []
    for name in engine_names():
        try:
            engine = get_engine_class(name)
        except ConfigError as exc:
            result.append({"name": name, "available": False, "error": str(exc)})
            continue
        result.append({"name": name, "available": True, "description": engine.description,
                       "can_ask": can_ask(name), "options": engine.Options.model_json_schema()})
    return result


@router.get("/formats", tags=["info"])
def list_formats() -> list[dict[str, Any]]:
    """Export formats for GET /v1/jobs/{id}/result."""
    return [{"name": name, "description": get_format(name).description,
             "extensions": list(get_format(name).extensions)} for name in format_names()]


@router.get("/media", tags=["info"])
def get_media(request: Request) -> list[str]:
    """Videos inside the server's media roots, for POST /v1/jobs with ``path``."""
    return list_media(_settings(request).media_roots)


@router.get("/info", tags=["info"])
def info(request: Request) -> dict[str, Any]:
    """What this server offers: version, default engine, limits and optional features."""
    settings = _settings(request)
    return {"version": __version__, "default_engine": settings.default_engine,
            "max_upload_mb": settings.max_upload_mb, "media_roots": bool(settings.media_roots),
            "ask_available": True, "embed_available": True}
