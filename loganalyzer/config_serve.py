"""The ``[serve]`` table of a config file (``[tool.loganalyzer.serve]`` in a pyproject.toml), for ``loganalyzer
serve``: its keys checked and its paths resolved (``serve_settings``, re-exported by ``config``).
"""
from __future__ import annotations

from pathlib import Path

from .config import PYPROJECT_NAME, ConfigError, _absolute, _globs, _positive, _text, read_config

# key -> (test, what it must be); roots/notify_url also take one string
SERVE_KEYS = {
    "roots": (_globs, "must be a list of directories or URLs"),
    "db": (_text, "must be a database URL, an SQLite file path or 'off'"),
    "host": (_text, "must be an address to listen on"),
    "port": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 65535, "must be a port 0-65535"),
    "token_file": (_text, "must be a file path"),
    "notify_url": (lambda v: _globs(v) and all(u.startswith(("http://", "https://")) for u in v),
                   "must be a list of http(s):// URLs"),
    "poll": (_positive, "must be a number of seconds > 0"),
    "watch": (lambda v: v in ("auto", "watchdog", "poll"), "must be auto, watchdog or poll"),
    "max_upload_mb": (_positive, "must be a number of megabytes > 0"),
    "public_url": (_text, "must be the URL people reach the service at"),
    "jobs": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1, "must be an integer >= 1"),
    "allowed_hosts": (lambda v: _globs(v), "must be a list of host names the service answers to"),
}


def serve_settings(path: Path | str) -> dict:
    """The checked ``[serve]`` table of one config file (``[tool.loganalyzer.serve]`` in a pyproject.toml): {} when
    there is none. ``roots``/``notify_url`` given as one string become lists; relative ``roots``, ``token_file``
    and an SQLite ``db`` path are resolved against the file's directory. Raises ConfigError."""
    path = Path(path)
    where = "[tool.loganalyzer.serve] " if path.name == PYPROJECT_NAME else "[serve] "
    settings = read_config(path).get("serve")
    if settings is None:
        return {}
    if not isinstance(settings, dict):
        raise ConfigError(f"{path}: serve must be a table ([serve] with {', '.join(SERVE_KEYS)})")
    settings = dict(settings)
    base = path.resolve().parent
    for key in ("roots", "notify_url", "allowed_hosts"):
        if isinstance(settings.get(key), str):
            settings[key] = [settings[key]]
    for key, value in settings.items():
        if key not in SERVE_KEYS:
            raise ConfigError(f"{path}: {where}unknown key {key!r}; valid: {', '.join(SERVE_KEYS)}")
        test, must = SERVE_KEYS[key]
        if not test(value):
            raise ConfigError(f"{path}: {where}{key} {must}, got {value!r}")
    if "roots" in settings:
        settings["roots"] = [r if "://" in r else _absolute(r, base) for r in settings["roots"]]
    if "token_file" in settings:
        settings["token_file"] = _absolute(settings["token_file"], base)
    db = settings.get("db")
    if db is not None and "://" not in db and db.lower() not in ("off", "none", "0"):
        settings["db"] = _absolute(db, base)
    return settings
