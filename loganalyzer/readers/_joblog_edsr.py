"""EDSR-PyTorch's ``log.txt`` (sanghyun-son/EDSR-PyTorch ``src/trainer.py`` / ``src/loss/__init__.py``, and the
many super-resolution repositories built on it: RCAN, HNCT, SAN, ...; used by ``readers/_joblog_whole.py``).

``Trainer.train`` prints ``'[Epoch {}]\\tLearning rate: {:.2e}'``, then every ``print_every`` batches
``'[{}/{}]\\t{}\\t{:.1f}+{:.1f}s'`` (samples done / samples in the epoch, ``loss.display_loss(batch)``: one
``'[{type}: {mean:.4f}]'`` per loss term, the mean so far of this epoch, ``Total`` when there are several);
``Trainer.test`` prints ``'\\nEvaluation:'`` and per test set ``'[{} x{}]\\tPSNR: {:.3f} (Best: {:.3f} @epoch {})'``.
``checkpoint`` appends the model's repr to ``log.txt`` at each start, so a restarted job shows the repr again and
the epoch counter going back::

    [Epoch 0]\tLearning rate: 5.00e-4
    [1600/16000]\t[L1: 0.0816]\t72.1+19.7s
    ...
    Evaluation:
    [Set5 x4]\tPSNR: 29.097 (Best: 29.097 @epoch 1)

(public hnct191 ``log.txt``). No line named a loss (``L1``), so the log read 0 rows. Read here: each loss term at
step ``epoch x samples-per-epoch + samples done`` (``loss`` alone, or ``loss`` for ``Total`` and ``loss_<type>`` for
the terms), the learning rate at the epoch's first step, and each test set's PSNR as a validation evaluation at the
epoch's last step (``val_PSNR``; ``val_PSNR_<set>_x<scale>`` when several sets or scales are tested). The ``Best``
and ``@epoch`` of the PSNR line restate earlier values and are not read.

A launch that logged no evaluation (it crashed in or before its first test) and was launched again from the same
epoch or an earlier one is an abandoned attempt: its lines are left out, with one note (hnct191: three launches of
one epoch each, each ending at ``Evaluation:``, then the 94-epoch training; split into four runs, the first of which
-- ten running means of one epoch -- stood for the file). Any other step going back is left to the session rules.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_EPOCH = re.compile(rb"(?m)^\[Epoch (\d+)\]\tLearning rate: (" + NUMBER.encode() + rb")[ \t]*\r?$")
_BATCH = re.compile(rb"(?m)^\[(\d+)/(\d+)\]\t((?:\[[^\]\r\n:]+: " + NUMBER.encode() + rb"\])+)\t")
_TERM = re.compile(r"\[([^\]:]+): (" + NUMBER + r")\]")
_TEST = re.compile(rb"(?m)^\[(\S+) x(\d+)\]\tPSNR: (" + NUMBER.encode() + rb")(?: \(Best: )?")


def edsr_hits(data, size: int, notes: list | None = None) -> list[tuple[int, Record]] | None:
    """(offset, record) of every EDSR-trainer line (module docstring), or None when ``data`` has no
    ``[Epoch N]\\tLearning rate:`` line followed by a ``[n/N]\\t[Name: x]`` batch line."""
    if data.find(b"]\tLearning rate: ") < 0 or _EPOCH.search(data) is None or _BATCH.search(data) is None:
        return None
    lines = sorted([(m.start(), "epoch", m) for m in _EPOCH.finditer(data)]
                   + [(m.start(), "batch", m) for m in _BATCH.finditer(data)]
                   + [(m.start(), "test", m) for m in _TEST.finditer(data)], key=lambda t: t[0])
    sets = {(m.group(1), m.group(2)) for _, kind, m in lines if kind == "test"}
    out: list[tuple[int, Record]] = []
    epoch, per_epoch, lr = None, None, None
    first, launch, tested, dropped = None, 0, False, []  # this launch's first epoch, its first record in ``out``
    for offset, kind, m in lines:
        if kind == "epoch":
            epoch, lr = int(m.group(1)), float(m.group(2))
            if first is not None and epoch <= first and len(out) > launch:  # the epoch went back: a new launch
                if not tested:
                    dropped.append(len(out) - launch)
                    del out[launch:]
                launch, tested, first = len(out), False, epoch
            elif first is None or len(out) == launch:
                first = epoch
        elif kind == "batch" and epoch is not None:
            done, per_epoch = int(m.group(1)), int(m.group(2))
            terms = _TERM.findall(m.group(3).decode("utf-8", "replace"))
            several = len(terms) > 1
            values = tuple(("loss" if not several or name == "Total" else f"loss_{name}", float(v))
                           for name, v in terms)
            step = epoch * per_epoch + done
            if lr is not None:
                values += (("lr", lr),)
                lr = None
            out.append((offset, Record("edsr", values, step=step, epoch=step / per_epoch, own_step=True)))
        elif kind == "test" and epoch is not None and per_epoch is not None:
            tested = True
            name = "val_PSNR" if len(sets) == 1 else f"val_PSNR_{m.group(1).decode()}_x{m.group(2).decode()}"
            step = (epoch + 1) * per_epoch
            out.append((offset, Record("edsr", ((name, float(m.group(3))),), step=step, epoch=float(epoch + 1),
                                       kind="eval", own_step=True)))
    if dropped and notes is not None:
        notes.append(f"EDSR log: {len(dropped)} launch(es) that logged no evaluation and were launched again from "
                     f"the same epoch are left out ({sum(dropped)} line(s): abandoned attempts)")
    return out or None
