"""Which prediction goes with which gold file: single files, or folders matched by name.

In a folder, a file's video name is its name up to the first dot (``talk.chapters.json``
and ``talk.gold.json`` both belong to ``talk``). Only files whose name ends in a readable
chapter format's extension take part, so videos and other files beside them are ignored.
"""

from __future__ import annotations

from pathlib import Path

from vidmark.errors import InputError
from vidmark.export import format_for_path, read_chapters
from vidmark.model import ChapterList

Pair = tuple[str, ChapterList, ChapterList]


def video_name(path: Path) -> str:
    return path.name.split(".", 1)[0]


def load_pairs(pred: Path, gold: Path) -> tuple[list[Pair], list[str]]:
    """The (name, pred, gold) chapter lists to score, and the names found on one side only."""
    if pred.is_dir() != gold.is_dir():
        raise InputError(f"PRED and GOLD must both be files or both folders: {pred}, {gold}")
    if not pred.is_dir():
        return [(video_name(gold), read_chapters(pred), read_chapters(gold))], []
    preds, golds = chapter_files(pred), chapter_files(gold)
    names = sorted(preds.keys() & golds.keys())
    if not names:
        raise InputError(f"no matching files: no video name is in both {pred} ({len(preds)} chapter files) "
                         f"and {gold} ({len(golds)} chapter files)")
    unmatched = sorted(preds.keys() ^ golds.keys())
    return [(n, read_chapters(preds[n]), read_chapters(golds[n])) for n in names], unmatched


def chapter_files(folder: Path) -> dict[str, Path]:
    """Readable chapter files in ``folder`` by video name; two for one name is an error."""
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        fmt = format_for_path(path)
        if path.name.startswith(".") or not path.is_file() or fmt is None or not fmt.readable:
            continue
        name = video_name(path)
        if name in found:
            raise InputError(f"{found[name].name} and {path.name} in {folder} are both chapters of {name!r}; "
                             "keep one per video")
        found[name] = path
    return found
