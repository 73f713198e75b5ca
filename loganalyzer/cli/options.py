"""The analysis options `scan` and `report` share (one definition: both commands run the same analysis).

``analysis_click_options`` adds the flags to a click command, which receives them as keyword arguments;
``options_from_flags`` turns those keywords (plus the config file they may name) into ``AnalysisOptions``.
Values are checked by ``config.value_problem``, the check config files and the Python API use, so a mistake reads
the same wherever it is made. Imports only click and the config/scan modules: never torch.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import click

from ..config import AnalysisOptions, analysis_options, value_problem
from ..names import EXECUTORS


def _checked(name: str):
    """A click callback refusing what ``value_problem(name, value)`` refuses, in its words."""

    def callback(ctx: click.Context, param: click.Parameter, value):
        problem = value_problem(name, value)
        if problem is not None:
            raise click.BadParameter(problem)
        return value

    return callback


def _globs(ctx: click.Context, param: click.Parameter, value):
    """--joblog-glob, repeatable or comma-separated: None when not given (the config's globs stand)."""
    globs = tuple(g.strip() for v in value or () for g in v.split(",") if g.strip())
    return globs or None


_OPTIONS = [
    click.option("--train-series", metavar="TAG", callback=_checked("train_series"),
                 help="Use this series (a tag, or dir:tag) as the training loss of every run (a run without it is "
                      "judged on its own choice, and says so; a name no run has is an error)."),
    click.option("--val-series", metavar="TAG", callback=_checked("val_series"),
                 help="Use this series (a tag, or dir:tag) as the validation loss of every run (as --train-series)."),
    click.option("--num-classes", type=int, metavar="K", callback=_checked("num_classes"),
                 help="Number of classes (>= 2): checks the initial loss against ln K and the final loss against "
                      "chance."),
    click.option("--chance-loss", type=float, metavar="X", callback=_checked("chance_loss"),
                 help="The loss of a constant prediction (the mean or the prior; 1.0 for MSE on standardised "
                      "targets): like --num-classes for any loss, it tells a run that ends high from one that "
                      "reached its floor."),
    click.option("--rules-only/--use-model", "rules_only", default=None,
                 help="Judge with the transparent rules only, not the learned model (default: the model when "
                      "present)."),
    click.option("--siblings/--no-siblings", "siblings", default=None,
                 help="Judge each run against its sibling versions in the same folder (version_0, version_1, ...): "
                      "a run that looks healthy alone but ended far above a sibling that started alike is underfit "
                      "(default: on)."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                 help="Read settings from this file (default: the nearest loganalyzer.toml or [tool.loganalyzer] "
                      "in pyproject.toml at or above the first PATH; --details and the JSON name the file "
                      "applied)."),
    click.option("--replay/--no-replay", "replay", default=None,
                 help="Replay each run's newest checkpoint (needs torch, and a model: --model/--data or the config "
                      "keys model/data) or read its gradient histograms, adding per-layer findings (dead units, "
                      "vanishing gradients...). A run with a checkpoint but no model says what it needs."),
    click.option("--model", "replay_model", metavar="MODEL", callback=_checked("replay_model"),
                 help="path/file.py:factory or module:factory for the replay; implies --replay."),
    click.option("--data", "replay_data", metavar="DATA", callback=_checked("replay_data"),
                 help="A .pt file of batches or module:fn for the replay; implies --replay."),
    click.option("--loss", "replay_loss", metavar="ce|mse|MODULE:FN", callback=_checked("replay_loss"),
                 help="The loss for the replay; implies --replay."),
    click.option("--trust-pickle", "replay_trust_pickle", is_flag=True, default=None,
                 help="For the replay: allow checkpoints holding pickled Python objects (runs code from the file); "
                      "implies --replay."),
    click.option("--rank", "joblog_rank", type=int, metavar="N", callback=_checked("joblog_rank"),
                 help="Job logs: read the curves rank N printed (default 0; the config key joblog.rank)."),
    click.option("--joblog-glob", "joblog_globs", multiple=True, metavar="GLOB", callback=_globs,
                 help="Job logs: also read files whose name matches GLOB (e.g. '*.txt'; repeatable or "
                      "comma-separated) as what a job printed (the config key joblog.globs; user patterns: "
                      "joblog.patterns)."),
]


# How a scan runs, not what it finds: where runs are judged and what is remembered between scans.
SCALE_FLAGS = ("jobs", "executor", "scheduler", "db", "no_cache")
_SCALE_OPTIONS = [
    click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
                 help="Judge runs in N worker processes (default: every core). The report is the same, in the same "
                      "order."),
    click.option("--executor", type=click.Choice(EXECUTORS), default=None,
                 help="Where runs are judged: process (a pool of --jobs workers; the default), serial (this "
                      "process), dask (a Dask cluster: --scheduler, else a local one of --jobs workers; "
                      "pip install 'loganalyzer[dask]')."),
    click.option("--scheduler", metavar="tcp://HOST:8786",
                 help="The Dask scheduler to send discovery and analysis to (implies --executor dask)."),
    click.option("--db", metavar="URL",
                 help="The store remembering earlier scans: an SQLAlchemy URL (sqlite:///path, "
                      "postgresql://user@host/db) or an SQLite file path (default: the user cache directory, "
                      "or LOGANALYZER_DB). Unchanged runs are not read again."),
    click.option("--no-cache", "no_cache", is_flag=True, default=None,
                 help="Read and judge every run afresh, without the store (the report is the same)."),
]


def analysis_click_options(command):
    """Decorator: the analysis flags, then how the scan runs (--jobs, --executor, --db...), in --help order."""
    for option in reversed(_OPTIONS + _SCALE_OPTIONS):
        command = option(command)
    return command


def scan_settings(flags: dict) -> dict:
    """``scan``'s jobs/executor/scheduler/store keywords from the flags. An unusable --db is a ValueError (one
    line); an unusable default store is skipped with a warning line on stderr: the scan goes on without it."""
    from ..store import Store, StoreError, default_url, url_for

    db = flags.get("db")
    if db and flags.get("no_cache"):
        raise click.UsageError("--db names the store to use and --no-cache says to use none: give one of them")
    settings = {"jobs": flags.get("jobs"), "executor": flags.get("executor") or "auto",
                "scheduler": flags.get("scheduler"), "store": None}
    if flags.get("no_cache"):
        return settings
    if db:
        settings["store"] = Store.open(url_for(db))
        return settings
    url = default_url()
    if url.lower() in ("off", "none", "0"):
        return settings
    try:
        settings["store"] = Store.open(url)
    except StoreError as error:
        click.echo(f"warning: {error}; scanning without it", err=True)
    return settings


def options_from_flags(paths: Sequence[str | os.PathLike[str]], flags: dict) -> AnalysisOptions:
    """The command's flags (None: not given) over the config file's settings. Raises ConfigError/OptionError.
    --model/--data/--loss/--trust-pickle imply --replay unless --no-replay is given (see config.analysis_options)."""
    given = {key: value for key, value in flags.items() if key not in SCALE_FLAGS}
    config_file = given.pop("config_file", None)
    rules_only = given.pop("rules_only", None)
    return analysis_options(paths, config_file, use_model=None if rules_only is None else not rules_only, **given)


class FormatChoice(click.Choice):
    """``--format``'s choices, also accepting a format's file extension (``md``, ``htm``, ``txt``, ``ndjson``:
    ``names.EXTENSIONS``) for the format it names, the way ``-o``'s extension picks one (newcomer35: ``report
    --format md`` was refused while ``-o report.md`` wrote Markdown). The help and errors list the formats' names."""

    def convert(self, value, param, ctx):
        from ..names import EXTENSIONS

        if isinstance(value, str) and value not in self.choices:
            named = EXTENSIONS.get("." + value.lower().lstrip("."))
            if named in self.choices:
                return named
        return super().convert(value, param, ctx)
