"""Coverage-guided fuzzing (atheris / libFuzzer) of the same targets as test_fuzz.py.

    .venv/bin/python tests/hardening/atheris_fuzz.py TARGET -runs=100000 [-seed=1]

TARGET: timecode, answer, refine, or a readable format name (srt, otio, ...). vidmark is
instrumented for coverage; a finding is any exception but vidmark's own errors (the
targets let only those through) and prints a reproducer as libFuzzer does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports(include=["vidmark"]):
    from tests.hardening import fuzz_targets as targets
    from vidmark.refine import RefineOptions


def _format_input(name: str, data: atheris.FuzzedDataProvider) -> str:
    seed = SEEDS[name]
    if data.ConsumeBool():
        return data.ConsumeUnicodeNoSurrogates(400)
    cut = data.ConsumeIntInRange(0, len(seed))
    return seed[:cut] + data.ConsumeUnicodeNoSurrogates(40) + seed[cut + data.ConsumeIntInRange(0, 40):]


def _refine(data: atheris.FuzzedDataProvider) -> None:
    count = data.ConsumeIntInRange(0, 12)
    spans = [(data.ConsumeFloatInRange(0, 1e4), data.ConsumeFloatInRange(0, 1e4)) for _ in range(count)]
    anchors = [data.ConsumeFloatInRange(0, 1e4) for _ in range(data.ConsumeIntInRange(0, 6))]
    options = RefineOptions(min_chapter_seconds=data.ConsumeFloatInRange(0, 600),
                            snap_tolerance_seconds=data.ConsumeFloatInRange(0, 30), youtube=data.ConsumeBool())
    targets.refinement(spans, data.ConsumeFloatInRange(0, 1e4), anchors, options)


def one_input(raw: bytes) -> None:
    data = atheris.FuzzedDataProvider(raw)
    if TARGET == "timecode":
        targets.timecode(data.ConsumeUnicodeNoSurrogates(64))
    elif TARGET == "answer":
        duration = data.ConsumeFloatInRange(0, 1e5) if data.ConsumeBool() else None
        targets.model_answer(data.ConsumeUnicodeNoSurrogates(2000), duration)
    elif TARGET == "refine":
        _refine(data)
    else:
        targets.chapter_file(TARGET, _format_input(TARGET, data))


if __name__ == "__main__":
    TARGET = sys.argv.pop(1)
    SEEDS = targets.seed_files()
    if TARGET not in ("timecode", "answer", "refine", *targets.READABLE_FORMATS):
        sys.exit(f"unknown target {TARGET!r}")
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
