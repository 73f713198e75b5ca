"""Step-less printed lines that only repeat values printed beside them (used by ``readers/_joblog_steps.py``)."""
from __future__ import annotations


def drop_echoes(data, hits: list) -> None:
    """Step-less lines that only repeat values printed beside them, left out (in place):

    - one printed twice, first with no step: 'Epoch finished | loss_D: 0.9175 | ..' then 'Epoch [1/50] | loss_D:
      0.9175 | ..' (public lanagan96, a DCGAN): the first copy took the epoch before's step, each step two epochs;
    - a save echoing the value it was saved for: 'Saving model with avg loss 106.61523901897928' after
      '====> Average Validation loss: 106.6152' (public svhnvae98, the VAE example) was a series 'with_avg_loss'
      read as a loss component (equal to 1e-4 relative: a breaker's 'val_loss: 0.000468' after 'train_loss:
      0.000412' is no echo). A save line printing a value of its own (a breaker's 'Saved checkpoint to
      ckpt/model_3.pt | val_loss: 0.53', the epoch's only validation loss) is read."""
    drop = set()
    for i, h in enumerate(hits):
        if h.step is not None or h.record.step is not None or not h.record.values:
            continue
        if i + 1 < len(hits) and hits[i + 1].step is not None and h.record.values == hits[i + 1].record.values:
            drop.add(i)
        elif i and data[h.offset:h.offset + 64].lstrip(b" \t=>-*[").lower().startswith((b"sav", b"checkpoint sav")) \
                and all(any(v and abs(v - u) <= 1e-4 * abs(u) for _, u in hits[i - 1].record.values)
                        for _, v in h.record.values):
            drop.add(i)
    if drop:
        hits[:] = [h for i, h in enumerate(hits) if i not in drop]


def drop_common_head(data, hits: list) -> None:
    """A head's name (``_progress._head_label``: ``event: val_loss=..`` -> ``event/val_loss``) that opens every
    key=value line of the log is a logger's name printed with no level (``%(name)s: %(message)s``: a breaker's
    ``trainer: loss=..`` on every line was ``trainer/loss``): left out of the tags (in place). Only a name the
    lines open with (``train/loss=..`` keys stay as printed)."""
    from dataclasses import replace

    from ._progress import clean

    kv = [h for h in hits if h.record.shape == "kv" and h.record.values]
    heads = {tag.split("/", 1)[0] if "/" in tag else None for h in kv for tag, _ in h.record.values}
    if len(heads) != 1 or None in heads:
        return
    head = next(iter(heads))
    for h in kv[:3]:
        end = data.find(b"\n", h.offset)
        if not clean(bytes(data[h.offset:len(data) if end < 0 else end]))[0].startswith(head + ":"):
            return
    for h in kv:
        h.record = replace(h.record, values=tuple((tag[len(head) + 1:], v) for tag, v in h.record.values))
