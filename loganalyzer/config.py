"""Per-project settings: ``loganalyzer.toml``, or ``[tool.loganalyzer]`` in ``pyproject.toml``.

Searched from a start path upward to the file-system root; the nearest directory holding one wins (in one directory
``loganalyzer.toml`` before ``pyproject.toml``). A ``pyproject.toml`` without a ``[tool.loganalyzer]`` table is not a
config, and the search goes on above it. Known keys are checked (``train_series``/``val_series`` name a tag or
``dir:tag`` for ``curves.find_curves``; ``num_classes`` enables the initial-loss check); any other key is passed on
as is. Relative file paths in ``model`` (``path/file.py:factory``) and ``data`` (a ``.pt`` file) are resolved
against the config file's directory, so a config works from wherever the command is run.

``AnalysisOptions`` (what a user can tell the analysis) and ``analysis_options`` (a config file, then flags or
keywords over it) live here too; ``loganalyzer.scan`` imports them. One check per value (``value_problem``) serves
the config file, ``AnalysisOptions`` (the Python API) and the command-line flags, so the same mistake gets the same
words everywhere.
"""
from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import tomllib  # Python 3.11+, as pyproject requires

CONFIG_NAME = "loganalyzer.toml"
PYPROJECT_NAME = "pyproject.toml"


class OptionError(ValueError):
    """An analysis option that cannot be used (a flag, a keyword of the Python API, a config key): one line."""


class ConfigError(OptionError):
    """A config file that cannot be used: one line naming the file and what is wrong."""


def _series_name(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 2


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _boolean(value) -> bool:
    return isinstance(value, bool)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _rank(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _globs(value) -> bool:
    return isinstance(value, (list, tuple)) and all(_text(v) for v in value)


def pattern_problem(pattern) -> str | None:
    """What is wrong with one user pattern of job logs (a regex with named groups, one of them ``step``)."""
    import re

    if not isinstance(pattern, str) or not pattern.strip():
        return f"must be a non-empty string, got {pattern!r}"
    try:
        compiled = re.compile(pattern.encode())
    except re.error as e:
        return f"'{pattern}' is not a valid regex: {e}"
    if "step" not in compiled.groupindex:
        return f"'{pattern}' has no (?P<step>...) group (the step each match is at)"
    if len(set(compiled.groupindex) - {"step", "epoch"}) == 0:
        return f"'{pattern}' has no group naming a series besides step/epoch (e.g. (?P<loss>[\\d.eE+-]+))"
    return None


def _patterns_problem(value) -> str | None:
    if not isinstance(value, (list, tuple)):
        return f"must be a list of regexes, got {value!r}"
    for pattern in value:
        problem = pattern_problem(pattern)
        if problem is not None:
            return problem
    return None


# kind of value -> (test, what it must be)
_KINDS = {
    "series": (_series_name, "must be a series name (tag or dir:tag)"),
    "count": (_count, "must be an integer >= 2"),
    "positive": (_positive, "must be a number > 0"),
    "boolean": (_boolean, "must be true or false"),
    "text": (_text, "must be a non-empty string"),
    "rank": (_rank, "must be an integer >= 0"),
    "globs": (_globs, "must be a list of file-name globs (e.g. [\"*.txt\"])"),
}
# every name a value goes by (config key, AnalysisOptions field) -> its kind
VALUE_KINDS = {
    "train_series": "series", "val_series": "series", "num_classes": "count", "chance_loss": "positive",
    "rules_only": "boolean", "use_model": "boolean", "siblings": "boolean", "replay": "boolean",
    "trust_pickle": "boolean",
    "replay_trust_pickle": "boolean", "model": "text", "data": "text", "loss": "text", "replay_model": "text",
    "replay_data": "text", "replay_loss": "text", "replay_device": "text",
    "joblog_rank": "rank", "joblog_globs": "globs", "joblog_patterns": "patterns",
}


def value_problem(name: str, value) -> str | None:
    """What is wrong with ``value`` for the setting ``name`` ('must be an integer >= 2, got 1'), or None when it is
    fine (None, "not given", is always fine)."""
    kind = VALUE_KINDS.get(name)
    if value is None or kind is None:
        return None
    if kind == "patterns":
        return _patterns_problem(value)
    test, must = _KINDS[kind]
    return None if test(value) else f"{must}, got {value!r}"


def find_config(start: Path | str) -> Path | None:
    """The nearest config file at or above ``start`` (a directory, or a file whose directory is searched); for a
    URL (``s3://bucket/prefix``), at or above the current directory."""
    if isinstance(start, str) and "://" in start:
        start = Path.cwd()
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
    (a ConfigError when it has none), any other file as a whole (the ``loganalyzer.toml`` layout). Relative
    ``model``/``data`` paths come back resolved against the file's directory."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    if path.name == PYPROJECT_NAME:
        settings = _pyproject_table(path)
        if settings is None:
            raise ConfigError(f"{path}: no [tool.loganalyzer] table")
    else:
        settings = _read_toml(path)
    return _resolved(_checked(dict(settings), path), path)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    except UnicodeDecodeError as e:  # TOML is UTF-8; tomllib's own message names no file
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset "
                          f"{e.start})") from None
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
    for key in ("train_series", "val_series", "num_classes", "chance_loss", "rules_only", "replay", "model", "data",
                "loss"):
        problem = value_problem(key, settings.get(key))
        if problem is not None:
            raise ConfigError(f"{path}: {where}{key} {problem}")
    joblog = settings.get("joblog")
    if joblog is not None:
        if not isinstance(joblog, dict):
            raise ConfigError(f"{path}: {where}joblog must be a table ([joblog] with rank, patterns, globs)")
        for key in joblog:
            if key not in JOBLOG_KEYS:
                raise ConfigError(f"{path}: {where}unknown key joblog.{key}; valid: {', '.join(JOBLOG_KEYS)}")
        if isinstance(joblog.get("patterns"), str):
            joblog["patterns"] = [joblog["patterns"]]
        if isinstance(joblog.get("globs"), str):
            joblog["globs"] = [joblog["globs"]]
        for key in JOBLOG_KEYS:
            problem = value_problem(f"joblog_{key}", joblog.get(key))
            if problem is not None:
                raise ConfigError(f"{path}: {where}joblog.{key} {problem}")
    return settings


def _resolved(settings: dict, path: Path) -> dict:
    """``model``/``data`` file paths relative to the config file's directory made absolute (module specs such as
    ``package.module:fn`` are left alone)."""
    base = path.resolve().parent
    model = settings.get("model")
    if model is not None:
        file_part, colon, name = model.rpartition(":")
        if colon and _is_file_path(file_part, model_spec=True):
            settings["model"] = f"{_absolute(file_part, base)}:{name}"
    data = settings.get("data")
    if data is not None and _is_file_path(data, model_spec=False, base=base):
        settings["data"] = _absolute(data, base)
    return settings


def _is_file_path(spec: str, *, model_spec: bool, base: Path | None = None) -> bool:
    """Whether a model/data spec names a file (as ``replay.load`` reads it) rather than a Python module."""
    if spec.endswith(".py") or "/" in spec or os.sep in spec:
        return True
    if model_spec:
        return False
    # data: a .pt/.pth file, or any existing file; 'module:fn' otherwise
    return Path(spec).suffix in (".pt", ".pth") or ":" not in spec or (base is not None and (base / spec).is_file())


def _absolute(spec: str, base: Path) -> str:
    expanded = os.path.expanduser(spec)
    return expanded if os.path.isabs(expanded) else str(base / expanded)


# ---------------------------------------------------------------- the analysis options


@dataclass(frozen=True)
class AnalysisOptions:
    """What a user can tell the analysis (CLI flags, loganalyzer.toml, [tool.loganalyzer] in pyproject)."""

    train_series: str | None = None  # a tag (or dir:tag) to use as the training loss
    val_series: str | None = None
    num_classes: int | None = None  # enables the initial-loss check against ln k
    chance_loss: float | None = None  # the loss of a constant prediction (wins over num_classes)
    use_model: bool = True  # the learned verdict model; False: transparent rules only
    siblings: bool = True  # a healthy run far above a sibling version of it is underfit (loganalyzer.siblings)
    # checkpoint replay (loganalyzer.replay, needs torch): the run's newest checkpoint, or its gradient histograms
    replay: bool = False
    replay_model: str | None = None  # path/file.py:factory or package.module:factory
    replay_data: str | None = None  # a .pt file or module:fn
    replay_loss: str | None = None
    replay_device: str = "auto"
    replay_trust_pickle: bool = False
    # job logs (readers/joblog.py): the rank whose curves are read (None: rank 0), user regexes with named groups
    # (one is ``step``), and file-name globs read as job logs besides the usual names
    joblog_rank: int | None = None
    joblog_patterns: tuple = ()
    joblog_globs: tuple = ()
    config: str | None = None  # the config file these options were read from (None: none was applied)

    def __post_init__(self):
        for name in ("joblog_patterns", "joblog_globs"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
            elif isinstance(value, tuple):
                pass
            elif value is None:
                object.__setattr__(self, name, ())
            else:
                object.__setattr__(self, name, value)  # refused below
        for name in OPTION_FIELDS:
            problem = value_problem(name, getattr(self, name))
            if problem is not None:
                raise OptionError(f"{name} {problem}")

    def to_dict(self) -> dict:
        """The resolved options, as the JSON document's ``options`` (the config file is its own key)."""
        return {name: list(v) if isinstance(v := getattr(self, name), tuple) else v for name in OPTION_FIELDS}


OPTION_FIELDS = ("train_series", "val_series", "num_classes", "chance_loss", "use_model", "siblings", "replay",
                 "replay_model", "replay_data", "replay_loss", "replay_device", "replay_trust_pickle", "joblog_rank",
                 "joblog_patterns", "joblog_globs")
OVERRIDES = ("train_series", "val_series")
# Given as flags or keywords, these ask for a replay: they imply replay=True unless replay=False is given too.
# (In a config file they are settings for when a replay is asked for.)
REPLAY_SETTINGS = ("replay_model", "replay_data", "replay_loss", "replay_trust_pickle")
# Keys of loganalyzer.toml / [tool.loganalyzer]: the CLI's option names in snake case.
CONFIG_KEYS = ("num_classes", "chance_loss", "rules_only", "train_series", "val_series", "replay", "model", "data", "loss",
               "joblog", "serve", "siblings")
JOBLOG_KEYS = ("rank", "patterns", "globs")  # the [joblog] table: AnalysisOptions.joblog_<key>


def analysis_options(
    paths: Sequence[str | os.PathLike[str]],
    config: str | os.PathLike[str] | bool | None = None,
    **overrides,
) -> AnalysisOptions:
    """AnalysisOptions from a config file, then ``overrides`` (AnalysisOptions fields; None means "not given").

    ``config``: a file to read; None: the nearest config at or above the first path; False: none. Raises
    ConfigError (one line naming the file and the key) for a config that cannot be used, OptionError for a bad
    override. ``replay_model``/``replay_data``/``replay_loss``/``replay_trust_pickle`` among the overrides imply
    ``replay=True`` unless ``replay=False`` is given with them.
    """
    settings: dict = {}
    source: Path | None = None
    if config is None or config is True:
        source = find_config(paths[0]) if paths else None
    elif config is not False:
        source = Path(config)
    if source is not None:
        settings = options_from_config(read_config(source), source)
        settings["config"] = str(source)
    given = {key: value for key, value in overrides.items() if value is not None}
    if given.get("replay") is None and any(given.get(key) for key in REPLAY_SETTINGS):
        given["replay"] = True
    settings.update(given)
    return AnalysisOptions(**settings)


def options_from_config(settings: dict, source: Path) -> dict:
    """Checked config settings (``config.read_config``) -> AnalysisOptions keywords; an unknown key is a
    ConfigError."""
    where = "[tool.loganalyzer] " if source.name == PYPROJECT_NAME else ""
    for key in settings:
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{source}: {where}unknown key {key!r}; valid keys: {', '.join(CONFIG_KEYS)}")
    options = {key: settings[key] for key in ("train_series", "val_series", "num_classes", "chance_loss")
               if key in settings}
    options.update({f"replay_{key}": str(settings[key]) for key in ("model", "data", "loss") if key in settings})
    for key in ("replay", "siblings"):  # checked: true or false, never a string read as true
        if key in settings:
            options[key] = settings[key]
    if "rules_only" in settings:
        options["use_model"] = not settings["rules_only"]
    for key, value in settings.get("joblog", {}).items():
        options[f"joblog_{key}"] = tuple(value) if isinstance(value, list) else value
    return options


# ---------------------------------------------------------------- the [serve] table (loganalyzer serve)


def __getattr__(name: str):
    """``SERVE_KEYS``/``serve_settings`` live in ``config_serve`` (which reads the file with this module's helpers),
    still importable from here (cli/serve.py, tests)."""
    if name in ("SERVE_KEYS", "serve_settings"):
        from . import config_serve
        return getattr(config_serve, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
