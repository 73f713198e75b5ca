"""Per-epoch summary lines among per-step lines of a job log (for ``_joblog_steps.resolve_steps``): each summary that
names only its epoch goes to the step its epoch ended at (``_epoch_lines_at_steps``)."""
from __future__ import annotations

from ._progress import Record


def _epoch_only(r: Record) -> bool:
    """A ``key=value`` line that printed an epoch and no step (``_progress``: its step is then the epoch number)."""
    return r.shape == "kv" and r.epoch is not None and r.step == int(r.epoch) and not r.own_step


def _step_line(h) -> bool:
    """A per-step line an epoch summary is placed after: a ``key=value`` line with a step, or a tqdm bar whose
    description names the epoch and that is placed on the batches' axis (``Epoch 3/10: 100%|...| 19/19 [..,
    loss=0.21]`` at (epoch - 1) x 19 + 19, ``_progress``), as a script printing ``Epoch 3/10 - val_loss: .. -
    val_acc: ..`` after each bar draws it. A bar placed at its epoch (values in its description) is no such line."""
    r = h.record
    if h.step is None:
        return False
    if r.shape == "kv":
        return not _epoch_only(r)
    if r.shape == "mnist":  # 'Train Epoch: 1 [640/65931 (1%)]' then the VAE example's '====> Epoch: 1 Average loss:'
        return r.kind == "train"
    return r.shape == "tqdm" and r.kind == "train" and r.epoch is not None and bool(r.total) and h.step != int(r.epoch)



def _epoch_end_step(h) -> int:
    """The step an epoch summary after step line ``h`` goes to: its step, or for a tqdm bar on the batches' axis
    ((epoch - b) x total + n, b = 0 or 1: its step within its epoch's block of ``total``) the end of that block. A bar
    written to a file shows the draws that reached it: one with ``leave=False`` is cleared at the epoch's end, not
    drawn at total/total (public atmt course ``train.py``'s ``| Epoch 000: 19%| 6/32 [.., loss=5.995, ...]`` then
    ``Epoch 000: loss 5.494 | ...`` and ``Epoch 000: valid_loss 5.39 | ...``: the epoch's summaries sat at 6, 62, 80
    ..., wherever the last draw was, not at 32, 64, 96). A step on a block's edge (n = 0 or total) stays."""
    r = h.record
    if r.shape == "tqdm" and r.kind == "train" and r.epoch is not None and r.total and h.step > 0 and \
            h.step % r.total and (h.step - 1) // r.total in (int(r.epoch), int(r.epoch) - 1):
        return (h.step // r.total + 1) * r.total
    return h.step


def _epoch_lines_at_steps(hits: list) -> None:
    """Where a log prints per-step lines (``[step 45] loss=...``) and per-epoch summaries that name only the epoch
    (``=> epoch 2/50 done: train_loss=... val_loss=...``), the epoch number is no step: each summary goes to the step
    of the last step line before it (the step its epoch ended at), as eval lines do. Without this the summaries sat
    at steps 1, 2, 3 in the step lines' axis, the step "went back" and the log read as a resumed session that dropped
    the step lines between (the blind generated set's ``log_digits_killed_epoch3``)."""
    if not any(_step_line(h) for h in hits) or not any(_epoch_only(h.record) for h in hits):
        return
    last = None
    stepped = {t for h in hits if _step_line(h) for t, _ in h.record.values}
    for h in hits:
        if _epoch_only(h.record):
            h.step = last if last is not None else 0
            r = h.record
            if r.total is not None or any(t in stepped for t, _ in r.values):
                # epochs planned: no step count on the step lines' axis; a name the step lines print too (PaddleRec
                # 'epoch: 0 done, AUC: 0.87,loss:0.149' after 'epoch: 0, batch_id: 1500, ..., loss:0.158'): the
                # epoch's aggregate, its own series '<name>_epoch' (as readers9's 'epoch_end=N' lines), not a
                # second value at the step lines' last step
                values = tuple((f"{t}_epoch" if t in stepped else t, v) for t, v in r.values)
                h.record = Record(r.shape, values, r.step, r.epoch, r.kind, r.rank, None, r.time)
        elif h.step is not None and h.record.kind != "eval":
            last = _epoch_end_step(h)
