"""Coqui TTS's console log (coqui-ai/Trainer ``trainer/logging/console_logger.py``, written to ``trainer_0_log.txt``;
used by ``readers/_joblog_scan.py``).

The trainer prints, every ``print_step`` steps of an epoch, a block of the step's losses, each with its running
average in parentheses (``print_train_step``)::

     > EPOCH: 3/1000
     > TRAINING (2022-11-03 10:52:23)
       --> STEP: 24/36 -- GLOBAL_STEP: 1000125
         | > loss_mel: 19.08429  (23.57030)
         | > current_lr_0: 0.00020

and after the epoch's evaluation (``print_eval_start``: `` > EVALUATION``) the evaluation's averages, each with its
change since the last evaluation (``print_epoch_end``)::

       --> EVAL PERFORMANCE
         | > avg_loss_mel: 18.78600 (+0.00000)

Later Trainer versions print the step line as ``--> TIME: 2025-05-14 10:30:10 -- STEP: 99/630 -- GLOBAL_STEP: 877100``
(public banglavits180 ``Finetunelog.md``, a VITS fine-tune's console saved as Markdown with its ANSI escapes' ESC
bytes lost, ``[1m`` left in the text: not discovered, its ``| > loss_*`` lines kv rows without a step). A value
printed as a tensor (``| > grad_norm_0: tensor(7.8930, device='cuda:0') (tensor(20.8855, ...))``) is its number: it
ended the block, so the generator's terms after it were lost and the discriminators' total judged as the loss.

The ``avg_*`` keys of an ``EVAL PERFORMANCE`` block measure the evaluation set; read line by line they were
training series of their own (public vitsft147: ``avg_loss_mel`` beside ``loss_mel``, both training). Read here:
each step block at its ``GLOBAL_STEP`` (the value before the parentheses, not the running average), each
evaluation block as ``eval_<key>`` evaluations at the global step the epoch ended on.

A model trained with several optimizers (Coqui's VITS: ``optimizer_idx`` 0 the discriminators', 1 the generator's)
logs each optimizer's total as ``loss_<idx>``: plain names that took the ``loss`` role, so a VITS fine-tune was
judged on its discriminator's total (``loss_0``, always equal to ``loss_disc``). Where a ``loss_<idx>`` equals the
block's ``loss_disc`` it is named ``loss_disc_total`` (the discriminators' objective), and the one other optimizer's
total ``loss`` (``avg_loss`` in an evaluation): the generator's, the model kept, whose terms (``loss_gen``, the
adversarial one, ``loss_mel``, ``loss_kl``...) it sums.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_ANSI = re.compile(rb"\x1b\[[0-9;]*m")
# Trainer >= 0.0.20 prints the time first: '--> TIME: 2025-05-14 10:30:10 -- STEP: 99/630 -- GLOBAL_STEP: 877100'
_STEP = re.compile(r"(?:-->|--) STEP: \d+/\d+ -- GLOBAL_STEP: (\d+)")
_EPOCH = re.compile(r"> EPOCH: (\d+)/\d+")
_OPTIMIZER_TOTAL = re.compile(r"((?:eval_)?(?:avg_)?loss)_(\d+)")
# a value printed as a tensor ('| > grad_norm_0: tensor(7.8930, device='cuda:0') (tensor(20.8855, ...))'): its number
_VALUE = re.compile(r"\| > ([A-Za-z][\w./-]*): (?:tensor\()?(" + NUMBER + r")(?=[\s,)]|$)")


def coqui_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every step block and evaluation block of a Coqui trainer log (module docstring), or None
    when ``data`` holds no ``GLOBAL_STEP`` block."""
    if data.find(b"-- GLOBAL_STEP: ") < 0 or data.find(b"| > ") < 0:
        return None
    out: list[tuple[int, Record]] = []
    step, epoch, block, values, at, offset = None, None, None, [], 0, 0
    for raw in bytes(data[:size]).split(b"\n"):
        here, offset = offset, offset + len(raw) + 1
        line = _ANSI.sub(b"", raw).decode("utf-8", "replace").strip()
        m = _VALUE.match(line) if block is not None else None
        if m is not None:
            values.append((m.group(1) if block == "train" else f"eval_{m.group(1)}", float(m.group(2))))
            continue
        if block is not None and values and step is not None:
            out.append((at, Record("coqui", _players(values), step=step, epoch=epoch, own_step=True,
                                   kind="train" if block == "train" else "eval")))
        block, values = None, []
        if (s := _STEP.search(line)) is not None:
            step, block, at = int(s.group(1)), "train", here
        elif "--> EVAL PERFORMANCE" in line:
            block, at = "eval", here
        elif (e := _EPOCH.search(line)) is not None:
            epoch = float(e.group(1))
    if block is not None and values and step is not None:
        out.append((at, Record("coqui", _players(values), step=step, epoch=epoch, own_step=True,
                               kind="train" if block == "train" else "eval")))
    return out or None


def _players(values: list) -> tuple:
    """``values`` with each optimizer's total named by its player (module docstring) when one equals ``loss_disc``."""
    totals = [(i, _OPTIMIZER_TOTAL.fullmatch(k)) for i, (k, _) in enumerate(values)]
    totals = [(i, m) for i, m in totals if m is not None]
    if len(totals) < 2:
        return tuple(values)
    own = dict(values)
    named = list(values)
    disc = [i for i, m in totals if own.get(f"{m.group(1)}_disc") == values[i][1]]
    if len(disc) != 1 or len(totals) != 2:
        return tuple(values)
    for i, m in totals:
        named[i] = (f"{m.group(1)}_disc_total" if i in disc else m.group(1), values[i][1])
    return tuple(named)
