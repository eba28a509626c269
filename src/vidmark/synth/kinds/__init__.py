"""Generated videos of every kind the engine must chapter, with exact truth.

The old benchmark generated slide-template tutorials only; an engine tuned on them
learned "a chapter is a slide title". Here each kind of video has its own generator,
each with several styles, in English and Chinese: screencasts (terminal, editor,
browser), meetings (Zoom-, Teams-, Meet-like), explainers (motion graphics, cooking,
documentary), talks (lecture, podcast, audio only) and slide decks (the old template
and a different deck). :func:`write_dataset` writes them all from one seed, with a
``manifest.json`` whose rows add ``kind`` and ``style`` to the old manifest's fields.
"""

from __future__ import annotations

import json
import random
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from vidmark.errors import ConfigError
from vidmark.export.files import atomic_write
from vidmark.synth.kinds import explainer, meeting, screencast, slidedeck, talk
from vidmark.synth.kinds.base import write_video

LANGUAGES = ("en", "zh")
#: kind -> (module, styles)
KINDS = {
    "screencast": (screencast, ("terminal", "editor", "browser")),
    "meeting": (meeting, ("zoom", "teams", "meet")),
    "explainer": (explainer, ("explainer", "cooking", "documentary")),
    "talk": (talk, ("lecture", "podcast", "audio")),
    "slides": (slidedeck, ("classic", "deck")),
}
_VOICES = {
    "en": ("slt", "rms", "kal16", "awb", "espeak:en-us/165", "espeak:en-gb-x-rp/155", "espeak:en-gb-scotland/160"),
    "zh": ("espeak:cmn", "espeak:cmn+f3/165", "espeak:cmn+m2/150", "espeak:cmn+f5/170"),
}


def catalogue(kinds: list[str] | None = None, seed: int = 0) -> list[tuple[str, str, str, str]]:
    """(kind, style, language, voice) of every video, the voice picked by the seed."""
    unknown = sorted(set(kinds or []) - set(KINDS))
    if unknown:
        raise ConfigError(f"unknown kind {', '.join(unknown)} (available: {', '.join(KINDS)})")
    rows = []
    for kind in kinds or list(KINDS):
        for style in KINDS[kind][1]:
            for language in LANGUAGES:
                voice = random.Random(f"{seed}:voice:{kind}:{style}:{language}").choice(_VOICES[language])
                rows.append((kind, style, language, voice))
    return rows


def write_one(row: tuple[str, str, str, str], out: Path, seed: int) -> dict:
    """Generate one catalogue row into ``out``; its manifest row."""
    kind, style, language, voice = row
    if kind == "slides" and style == "classic":
        return slidedeck.write_classic(language, seed, out)
    module = KINDS[kind][0]
    return write_video(module.make(style, language, seed, voice), out)


def write_dataset(out: Path, seed: int = 0, jobs: int = 1, kinds: list[str] | None = None,
                  limit: int | None = None) -> list[dict]:
    """Generate the videos (``limit`` per kind at most) and ``out/manifest.json``; the
    manifest is rewritten after every video, so a partial dataset is usable while it grows."""
    rows = catalogue(kinds, seed)
    if limit is not None:
        rows = [r for k in dict.fromkeys(r[0] for r in rows) for r in [x for x in rows if x[0] == k][:limit]]
    rows = sorted(rows, key=lambda r: [x for x in rows if x[0] == r[0]].index(r))  # kinds interleaved
    out.mkdir(parents=True, exist_ok=True)
    entries: dict[int, dict] = {}
    atomic_write(out / "manifest.json", "[]\n")
    with ProcessPoolExecutor(max_workers=max(jobs, 1)) as pool:
        futures = {pool.submit(write_one, row, out, seed): i for i, row in enumerate(rows)}
        for future in as_completed(futures):
            entries[futures[future]] = future.result()
            done = [entries[i] for i in sorted(entries)]
            atomic_write(out / "manifest.json", json.dumps(done, ensure_ascii=False, indent=2) + "\n")
    return [entries[i] for i in sorted(entries)]
