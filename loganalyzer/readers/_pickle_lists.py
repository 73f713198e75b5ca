"""A pickled list of history dicts, made the one dict of per-epoch lists that ``keras_pickle`` reads.

Two shapes of ``pickle.dump`` leave a list where the Keras idiom leaves a dict (public set 213):

- a one-dict list, ``pickle.dump([history.history], f)`` (``fakereview213 history/history.pkl``: ``[{'val_loss':
  [20 floats], 'val_accuracy': [...], 'loss': [...], 'accuracy': [...], 'lr': [...]}]``); likewise a list of several
  such dicts, one per ``fit()`` call of a resumed training (each dict's lists are the next epochs, so they are
  joined in order);
- a list of per-epoch dicts, one appended per epoch (``spamham213 training_history/training_history.pkl``: 40
  dicts ``{'loss': [0.776], 'accuracy': [0.522], 'val_loss': [0.704], 'val_accuracy': [0.406]}``, each value a
  one-item list from ``history.history`` of a one-epoch ``fit()``; a bare number per key is read the same).

Both become one dict of per-epoch lists: each key's values joined in list order (epoch = position). A key missing
from some dicts, or any item that is not a dict of numbers / lists of numbers, makes it no history (``None``), so
``keras_pickle`` says why in its one line. Nothing here unpickles: ``obj`` is ``keras_pickle``'s plain value.
"""
from __future__ import annotations

from numbers import Real

MIN_ITEMS = 1


def _values(v) -> list | None:
    """A dict value as a list of numbers (a bare number is one epoch), or None when it holds anything else."""
    if isinstance(v, bool):
        return None
    if isinstance(v, Real):
        return [v]
    if isinstance(v, list) and v and all(isinstance(x, Real) and not isinstance(x, bool) for x in v):
        return list(v)
    return None


def joined(obj) -> dict | None:
    """The dict of per-epoch lists a list of history dicts (one per ``fit()`` or one per epoch) adds up to.

    ``obj``: ``keras_pickle``'s plain value (lists for tuples and numpy arrays). Returns ``{key: [numbers]}`` with
    each key's values in list order, or None when ``obj`` is not a non-empty list of dicts sharing one set of keys
    whose values are numbers or non-empty lists of numbers (keys holding other things, e.g. a config string, are
    left out; a dict with no numeric key makes it no history)."""
    if not isinstance(obj, list) or len(obj) < MIN_ITEMS or not all(isinstance(d, dict) for d in obj):
        return None
    keys = [k for k, v in obj[0].items() if _values(v) is not None]
    if not keys:
        return None
    out: dict[str, list] = {k: [] for k in keys}
    for d in obj:
        if set(k for k, v in d.items() if _values(v) is not None) != set(keys):
            return None
        for k in keys:
            out[k].extend(_values(d[k]))
    lengths = {len(v) for v in out.values()}
    if len(obj) > 1 and len(lengths) > 1:
        # per-fit dicts whose keys' lists differ in length (e.g. lr only in some) are joined by key anyway; per-epoch
        # dicts always give equal lengths. Only the keys with the most values are kept, so the epochs line up.
        top = max(lengths)
        out = {k: v for k, v in out.items() if len(v) == top}
    return out
