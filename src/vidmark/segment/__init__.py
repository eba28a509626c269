"""Segmentation: signals in, titled and summarised chapters out, as pure functions."""

from vidmark.segment.chapters import SegmentOptions, segment

__all__ = ["SegmentOptions", "segment"]
