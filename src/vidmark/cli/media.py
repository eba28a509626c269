"""``vidmark probe`` and ``vidmark frames``: look inside a video file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click
from PIL import Image
from pydantic import ValidationError

from vidmark.cli.options import Interval
from vidmark.errors import InputError
from vidmark.export.files import atomic_write
from vidmark.media import MODES, SamplingOptions, probe, sample_frames
from vidmark.model import VideoInfo, VideoStreamInfo
from vidmark.timecode import format_hms_ms, parse_timecode


@click.command("probe")
@click.argument("video", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the full probe result as JSON.")
def probe_command(video: Path, as_json: bool) -> None:
    """Show duration, streams, codec, fps, rotation, subtitle tracks and chapters of VIDEO."""
    info = probe(video)
    click.echo(info.model_dump_json(indent=2) if as_json else describe(info))


def describe(info: VideoInfo) -> str:
    """The probe result as aligned text lines."""
    lines = [
        f"file:       {info.path} ({info.size_bytes:,} bytes, {info.container})",
        f"duration:   {format_hms_ms(info.duration_seconds)} ({info.duration_seconds:.3f} s)"
        + (f", starts at {info.start_time_seconds:.3f} s" if info.start_time_seconds else ""),
        *_video_lines(info.video),
    ]
    lines += [f"audio:      #{a.index} {a.codec} {a.sample_rate or '?'} Hz, {a.channels or '?'} ch"
              + (f" [{a.language}]" if a.language else "") for a in info.audio] or ["audio:      none"]
    lines += [f"subtitles:  #{s.index} {s.codec}" + (f" [{s.language}]" if s.language else "")
              for s in info.subtitles] or ["subtitles:  none"]
    lines += [f"chapter:    {format_hms_ms(c.start_seconds)} - {format_hms_ms(c.end_seconds)}  {c.title}"
              for c in info.chapters] or ["chapters:   none"]
    return "\n".join(lines)


def _video_lines(v: VideoStreamInfo | None) -> list[str]:
    if v is None:
        return ["video:      none (audio only)"]
    return [
        f"video:      #{v.index} {v.codec} {v.width}x{v.height}"
        + (f" @ {v.fps:.3f} fps" if v.fps else "")
        + (" (variable frame rate)" if v.variable_frame_rate else "")
        + (f", {v.frame_count} frames" if v.frame_count else ""),
        f"rotation:   {v.rotation_degrees} degrees",
    ]


@click.command("frames")
@click.argument("video", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), required=True, help="Folder for the frames and manifest.json.")
@click.option("--every", type=Interval(), default="2s", show_default=True, help="Sampling step.")
@click.option("--at", "at", default=None, help="Comma-separated times instead of a step (e.g. 1.5,0:30,1m2s).")
@click.option("--mode", type=click.Choice(MODES), default="auto", show_default=True)
@click.option("--max-side", type=int, default=448, show_default=True, help="Longest side in pixels (0 = original size).")
def frames_command(video: Path, out_dir: Path, every: float, at: str | None, mode: str, max_side: int) -> None:
    """Write sampled frames of VIDEO, named by their exact timestamps, plus a manifest."""
    options = _sampling_options(mode=mode, every_seconds=every, max_side=max_side or None,
                                timestamps_seconds=_times(at))
    entries = []
    jpeg, jpeg_of = b"", None  # a picture copied over a still stretch is encoded once
    for index, frame in enumerate(sample_frames(video, options), 1):
        name = f"frame_{index:05d}_{format_hms_ms(frame.timestamp_seconds).replace(':', '-')}.jpg"
        source = frame.timestamp_seconds if frame.copied_from_seconds is None else frame.copied_from_seconds
        if source != jpeg_of:
            buffer = io.BytesIO()
            Image.fromarray(frame.image).save(buffer, format="JPEG", quality=90)
            jpeg, jpeg_of = buffer.getvalue(), source
        atomic_write(out_dir / name, jpeg)
        entries.append({"file": name, "timestamp_seconds": round(frame.timestamp_seconds, 6),
                        "requested_seconds": frame.requested_seconds, "keyframe": frame.is_keyframe,
                        "copied_from_seconds": frame.copied_from_seconds,
                        "width": frame.width, "height": frame.height})
    manifest = {"video": str(video), "options": options.model_dump(mode="json"), "frames": entries}
    atomic_write(out_dir / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    click.echo(f"wrote {len(entries)} frames and manifest.json to {out_dir}", err=True)


def _sampling_options(**values) -> SamplingOptions:
    """The options, or an InputError naming the first bad value and what is allowed."""
    try:
        return SamplingOptions(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = "--" + str(error["loc"][0]).replace("_seconds", "").replace("_", "-")
        raise InputError(f"{field} {error.get('input')!r}: {error['msg'].lower()}") from None


def _times(text: str | None) -> list[float] | None:
    if text is None:
        return None
    return [parse_timecode(part) for part in text.split(",") if part.strip()]
