"""Step-less printed lines that only repeat values printed beside them (used by ``readers/_joblog_steps.py``)."""
from __future__ import annotations


def drop_echoes(data, hits: list) -> None:
    """Step-less lines that only repeat values printed beside them, left out (in place):

    - one printed twice, first with no step: 'Epoch finished | loss_D: 0.9175 | ..' then 'Epoch [1/50] | loss_D:
      0.9175 | ..' (public lanagan96, a DCGAN): the first copy took the epoch before's step, each step two epochs;
    - a save echoing the value it was saved for: 'Saving model with avg loss 106.61523901897928' after
      '====> Average Validation loss: 106.6152' (public svhnvae98, the VAE example) was a series 'with_avg_loss'
      read as a loss component. A save line printing a value of its own (a breaker's 'Saved checkpoint to
      ckpt/model_3.pt | val_loss: 0.53', the epoch's only validation loss) is read."""
    drop = set()
    for i, h in enumerate(hits):
        if h.step is not None or h.record.step is not None or not h.record.values:
            continue
        if i + 1 < len(hits) and hits[i + 1].step is not None and h.record.values == hits[i + 1].record.values:
            drop.add(i)
        elif i and data[h.offset:h.offset + 64].lstrip(b" \t=>-*[").lower().startswith((b"sav", b"checkpoint sav")) \
                and all(any(abs(v - u) <= 1e-4 * max(1.0, abs(u)) for _, u in hits[i - 1].record.values)
                        for _, v in h.record.values):
            drop.add(i)
    if drop:
        hits[:] = [h for i, h in enumerate(hits) if i not in drop]
