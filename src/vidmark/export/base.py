"""The chapter-format interface: each format is one module with one class.

A format writes an :class:`~vidmark.model.Annotation` to text and, where the format can
be read back, reads text into a :class:`~vidmark.model.ChapterList`.
"""

from __future__ import annotations

import abc
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from vidmark.errors import FormatError
from vidmark.model import Annotation, ChapterList


class FormatOptions(BaseModel):
    """A format's settings; formats that have some subclass this and name it in ``Options``."""

    model_config = ConfigDict(extra="forbid")


class ChapterFormat(abc.ABC):
    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: file name endings, most specific first (".chapters.json" before ".json")
    extensions: ClassVar[tuple[str, ...]] = ()
    readable: ClassVar[bool] = True
    Options: ClassVar[type[FormatOptions]] = FormatOptions

    def __init__(self, options: FormatOptions | None = None) -> None:
        self.options = options if options is not None else self.Options()

    @abc.abstractmethod
    def write(self, annotation: Annotation) -> str:
        """The annotation's chapters in this format."""

    def read(self, text: str) -> ChapterList:
        """Chapters from text in this format; raise FormatError when it is not."""
        raise FormatError(f"format {self.name!r} can be written but not read")

    def sniff(self, text: str) -> bool:
        """Whether ``text`` looks like this format (used when the file name does not tell)."""
        return False
