"""Synthetic narrated tutorial videos whose chapters are known exactly.

Real videos come with chapter marks people argue about; these come with the truth,
because the truth is what they are made from. They serve the bundled sample
(``sample/tutorial.mp4``), the benchmark's synthetic split (``bench/make_dataset.py``)
and the tests: slides drawn with Pillow, narration spoken by flite (English) or
espeak-ng (Chinese), encoded with PyAV, and the layout written down as json-full.
"""

from vidmark.synth.generate import GeneratedVideo, generate_video
from vidmark.synth.spec import ChapterSpec, RenderOptions, SlideSpec, VideoSpec
from vidmark.synth.speech import SynthError
from vidmark.synth.timeline import Timeline, layout

__all__ = [
    "ChapterSpec",
    "GeneratedVideo",
    "RenderOptions",
    "SlideSpec",
    "SynthError",
    "Timeline",
    "VideoSpec",
    "generate_video",
    "layout",
]
