"""The options every task call takes (kept apart so the task modules share them one way)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

OFFLINE = "offline"


class TaskOptions(BaseModel):
    """Which engine answers (offline, or a Qwen3-VL engine with its options) and the language."""

    model_config = ConfigDict(extra="forbid")

    engine: str = OFFLINE
    engine_options: dict[str, Any] = Field(default_factory=dict)
    language: str | None = None
    speech_model: str = "auto"
