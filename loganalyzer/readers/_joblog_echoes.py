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
    drop |= _best_restated(data, hits)
    if drop:
        hits[:] = [h for i, h in enumerate(hits) if i not in drop]


def _close(v: float, values) -> bool:
    return any(v == u or (u and abs(v - u) <= 1e-4 * abs(u)) for _, u in values)


# a test result is a split of its own: 'Final test accuracy: 0.86' restates no 'val acc: 0.86' (brk59 R5: two
# decimals make such a tie common)
_SPLITS = (("test", ("test",)), ("val", ("val", "valid", "eval", "dev")), ("train", ("train",)))


def _kind(name: str) -> tuple[str, str]:
    """(split, measure) a value's name says: 'validation_loss' and 'Val_Loss' -> ('val', 'loss'); 'loss' -> ('',
    'loss'): a restatement repeats a value of the same kind."""
    low = name.lower()
    split = next((s for s, words in _SPLITS if any(w in low for w in words)), "")
    measure = "loss" if "loss" in low else "acc" if "acc" in low else low
    return split, measure


def _at(h):
    """A hit's epoch or step: its own, else the one placed on it."""
    r = h.record
    return r.epoch if r.epoch is not None else r.step if r.step is not None else h.step


def _same_at(hits: list, j: int, at) -> list:
    """The indices of the run of hits ending at ``j`` that share its epoch or step (one epoch's lines)."""
    k = j
    while k > 0 and _at(hits[k - 1]) == at:
        k -= 1
    return list(range(k, j + 1))


def _best_restated(data, hits: list) -> set:
    """Lines naming the best epoch and restating what it logged: 'Saved best HR model from epoch 22 with validation
    loss 50.3622' after epoch 22's 'Val Loss: 50.3622' (public ppghr100 train_output.txt: a two-point
    ``validation_loss`` series beside ``Val_Loss``). A line that says 'best', names an epoch (or step) the log had
    reached, and whose every value equals (1e-4 relative) one of the same kind (``_kind``: a validation loss, a
    training accuracy...) that epoch's lines printed is no point of its own. (A breaker's ``Epoch [3/20] val_loss:
    0.41 (new best, saved)`` after 80 batch lines of that epoch is read: its value equals some batch ``loss`` at 2
    decimals, but no validation loss of the epoch.)"""
    out = set()
    for i, h in enumerate(hits):
        r = h.record
        at = _at(h)
        if at is None or not r.values or b"best" not in data[h.offset:h.offset + 96].lower():
            continue
        before = _at(hits[i - 1]) if i else None
        if before is None or at > before:
            continue
        for j in range(i - 1, -1, -1):
            if _at(hits[j]) == at and b"best" not in data[hits[j].offset:hits[j].offset + 96].lower():
                if all(any(_close(v, [(t, u) for t, u in hits[k].record.values if _kind(t) == _kind(name)])
                               for k in _same_at(hits, j, at)) for name, v in r.values):
                    out.add(i)
                break
    return out


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


FINAL_LOOK = 16  # the lines before a 'Final ..' line whose values it may restate


def drop_final_restated(data, hits: list) -> None:
    """Step-less ``Final <name>: <value>`` lines of a closing summary that restate a value of the same kind (``_kind``:
    a validation loss, a training loss..) printed among the ``FINAL_LOOK`` lines before, left out (in place). A
    SmolLM2 training log's ``Final Results:`` block (public smollm160: ``Final Training Loss: 0.114``, ``Final
    Validation Loss: 8.450`` after the ``Step 5000 (100%):`` block printed both) made a second validation point and
    a ``Training_Loss`` series beside ``Train_Loss``, and left the blocks at their ordinals (one series twice under
    a step banner). A ``Final test accuracy: 0.97`` that no line before printed is read; so is one printed after
    every epoch, never compared with its own series' earlier points (a PSMNet fork's ``Epoch 48`` / ``Scheduler saw
    loss: 0.805`` / ``Time: ..`` / ``Final Accuracy: 0.92083``, public psmnetcmu193: an accuracy within 1e-4 of one
    a few epochs before was dropped, 20 of 94 points)."""
    def final(h) -> bool:
        return bytes(data[h.offset:h.offset + 16]).lstrip(b" \t-*=>").lower().startswith(b"final ")

    drop = set()
    for i, h in enumerate(hits):
        if h.step is not None or h.record.step is not None or not h.record.values or not final(h):
            continue
        own = {name for name, _ in h.record.values}  # earlier 'Final <own name>' lines' points restate nothing
        before = [(t, u) for k in range(max(0, i - FINAL_LOOK), i) for t, u in hits[k].record.values
                  if t not in own or not final(hits[k])]
        if all(_close(v, [(t, u) for t, u in before if _kind(t) == _kind(name)]) for name, v in h.record.values):
            drop.add(i)
    if drop:
        hits[:] = [h for i, h in enumerate(hits) if i not in drop]
