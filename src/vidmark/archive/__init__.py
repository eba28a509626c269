"""Archive search: chapters, transcripts and on-screen text of many videos in one SQLite FTS5 index."""

from vidmark.archive.index import Archive, Hit, IndexOptions, default_db_path

__all__ = ["Archive", "Hit", "IndexOptions", "default_db_path"]
