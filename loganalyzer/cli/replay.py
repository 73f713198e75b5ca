"""``loganalyzer replay``: replay a checkpoint (or read a run's gradient histograms) and print per-layer health.

This module imports only click at load time: ``loganalyzer --help`` and ``loganalyzer scan`` never import torch.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ._common import CliError, debug


def _has_event_files(path: Path) -> bool:
    return path.is_dir() and any("tfevents" in p.name for p in path.rglob("*tfevents*"))


@click.command("replay", short_help="Replay a checkpoint: per-layer gradient flow, dead units, saturation, weights.")
@click.argument("checkpoint", type=click.Path(path_type=str))
@click.argument("checkpoint2", required=False, type=click.Path(path_type=str))
@click.option("--model", "model_spec", metavar="MODEL",
              help="path/to/file.py:factory or package.module:factory returning the nn.Module (not needed for "
                   "TorchScript archives and torch.export .pt2 programs).")
@click.option("--data", "data_spec", metavar="DATA",
              help="A .pt file holding {'inputs': ..., 'targets': ...} or (inputs, targets), or module:fn returning "
                   "an iterable of batches.")
@click.option("--loss", "loss_spec", metavar="ce|mse|MODULE:FN",
              help="The loss (default: cross-entropy for integer targets, MSE for float targets).")
@click.option("--batches", type=click.IntRange(min=1), default=4, show_default=True, help="Batches to replay.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Batch size when DATA is a tensor file.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
              help="auto: CUDA when available, else CPU.")
@click.option("--format", "-f", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.png",
              help="Write the gradient-flow chart (mean |grad| per layer, dead fraction alongside).")
@click.option("--synthetic-data", is_flag=True,
              help="Without --data, replay random inputs shaped for the first layer (a weak substitute).")
@click.option("--trust-pickle", is_flag=True,
              help="Allow checkpoints that hold pickled Python objects (a whole module): this runs code from the "
                   "file.")
def replay_command(checkpoint, checkpoint2, model_spec, data_spec, loss_spec, batches, batch_size, device,
                   output_format, plot_file, synthetic_data, trust_pickle) -> None:
    """Replay CHECKPOINT on a few real batches (forward and backward, with hooks) and report per layer, input to
    output: mean |grad| and grad norm of the weights, dead ReLU units, saturated sigmoid/tanh inputs, NaN/Inf and
    all-zero weights, weight std against He/Glorot. With CHECKPOINT2 (newer), it is replayed and each layer's update
    ratio ||dW||/||W|| since CHECKPOINT is reported, naming layers that did not change.

    CHECKPOINT may also be a run directory of TensorBoard event files with gradient histograms (grad/..., gradients/
    tags): the gradient flow is then read from the logs, no model needed.

    \b
    Examples:
      loganalyzer replay ckpt.pt --model models.py:build --data batches.pt
      loganalyzer replay lightning_logs/version_0/checkpoints/last.ckpt --model pkg.models:Net --data data.pt
      loganalyzer replay old.pt new.pt --model models.py:build --data batches.pt --format json
      loganalyzer replay runs/exp1            # gradient histograms in the event files
    """

    for path in (checkpoint, checkpoint2):
        if path is not None and not os.path.exists(path):
            raise CliError(f"{path}: no such file or directory", exit_code=2)
    if plot_file is not None and not plot_file.resolve().parent.is_dir():
        raise CliError(f"{plot_file.parent}: no such directory", exit_code=2)

    from ..replay import ReplayError

    try:
        cpath = Path(checkpoint)
        if checkpoint2 is None and cpath.is_dir() and _has_event_files(cpath) and not _hf_dir(cpath):
            from ..replay.histograms import read_histogram_report

            report = read_histogram_report(cpath)
            if report is None:
                raise ReplayError(f"{checkpoint}: a log directory without gradient histograms (tags under grad/ "
                                  "or gradients/); pass a checkpoint file")
        else:
            from ..replay import replay

            report = replay(checkpoint, checkpoint2, model=model_spec, data=data_spec, loss=loss_spec,
                            batches=batches, batch_size=batch_size, device=device, synthetic_data=synthetic_data,
                            trust_pickle=trust_pickle)
    except ReplayError as error:
        if debug():
            raise
        raise CliError(str(error), error.exit_code) from None

    if plot_file is not None:
        from ..replay.render import plot

        plot(report, plot_file)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        from ..replay.render import table

        click.echo(table(report, color=sys.stdout.isatty()), nl=False)
    for note in report.notes:
        if note.startswith("synthetic data"):
            click.echo(f"warning: {note}", err=True)
    if plot_file is not None:
        click.echo(f"Wrote the gradient-flow chart to {plot_file}", err=True)


def _hf_dir(path: Path) -> bool:
    from ..replay import HF_WEIGHT_FILES

    return any((path / name).is_file() for names in HF_WEIGHT_FILES for name in names)
