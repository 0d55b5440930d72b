"""Parse cache of ``build``: one pickled :class:`Parsed` per report file.

The key of an entry is the sha256 of the parser's fingerprint (``PARSER_VERSION``
and every data file in ``govreports/data``, hashed once per build), the file's
path, its bytes and its sidecar's bytes. Any change to one of these is a miss,
so adding one report re-parses that report only. Entries are written
atomically and are content-addressed: writing them outside the build's
staging directory is safe.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Iterable
from pathlib import Path

from govreports import PARSER_VERSION
from govreports.datafiles import data_path
from govreports.fsutil import atomic_write_bytes
from govreports.records import Failure, ParsedReport
from govreports.sidecar import sidecar_path

CACHE_DIR = Path("build") / "cache"  # under the build's output directory
Parsed = ParsedReport | Failure  # what the parse step keeps of one file


def parser_fingerprint() -> str:
    """Hash of the parser version and the data files: a lexicon change invalidates."""
    digest = hashlib.sha256(f"parser {PARSER_VERSION}\n".encode())
    data_dir = data_path("schema.yaml").parent
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_key(path: Path, fingerprint: str) -> str:
    digest = hashlib.sha256(f"{fingerprint}\n{path}\n".encode())
    digest.update(hashlib.sha256(path.read_bytes()).digest())
    sidecar = sidecar_path(path)
    digest.update(hashlib.sha256(sidecar.read_bytes()).digest() if sidecar.is_file() else b"-")
    return digest.hexdigest()


class ParseCache:
    """Pickled ``Parsed`` entries (a ParsedReport or a Failure) under ``directory/<key[:2]>/<key>.pickle``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Parsed | None:
        try:
            value = pickle.loads(self._path(key).read_bytes())
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 (a corrupt entry is a miss, never a failed build)
            logging.getLogger(__name__).warning("ignoring cache entry %s: %s", key, exc)
            return None
        return value if isinstance(value, ParsedReport | Failure) else None

    def put(self, key: str, value: Parsed) -> None:
        atomic_write_bytes(self._path(key), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def prune(self, keep: Iterable[str]) -> int:
        """Delete entries not in ``keep`` (reports removed or changed); return how many."""
        wanted = set(keep)
        removed = 0
        for path in self.directory.glob("*/*.pickle"):
            if path.stem not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
