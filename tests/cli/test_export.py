"""``vidmark export`` and ``vidmark embed`` from the command line, errors included."""

from __future__ import annotations

import av
import pytest

from vidmark import engines
from vidmark.cli import main
from vidmark.engines import Engine, EngineRequest, EngineResult
from vidmark.export import embed as embed_module
from vidmark.model import Chapter


def run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_embed_then_export_from_the_video(clip, tmp_path, capsys):
    chapters = tmp_path / "ch.youtube.txt"
    chapters.write_text("0:00 Intro 开场\n0:02 Demo 🎬\n", encoding="utf-8")
    out = tmp_path / "with.mkv"
    code, _, err = run(capsys, "embed", str(clip), str(chapters), "-o", str(out))
    assert code == 0, err
    with av.open(str(out)) as container:
        assert [c["metadata"]["title"] for c in container.chapters()] == ["Intro 开场", "Demo 🎬"]
    code, text, err = run(capsys, "export", str(out), "--to", "srt")
    assert code == 0, err
    assert "00:00:02,000 --> 00:00:04,0" in text and "Demo 🎬" in text


@pytest.mark.parametrize(("flags", "remuxes"), [((), 0), (("--remux",), 1)])
def test_embed_splices_unless_asked_to_remux(clip, tmp_path, capsys, monkeypatch, flags, remuxes):
    calls = []
    remux = embed_module._remux
    monkeypatch.setattr(embed_module, "_remux", lambda *args: calls.append(remux(*args)))
    chapters = tmp_path / "ch.youtube.txt"
    chapters.write_text("0:00 Intro\n0:02 Demo\n", encoding="utf-8")
    out = tmp_path / f"with{clip.suffix}"
    code, _, err = run(capsys, "embed", str(clip), str(chapters), "-o", str(out), *flags)
    assert code == 0, err
    assert len(calls) == remuxes
    with av.open(str(out)) as container:
        assert [c["metadata"]["title"] for c in container.chapters()] == ["Intro", "Demo"]


def test_export_writes_a_file_with_format_options(tmp_path, capsys):
    source = tmp_path / "ch.csv"
    source.write_text("start_seconds,end_seconds,title\n0,83,a\n83,90,b\n", encoding="utf-8")
    out = tmp_path / "ch.md"
    code, _, err = run(capsys, "export", str(source), "-o", str(out), "-O", "link=https://youtu.be/x")
    assert code == 0, err
    assert "- [00:01:23](https://youtu.be/x?t=83s) b" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "message"), [
    (["export", "{csv}", "--to", "markdown", "-O", "colour=red"], "bad option for format 'markdown'"),
    (["embed", "{clip}", "{csv}", "-o", "{tmp}/out.ts"], "cannot hold chapters"),
    (["embed", "{clip}", "{csv}"], "no output file given"),
    (["export", "{tmp}/missing.srt", "--to", "csv"], "no such file"),
    (["export", "{csv}"], "name the output format with --to"),
])
def test_errors_are_one_line(clip, tmp_path, capsys, argv, message):
    csv = tmp_path / "ch.csv"
    csv.write_text("start_seconds,end_seconds,title\n0,1,a\n", encoding="utf-8")
    values = {"clip": clip, "csv": csv, "tmp": tmp_path}
    code, _, err = run(capsys, *[a.format(**values) for a in argv])
    assert code != 0
    assert err.startswith("vidmark: error: ") and message in err and len(err.strip().splitlines()) == 1


class _TwoParts(Engine):
    """A scripted engine: two chapters, split at the middle."""

    name = "two-parts"

    def annotate(self, request: EngineRequest) -> EngineResult:
        half = request.video.duration_seconds / 2
        return EngineResult(chapters=[Chapter(start_seconds=0, end_seconds=half, title="第一 \"one\""),
                                      Chapter(start_seconds=half, end_seconds=2 * half, title="two = 2")])


def test_annotate_embeds_in_one_go(clip, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(engines._BUILTIN, "two-parts", _TwoParts)
    out = tmp_path / "annotated.mp4"
    code, _, err = run(capsys, "annotate", str(clip), "--engine", "two-parts", "--snap", "0", "--no-progress",
                       "-o", str(tmp_path / "ch.json"), "--embed", str(out))
    assert code == 0, err
    with av.open(str(out)) as container:
        assert [c["metadata"]["title"] for c in container.chapters()] == ["第一 \"one\"", "two = 2"]
