"""The benchmark's synthetic split: recipes for videos that make chaptering hard.

Each recipe names a topic and, per chapter, how long it runs (in sentences), how many
slides it shows, how the picture enters it, whether it is a screen recording and how
much silent demo time it has. ``full`` covers what trips chaptering up: slide changes
that are not chapter changes, chapters from 15 s to several minutes, silent demos, fades
and dips as well as cuts, typing, chapter changes with no visual change, Chinese, and a
video over ten minutes. ``tiny`` is two short videos for CI. Same seed, same dataset.
"""

from __future__ import annotations

import json
import random
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vidmark.errors import ConfigError
from vidmark.export.files import atomic_write
from vidmark.synth.generate import GeneratedVideo, generate_video
from vidmark.synth.spec import ChapterSpec, RenderOptions, SlideSpec, Transition, VideoSpec
from vidmark.synth.topics import TEMPLATES, TOPICS, TopicChapter

CONFIGS = ("tiny", "full")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChapterPlan(_Model):
    chapter: int = Field(ge=0, description="index into the topic's chapters")
    sentences: int = Field(ge=1)
    slides: int = Field(default=1, ge=1)
    transition: Transition = "cut"
    screen: bool = Field(default=False, description="later slides are screen recordings typing the commands")
    demo_seconds: float = Field(default=0.0, ge=0)


class Recipe(_Model):
    name: str
    topic: str
    chapters: list[ChapterPlan]
    render: RenderOptions = Field(default_factory=RenderOptions)
    notes: str = ""


class ManifestEntry(_Model):
    """One row of ``manifest.json``; paths are relative to the dataset folder."""

    name: str
    video: str
    gold: str
    duration_seconds: float
    language: str
    split: Literal["synthetic"] = "synthetic"
    notes: str = ""


def build_spec(recipe: Recipe, seed: int = 0) -> VideoSpec:
    """The video spec a recipe stands for; the seed picks template sentences and slide details."""
    topic = TOPICS[recipe.topic]
    rng = random.Random(f"{seed}:{recipe.name}")
    chapters = [
        _chapter(topic.chapters[plan.chapter], plan, topic.language, rng) for plan in recipe.chapters
    ]
    return VideoSpec(name=recipe.name, chapters=chapters, render=recipe.render, notes=recipe.notes)


def _chapter(source: TopicChapter, plan: ChapterPlan, language: str, rng: random.Random) -> ChapterSpec:
    sentences = _sentences(source, plan.sentences, language, rng)
    parts = [sentences[i * len(sentences) // plan.slides : (i + 1) * len(sentences) // plan.slides] for i in range(plan.slides)]
    slides = [_slide(source, i, part, plan, language, rng) for i, part in enumerate(parts)]
    slides[-1] = slides[-1].model_copy(update={"demo_seconds": plan.demo_seconds})
    summary = ("" if language == "zh" else " ").join(source.sentences[:2])
    return ChapterSpec(title=source.title, summary=summary, language=language, slides=slides, transition=plan.transition)


def _sentences(source: TopicChapter, count: int, language: str, rng: random.Random) -> list[str]:
    """The chapter's written sentences, then template sentences on its terms, ``count`` in all."""
    out = list(source.sentences[:count])
    while len(out) < count:
        t, u = rng.sample(source.terms, 2)
        out.append(rng.choice(TEMPLATES[language]).format(t=t, u=u))
    return out


def _slide(source: TopicChapter, index: int, narration: list[str], plan: ChapterPlan, language: str, rng: random.Random) -> SlideSpec:
    if index == 0 and plan.transition == "none":
        return SlideSpec(narration=narration)
    if index > 0 and plan.screen and source.commands:
        return SlideSpec(title=source.title, bullets=source.commands, style="screen", narration=narration)
    title = source.title
    if index > 0:
        term = source.terms[(index - 1) % len(source.terms)]
        title = term[:1].upper() + term[1:] if rng.random() < 0.5 else f"{source.title}: {term}"
    bullets = [t[:1].upper() + t[1:] for t in rng.sample(source.terms, min(3, len(source.terms)))]
    transition = "cut" if index == 0 else rng.choice(["cut", "cut", "fade"])
    return SlideSpec(title=title, bullets=bullets, narration=narration, transition=transition)


def _plans(*rows: tuple) -> list[ChapterPlan]:
    """ChapterPlans from (chapter, sentences, slides, transition, screen, demo_seconds) rows."""
    keys = ("chapter", "sentences", "slides", "transition", "screen", "demo_seconds")
    return [ChapterPlan(**dict(zip(keys, row))) for row in rows]


_SMALL = RenderOptions(width=640, height=360, fps=10, slide_tail_seconds=0.6, fade_seconds=0.8)
_HD = RenderOptions(width=1280, height=720, fps=10)
_QHD = RenderOptions(width=960, height=540, fps=12, theme=1, voice="kal16")


def recipes(config: str) -> list[Recipe]:
    """The videos of a configuration: 'tiny' (CI) or 'full' (the benchmark)."""
    if config == "tiny":
        return _TINY
    if config == "full":
        return _FULL
    raise ConfigError(f"unknown dataset config {config!r} (available: {', '.join(CONFIGS)})")


_TINY = [
    Recipe(name="tiny_en_git", topic="Git for Beginners", render=_SMALL,
           notes="two slides in chapter 1, a crossfade into a typed screen with a silent demo, a speech-only chapter change",
           chapters=_plans((0, 2, 2, "cut"), (3, 2, 2, "fade", True, 1.5), (4, 1, 1, "none"))),
    Recipe(name="tiny_zh_dumplings", topic="包饺子", render=_SMALL.model_copy(update={"theme": 1}),
           notes="Chinese narration (espeak-ng), a dip through black",
           chapters=_plans((0, 1, 1, "cut"), (1, 2, 1, "dip"))),
]

_FULL = [
    Recipe(name="en_bread_slides", topic="Baking Bread at Home", render=_HD,
           notes="lecture slides: several slides per chapter, cuts and crossfades",
           chapters=_plans((0, 5, 1, "cut"), (1, 12, 2, "fade"), (2, 10, 3, "cut"), (3, 6, 1, "cut"),
                           (4, 14, 3, "fade"), (5, 10, 2, "cut"), (6, 4, 1, "dip"))),
    Recipe(name="en_bike_short_chapters", topic="Basic Bicycle Repair", render=_QHD,
           notes="short chapters of about 15 s",
           chapters=_plans((0, 5, 1, "cut"), (1, 5, 1, "fade"), (2, 5, 1, "cut"), (3, 5, 1, "dip"))),
    Recipe(name="en_git_screencast", topic="Git for Beginners", render=_HD.model_copy(update={"theme": 2}),
           notes="screen recordings with typing and silent demo time",
           chapters=_plans((0, 4, 2, "cut", True, 8), (1, 4, 2, "cut", True, 12), (2, 5, 2, "fade", True, 6),
                           (3, 8, 3, "cut", True, 20), (4, 6, 2, "dip", True, 10), (5, 7, 2, "cut", True, 15),
                           (6, 6, 2, "fade", True, 8))),
    Recipe(name="en_network_speech_only", topic="Setting Up a Home Network", render=_QHD.model_copy(update={"voice": "rms"}),
           notes="two chapter changes with no visual change (speech only)",
           chapters=_plans((0, 8, 2, "cut"), (1, 8, 1, "none"), (2, 10, 2, "cut"), (3, 6, 2, "none"), (4, 8, 1, "fade"))),
    Recipe(name="en_photo_long_course", topic="Photography Basics", render=_HD.model_copy(update={"theme": 1}),
           notes="over ten minutes; chapters from about 15 s to several minutes",
           chapters=_plans((0, 4, 1, "cut"), (1, 70, 6, "fade", False, 20), (2, 40, 4, "cut"), (3, 4, 1, "dip"),
                           (4, 60, 5, "cut", False, 15))),
    Recipe(name="en_data_mixed", topic="Data Analysis with Python", render=_QHD.model_copy(update={"voice": "slt", "theme": 2}),
           notes="slides and screen recordings mixed, one speech-only change",
           chapters=_plans((0, 6, 2, "cut", True, 5), (1, 12, 3, "fade", True, 10), (2, 5, 1, "none"), (3, 8, 2, "cut", True, 6))),
    Recipe(name="zh_dumplings", topic="包饺子", render=_HD.model_copy(update={"theme": 1}),
           notes="Chinese narration (espeak-ng), slides, fades and cuts",
           chapters=_plans((0, 3, 1, "cut"), (1, 6, 2, "fade"), (2, 8, 2, "cut"), (3, 10, 3, "fade"), (4, 5, 1, "dip"))),
    Recipe(name="zh_linux_screencast", topic="Linux 命令行入门", render=_QHD.model_copy(update={"theme": 0}),
           notes="Chinese screen recordings with typing, a speech-only chapter change",
           chapters=_plans((0, 4, 2, "cut", True, 6), (1, 6, 2, "cut", True, 10), (2, 5, 2, "none", True, 4), (3, 6, 2, "fade", True, 8))),
]


def write_dataset(out: Path, config: str = "tiny", seed: int = 0, jobs: int = 1) -> list[ManifestEntry]:
    """Generate every video of ``config`` into ``out`` and write ``out/manifest.json``."""
    specs = [build_spec(r, seed) for r in recipes(config)]
    out.mkdir(parents=True, exist_ok=True)
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            made = list(pool.map(generate_video, specs, [out] * len(specs)))
    else:
        made = [generate_video(spec, out) for spec in specs]
    entries = [_entry(spec, m, out) for spec, m in zip(specs, made)]
    atomic_write(out / "manifest.json", json.dumps([e.model_dump() for e in entries], ensure_ascii=False, indent=2) + "\n")
    return entries


def _entry(spec: VideoSpec, made: GeneratedVideo, out: Path) -> ManifestEntry:
    return ManifestEntry(
        name=spec.name, video=made.video.relative_to(out).as_posix(), gold=made.gold.relative_to(out).as_posix(),
        duration_seconds=made.duration_seconds, language=spec.language, notes=spec.notes,
    )
