"""A run whose only loss is HuggingFace Trainer's end-of-training summary: say so, not "no series named like a loss".

``load_summary.without_summary`` moves the summary entry (``train_loss`` = the mean over the run, ``train_runtime``,
...) out of the curves into the hparams as ``summary/<tag>``. When nothing else was logged -- a short fine-tune at the
default ``logging_steps`` (500) logs no loss during training -- the curves found no loss and the verdict said "no
series named like a loss; tags: epoch" and advised naming the loss series, as if the file held no loss at all
(newcomer34: mellymeter/ES3890AI's ``output/trainer_state.json``, 69 steps at logging_steps 500, mean train_loss
1.8e+11). ``summary_only`` gives that `unknown` verdict the reason and the fix instead.
"""
from __future__ import annotations

import dataclasses

ADVICE = ("Log the loss while training (TrainingArguments logging_steps well below the run's steps, or "
          "logging_strategy=\"epoch\"): the trainer_state then holds a curve to judge.")


def summary_only_reason(hparams: dict) -> str | None:
    """The sentence for a run whose hparams hold a summary ``train_loss`` (quoting it, the steps it averages over,
    and ``logging_steps`` >= ``max_steps`` when the trainer_state gives both); None without one."""
    loss = next((v for k, v in hparams.items() if k.startswith("summary/") and k.rsplit("/", 1)[-1] == "train_loss"),
                None)
    if loss is None:
        return None
    steps = hparams.get("global_step", hparams.get("max_steps"))
    over = f" over {steps:,} steps" if isinstance(steps, int) else ""
    why = (f"the only loss is the trainer's end-of-training summary, train_loss {loss:.4g} (the mean{over}), not a "
           "curve")
    every, most = hparams.get("logging_steps"), hparams.get("max_steps")
    if isinstance(every, int) and isinstance(most, int) and every >= most:
        why += (f"; logging_steps {every:,} >= max_steps {most:,}: no loss was logged during training (set "
                "logging_steps below max_steps, or logging_strategy=\"epoch\", for a curve)")
    return why


def summary_only(verdict, curves, hparams: dict | None):
    """``verdict`` with that reason and advice when it is `unknown` for want of a loss and the run has a summary
    ``train_loss``; else ``verdict`` as it is."""
    if verdict.label != "unknown" or not curves.unusable_reason or curves.train_loss is not None:
        return verdict
    reason = summary_only_reason(hparams or {})
    if reason is None:
        return verdict
    return dataclasses.replace(verdict, summary=f"no usable loss: {reason}.", advice=(ADVICE,),
                               evidence={**verdict.evidence, "reason": reason})
