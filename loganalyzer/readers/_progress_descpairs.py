"""Values carried in a tqdm bar's description as ``name: value`` / ``name value`` pairs after a phase word and the
epoch (used by ``_progress_bars._tqdm``; ``_progress_desc`` reads the ``Epoch N, training loss 0.83`` wording)::

    Train Epoch: 1 Loss: 5.872 Acc@1 3.611 Acc@5 11.045: 100%|██████████| 10010/10010 [3:06:24<00:00,  1.12s/it]

(public dhairyag/ImageNet1k_ResNet50 at 6664e9c, ``log_output.md``: ``pbar.set_description(f"Train Epoch: {epoch}
Loss: {loss:.3f} Acc@1 {top1:.3f} Acc@5 {top5:.3f}")``, the running averages over the epoch). The same wording with
``|`` or ``,`` between the pairs, or ``Epoch 3/10`` (the planned epochs), reads the same; so does the epoch in
brackets with no space after a pair's colon (public leftthomas/SimCLR ``main.py``: ``train_bar.set_description(
'Train Epoch: [{}/{}] Loss: {:.4f}'.format(epoch, epochs, total_loss / total_num))`` and ``test_bar.set_description(
'Test Epoch: [{}/{}] Acc@1:{:.2f}% Acc@5:{:.2f}%'...)``, the kNN monitor's accuracies: diffaugsimclr161's SLURM
``.err`` files of those bars were read as nothing). The bar's postfix holds no
value (no ``=`` in it): a postfix with values is ``_progress_bars._tqdm``'s.

Training values keep their printed names (``Loss``, ``Acc@1``) at the epoch (a bar redrawn in place counts once per
epoch: the reader keeps a bar's last value at a step), as ``_progress_desc`` places its ``training_*`` values; a
description opening with a validation/test word (``Val Epoch: 1 Loss: ..``) gives ``val_``/``test_`` values
(``kind='eval'``) at that epoch too. A training description needs a loss-like name (every printed shape does: the
reader looks at lines holding ``loss``); any other word between the pairs means it is not this shape (None).

``bare_pairs``: a description of pairs alone, redrawn every iteration of one bar over the whole training, is that
iteration's values at the bar's count. researchmm/STTN (b6b2aad, ``core/trainer.py``; ruiliu-ai/FuseFormer's
trainer prints the same) ``pbar.set_description(f"d: {dis_loss:.3f}; g: {gan_loss:.3f};hole: {hole_loss:.3f};
valid: {valid_loss:.3f}")`` on ``tqdm(range(iterations), initial=self.iteration)``: nothing names a loss, so the
log read as no training. Its terms are the discriminator's loss and the generator's (``gen_loss`` is their sum, as
the trainer adds them): ``loss_D``, ``loss_G_adv``, ``loss_G_hole``, ``loss_G_unmasked`` (``valid`` is the L1 over
the known pixels, no validation: the name would make it one). Forks print ``hole: ..; valid: ..`` alone (no
discriminator), ``d: ..; g: ..;valid: ..`` (no hole) or add ``; vg: ..`` (a regulariser added to ``gen_loss``:
``loss_G_vg``); a description naming any other word is not this shape. The fork that also logs them every
``log_freq`` iterations (``logging.info('[Iter {}] d: {:.4f}; g: {:.4f}; hole: {:.4f}; valid: {:.4f}'...)``) is read
the same at its ``[Iter N]`` (``sttn_line``).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, tag_name, to_float

_HEAD = re.compile(r"^(?:(Train|Training|Val|Valid|Validation|Eval|Evaluation|Test|Testing)\s+)?"
                   r"Epoch\s*[:#]?\s*(\[)?(\d+)(?:\s*/\s*\d+)?(?(2)\])\s*[,:|-]?\s+(.+)$", re.IGNORECASE)
_PAIR = re.compile(r"([A-Za-z][\w@/.-]*)(?::\s*|\s+)(" + NUMBER + r")(%?)(?![\w.])(?=[\s,;|]|$)")
_COLON_PAIR = re.compile(r"([A-Za-z][\w@/.-]*):\s*(" + NUMBER + r")(?![\w.])(?=[\s,;|]|$)")
_EVAL = {"val": "val_", "valid": "val_", "validation": "val_", "eval": "val_", "evaluation": "val_",
         "test": "test_", "testing": "test_"}


_STTN = {"d": "loss_D", "g": "loss_G_adv", "hole": "loss_G_hole", "valid": "loss_G_unmasked"}


def bare_pairs(desc: str, n: int, total: int | None) -> Record | None:
    """The record of a bar description made of ``<name>: <value>`` pairs alone (STTN's ``d: ..; g: ..;hole: ..;
    valid: ..``) at the bar's count ``n``, or None (other words, or no loss-like name)."""
    pairs = _COLON_PAIR.findall(desc)
    if not pairs or _COLON_PAIR.sub("", desc).strip(" ,;|") != "":
        return None
    keys = {k for k, _ in pairs}
    sttn = "valid" in keys and keys & {"hole", "g"} and keys <= _STTN.keys() | {"vg"}
    if not sttn and not any("loss" in k.lower() for k in keys):
        return None
    values = [(_STTN.get(k, f"loss_G_{k}") if sttn else tag_name(k), to_float(v)) for k, v in pairs]
    values = [(k, v) for k, v in values if v is not None]
    return Record("tqdm", tuple(values), step=n, total=total) if values else None


_ITER = re.compile(r"\[Iter (\d+)\]\s*")


def sttn_line(raw: bytes) -> Record | None:
    """The record of a logged ``[Iter N] d: ..; g: ..; hole: ..; valid: ..`` line (an STTN fork's), or None."""
    text = clean(raw)[0]
    m = _ITER.search(text)
    if m is None:
        return None
    record = bare_pairs(text[m.end():], int(m.group(1)), None)
    return None if record is None else Record("kv", record.values, step=int(m.group(1)), kind="train",
                                              own_step=True)


def desc_pairs(desc: str) -> Record | None:
    """The record of a bar description ``[Train|Val|Test] Epoch[:] N <name>[:] <value> ...``, or None."""
    m = _HEAD.match(desc.strip())
    if m is None:
        return None
    rest = m.group(4)
    pairs = _PAIR.findall(rest)
    if not pairs or _PAIR.sub("", rest).strip(" ,;|:-") != "":
        return None  # other words between the pairs: not this shape
    phase = (m.group(1) or "").lower()
    prefix = _EVAL.get(phase, "")
    values, seen = [], set()
    for key, raw, _percent in pairs:
        value = to_float(raw)
        name = prefix + tag_name(key)
        if value is None or name in seen:
            continue
        seen.add(name)
        values.append((name, value))
    if not values or (not prefix and not any("loss" in k.lower() for k, _ in values)):
        return None
    epoch = int(m.group(3))
    return Record("tqdm", tuple(values), step=epoch, epoch=float(epoch), kind="eval" if prefix else "train")


# 'Epoch=0 | Batch_id=5 | Loss=4.123011:   2%|▏  | 6/341 [00:02<02:11,  2.54it/s]' (emnist58 training_logs.txt:
# ``pbar.set_description(f'Epoch={epoch} | Batch_id={batch_idx} | Loss={loss.item():.6f}')``, a bar per epoch)
_EQ_PAIR = re.compile(r"([A-Za-z][\w@/.-]*)\s*=\s*(" + NUMBER + r")(?![\w.])")
_EQ_GAP = re.compile(r"^[\s,;|]*$")


def eq_pairs(desc: str, n: int, total: int | None, kv) -> Record | None:
    """The record of a bar description made of ``name=value`` pairs alone (``Epoch=0 | Batch_id=5 | Loss=4.12``),
    read as the ``key=value`` line it prints (``kv``: ``_progress._kv``, which needs a loss-like name); or None.
    A batch counter of the description that tracks the bar (its value n-1..n: set before or after the bar's update)
    counts within the description's epoch: the step is epoch x total + counter (one bar per epoch of ``total``
    batches); the counter alone restarted every epoch and stacked all epochs on one axis of 0..total."""
    if not _EQ_PAIR.search(desc) or not _EQ_GAP.match(_EQ_PAIR.sub("", desc)):
        return None
    record = kv(desc)
    if record is None or not record.values:
        return None
    step, epoch = record.step, record.epoch
    if total and epoch is not None and record.own_step and step is not None and n - 1 <= step <= n \
            and epoch == int(epoch) >= 0:
        step = int(epoch) * total + step
        return Record("tqdm", record.values, step=step, epoch=epoch, kind="train", total=total, own_step=True,
                      per_epoch=total)
    if total and epoch is not None and not record.own_step and epoch == int(epoch) >= 0:  # 'Epoch=3 | Loss=0.5'
        return Record("tqdm", record.values, step=int(epoch) * total + n, epoch=epoch, kind="train", total=total,
                      own_step=True, per_epoch=total)  # the bar's count within the epoch, as a counter's
    return Record("tqdm", record.values, step=step if record.own_step else n, epoch=epoch, kind="train",
                  total=total, own_step=record.own_step)


EVAL_NEEDLE = b" Epoch: ["  # 'Test Epoch: [1/1000] Acc@1:24.80% Acc@5:76.37%: 100%|..' (no loss on the line)


def eval_desc_line(segment: bytes) -> Record | None:
    """The record of a validation/test bar's (or plain line's) description ``Test Epoch: [k/N] Acc@1:x% ..`` that
    names no loss (``desc_pairs`` with a validation/test word first), or None: the scanner looks only at lines
    holding a loss, so leftthomas/SimCLR's kNN accuracy bars were dropped."""
    text = clean(segment)[0]
    i = text.find("%|")
    if i >= 0:
        text = text[:i].rstrip("0123456789 ").rstrip(":")
    record = desc_pairs(text)
    return record if record is not None and record.kind == "eval" else None
