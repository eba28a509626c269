"""The bad-media corpus table for docs/reliability.md: every case through the real CLI.

    .venv/bin/python bench/reliability.py [--long] [--engines default,scenes]

Prints one markdown row per case and engine (result, seconds, detail) and the totals:
cases tried, handled (chapters or a one-line error), defects.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hardening.corpus import build_corpus, run_annotate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true")
    parser.add_argument("--engines", default="default,scenes")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built = build_corpus(folder / "corpus", args.long)
        jobs = [(c, p, e) for c, p in built for e in args.engines.split(",")]
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(lambda j: run_annotate(
                j[0], j[1], None if j[2] == "default" else j[2], folder / f"out-{j[1].stem}-{j[2]}", args.timeout), jobs))
    print("| case | engine | result | seconds | detail |\n|---|---|---|---|---|")
    for o in outcomes:
        print(f"| {o.case} | {o.engine} | {o.result} | {o.seconds:.1f} | {o.detail.replace('|', '/')[:110]} |")
    defects = sum(o.result == "DEFECT" for o in outcomes)
    print(f"\ncases {len(built)}, runs {len(outcomes)}, handled {len(outcomes) - defects}, defects {defects}")


if __name__ == "__main__":
    main()
