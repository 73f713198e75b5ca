"""``--replay`` in a scan (``scan.with_replay``, re-exported there): a run's checkpoint replay or gradient-histogram
findings merged into its verdict, or why none was run. The replay package (torch) is imported only when used.
"""
from __future__ import annotations

import dataclasses

from .config import AnalysisOptions
from .runs import LoadedRun
from .summary import RunSummary
from .verdict import Finding


def with_replay(summary: RunSummary, loaded: LoadedRun, options: AnalysisOptions) -> RunSummary:
    """``--replay``: the run's checkpoint replay (or gradient-histogram) findings merged into its verdict:
    findings first, ``evidence['replay']``, advice appended. torch is imported only when a checkpoint is replayed."""
    from .replay import ReplayOptions
    from .replay.runs import merge_into, replay_for_run

    if summary.analysis is None:
        return summary
    result = replay_for_run(summary.path, ReplayOptions(
        model=options.replay_model, data=options.replay_data, loss=options.replay_loss,
        device=options.replay_device, trust_pickle=options.replay_trust_pickle), loaded.histograms)
    if result is None:
        return _replay_not_run(summary)
    # findings first (root cause first), evidence['replay'], advice; advice asking for a replay is dropped
    return dataclasses.replace(summary, analysis=merge_into(summary.analysis, result))


def _replay_not_run(summary: RunSummary) -> RunSummary:
    """``--replay`` found nothing to replay: ``evidence['replay']`` says why (``not_run``); a checkpoint that needs a
    model also gets a ``replay_not_run`` finding naming the file and what to give."""
    from .replay.runs import find_checkpoint

    checkpoint = find_checkpoint(summary.path)
    a = summary.analysis
    findings = a.findings
    if checkpoint is not None:
        message = (f"replay: found checkpoint {checkpoint} but no model to load it into: give --model "
                   f"path/file.py:factory and --data batches.pt (or model/data in loganalyzer.toml)")
        findings = (Finding("replay_not_run", message),) + findings
    else:
        message = ("replay: no checkpoint (checkpoints/*.ckpt, checkpoint-N/, *.pt/*.pth/*.safetensors beside the "
                   "logs) and no gradient histograms in this run")
    replay = {"not_run": message, "checkpoint": None if checkpoint is None else str(checkpoint)}
    analysis = dataclasses.replace(a, findings=findings, evidence={**a.evidence, "replay": replay})
    return dataclasses.replace(summary, analysis=analysis)
