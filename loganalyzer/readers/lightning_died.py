"""``hparams.yaml`` of a Lightning version dir without ``metrics.csv`` (``discover_quiet``): the job logged nothing.

The file stands for the ``metrics.csv`` the ``CSVLogger`` never wrote (it writes ``hparams.yaml`` when the training
starts and ``metrics.csv`` at its first flush): reading it raises ``UnreadableFile`` naming that missing file and
why, so the run is listed as one that could not be read instead of vanishing.
"""
from __future__ import annotations

from ..runs import Problem
from . import ReadResult, UnreadableFile


def read(data, path: str) -> ReadResult:
    """Never a point: raises ``UnreadableFile`` saying the dir's metrics.csv was never written."""
    cut = max(path.rfind("/"), path.rfind("\\"))
    metrics = (path[: cut + 1] if cut >= 0 else "") + "metrics.csv"
    raise UnreadableFile(Problem(metrics, "no metrics.csv beside hparams.yaml: the job logged no point (killed "
                                          "before the CSVLogger's first flush?)"))
