"""vidmark: watch a video and write down when things happen in it.

The public API::

    from vidmark import annotate, probe
    annotation = annotate("talk.mp4")
    for chapter in annotation.chapters:
        print(chapter.start_seconds, chapter.title)

    from vidmark import annotate_input       # files, URLs, .info.json, '-' and named pipes
    annotation = annotate_input("https://example.org/talk.mp4")
"""

from __future__ import annotations

__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy, so `import vidmark` stays cheap and the CLI starts fast.
    if name in {"annotate", "AnnotateOptions"}:
        from vidmark import pipeline

        return getattr(pipeline, name)
    if name == "annotate_input":
        from vidmark.sources import annotate_input

        return annotate_input
    if name == "probe":
        from vidmark.media import probe

        return probe
    raise AttributeError(f"module 'vidmark' has no attribute {name!r}")


__all__ = ["AnnotateOptions", "__version__", "annotate", "annotate_input", "probe"]
