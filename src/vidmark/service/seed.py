"""The seed's HTTP API, unchanged: ``POST /api/predict`` with ``{"data": [video, prompt,
temperature, top_p, max_new_tokens]}`` answers ``{"data": [text]}``.

The text is one JSON object, ``{"chapters": [{start_time, end_time, title, summary}, ...],
"duration_seconds": ..., "job": ...}``: the seed's client cuts its answer from the first
``{`` to the last ``}`` and parses that, so the answer must be a single JSON value between
those two braces (a bare array of chapters is not: it parses as "Extra data"). The
chapters inside keep the seed's four fields and HH:MM:SS times.

``data[0]`` is the video's bytes decoded as latin1 (what the seed's client sends), a
base64 ``data:`` URL, a server-side path inside a media root, or an http(s) URL (a URL job,
under the same address rules as ``POST /v1/jobs``). The call makes an ordinary job (it
shows in ``GET /v1/jobs``) and waits for it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from vidmark.engines import get_engine_class
from vidmark.errors import InputError
from vidmark.export import render
from vidmark.export.files import atomic_write
from vidmark.model import Annotation
from vidmark.pipeline import AnnotateOptions
from vidmark.media.source import is_url
from vidmark.service.api import engine_options_for, url_job_video
from vidmark.service.errors import JobFailed
from vidmark.service.files import check_content_length, resolve_media_path
from vidmark.service.store import JobStore, new_job_id
from vidmark.service.worker import job_dir

router = APIRouter(tags=["seed compatibility"])
# JSON escapes each latin1 byte over 0x7f as \u00XX: up to six bytes per video byte.
_JSON_OVERHEAD = 6
#: the seed's data[1:], each with the engine option names it may go to, first match wins
_SEED_KNOBS = (("prompt",), ("temperature",), ("top_p",), ("max_new_tokens", "max_tokens"))


class PredictBody(BaseModel):
    model_config = ConfigDict(extra="allow")

    data: list[Any]


def _is_path(value: str) -> bool:
    return len(value) < 4096 and not any(c in value for c in "\x00\n\r")


def _video_bytes(value: Any) -> bytes | None:
    """The video's bytes from data[0], or None when it names a server-side path."""
    if isinstance(value, dict) and isinstance(value.get("path"), str):
        return None
    if not isinstance(value, str) or not value:
        raise InputError("data[0] must be the video: latin1 text of its bytes, a base64 data URL or a path")
    if value.startswith("data:"):
        header, _, payload = value.partition(",")
        if ";base64" not in header:
            raise InputError("data[0] is a data URL without ';base64'")
        try:
            return base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            raise InputError("data[0] is a data URL whose base64 does not decode") from None
    if _is_path(value):
        return None
    try:
        return value.encode("latin1")
    except UnicodeEncodeError:
        raise InputError("data[0] has characters outside latin1; send the video bytes decoded as latin1") from None


def seed_engine_options(engine: str, knobs: list[Any]) -> dict[str, Any]:
    """The seed's prompt, temperature, top_p and max_new_tokens as the engine's options.

    A knob the engine has no option for is left out: the scenes and offline engines have
    no model to sample, and vidmark's prompt templates stand in for the seed's prompt.
    """
    fields = get_engine_class(engine).Options.model_fields
    options = {}
    for names, value in zip(_SEED_KNOBS, knobs, strict=False):
        name = next((n for n in names if n in fields), None)
        if name is not None and value not in (None, ""):
            options[name] = value
    return engine_options_for(engine, {}, options, strict=True)


@router.post("/api/predict")
async def predict(request: Request, body: PredictBody) -> dict[str, list[str]]:
    """Chapter a video the way the seed's WebUI API did."""
    settings = request.app.state.settings
    check_content_length(request.headers, settings.max_upload_bytes * _JSON_OVERHEAD + 1024 * 1024)
    if not body.data:
        raise InputError("data must hold at least the video")
    job_id = new_job_id()
    link = _is_url(body.data[0])
    raw = None if link else _video_bytes(body.data[0])
    if link:
        video, source = url_job_video(body.data[0], settings, job_id), body.data[0]
    elif raw is not None:
        if len(raw) > settings.max_upload_bytes:
            raise InputError(f"video of {len(raw):,} bytes is over the limit of {settings.max_upload_bytes:,} bytes")
        video, source = atomic_write(job_dir(settings, job_id) / "video.mp4", raw), "predict.mp4"
    else:
        given = body.data[0]["path"] if isinstance(body.data[0], dict) else body.data[0]
        video, source = resolve_media_path(given, settings.media_roots), given
    engine = settings.default_engine
    options = AnnotateOptions(engine=engine, engine_options=seed_engine_options(engine, body.data[1:]))
    store: JobStore = request.app.state.store
    store.create(source, video, raw is not None, options, job_id=job_id)
    request.app.state.worker.notify()
    return {"data": [seed_answer(await _finished(store, job_id), job_id)]}


def seed_answer(annotation: Annotation, job_id: str) -> str:
    """The answer's text: one JSON object whose ``chapters`` are the seed's rows."""
    answer = {"chapters": json.loads(render(annotation, "json")),
              "duration_seconds": annotation.video.duration_seconds, "job": job_id}
    return json.dumps(answer, ensure_ascii=False, indent=2)


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and len(value) < 4096 and is_url(value)


async def _finished(store: JobStore, job_id: str) -> Annotation:
    while True:
        job = store.get(job_id)
        if job.state == "done":
            return store.result(job_id)
        if job.state in ("failed", "cancelled"):
            raise JobFailed(job.error or f"job {job_id} {job.state}", job.error_status or 500)
        await asyncio.sleep(0.1)
