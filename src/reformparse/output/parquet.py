"""The tables as Parquet files (one per table, typed), for pandas, DuckDB and Polars.

Needs pyarrow, an optional extra: `pip install 'reformparse[parquet]'`. Rows are streamed to each
file in record batches; the files are written beside their targets under temporary names and renamed
at the end, so a killed run leaves the previous files whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from .tables import TABLES

INSTALL_HINT = "--parquet needs pyarrow: pip install 'reformparse[parquet]'"
#: rows kept per table before they are written as one record batch
BATCH_ROWS = 5000


def available() -> bool:
    """Whether pyarrow can be imported."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def schema_of(name: str) -> Any:
    """The pyarrow schema of one table."""
    import pyarrow as pa

    types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    return pa.schema([pa.field(column.name, types[column.kind]) for column in TABLES[name]])


class ParquetTables:
    """One Parquet file per table in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._writers: dict[str, tuple[Any, str]] = {}
        self._rows: dict[str, list[dict]] = {}

    def open(self) -> None:
        import pyarrow.parquet as pq

        self.folder.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            handle, temp = tempfile.mkstemp(prefix=f".{name}.parquet.", suffix=".tmp", dir=self.folder)
            os.close(handle)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temp, 0o666 & ~mask)
            self._writers[name] = (pq.ParquetWriter(temp, schema_of(name), compression="zstd"), temp)
            self._rows[name] = []

    def add(self, tables: dict[str, list[dict]]) -> None:
        for name, rows in tables.items():
            if name in self._rows:
                self._rows[name].extend(rows)
                if len(self._rows[name]) >= BATCH_ROWS:
                    self._flush(name)

    def _flush(self, name: str) -> None:
        import pyarrow as pa

        rows = self._rows[name]
        if rows:
            writer = self._writers[name][0]
            writer.write_table(pa.Table.from_pylist(rows, schema=writer.schema))
            self._rows[name] = []

    def commit(self) -> list[Path]:
        written = []
        for name in list(self._writers):
            self._flush(name)
            writer, temp = self._writers.pop(name)
            writer.close()
            target = self.folder / f"{name}.parquet"
            os.replace(temp, target)
            written.append(target)
        return written

    def abort(self) -> None:
        for writer, temp in self._writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - the file is removed anyway
                pass
            try:
                os.unlink(temp)
            except OSError:
                pass
        self._writers.clear()
        self._rows.clear()
