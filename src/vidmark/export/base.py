"""The chapter-format interface: each format is one module with one class.

A format writes an :class:`~vidmark.model.Annotation` to text and, where the format can
be read back, reads text into a :class:`~vidmark.model.ChapterList`.
"""

from __future__ import annotations

import abc
from typing import ClassVar

from vidmark.errors import FormatError
from vidmark.model import Annotation, ChapterList


class ChapterFormat(abc.ABC):
    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: file name endings, most specific first (".chapters.json" before ".json")
    extensions: ClassVar[tuple[str, ...]] = ()
    readable: ClassVar[bool] = True

    @abc.abstractmethod
    def write(self, annotation: Annotation) -> str:
        """The annotation's chapters in this format."""

    def read(self, text: str) -> ChapterList:
        """Chapters from text in this format; raise FormatError when it is not."""
        raise FormatError(f"format {self.name!r} can be written but not read")

    def sniff(self, text: str) -> bool:
        """Whether ``text`` looks like this format (used when the file name does not tell)."""
        return False
