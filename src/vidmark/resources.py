"""How many threads a stage may use, so that parallel workers do not fight over cores.

``VIDMARK_THREADS`` (0 or unset = as many as there are cores) caps the video decoder's and
the OCR model's threads. ``vidmark batch -j N`` with N > 1 sets it to 1 in each worker: N
single-threaded workers share the cores better than N workers that each want them all.
"""

from __future__ import annotations

import os

ENV_VAR = "VIDMARK_THREADS"


def thread_limit() -> int:
    """The threads a stage may use; 0 means no limit."""
    try:
        return max(int(os.environ.get(ENV_VAR, "0")), 0)
    except ValueError:
        return 0
