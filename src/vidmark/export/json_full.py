"""json-full: chapters with float seconds, the video's metadata, the engine and the run."""

from __future__ import annotations

import json

from vidmark.errors import FormatError
from vidmark.export.base import ChapterFormat
from vidmark.export.seed_json import _load_json
from vidmark.model import Annotation, Chapter, ChapterList
from vidmark.timecode import format_hms

SCHEMA = "vidmark/annotation@1"


class JsonFull(ChapterFormat):
    name = "json-full"
    description = "chapters in float seconds plus video metadata, engine, model and run parameters"
    extensions = (".full.json",)

    def write(self, annotation: Annotation) -> str:
        data = {
            "schema": SCHEMA,
            "language": annotation.language,
            "video": annotation.video.model_dump(mode="json"),
            **({"source": annotation.source.model_dump(mode="json")} if annotation.source else {}),
            "run": annotation.run.model_dump(mode="json"),
            "chapters": [
                {
                    **c.model_dump(mode="json"),
                    "start_time": format_hms(c.start_seconds),
                    "end_time": format_hms(c.end_seconds),
                }
                for c in annotation.chapters
            ],
            **({"events": [e.model_dump(mode="json") for e in annotation.events]} if annotation.events else {}),
            **({"minutes": annotation.minutes.model_dump(mode="json")} if annotation.minutes else {}),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def read(self, text: str) -> ChapterList:
        data = _load_json(text)
        if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
            raise FormatError("json-full must be an object with a 'chapters' array")
        try:
            chapters = [
                Chapter(**{k: row[k] for k in ("start_seconds", "end_seconds", "title", "summary") if k in row})
                for row in data["chapters"]
            ]
        except (TypeError, ValueError) as exc:
            raise FormatError(f"bad chapter in json-full: {exc}".splitlines()[0]) from None
        duration = (data.get("video") or {}).get("duration_seconds")
        return ChapterList(chapters=chapters, duration_seconds=duration)

    def sniff(self, text: str) -> bool:
        return f'"{SCHEMA}"' in text[:200]
