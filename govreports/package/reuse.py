"""Reuse of the previous build's per-year downloads whose content has not changed.

Each part's fingerprint hashes its package descriptor (which holds the sha256
of every CSV of the part, so its rows as written), the size limits and
``FORMAT``. A part whose fingerprint equals the previous build's gets the
previous files, hard-linked (or copied), instead of new zip, xlsx and sqlite:
the writers are deterministic, so they are the bytes a cold build would write.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from govreports.fsutil import sha256_bytes

FORMAT = "1"  # bump when the zip, xlsx or sqlite writers change what they write


@dataclass
class Reuse:
    previous: Path | None  # the previous build's downloads dir
    previous_state: Path | None  # its fingerprints (JSON), None: reuse nothing
    state: Path | None  # where this build's fingerprints go
    parts: dict[str, dict] = field(default_factory=dict)  # this build's, part -> entry
    reused: list[str] = field(default_factory=list)  # the parts taken from the previous build

    def old(self) -> dict[str, dict]:
        if self.previous is None or self.previous_state is None:
            return {}
        try:
            return json.loads(self.previous_state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def take(self, part: str, key: str, downloads_dir: Path) -> list[tuple[str, str, Path]] | None:
        """Link the previous files of ``part`` into ``downloads_dir`` if its fingerprint matches."""
        entry = self.old().get(part) if self.previous else None
        if not entry or entry.get("fingerprint") != key or self.previous is None:
            return None
        sources = [self.previous / path for _, _, path in entry["files"]]
        if not all(source.is_file() for source in sources):
            return None
        files = []
        for (sub, kind, path), source in zip(entry["files"], sources):
            target = downloads_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(source, target)
            files.append((sub, kind, target))
        self.reused.append(part)
        return files

    def record(self, part: str, key: str, files: list[tuple[str, str, Path]], root: Path) -> None:
        rows = [[sub, kind, path.relative_to(root).as_posix()] for sub, kind, path in files]
        self.parts[part] = {"fingerprint": key, "files": rows}

    def save(self) -> None:
        if self.state is not None:
            self.state.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(self.parts, ensure_ascii=False, indent=1, sort_keys=True)
            self.state.write_text(text + "\n", encoding="utf-8")


def fingerprint(described: dict, limits: object) -> str:
    """The hash of a part's package descriptor (CSV hashes included), limits and FORMAT."""
    text = json.dumps([FORMAT, repr(limits), described], ensure_ascii=False, sort_keys=True)
    return sha256_bytes(text.encode("utf-8"))


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
