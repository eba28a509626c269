"""Refinement: turn whatever an engine returned into a valid chapter list."""

from vidmark.refine.normalize import normalize

__all__ = ["normalize"]
