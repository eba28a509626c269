"""Frame sampling on generated clips whose pictures say which frame they are.

Each frame of an "indexed" clip shows its frame number as 16 black/white squares, so a
test can read from the picture which frame it got and check the timestamp vidmark gives
it against the time that frame is shown (known from the filter that set the timestamps).
That checks presentation times through B-frame reordering, VFR and a non-zero start.
"""

from __future__ import annotations

import math
import subprocess
from fractions import Fraction
from pathlib import Path

import av
from av.video.frame import PictureType
import numpy as np
import pytest

from tests.conftest import FFMPEG, ffmpeg, make_clip
from vidmark.errors import MediaError
from vidmark.media import SamplingOptions, probe, sample_frames, scan_stream
from vidmark.media import frames as frames_module
from vidmark.media.frames import MODES, grid, plan_targets, scaled_size, thin

RATE = 25
SIDE = 128  # indexed clips are 128x128: 4x4 squares of 32 px, one bit each
# frames 0-49 every 1/25 s, then every 2/25 s: a variable frame rate
VFR_PTS = "if(lt(N,50),N,2*N-50)/(25*TB)"
BFRAMES = "bframes=3:b-adapt=0:b-pyramid=none:scenecut=0"  # runs of 3 non-reference B-frames


def indexed_clip(path: Path, frames: int = 100, setpts: str | None = None, x264: str = "scenecut=0",
                 gop: int = 50, container_args: tuple[str, ...] = ()) -> Path:
    """An H.264 clip whose frame n shows n in binary (bit b = square b, row-major)."""
    bit = "mod(floor(N/pow(2,floor(X/32)+4*floor(Y/32))),2)"
    graph = f"color=c=black:s={SIDE}x{SIDE}:r={RATE}:d={frames / RATE},format=gray,geq=lum='16+219*{bit}'"
    if setpts:
        graph += f",setpts='{setpts}'"
    ffmpeg("-f", "lavfi", "-i", graph, "-fps_mode", "passthrough", "-c:v", "libx264", "-crf", "12",
           "-g", str(gop), "-x264-params", x264, "-pix_fmt", "yuv420p", *container_args, str(path))
    return path


def frame_index(image: np.ndarray) -> int:
    """Read the frame number back from an indexed frame (any size, upright)."""
    height, width = image.shape[:2]
    gray = image.mean(axis=2)
    value = 0
    for b in range(16):
        x, y = (b % 4 * 32 + 16) * width / SIDE, (b // 4 * 32 + 16) * height / SIDE
        if gray[int(y), int(x)] > 128:
            value |= 1 << b
    return value


def vfr_time(n: int) -> float:
    return n / RATE if n < 50 else (2 * n - 50) / RATE


def shown_times(frame_count: int, timing=lambda n: n / RATE) -> list[float]:
    return [timing(n) for n in range(frame_count)]


def sample(path: Path, **options) -> list:
    return list(sample_frames(path, SamplingOptions(max_side=None, **options)))


def assert_content_matches_time(frames, timing=lambda n: n / RATE) -> None:
    """Every frame carries the time its picture is shown at, and times only increase."""
    for frame in frames:
        assert timing(frame_index(frame.image)) == pytest.approx(frame.timestamp_seconds, abs=1e-3)
    times = [f.timestamp_seconds for f in frames]
    assert times == sorted(times) and len(set(times)) == len(times)


def first_at_or_after(times: list[float], t: float) -> float:
    return min(s for s in times if s >= t - 1e-3)


@pytest.fixture(scope="module")
def cfr(media_dir) -> Path:
    """4 s at 25 fps, a keyframe every 2 s, x264's default (adaptive, pyramid) B-frames."""
    return indexed_clip(media_dir / "indexed_cfr.mp4")


@pytest.fixture(scope="module")
def bframes(media_dir) -> Path:
    return indexed_clip(media_dir / "indexed_bframes.mp4", x264=BFRAMES)


@pytest.fixture(scope="module")
def vfr(media_dir) -> Path:
    return indexed_clip(media_dir / "indexed_vfr.mp4", setpts=VFR_PTS, x264=BFRAMES)


@pytest.fixture(scope="module")
def offset_ts(media_dir, cfr) -> Path:
    """The CFR clip in MPEG-TS, its timestamps starting at about 11.4 s."""
    path = media_dir / "indexed_offset.ts"
    ffmpeg("-i", str(cfr), "-c", "copy", "-output_ts_offset", "10", str(path))
    return path


def test_indexed_clip_decodes_to_its_own_numbers(bframes):
    with av.open(str(bframes)) as container:
        decoded = list(container.decode(video=0))
    assert [frame_index(f.to_ndarray(format="rgb24")) for f in decoded] == list(range(100))
    assert PictureType.B in {f.pict_type for f in decoded}, "the clip must have B-frames to test reordering"


@pytest.mark.parametrize("mode", ["exact", "keyframes", "auto"])
@pytest.mark.parametrize("clip_name", ["cfr", "bframes", "offset_ts"])
def test_every_mode_stamps_frames_with_their_shown_time(request, clip_name, mode):
    frames = sample(request.getfixturevalue(clip_name), mode=mode, every_seconds=0.5)
    assert frames and frames[0].timestamp_seconds == 0.0
    assert_content_matches_time(frames)


@pytest.mark.parametrize("mode", ["exact", "keyframes", "auto"])
def test_variable_frame_rate(vfr, mode):
    info = probe(vfr)
    assert info.video.variable_frame_rate
    assert 5.92 <= info.duration_seconds <= 6.0  # the last frame is shown at 5.92 s
    frames = sample(vfr, mode=mode, every_seconds=0.5)
    assert_content_matches_time(frames, vfr_time)
    assert frames[-1].timestamp_seconds == 2.0 if mode == "keyframes" else frames[-1].timestamp_seconds > 5.4


def test_exact_gives_the_first_frame_at_or_after_each_time(vfr):
    times = shown_times(100, vfr_time)
    frames = sample(vfr, mode="exact", every_seconds=0.3)
    assert [f.requested_seconds for f in frames] == pytest.approx(grid(0, times[-1] + 2 / RATE, 0.3))
    for frame in frames:
        assert frame.timestamp_seconds == pytest.approx(first_at_or_after(times, frame.requested_seconds))
    assert_content_matches_time(frames, vfr_time)


@pytest.mark.parametrize("clip_name", ["cfr", "bframes", "offset_ts"])
@pytest.mark.parametrize("mode", ["exact", "auto"])
def test_a_step_of_one_frame_returns_every_frame(request, clip_name, mode):
    frames = sample(request.getfixturevalue(clip_name), mode=mode, every_seconds=1 / RATE)
    assert [frame_index(f.image) for f in frames] == list(range(100))


def keyframe_times(path: Path) -> list[float]:
    """Keyframe presentation times read independently, by decoding every frame with PyAV."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        origin = (container.start_time or 0) / 1_000_000
        return [float(f.pts * stream.time_base) - origin for f in container.decode(stream) if f.key_frame]


def test_keyframes_mode_returns_only_and_all_keyframes(bframes):
    keys = keyframe_times(bframes)
    assert keys == pytest.approx([0.0, 2.0])
    frames = sample(bframes, mode="keyframes", every_seconds=0.5)
    assert [f.timestamp_seconds for f in frames] == pytest.approx(keys)
    assert all(f.is_keyframe for f in frames)


def test_keyframes_mode_thins_keyframes_closer_than_half_a_step(media_dir):
    clip = indexed_clip(media_dir / "dense_keys.mp4", gop=5)
    keys = keyframe_times(clip)
    frames = sample(clip, mode="keyframes", every_seconds=1.0)
    got = [f.timestamp_seconds for f in frames]
    assert got == pytest.approx(thin(keys, 0.5)) and set(np.round(got, 3)) <= set(np.round(keys, 3))
    assert all(b - a >= 0.5 - 1e-6 for a, b in zip(got, got[1:]))


@pytest.mark.parametrize("clip_name", ["cfr", "bframes", "vfr"])
@pytest.mark.parametrize("step", [0.3, 0.5, 1.0])
def test_auto_keeps_every_keyframe_and_every_gap_within_a_step(request, clip_name, step):
    clip = request.getfixturevalue(clip_name)
    timing = vfr_time if clip_name == "vfr" else (lambda n: n / RATE)
    frames = sample(clip, mode="auto", every_seconds=step)
    got = [f.timestamp_seconds for f in frames]
    assert set(np.round(keyframe_times(clip), 3)) <= set(np.round(got, 3))
    longest_frame = 2 / RATE if clip_name == "vfr" else 1 / RATE
    gaps = np.diff([0.0, *got])
    assert gaps.max() <= step + longest_frame + 1e-6
    assert_content_matches_time(frames, timing)
    times = shown_times(100, timing)
    for frame in frames:  # fills, like exact times, get the first frame shown at or after them
        assert frame.timestamp_seconds == pytest.approx(first_at_or_after(times, frame.requested_seconds))
    # and it samples less than every frame: the point of the mode
    assert len(frames) < len(sample(clip, mode="exact", every_seconds=1 / RATE)) / 2


def test_explicit_times_match_exactly_whatever_the_mode(vfr):
    times = shown_times(100, vfr_time)
    asked = [3.5, 0.3, 1.234, 99.0]
    for mode in ("exact", "keyframes", "auto"):
        frames = sample(vfr, mode=mode, timestamps_seconds=asked)
        assert [f.requested_seconds for f in frames] == [0.3, 1.234, 3.5]
        assert [f.timestamp_seconds for f in frames] == pytest.approx(
            [first_at_or_after(times, t) for t in (0.3, 1.234, 3.5)])
        assert_content_matches_time(frames, vfr_time)


def test_start_and_end_limit_the_range(cfr):
    frames = sample(cfr, mode="exact", every_seconds=0.4, start_seconds=1.0, end_seconds=3.0)
    assert [f.timestamp_seconds for f in frames] == pytest.approx([1.0, 1.4, 1.8, 2.2, 2.6])


def test_non_zero_start_time_is_time_zero(offset_ts):
    info = probe(offset_ts)
    assert info.start_time_seconds > 10
    assert info.duration_seconds == pytest.approx(4.0, abs=0.1)
    frames = sample(offset_ts, mode="exact", every_seconds=1.0)
    assert [f.timestamp_seconds for f in frames] == pytest.approx([0.0, 1.0, 2.0, 3.0])
    assert [frame_index(f.image) for f in frames] == [0, 25, 50, 75]


def test_max_side_scales_down_keeping_the_aspect(media_dir):
    clip = make_clip(media_dir / "wide.mp4", duration=1.0, size="320x240")
    sizes = {side: next(sample_frames(clip, SamplingOptions(mode="exact", max_side=side))).image.shape
             for side in (None, 100, 1000)}
    assert sizes == {None: (240, 320, 3), 100: (75, 100, 3), 1000: (240, 320, 3)}
    assert scaled_size(1280, 720, 448) == (448, 252)
    assert scaled_size(720, 1280, 448) == (252, 448)


def ffmpeg_frame(path: Path, at: float) -> np.ndarray:
    """FFmpeg's own picture at ``at`` (it applies the display rotation itself)."""
    info = probe(path)
    width, height = info.video.width, info.video.height
    if info.video.rotation_degrees in (90, 270):
        width, height = height, width
    raw = subprocess.run([FFMPEG, "-v", "error", "-ss", str(at), "-i", str(path), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(height, width, 3)


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_rotation_matches_ffmpeg_autorotate(media_dir, degrees):
    plain = make_clip(media_dir / "to_rotate.mp4", duration=2.0, size="320x240")
    rotated = media_dir / f"rotated_{degrees}.mp4"
    ffmpeg("-display_rotation", str(degrees), "-i", str(plain), "-c", "copy", str(rotated))
    assert probe(rotated).video.rotation_degrees == degrees  # counter-clockwise, as FFmpeg's option
    ours = sample(rotated, mode="exact", timestamps_seconds=[1.0])[0].image
    theirs = ffmpeg_frame(rotated, 1.0)
    assert ours.shape == theirs.shape
    assert np.abs(ours.astype(int) - theirs).mean() < 4
    unrotated = sample(plain, mode="exact", timestamps_seconds=[1.0])[0].image
    wrong = [np.rot90(unrotated, k) for k in range(4) if np.rot90(unrotated, k).shape == theirs.shape]
    assert sum(np.abs(w.astype(int) - theirs).mean() < 4 for w in wrong) == 1  # only one turn fits


def test_rotated_frames_respect_max_side(media_dir):
    plain = make_clip(media_dir / "to_rotate_small.mp4", duration=1.0, size="320x240")
    rotated = media_dir / "rotated_small.mp4"
    ffmpeg("-display_rotation", "90", "-i", str(plain), "-c", "copy", str(rotated))
    frame = next(sample_frames(rotated, SamplingOptions(mode="exact", max_side=100)))
    assert frame.image.shape == (100, 75, 3)


# --- streams that stress the GOP walk --------------------------------------------------

@pytest.fixture(scope="module")
def untimed(media_dir, bframes) -> Path:
    """Raw Annex-B H.264: packets carry no timestamps at all."""
    path = media_dir / "untimed.h264"
    ffmpeg("-i", str(bframes), "-c", "copy", "-bsf:v", "h264_mp4toannexb", str(path))
    return path


@pytest.mark.parametrize("mode", ["exact", "keyframes", "auto"])
def test_stream_without_timestamps_is_timed_by_counting(untimed, mode):
    stream_map = scan_stream(untimed)
    assert not stream_map.timed and stream_map.end_seconds == pytest.approx(4.0)
    frames = sample(untimed, mode=mode, every_seconds=0.5)
    assert_content_matches_time(frames)
    assert frames[-1].timestamp_seconds >= 2.0
    assert probe(untimed).duration_seconds == pytest.approx(4.0)


def test_constant_rate_streams_are_not_called_variable(untimed, cfr, offset_ts):
    """Raw H.264 reports a base rate of twice its frame rate (it counts fields): still constant."""
    assert [probe(path).video.variable_frame_rate for path in (untimed, cfr, offset_ts)] == [False, False, False]
    assert probe(untimed).video.fps == pytest.approx(RATE)


def test_open_gop_mpeg2(media_dir):
    """MPEG-2 with open GOPs: B-frames shown before each I-frame need the previous GOP."""
    clip = media_dir / "open_gop.mpg"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=320x240:r={RATE}:d=6", "-c:v", "mpeg2video", "-g", "12", "-bf", "2",
           "-q:v", "3", str(clip))
    for mode in ("exact", "keyframes", "auto"):
        frames = sample(clip, mode=mode, every_seconds=0.5)
        times = [f.timestamp_seconds for f in frames]
        assert times == sorted(times) and times[0] == 0.0 and times[-1] > 5.0
        assert all(abs(t * RATE - round(t * RATE)) < 1e-3 for t in times), "times fall on the frame grid"
    # after skipping GOPs, each picture is the one a plain decode of every frame shows at
    # that time (no garbage from leading B-frames that lost their reference)
    reference = decode_all(clip)
    for mode in ("exact", "auto"):
        for frame in sample(clip, mode=mode, every_seconds=1.3):
            assert np.abs(frame.image.astype(int) - reference[round(frame.timestamp_seconds, 3)]).mean() < 1
    for frame in sample(clip, timestamps_seconds=[1.0, 2.9, 4.5]):
        assert np.abs(frame.image.astype(int) - reference[round(frame.timestamp_seconds, 3)]).mean() < 1


def decode_all(path: Path) -> dict[float, np.ndarray]:
    """Every frame by time, from one plain PyAV decode with nothing skipped."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        origin = (container.start_time or 0) / 1_000_000
        return {round(float(f.pts * stream.time_base) - origin, 3): f.to_ndarray(format="rgb24")
                for f in container.decode(stream)}


def test_intra_only_stream_is_not_sampled_frame_by_frame(media_dir):
    """Every MJPEG packet is a keyframe; auto must not return every frame."""
    clip = media_dir / "intra.avi"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=160x120:r={RATE}:d=4", "-c:v", "mjpeg", str(clip))
    for mode in ("keyframes", "auto"):
        frames = sample(clip, mode=mode, every_seconds=1.0)
        assert 4 <= len(frames) <= 9
        assert np.diff([f.timestamp_seconds for f in frames]).max() <= 1.0 + 1 / RATE


def test_plan_for_a_stream_without_keyframe_flags_is_a_grid():
    from vidmark.media.frames import StreamMap

    stream_map = StreamMap(keyframe_seconds=[], end_seconds=10.0, declared_seconds=10.0)
    for mode in ("exact", "keyframes", "auto"):
        options = SamplingOptions(mode=mode, every_seconds=2.0)
        assert plan_targets(options, stream_map, 0.0, 10.0) == [0.0, 2.0, 4.0, 6.0, 8.0]


def test_auto_plan_splits_long_gaps_evenly():
    from vidmark.media.frames import StreamMap

    stream_map = StreamMap(keyframe_seconds=[0.0, 7.0, 7.5, 12.0], end_seconds=13.0, declared_seconds=13.0)
    targets = plan_targets(SamplingOptions(mode="auto", every_seconds=2.0), stream_map, 0.0, 13.0)
    # 7.5 is within half a step of 7.0, so it is thinned away; 0-7 and 7-12 are split evenly
    assert targets == pytest.approx([0.0, 1.75, 3.5, 5.25, 7.0, 8.666667, 10.333333, 12.0], abs=1e-5)
    assert max(np.diff([*targets, 13.0])) <= 2.0


def test_truncated_faststart_file_is_a_media_error(media_dir):
    whole = make_clip(media_dir / "whole.mp4", duration=6.0, extra=("-movflags", "+faststart"))
    cut = media_dir / "cut.mp4"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MediaError, match="truncated"):
        probe(cut)
    with pytest.raises(MediaError, match="truncated"):
        list(sample_frames(cut))


def test_frame_rate_of_timestamps_is_exact(cfr):
    """Times are computed from pts and time base, not accumulated: no drift."""
    frames = sample(cfr, mode="exact", every_seconds=1 / RATE)
    assert [Fraction(f.timestamp_seconds).limit_denominator(1000) for f in frames] == [
        Fraction(n, RATE) for n in range(100)]


@pytest.fixture(scope="module")
def long_clips(media_dir) -> dict[str, Path]:
    """60 s clips: the indexed H.264 one in MP4, MKV and MPEG-TS (timestamps from about
    11.4 s), and open-GOP MPEG-2 in a program stream."""
    mp4 = indexed_clip(media_dir / "indexed_long.mp4", frames=1500, x264=BFRAMES)
    clips = {"mp4": mp4}
    for kind, extra in (("mkv", ()), ("ts", ("-output_ts_offset", "10"))):
        clips[kind] = media_dir / f"indexed_long.{kind}"
        ffmpeg("-i", str(mp4), "-c", "copy", *extra, str(clips[kind]))
    clips["mpg"] = media_dir / "open_gop_long.mpg"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=160x120:r={RATE}:d=60", "-c:v", "mpeg2video", "-g", "12", "-bf", "2",
           "-q:v", "3", str(clips["mpg"]))
    return clips


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["mp4", "mkv", "ts", "mpg"])
def test_a_window_far_in_seeks_and_samples_what_a_walk_from_the_start_does(long_clips, monkeypatch, kind, mode):
    """A window of a long video starts demuxing at its first keyframe, not at 0 s, and
    gets the very frames (times and pixels) a walk from the start gets."""
    window = {"mode": mode, "every_seconds": 0.7, "start_seconds": 40.0, "end_seconds": 52.0}
    seeks = []
    seek = frames_module._seek
    monkeypatch.setattr(frames_module, "_seek", lambda *args: (seeks.append(args[-1]), seek(*args)))
    seeked = sample(long_clips[kind], **window)
    monkeypatch.setattr(frames_module, "_SEEK_AFTER_SECONDS", math.inf)
    walked = sample(long_clips[kind], **window)
    assert [f.timestamp_seconds for f in seeked] == [f.timestamp_seconds for f in walked]
    assert all(np.array_equal(a.image, b.image) for a, b in zip(seeked, walked))
    assert 40.0 - 2.0 < seeked[0].timestamp_seconds and seeked[-1].timestamp_seconds < 52.0
    if kind in ("mp4", "mkv"):
        assert seeks and 38.0 <= seeks[0] <= 40.0  # the keyframe at or before the window
    if kind != "mpg":
        assert_content_matches_time(seeked)


# --- still stretches: the packets say where nothing changes ---------------------------

STILL_SIDE = (320, 240)  # 4x4 squares of 80x60 px, one bit each


def slides_clip(path: Path, changes: list[int], frames: int, x264: str, gop: int = 100, tail: str = "") -> Path:
    """A clip of stills: from frame ``changes[i]`` on it shows i + 1 in binary (bit b =
    square b), before the first change 0; ``tail`` is more filters after that."""
    slide = "+".join(f"gte(N,{c})" for c in changes) or "0"
    bit = f"mod(floor(({slide})/pow(2,floor(X/80)+4*floor(Y/60))),2)"
    graph = (f"color=c=black:s={STILL_SIDE[0]}x{STILL_SIDE[1]}:r={RATE}:d={frames / RATE},format=gray,"
             f"geq=lum='40+180*{bit}'{tail}")
    ffmpeg("-f", "lavfi", "-i", graph, "-c:v", "libx264", "-g", str(gop), "-x264-params", x264,
           "-pix_fmt", "yuv420p", str(path))
    return path


def slide_index(image: np.ndarray) -> int:
    """Read the slide number back from a slides_clip frame (any size)."""
    height, width = image.shape[:2]
    gray = image.mean(axis=2)
    return sum(1 << b for b in range(16)
               if gray[int((b // 4 * 60 + 30) * height / 240), int((b % 4 * 80 + 40) * width / 320)] > 130)


def assert_matches_a_full_decode(frames, reference: dict[float, np.ndarray]) -> None:
    """Every frame, decoded or copied, shows what a plain decode of every frame shows at its time."""
    for frame in frames:
        shown = reference[round(frame.timestamp_seconds, 3)]
        assert np.abs(frame.image.astype(int) - shown).mean() < 1.0, frame.timestamp_seconds


# slide changes at frame 0's keyframe, on a keyframe (100), mid-GOP on a B-frame (163: the
# fixed pattern is I B B B P), on a P-frame (212) and on a B-frame late in the GOP (390)
STILL_CHANGES = [100, 163, 212, 390]
FIXED_B = "bframes=3:b-adapt=0:scenecut=0"


@pytest.fixture(scope="module")
def still_clips(media_dir) -> dict[str, Path]:
    return {
        "fixed B-frames, no scene cuts": slides_clip(media_dir / "still_fixed_b.mp4", STILL_CHANGES, 500, FIXED_B),
        "x264 defaults": slides_clip(media_dir / "still_default.mp4", STILL_CHANGES, 500, "ref=3", gop=250),
        "no B-frames": slides_clip(media_dir / "still_no_b.mp4", STILL_CHANGES, 500, "bframes=0:scenecut=0"),
    }


@pytest.mark.parametrize("kind", ["fixed B-frames, no scene cuts", "x264 defaults", "no B-frames"])
def test_a_frame_of_the_new_slide_is_kept_within_the_step_after_every_change(still_clips, kind):
    clip = still_clips[kind]
    frames = sample(clip, mode="auto", every_seconds=2.0)
    changes = [c / RATE for c in STILL_CHANGES]
    for number, change in enumerate(changes, 1):
        assert any(change <= f.timestamp_seconds <= change + 2.0 and slide_index(f.image) == number
                   for f in frames), f"slide {number} (at {change} s) has no frame within 2 s"
    for frame in frames:  # and every frame shows the slide that is on screen at its time
        assert slide_index(frame.image) == sum(frame.timestamp_seconds >= c - 1e-3 for c in changes)
    assert_matches_a_full_decode(frames, decode_all(clip))
    copied = [f for f in frames if f.copied_from_seconds is not None]
    assert len(copied) >= len(frames) // 3, "the still stretches were decoded, not copied"
    assert all(c.copied_from_seconds < c.timestamp_seconds and not c.is_keyframe for c in copied)


@pytest.mark.parametrize("kind", ["fixed B-frames, no scene cuts", "x264 defaults"])
def test_still_stretches_change_what_is_decoded_not_which_frames_come_out(still_clips, kind):
    new = sample(still_clips[kind], mode="auto", every_seconds=2.0)
    old = sample(still_clips[kind], mode="auto", every_seconds=2.0, skip_still=False)
    assert [(f.timestamp_seconds, f.requested_seconds) for f in new] == [
        (f.timestamp_seconds, f.requested_seconds) for f in old]
    assert all(f.copied_from_seconds is None for f in old)
    assert all(np.abs(a.image.astype(int) - b.image).mean() < 1.0 for a, b in zip(new, old))


def test_still_stretches_are_not_decoded(still_clips, monkeypatch):
    """A group of pictures where nothing changes is decoded no further than its keyframe,
    one with a change no further than the change."""
    fed = []
    decode = frames_module._Matcher.decode
    monkeypatch.setattr(frames_module._Matcher, "decode",
                        lambda self, codec, packet: (fed.append(packet.pts), decode(self, codec, packet))[1])
    clip = still_clips["fixed B-frames, no scene cuts"]
    sample(clip, mode="auto", every_seconds=2.0, skip_still=False)
    before, fed[:] = len(fed), []
    sample(clip, mode="auto", every_seconds=2.0)
    assert 0 < len(fed) < before / 2


def test_fades_are_sampled_as_they_are_shown(media_dir):
    """A cross-fade between two slides, then a fade to black: their frames are small (x264
    predicts them with weights), yet every sampled frame shows what a full decode shows."""
    first = slides_clip(media_dir / "fade_a.mp4", [], 200, "ref=3")
    second = slides_clip(media_dir / "fade_b.mp4", [0, 0, 0, 0, 0], 300, "ref=3", tail=",fade=t=out:st=8:d=3")
    clip = media_dir / "fades.mp4"
    ffmpeg("-i", str(first), "-i", str(second), "-filter_complex",
           "[0][1]xfade=transition=fade:duration=1.5:offset=6.5,format=yuv420p", "-c:v", "libx264", "-g", "250",
           str(clip))
    frames = sample(clip, mode="auto", every_seconds=2.0)
    assert_matches_a_full_decode(frames, decode_all(clip))
    assert any(8.0 <= f.timestamp_seconds <= 10.0 and slide_index(f.image) == 5 for f in frames)
    assert frames[-1].image.mean() < 20  # black at the end
    assert any(f.copied_from_seconds is not None for f in frames)


def test_a_moving_picture_is_all_decoded(media_dir):
    clip = make_clip(media_dir / "moving.mp4", duration=8.0, size="640x360", extra=("-g", "250"))
    frames = sample(clip, mode="auto", every_seconds=2.0)
    assert len(frames) >= 4 and all(f.copied_from_seconds is None for f in frames)


def test_a_small_flat_box_appearing_on_a_still_720p_picture_is_a_change(media_dir):
    """The cheapest change there is: a flat 160x128 box, about 100 bytes against 40."""
    clip = media_dir / "box.mp4"
    box = "drawbox=x=960:y=480:w=160:h=128:color=red@1:t=fill:enable='gte(t,3)'"
    ffmpeg("-f", "lavfi", "-i", f"color=c=white:s=1280x720:r=30:d=6,{box},format=yuv420p", "-c:v", "libx264",
           "-preset", "fast", "-g", "250", str(clip))
    frames = sample(clip, mode="auto", every_seconds=2.0)
    red = [f.timestamp_seconds for f in frames if f.image[540, 1040, 0] > 200 and f.image[540, 1040, 1] < 80]
    assert red and 3.0 <= red[0] <= 5.0
    assert any(f.copied_from_seconds is not None for f in frames if f.timestamp_seconds < 3.0)
