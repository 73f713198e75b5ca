"""A run's settings-only event files: not "a run stopped before its first log".

accelerate's TensorBoard tracker (``store_init_configuration`` -> ``SummaryWriter.add_hparams(config, metric_dict={})``),
and so every diffusers/accelerate training script, writes the run's settings into a timestamp sub-folder
(``<logging_dir>/<project>/<time.time()>/events...``) beside the event files holding the run's scalars. That file has
hparams (or settings text) and no scalar by design; the reader's "holds no scalar ... (a run stopped before its first
log?)" line is then a false alarm on every such run. Such a file below a folder of the same run whose event files
do hold points is part of that run (its hparams are the run's) and says nothing.

Likewise ``add_scalars``' parent writer (tensorboardX, torch: ``writer.add_scalars("Loss", {"train": ..,
"valid": ..})`` writes each series into ``Loss/train/``, ``Loss/valid/`` below the run) leaves the run folder's own
event file with its header only: "only the file header" was said on every such run (a newcomer breaker's layout).
A header-only file above folders of the same run whose event files hold points says nothing either.
"""
from __future__ import annotations

_HINT = "(a run stopped before its first log?)"  # readers/tensorboard.no_scalar_line: text/hparams records only
_HEADER_ONLY = "only the file header (nothing was logged after the writer opened it)"


def settings_only(read: list) -> set:
    """Paths of the event files in ``read`` ((SourceFile, source with ``columns`` and ``result``) of one run) that
    hold settings only (hparams/text, no point) in a sub-folder of a dir whose event files hold points."""
    with_points = {file.dir for file, source in read
                   if file.format == "tensorboard" and source.columns is not None and len(source.columns)}
    if not with_points:
        return set()
    out = set()
    for file, source in read:
        if file.format != "tensorboard" or source.result is None or (source.columns is not None and
                                                                     len(source.columns)):
            continue
        problems = source.result.problems
        if problems and all(p.message.endswith(_HEADER_ONLY) for p in problems) and any(
                d != file.dir and (file.dir == "" or d.startswith(file.dir + "/")) for d in with_points):
            out.add(file.path)  # add_scalars' parent writer, its series in the folders below
            continue
        if not problems or not all(p.message.endswith(_HINT) for p in problems):
            continue
        if any(d != file.dir and (d == "" or file.dir.startswith(d + "/")) for d in with_points):
            out.add(file.path)
    return out


def without_settings_lines(file, problems, quiet: set) -> tuple:
    """``problems`` of ``file``, none when it is one of the ``quiet`` settings-only files."""
    return () if file.path in quiet else tuple(problems)
