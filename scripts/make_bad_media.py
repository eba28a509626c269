"""Write the bad-media corpus (tests/hardening/corpus.py) to a folder, to look at by hand.

    .venv/bin/python scripts/make_bad_media.py out/bad-media [--long]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hardening.corpus import build_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--long", action="store_true", help="also the cases that take minutes")
    args = parser.parse_args()
    for case, path in build_corpus(args.folder, args.long):
        print(f"{case.expect:9s} {path.stat().st_size:>10,d}  {path.name}  ({case.name})")


if __name__ == "__main__":
    main()
