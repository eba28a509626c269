"""Archive search over HTTP: ``GET /v1/search?q=...`` and the indexed videos themselves.

The archive is the one ``vidmark index`` builds (``$VIDMARK_ARCHIVE`` or the user data
folder). ``GET /v1/search/video?path=...`` streams a video for the player, but only a
video the archive holds, so the endpoint cannot read any other file.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from vidmark.archive import Archive, Hit
from vidmark.errors import InputError

router = APIRouter(prefix="/v1/search", tags=["search"])


@router.get("", response_model=list[Hit])
def search(q: str = Query(min_length=1, max_length=500, description="words to find, English or Chinese"),
           limit: int = Query(default=20, ge=1, le=200)) -> list[Hit]:
    """Hits in every indexed video: path, time and snippet, best first."""
    archive = Archive()
    try:
        return archive.search(q, limit)
    finally:
        archive.close()


@router.get("/video")
def video(path: str = Query(description="an indexed video's path, as a search hit gives it")) -> FileResponse:
    """The indexed video at ``path`` (range requests work, so the player can seek)."""
    archive = Archive()
    try:
        known = path in archive.videos()
    finally:
        archive.close()
    if not known or not Path(path).is_file():
        raise InputError(f"not an indexed video: {path!r}")
    return FileResponse(path)
