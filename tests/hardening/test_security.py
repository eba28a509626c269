"""Security pass, the parts that are not the service's own (tests/service/test_safety.py
covers token auth, upload limits and path confinement): no shell anywhere, hostile file
names reach ffmpeg as one argument, exports escape markup, XML readers do not expand
entities, and a model's answer cannot choose where anything is written."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.hardening.fuzz_targets import seed_files
from vidmark.errors import FormatError
from vidmark.export import get_format
from vidmark.model import Annotation, Chapter, RunInfo, VideoInfo, VideoStreamInfo
from vidmark.engines.qwen.parse import parse_chapters

SRC = Path(__file__).resolve().parents[2] / "src" / "vidmark"
HOSTILE = "</title><script>alert(1)</script> ]]> & \"q\" 'a' $(rm -rf ~) `x` <!-- -->"


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            yield node, name


def test_no_shell_anywhere_and_subprocess_gets_argument_lists() -> None:
    offences = []
    for path in SRC.rglob("*.py"):
        for node, name in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(SRC)}:{node.lineno} {name}"
            if name in ("os.system", "os.popen", "eval", "exec") or name.startswith("os.exec") or name.startswith("os.spawn"):
                offences.append(where)
            if any(k.arg == "shell" for k in node.keywords):
                offences.append(where + " shell=")
            if name.startswith("subprocess.") and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp)):
                offences.append(where + " with a command string")
    assert not offences, offences


def _annotation(title: str) -> Annotation:
    video = VideoInfo(path="/v/talk.mp4", size_bytes=0, container="none", duration_seconds=20,
                      video=VideoStreamInfo(index=0, codec="none", width=1, height=1, fps=25.0))
    chapters = [Chapter(start_seconds=0, end_seconds=10, title=title, summary=title),
                Chapter(start_seconds=10, end_seconds=20, title="two")]
    return Annotation(video=video, chapters=chapters, run=RunInfo(engine="test"))


def test_html_report_escapes_titles_and_summaries() -> None:
    html = get_format("html", {"thumbnails": False}).write(_annotation(HOSTILE))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("name", ["matroska-xml", "podlove"])
def test_xml_exports_escape_and_read_back_the_exact_title(name: str) -> None:
    text = get_format(name).write(_annotation(HOSTILE))
    ET.fromstring(text.encode())  # well-formed
    assert get_format(name).read(text).chapters[0].title == HOSTILE


@pytest.mark.parametrize("name", ["matroska-xml", "podlove"])
def test_xml_readers_do_not_expand_entities(name: str) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(9))
    external = '<!ENTITY ext SYSTEM "file:///etc/passwd">'
    seed = seed_files()[name]
    body = seed[seed.index("?>") + 2:] if "?>" in seed else seed
    root = body.lstrip().split()[0].lstrip("<").rstrip(">")
    for entities, use in ((laughs, "&l8;"), (external, "&ext;")):
        hostile = f"<!DOCTYPE {root} [{entities}]>" + body.replace("Wrap-up", use, 1)
        try:
            read = get_format(name).read(hostile)
        except FormatError:
            continue
        assert all("lol" * 100 not in c.title and "root:" not in c.title for c in read.chapters)


def test_a_model_answer_cannot_choose_where_files_go(tmp_path: Path) -> None:
    """Titles are data: a path-like title is written inside the chosen file, nowhere else."""
    chapters = parse_chapters('[{"start": 0, "title": "../../../../tmp/pwned", "summary": "{{7*7}} ${HOME} %s"}]', 10)
    annotation = _annotation(chapters[0].title).model_copy(update={"chapters": chapters})
    out = tmp_path / "out"
    for fmt in ("json", "markdown", "text", "ffmetadata"):
        from vidmark.export import write_annotation
        write_annotation(annotation, out / f"x.{fmt}", fmt)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out", *sorted(f"x.{f}" for f in ("ffmetadata", "json", "markdown", "text"))]
    assert "{{7*7}}" in (out / "x.json").read_text()  # not rendered as a template


def test_hostile_file_name_is_one_argument_to_ffmpeg(tmp_path: Path) -> None:
    from tests.conftest import make_clip

    video = make_clip(tmp_path / "$(touch pwned); `touch pwned2` 'x\" .mp4", duration=2.0, size="160x120", rate=10)
    chapters = tmp_path / "c.json"
    chapters.write_text('[{"start_time": "00:00:00", "end_time": "00:00:01", "title": "a"}, '
                        '{"start_time": "00:00:01", "end_time": "00:00:02", "title": "b"}]')
    done = subprocess.run([sys.executable, "-m", "vidmark.cli", "embed", str(video), str(chapters), "-o",
                           str(tmp_path / "; touch pwned3.mp4")], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob("pwned*")) and not list(Path.cwd().glob("pwned*"))
