"""A tqdm bar whose postfix is a printed string of ``name:value`` pairs, not tqdm's ``name=value`` (used by
``_progress_bars._tqdm``). A script calling ``pbar.set_postfix_str(f"loss:{loss},epoch mean:{mean:.2f}")`` draws::

    Epoch 0:   0%|          | 1/459 [00:10<1:18:39, 10.30s/it, loss:80255.8359375,epoch mean:80255.84]
    validating...: 100%|██████████| 21/21 [01:48<00:00,  5.31s/it, loss:2759.857666015625,epoch mean:2773.22]

(public dtvnet70 ``train.log``, a CT-reconstruction trainer: the reader took ``=`` as the only postfix separator,
claimed every bar and read nothing). Each field after the bar's elapsed time and rate must be one ``name:number``
pair (a field that is not makes the bar no such shape). A pair named ``epoch mean`` / ``mean`` / ``avg`` right after
another pair is that value's running mean over the epoch so far: only its value at the epoch's last batch (``n ==
total``) is a point, the epoch's mean ``<name>_epoch`` (the ``loss``/``loss_epoch`` pair the curves know from
Lightning). A validation bar (its description names validation: ``validating...``) counts validation batches: only its
finished draw (``n == total``) is read, each value's epoch mean (else its last value) as the evaluation's value, at
the training step before it.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, SKIPPED_KEYS, tag_name, to_float

_PAIR = re.compile(r"^\s*([A-Za-z_][\w./-]*(?: [A-Za-z_][\w./-]*)?)\s*:\s*(" + NUMBER + r")\s*$")
_MEAN = re.compile(r"^(?:epoch[ _]?)?(?:mean|avg|average)$|^(?:running|moving)[ _](?:mean|avg|average)$", re.I)


def colon_pairs(info: str) -> list[tuple[str, float, bool]] | None:
    """(name, value, is_running_mean) of the postfix after the bar's time and rate fields, or None when the
    postfix is not all ``name:number`` pairs (module docstring)."""
    if "=" in info:
        return None
    fields = info.split(",")
    if len(fields) < 3 or "<" not in fields[0] or not re.search(r"(?:it|s)/(?:s|it)\s*$|\?it/s\s*$", fields[1]):
        return None
    out: list[tuple[str, float, bool]] = []
    for field in fields[2:]:
        m = _PAIR.match(field)
        if m is None:
            return None
        value = to_float(m.group(2))
        if value is None:
            return None
        name = m.group(1)
        out.append((name, value, bool(out) and _MEAN.match(name) is not None and not out[-1][2]))
    return out or None


def colon_values(pairs: list[tuple[str, float, bool]], n: int, total: int | None, eval_bar: bool) -> list | None:
    """The (tag, value) pairs a draw at ``n`` of ``total`` holds (module docstring); None: no point."""
    values: list[tuple[str, float]] = []
    last = total is not None and n == total
    if eval_bar and not last:
        return None
    for i, (name, value, mean) in enumerate(pairs):
        if mean:
            base = tag_name(pairs[i - 1][0])
            if eval_bar:
                values = [(k, value if k == base else v) for k, v in values]
            elif last:
                values.append((f"{base}_epoch", value))
            continue
        if name.lower() not in SKIPPED_KEYS:
            values.append((tag_name(name), value))
    return values or None
