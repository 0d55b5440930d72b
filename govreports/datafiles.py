"""Load the versioned domain-knowledge files in ``govreports/data/``.

Each loader reads a file once (``functools.cache``) and validates its shape so
that a broken data file fails loudly at start-up, naming the file.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(str(resources.files("govreports") / "data"))


class DataFileError(ValueError):
    """A domain-knowledge file is missing or malformed."""


def data_path(name: str) -> Path:
    return DATA_DIR / name


@functools.cache
def load_yaml(name: str) -> Any:
    path = data_path(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"{path}: {exc}") from exc


@functools.cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    path = data_path(name)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return tuple(csv.DictReader(handle))
    except OSError as exc:
        raise DataFileError(f"{path}: {exc}") from exc


def require_keys(name: str, mapping: Any, keys: list[str]) -> None:
    """Raise DataFileError unless ``mapping`` is a dict holding all ``keys``."""
    if not isinstance(mapping, dict):
        raise DataFileError(f"{data_path(name)}: expected a mapping, got {type(mapping).__name__}")
    missing = [key for key in keys if key not in mapping]
    if missing:
        raise DataFileError(f"{data_path(name)}: missing keys {', '.join(missing)}")
