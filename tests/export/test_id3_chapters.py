"""Chapters in audio files: MP3 through ID3v2 CHAP/CTOC frames, M4A/M4B through the MP4
splicer, read back by ffprobe, mutagen, PyAV and vidmark itself; every other tag frame, the
cover art and the audio bytes are kept; every export format takes an audio-only file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import mutagen.id3
import mutagen.mp4
import pytest

from tests.conftest import ffmpeg
from tests.podcast import Podcast, encode, make_podcast
from vidmark.cli import main
from vidmark.export import format_names, get_format
from vidmark.export.convert import load_annotation
from vidmark.export.embed import EmbedOptions, embed_chapters
from vidmark.media import probe
from vidmark.model import Annotation, Chapter, RunInfo

from .conftest import TRICKY_TITLES, chapters_of, tricky_chapters

FFPROBE = shutil.which("ffprobe")


@pytest.fixture(scope="module")
def podcast(tmp_path_factory: pytest.TempPathFactory) -> Podcast:
    return make_podcast(tmp_path_factory.mktemp("podcast"))


@pytest.fixture(scope="module")
def tagged_mp3(podcast: Podcast, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The podcast as an MP3 with a title, an artist and cover art in its ID3v2 tag."""
    folder = tmp_path_factory.mktemp("tagged")
    ffmpeg("-f", "lavfi", "-i", "color=c=blue:s=64x64", "-frames:v", "1", str(folder / "cover.png"))
    target = folder / "show.mp3"
    ffmpeg("-i", str(podcast.wav), "-i", str(folder / "cover.png"), "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame",
           "-b:a", "64k", "-c:v", "png", "-disposition:v", "attached_pic", "-id3v2_version", "3",
           "-metadata", "title=Garden show", "-metadata", "artist=Radio Me", str(target))
    return target


def _audio_after_tag(path: Path) -> bytes:
    return path.read_bytes()[mutagen.id3.ID3(path).size:]


def test_mp3_chapters_as_id3_frames_in_order(tagged_mp3, tmp_path):
    chapters = tricky_chapters(step=5.0)
    out = embed_chapters(tagged_mp3, chapters, tmp_path / "out.mp3")
    tags = mutagen.id3.ID3(out)
    (toc,) = tags.getall("CTOC")
    assert toc.flags & mutagen.id3.CTOCFlags.TOP_LEVEL and toc.flags & mutagen.id3.CTOCFlags.ORDERED
    frames = {f.element_id: f for f in tags.getall("CHAP")}
    assert [frames[i].sub_frames["TIT2"].text[0] for i in toc.child_element_ids] == TRICKY_TITLES
    assert [(frames[i].start_time, frames[i].end_time) for i in toc.child_element_ids] == \
        [(round(c.start_seconds * 1000), round(c.end_seconds * 1000)) for c in chapters]
    assert [title for *_, title in chapters_of(out)] == TRICKY_TITLES  # FFmpeg reads them in file order
    assert tags["TIT2"].text == ["Garden show"] and tags["TPE1"].text == ["Radio Me"] and tags.getall("APIC")
    assert _audio_after_tag(out) == _audio_after_tag(tagged_mp3)
    assert not mutagen.id3.ID3(tagged_mp3).getall("CHAP")


@pytest.mark.skipif(FFPROBE is None, reason="ffprobe is not installed (Debian's ffmpeg package, in scripts/debian-test-packages.txt)")
def test_ffprobe_reads_the_same_titles(tagged_mp3, tmp_path):
    chapters = tricky_chapters(step=5.0)
    out = embed_chapters(tagged_mp3, chapters, tmp_path / "out.mp3")
    shown = json.loads(subprocess.run([FFPROBE, "-v", "error", "-show_chapters", "-of", "json", str(out)],
                                      capture_output=True, text=True, check=True).stdout)["chapters"]
    assert [c["tags"]["title"] for c in shown] == TRICKY_TITLES
    assert [float(c["start_time"]) for c in shown] == pytest.approx([c.start_seconds for c in chapters])


def test_reembedding_replaces_chapters_in_place(tagged_mp3, tmp_path):
    target = tmp_path / "show.mp3"
    shutil.copy(tagged_mp3, target)
    embed_chapters(target, tricky_chapters(step=5.0), options=EmbedOptions(in_place=True))
    embed_chapters(target, [Chapter(start_seconds=0, end_seconds=30, title="One"),
                            Chapter(start_seconds=30, end_seconds=60, title="Two")], options=EmbedOptions(in_place=True))
    tags = mutagen.id3.ID3(target)
    assert len(tags.getall("CHAP")) == 2 and len(tags.getall("CTOC")) == 1
    assert [c.title for c in probe(target).chapters] == ["One", "Two"]
    assert _audio_after_tag(target) == _audio_after_tag(tagged_mp3)


def test_an_mp3_without_a_tag_gets_one(podcast, tmp_path):
    bare = tmp_path / "bare.mp3"
    ffmpeg("-i", str(podcast.wav), "-c:a", "libmp3lame", "-write_xing", "0", "-id3v2_version", "0", str(bare))
    with pytest.raises(mutagen.id3.ID3NoHeaderError):
        mutagen.id3.ID3(bare)
    out = embed_chapters(bare, [Chapter(start_seconds=0, end_seconds=20, title="Start")], tmp_path / "out.mp3")
    assert mutagen.id3.ID3(out).version == (2, 3, 0)
    assert [c.title for c in probe(out).chapters] == ["Start"]
    assert out.read_bytes().endswith(bare.read_bytes())


def test_export_reads_id3_chapters_back(tagged_mp3, tmp_path, capsys):
    out = embed_chapters(tagged_mp3, tricky_chapters(step=5.0), tmp_path / "out.mp3")
    annotation = load_annotation(out)
    assert annotation.video.audio_only and [c.title for c in annotation.chapters] == TRICKY_TITLES
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(out), "--to", "youtube"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.splitlines()[0] == "0:00 开场 Intro"


@pytest.mark.parametrize("suffix", [".m4a", ".m4b"])
def test_m4a_and_m4b_chapters_spliced(podcast, tmp_path, suffix):
    source = encode(podcast, suffix, tmp_path)
    out = embed_chapters(source, tricky_chapters(step=5.0), tmp_path / f"out{suffix}")
    assert [title for *_, title in chapters_of(out)] == TRICKY_TITLES
    assert [c.title for c in mutagen.mp4.MP4(out).chapters] == TRICKY_TITLES
    assert probe(out).audio_only and out.stat().st_size - source.stat().st_size < 3000


def test_every_export_format_takes_an_audio_only_file(podcast, tmp_path):
    source = encode(podcast, ".mp3", tmp_path)
    chapters = [Chapter(start_seconds=0, end_seconds=10, title="Music", summary="The opening tune."),
                Chapter(start_seconds=10, end_seconds=27.5, title="Tomatoes", summary="Planting tomatoes."),
                Chapter(start_seconds=27.5, end_seconds=podcast.duration_seconds, title="Garden", summary="Bicycles.")]
    annotation = Annotation(video=probe(source), chapters=chapters, run=RunInfo(engine="test"))
    for name in format_names():
        fmt = get_format(name)
        text = fmt.write(annotation)
        assert "Garden" in text or name in ("events-csv",), name
        if getattr(fmt, "readable", True) and name not in ("events-csv",):
            assert [c.title for c in fmt.read(text).chapters][-1] == "Garden", name
    html = get_format("html").write(annotation)
    assert "<img" not in html and "audio only" in get_format("text").write(annotation)


@pytest.mark.parametrize("suffix", [".flac", ".ogg", ".opus"])
def test_flac_and_ogg_chapters_as_vorbis_comments(podcast, tmp_path, suffix):
    import mutagen

    source = encode(podcast, suffix, tmp_path)
    tagged = mutagen.File(source)
    tagged["TITLE"] = "Garden show"
    tagged.save()
    chapters = tricky_chapters(step=5.0)
    out = embed_chapters(source, chapters, tmp_path / f"out{suffix}")
    comments = mutagen.File(out).tags
    assert comments["CHAPTER001"] == ["00:00:00.000"] and comments["CHAPTER002NAME"] == [TRICKY_TITLES[1]]
    assert comments["TITLE"] == ["Garden show"]
    assert [(round(c.start_seconds, 3), c.title) for c in probe(out).chapters] == \
        [(c.start_seconds, c.title) for c in chapters]
    again = embed_chapters(out, chapters[:2], tmp_path / f"again{suffix}")
    assert [c.title for c in probe(again).chapters] == TRICKY_TITLES[:2]
    if FFPROBE:
        shown = subprocess.run([FFPROBE, "-v", "error", "-show_chapters", "-of", "json", str(out)],
                               capture_output=True, text=True, check=True).stdout
        assert [c["tags"]["title"] for c in json.loads(shown)["chapters"]] == TRICKY_TITLES


def test_vorbis_comment_files_are_not_converted(podcast, tmp_path):
    from vidmark.errors import InputError

    with pytest.raises(InputError, match="chapters go into a FLAC file only from one"):
        embed_chapters(encode(podcast, ".m4a", tmp_path), tricky_chapters(step=5.0), tmp_path / "out.flac")
    assert not (tmp_path / "out.flac").exists()


def test_chap_frames_out_of_order_are_read_in_time_order(podcast, tmp_path):
    """mutagen on its own orders frames by size, as other taggers may: vidmark sorts by time."""
    source = encode(podcast, ".mp3", tmp_path)
    tags = mutagen.id3.ID3(source)
    spans = [(0, 20_000, "A much longer first title"), (20_000, 40_000, "B"), (40_000, 60_000, "Mid-sized")]
    for i, (start, end, title) in enumerate(spans):
        tags.add(mutagen.id3.CHAP(element_id=f"c{i}", start_time=start, end_time=end,
                                  sub_frames=[mutagen.id3.TIT2(encoding=3, text=[title])]))
    tags.save(source)
    assert [title for *_, title in chapters_of(source)] != [t for *_, t in spans]  # stored out of order
    assert [c.title for c in probe(source).chapters] == [t for *_, t in spans]
    assert [c.title for c in load_annotation(source).chapters] == [t for *_, t in spans]
