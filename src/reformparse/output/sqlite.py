"""The tables in a SQLite database that several batches may share.

Every table of `tables.TABLES` plus `inputs` (folder, input, document): which input file of which
batch folder gave which document. Documents are keyed by `Document.key` (from the source's sha256), so
two folders that both hold `report.txt` keep both documents; a re-run of a folder replaces the document
of each of its inputs, and a document no input refers to any more is deleted. Everything is written in
one transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .tables import PRIMARY_KEYS, TABLES

#: PRAGMA user_version of the tables this module writes; a database of an earlier layout is rebuilt
LAYOUT_VERSION = 2
SQL_TYPES = {"int": "INTEGER", "float": "REAL", "bool": "INTEGER", "str": "TEXT"}
#: the tables of layout 1 (keyed by the input path), dropped when such a database is opened
OLD_TABLES = ("documents", "initiatives", "initiative_years", "amounts", "warnings")


class SqliteTables:
    """A SQLite database at `path`, written for the batch folder `folder` (its resolved path)."""

    def __init__(self, path: Path, folder: str) -> None:
        self.path = path
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        #: what happened to the database beyond adding rows (for the summary)
        self.notes: list[str] = []

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("BEGIN IMMEDIATE")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        present = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version < LAYOUT_VERSION and present & set(OLD_TABLES):
            for name in OLD_TABLES:
                self.db.execute(f"DROP TABLE IF EXISTS {name}")
            self.notes.append(f"{self.path}: tables of an earlier version dropped and written again")
        for name, columns in TABLES.items():
            self._create(name, [(c.name, SQL_TYPES[c.kind]) for c in columns], PRIMARY_KEYS.get(name))
        self._create(
            "inputs", [("folder", "TEXT"), ("input", "TEXT"), ("document", "TEXT")], ("folder", "input")
        )
        self.db.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")

    def _create(self, name: str, columns: list[tuple[str, str]], key: tuple[str, ...] | None) -> None:
        assert self.db is not None
        definitions = [f"{column} {kind}" for column, kind in columns]
        if key:
            definitions.append(f"PRIMARY KEY ({', '.join(key)})")
        self.db.execute(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(definitions)})")
        present = {row[1] for row in self.db.execute(f"PRAGMA table_info({name})")}
        for column, kind in columns:  # a database written by an earlier version of this layout
            if column not in present:
                self.db.execute(f"ALTER TABLE {name} ADD COLUMN {column} {kind}")
        if name != "documents" and "document" in dict(columns):
            self.db.execute(f"CREATE INDEX IF NOT EXISTS {name}_document ON {name} (document)")

    def add(self, document: str, tables: dict[str, list[dict]]) -> None:
        """Replace the rows of one document."""
        assert self.db is not None
        self._delete(document)
        for name, columns in TABLES.items():
            names = [c.name for c in columns]
            self.db.executemany(
                f"INSERT OR REPLACE INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                [tuple(row.get(column) for column in names) for row in tables[name]],
            )

    def link(self, source: str, document: str) -> None:
        """The input `source` of this folder now gives `document` (its earlier document may go)."""
        assert self.db is not None
        previous = self._document_of(source)
        self.db.execute(
            "INSERT OR REPLACE INTO inputs (folder, input, document) VALUES (?, ?, ?)",
            (self.folder, source, document),
        )
        if previous is not None and previous != document:
            self._drop_if_orphan(previous)

    def unlink(self, source: str) -> None:
        """The input `source` of this folder gives no document now."""
        assert self.db is not None
        previous = self._document_of(source)
        self.db.execute("DELETE FROM inputs WHERE folder = ? AND input = ?", (self.folder, source))
        if previous is not None:
            self._drop_if_orphan(previous)

    def prune(self, keep: set[str]) -> list[str]:
        """Unlink every input of this folder not in `keep`; returns those inputs, sorted."""
        gone = self.stale(keep)
        for source in gone:
            self.unlink(source)
        return gone

    def stale(self, keep: set[str]) -> list[str]:
        """The inputs of this folder the database holds that are not in `keep` (what prune would drop)."""
        assert self.db is not None
        rows = self.db.execute("SELECT input FROM inputs WHERE folder = ?", (self.folder,))
        return sorted(row[0] for row in rows if row[0] not in keep)

    def _document_of(self, source: str) -> str | None:
        assert self.db is not None
        row = self.db.execute(
            "SELECT document FROM inputs WHERE folder = ? AND input = ?", (self.folder, source)
        ).fetchone()
        return row[0] if row else None

    def _drop_if_orphan(self, document: str) -> None:
        assert self.db is not None
        if self.db.execute("SELECT 1 FROM inputs WHERE document = ? LIMIT 1", (document,)).fetchone() is None:
            self._delete(document)

    def _delete(self, document: str) -> None:
        assert self.db is not None
        for name in TABLES:
            self.db.execute(f"DELETE FROM {name} WHERE document = ?", (document,))

    def commit(self) -> list[Path]:
        assert self.db is not None
        self.db.execute("COMMIT")
        self.db.close()
        self.db = None
        return [self.path]

    def abort(self) -> None:
        if self.db is None:
            return
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.db.close()
        self.db = None
