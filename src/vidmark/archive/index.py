"""The archive index: what many videos say and show, searchable by word, in SQLite FTS5.

Each video's chapters (title and summary), speech or subtitle segments and on-screen
text become rows of an FTS5 table. The indexed column holds :func:`vidmark.tasks.text.tokens`
of the text (Chinese as character bigrams, which FTS5's unicode61 tokeniser keeps as
words), so Chinese and English are searched alike; the original text is stored beside
it for the snippet. Indexing is incremental: a video whose content fingerprint is
already indexed is skipped, and one whose file changed is indexed again. Its signals and
chapters come through vidmark's cache, so an annotated video indexes at once.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field

from vidmark.cache import fingerprint
from vidmark.errors import InputError
from vidmark.media import probe
from vidmark.model import Annotation
from vidmark.tasks.text import tokens

ENV_VAR = "VIDMARK_ARCHIVE"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS videos (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, fingerprint TEXT NOT NULL,
    duration_seconds REAL NOT NULL, indexed_at REAL NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(words, text UNINDEXED, video_id UNINDEXED,
    start_seconds UNINDEXED, end_seconds UNINDEXED, source UNINDEXED, tokenize='unicode61');
"""


def default_db_path() -> Path:
    """``$VIDMARK_ARCHIVE``, else archive.sqlite3 in the user's data folder."""
    return Path(os.environ.get(ENV_VAR) or Path(platformdirs.user_data_dir("vidmark")) / "archive.sqlite3")


class IndexOptions(BaseModel):
    """How videos are annotated before indexing."""

    model_config = ConfigDict(extra="forbid")

    engine: str = "offline"
    language: str | None = None


class Hit(BaseModel):
    """One search result: which video, when, and what was said or shown there."""

    model_config = ConfigDict(extra="forbid")

    path: str
    start_seconds: float
    end_seconds: float
    source: str
    snippet: str
    score: float = Field(description="higher is better (negated BM25)")


class Archive:
    """One index file; open it, add videos, search it."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"cannot open the archive {str(self.path)!r}: {exc}") from None

    def close(self) -> None:
        self._db.close()

    def add(self, path: str | os.PathLike[str], options: IndexOptions | None = None) -> bool:
        """Index one video; False when its content is indexed already (nothing to do)."""
        options = options or IndexOptions()
        where = str(Path(path).resolve())
        video = probe(path)
        print_ = fingerprint(path, video)
        row = self._db.execute("SELECT id, fingerprint FROM videos WHERE path = ?", (where,)).fetchone()
        if row is not None and row[1] == print_:
            return False
        annotation, texts = _annotate(path, options)
        with self._db:
            if row is not None:
                self._db.execute("DELETE FROM passages WHERE video_id = ?", (row[0],))
                self._db.execute("DELETE FROM videos WHERE id = ?", (row[0],))
            video_id = self._db.execute(
                "INSERT INTO videos (path, fingerprint, duration_seconds, indexed_at) VALUES (?, ?, ?, ?)",
                (where, print_, video.duration_seconds, time.time())).lastrowid
            self._db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)", [
                (" ".join(tokens(text)), text, video_id, start, end, source)
                for start, end, text, source in _rows(annotation, texts) if tokens(text)])
        return True

    def videos(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT path FROM videos ORDER BY path")]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The passages that hold any of the query's words, best (BM25) first."""
        words = list(dict.fromkeys(tokens(query)))
        if not words:
            raise InputError(f"search query {query!r} has no words")
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self._db.execute(
            "SELECT v.path, p.start_seconds, p.end_seconds, p.source, p.text, bm25(passages) AS rank "
            "FROM passages p JOIN videos v ON v.id = p.video_id WHERE passages MATCH ? ORDER BY rank LIMIT ?",
            (match, limit)).fetchall()
        return [Hit(path=r[0], start_seconds=r[1], end_seconds=r[2], source=r[3], snippet=_snippet(r[4]),
                    score=round(-r[5], 4)) for r in rows]


def _annotate(path: str | os.PathLike[str], options: IndexOptions) -> tuple[Annotation, list]:
    """The video's chapters and timed texts (from the cache when it was annotated before)."""
    from vidmark.pipeline import AnnotateOptions, annotate  # noqa: PLC0415 - the pipeline pulls in every engine
    from vidmark.tasks.inputs import load_inputs  # noqa: PLC0415

    annotation = annotate(path, AnnotateOptions(engine=options.engine, language=options.language))
    return annotation, load_inputs(path, options.language).signals.texts


def _rows(annotation: Annotation, texts: list) -> list[tuple[float, float, str, str]]:
    rows = [(c.start_seconds, c.end_seconds, f"{c.title}. {c.summary}".strip(" ."), "chapter") for c in annotation.chapters]
    return rows + [(t.start_seconds, t.end_seconds, " ".join(t.text.split()), t.source) for t in texts if t.text.strip()]


def _snippet(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
