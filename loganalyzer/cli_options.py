"""The analysis options `scan` and `report` share (one definition: both commands run the same analysis).

``analysis_click_options`` adds the flags to a click command, which receives them as keyword arguments;
``options_from_flags`` turns those keywords (plus the config file they may name) into ``AnalysisOptions``.
Imports only click and the config/scan modules: never torch.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import click

from .scan import AnalysisOptions, analysis_options

_OPTIONS = [
    click.option("--train-series", metavar="TAG",
                 help="Use this series (a tag, or dir:tag) as the training loss of every run."),
    click.option("--val-series", metavar="TAG",
                 help="Use this series (a tag, or dir:tag) as the validation loss of every run."),
    click.option("--num-classes", type=click.IntRange(min=2), metavar="K",
                 help="Number of classes: checks the initial loss against ln K and the final loss against chance."),
    click.option("--chance-loss", type=click.FloatRange(min=0, min_open=True), metavar="X",
                 help="The loss of a constant prediction (the mean or the prior; 1.0 for MSE on standardised "
                      "targets): like --num-classes for any loss, it tells a run that ends high from one that "
                      "reached its floor."),
    click.option("--rules-only/--use-model", "rules_only", default=None,
                 help="Judge with the transparent rules only, not the learned model (default: the model when "
                      "present)."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                 help="Read settings from this file (default: the nearest loganalyzer.toml or [tool.loganalyzer] "
                      "in pyproject.toml at or above the first PATH)."),
    click.option("--replay", is_flag=True, default=None,
                 help="Replay each run's newest checkpoint (needs torch, --model/--data or the config keys "
                      "model/data) or read its gradient histograms, adding per-layer findings (dead units, "
                      "vanishing gradients...)."),
    click.option("--model", "replay_model", metavar="MODEL",
                 help="With --replay: path/file.py:factory or module:factory."),
    click.option("--data", "replay_data", metavar="DATA", help="With --replay: a .pt file of batches or module:fn."),
    click.option("--loss", "replay_loss", metavar="ce|mse|MODULE:FN", help="With --replay: the loss."),
    click.option("--trust-pickle", "replay_trust_pickle", is_flag=True, default=None,
                 help="With --replay: allow checkpoints holding pickled Python objects (runs code from the file)."),
]


def analysis_click_options(command):
    """Decorator: the analysis flags, in the order --help lists them."""
    for option in reversed(_OPTIONS):
        command = option(command)
    return command


def options_from_flags(paths: Sequence[str | os.PathLike[str]], flags: dict) -> AnalysisOptions:
    """The command's flags (None: not given) over the config file's settings. Raises ConfigError."""
    given = dict(flags)
    config_file = given.pop("config_file", None)
    rules_only = given.pop("rules_only", None)
    return analysis_options(paths, config_file, use_model=None if rules_only is None else not rules_only, **given)
