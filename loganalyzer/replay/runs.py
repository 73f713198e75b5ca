"""The scan hook: a run's newest checkpoint (or its gradient histograms) -> findings, evidence and advice for its
verdict. ``loganalyzer.scan`` calls ``replay_for_run`` only with ``--replay``; torch is imported only when a
checkpoint is actually replayed.

Checkpoints looked for, newest (modification time) first: Lightning ``checkpoints/*.ckpt``; HuggingFace
``checkpoint-N/`` directories (highest N); ``*.pt`` / ``*.pth`` / ``*.ckpt`` / ``*.safetensors`` / ``*.pt2`` beside
the logs.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from . import ReplayError, ReplayOptions, ReplayReport

CHECKPOINT_SUFFIXES = (".ckpt", ".pt", ".pth", ".safetensors", ".pt2", ".bin")
DATA_NAMES = ("data.pt",)


def find_checkpoint(run_path: str | os.PathLike, exclude: tuple[str, ...] = ()) -> Path | None:
    root = Path(run_path)
    if root.is_file():
        root = root.parent
    excluded = {os.path.realpath(p) for p in exclude if p}
    candidates: list[Path] = []
    hf = [d for d in root.glob("checkpoint-*") if d.is_dir() and re.fullmatch(r"checkpoint-\d+", d.name)]
    if hf:
        return max(hf, key=lambda d: int(d.name.split("-")[1]))
    for pattern in ("checkpoints/*.ckpt", "checkpoints/*.pt", "checkpoints/*.pth", "*"):
        for p in root.glob(pattern):
            if p.is_file() and p.suffix in CHECKPOINT_SUFFIXES and os.path.realpath(p) not in excluded \
                    and p.name != "training_args.bin":
                candidates.append(p)
    if not candidates:
        return None
    return max(candidates, key=lambda p: (p.stat().st_mtime, p.name))


def replay_for_run(run_path: str, options: ReplayOptions, histograms=None) -> ReplayReport | ReplayError | None:
    """Replay the run's newest checkpoint when there is one and a model to load it into (or it carries its own:
    TorchScript, .pt2); else the gradient histograms of its event files. None when neither applies; a ReplayError
    (returned, not raised) when the replay failed, for the verdict to say so."""
    data = options.data
    exclude = tuple(p for p in (data,) if p and os.path.exists(p))
    checkpoint = find_checkpoint(run_path, exclude)
    if checkpoint is not None and (options.model or checkpoint.suffix == ".pt2"
                                   or checkpoint.suffix in (".pt", ".pth") and options.trust_pickle or
                                   _torchscript(checkpoint)):
        from . import replay

        try:
            return replay(checkpoint, model=options.model, data=data, loss=options.loss, batches=options.batches,
                          batch_size=options.batch_size, device=options.device, synthetic_data=options.synthetic_data,
                          trust_pickle=options.trust_pickle)
        except ReplayError as error:
            return ReplayError(f"checkpoint replay of {checkpoint} failed: {error}".splitlines()[0]
                               + (" (and more)" if "\n" in str(error) else ""))
    if histograms is not None and len(histograms):
        from .histograms import histogram_report

        return histogram_report(histograms, str(run_path))
    return None


def _torchscript(path: Path) -> bool:
    if path.suffix not in (".pt", ".pth"):
        return False
    from .load import _is_torchscript  # zipfile only, but load.py imports torch: fine, a checkpoint is here

    return _is_torchscript(path)


# advice that asks for a replay (the verdict's "replay a checkpoint: `loganalyzer replay`", a "--replay" hint)
SUGGESTS_REPLAY = re.compile(r"`loganalyzer replay`|(?<![\w-])--replay\b")
NOTHING_FOUND_ADVICE = ("The checkpoint replay found no dead or saturated units, no vanishing or exploding gradient "
                        "and no broken weights: look at the learning rate, the loss and the data pipeline (labels "
                        "matching inputs) instead.")


def verdict_additions(result: ReplayReport | ReplayError) -> tuple[list, dict, list]:
    """(findings for the Verdict, evidence['replay'], advice lines). A replayed checkpoint's findings come root cause
    first (``findings.build_findings``), then a ``replay_loss`` finding: the loss on the replayed batches against a
    constant prediction's, and, when it is ~0, that tiny gradients there are convergence."""
    from ..verdict import Finding

    if isinstance(result, ReplayError):
        return [Finding("replay_error", str(result))], {"error": str(result)}, []
    where = "gradient histograms" if result.source == "histograms" else "checkpoint replay"
    step = max((layer.step for layer in result.layers if layer.step is not None), default=None)
    findings = [Finding(f.kind, f"{where}: {f.message}", step) for f in result.findings]
    loss = result.loss_text()
    if loss is not None:
        converged = next((n for n in result.notes if n.startswith("the model fits the replayed batches")), None)
        message = (f"{where} ({result.samples:,} samples): {converged}" if converged is not None
                   else f"{where}: {loss}")
        findings.append(Finding("replay_loss", message, step))
    advice = list(dict.fromkeys(f.advice for f in result.findings if f.advice))
    return findings, result.summary_dict(), advice


def merge_into(analysis, result: ReplayReport | ReplayError):
    """The Verdict with the replay merged in: its findings first (root cause first), ``evidence['replay']``, its
    advice first (what the replay measured is more specific than what the curves suggest). Once a checkpoint was
    replayed, advice asking for a replay is dropped: the replay answered it, with its own findings' advice or, when
    it found nothing, a line saying so."""
    import dataclasses

    findings, evidence, advice = verdict_additions(result)
    kept = list(analysis.advice)
    if isinstance(result, ReplayReport) and result.source == "replay":
        asked = [line for line in kept if SUGGESTS_REPLAY.search(line)]
        kept = [line for line in kept if line not in asked]
        if asked and not result.findings:
            advice.append(NOTHING_FOUND_ADVICE)
    return dataclasses.replace(
        analysis, findings=tuple(findings) + analysis.findings, evidence={**analysis.evidence, "replay": evidence},
        advice=tuple(advice) + tuple(x for x in kept if x not in advice))
