"""Per-project settings: ``loganalyzer.toml``, or ``[tool.loganalyzer]`` in ``pyproject.toml``.

Searched from a start path upward to the file-system root; the nearest directory holding one wins (in one directory
``loganalyzer.toml`` before ``pyproject.toml``). A ``pyproject.toml`` without a ``[tool.loganalyzer]`` table is not a
config, and the search goes on above it. Known keys are checked (``train_series``/``val_series`` name a tag or
``dir:tag`` for ``curves.find_curves``; ``num_classes`` enables the initial-loss check); any other key is passed on
as is.
"""
from __future__ import annotations

from pathlib import Path

import tomllib  # Python 3.11+, as pyproject requires

CONFIG_NAME = "loganalyzer.toml"
PYPROJECT_NAME = "pyproject.toml"


class ConfigError(ValueError):
    """A config file that cannot be used: one line naming the file and what is wrong."""


def find_config(start: Path | str) -> Path | None:
    """The nearest config file at or above ``start`` (a directory, or a file whose directory is searched)."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        own = directory / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = directory / PYPROJECT_NAME
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return pyproject
    return None


def load_config(start: Path | str) -> dict:
    """Settings from the nearest config at or above ``start``; {} when there is none."""
    path = find_config(start)
    return {} if path is None else read_config(path)


def read_config(path: Path | str) -> dict:
    """The checked settings of one config file: a ``pyproject.toml`` is read for its ``[tool.loganalyzer]`` table
    (a ConfigError when it has none), any other file as a whole (the ``loganalyzer.toml`` layout)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    if path.name == PYPROJECT_NAME:
        settings = _pyproject_table(path)
        if settings is None:
            raise ConfigError(f"{path}: no [tool.loganalyzer] table")
    else:
        settings = _read_toml(path)
    return _checked(dict(settings), path)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None


def _pyproject_table(path: Path) -> dict | None:
    table = _read_toml(path).get("tool", {})
    table = table.get("loganalyzer") if isinstance(table, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.loganalyzer] must be a table")
    return table


def _checked(settings: dict, path: Path) -> dict:
    where = "[tool.loganalyzer] " if path.name == PYPROJECT_NAME else ""
    for key in ("train_series", "val_series"):
        value = settings.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{path}: {where}{key} must be a series name (tag or dir:tag), got {value!r}")
    k = settings.get("num_classes")
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 2):
        raise ConfigError(f"{path}: {where}num_classes must be an integer >= 2, got {k!r}")
    if "rules_only" in settings and not isinstance(settings["rules_only"], bool):
        raise ConfigError(f"{path}: {where}rules_only must be true or false, got {settings['rules_only']!r}")
    c = settings.get("chance_loss")
    if c is not None and (isinstance(c, bool) or not isinstance(c, (int, float)) or not c > 0):
        raise ConfigError(f"{path}: {where}chance_loss must be a number > 0, got {c!r}")
    return settings
