"""Option types shared by several commands."""

from __future__ import annotations

import json
from typing import Any

import click

from vidmark.errors import InputError, TimecodeError
from vidmark.timecode import parse_duration_option


class Interval(click.ParamType):
    """A time interval such as ``2s``, ``500ms`` or ``1m``."""

    name = "interval"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_duration_option(value)
        except TimecodeError as exc:
            self.fail(str(exc), param, ctx)


def parse_key_values(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``key=value`` pairs; values are read as JSON when they parse, else kept as text."""
    result: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"expected key=value, got {pair!r}")
        try:
            result[key.strip().replace("-", "_")] = json.loads(raw)
        except json.JSONDecodeError:
            result[key.strip().replace("-", "_")] = raw
    return result
