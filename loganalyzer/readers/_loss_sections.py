"""GAN loss logs with no header: named sections (``table``) and a Keras discriminator's ``[loss, acc]`` lines
(``keras_disc``), rewritten as the plain CSV they mean for ``plain_csv``.

Sections: a heading line ending in a colon, then one number a line, per series.

GAN scripts dump their players' per-epoch losses so (set 195's urbangan ``losses.txt``, 203 lines)::

    with open('losses.txt', 'w') as f:
        f.write('Generator Losses:\\n')
        for l in g_losses: f.write(f'{l}\\n')
        f.write('\\nDiscriminator Losses:\\n')
        for l in d_losses: f.write(f'{l}\\n')

Before, nothing was read and discovery said "no known name or content". ``table`` rewrites such a file as the plain
CSV it means: a ``step`` column (the value's place in its section, from 0: the file says no epoch) and one column per
heading named by it (``Generator_Losses``, ``Discriminator_Losses``: the player words ``curves_gan`` reads), shorter
sections padded with empty cells. Only files every non-blank line of which is a heading or a bare number, each
heading unique, followed by ``MIN_VALUES`` numbers or more, and one heading naming a loss. ``reshape`` tries this
shape, then ``_loss_shapes.reshape`` (for ``plain_csv``; the caller checks ``_loss_shapes.claims`` first).
"""
from __future__ import annotations

import re

from ._lazy import lazy_re

_HEADING = lazy_re(r"^([A-Za-z][A-Za-z0-9 _./()-]{0,60}?)\s*:$")
_NUMBER = lazy_re(r"^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf|-inf)$", re.IGNORECASE)
MIN_VALUES = 3


def table(data: bytes) -> tuple[bytes, str] | None:
    """(the CSV text the sections mean, the line saying how it was read), or None for any other file."""
    text = bytes(data).decode("utf-8", "replace").lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 1 + MIN_VALUES or _HEADING().match(lines[0]) is None:
        return None
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if (m := _HEADING().match(line)) is not None:
            name = re.sub(r"\W+", "_", m.group(1).strip()).strip("_")
            if not name or name in sections or current is not None and len(current) < MIN_VALUES:
                return None
            current = sections[name] = []
        elif current is not None and _NUMBER().match(line):
            current.append(line)
        else:
            return None
    if len(current or ()) < MIN_VALUES or not any("loss" in n.lower() for n in sections):
        return None
    names = list(sections)
    longest = max(len(v) for v in sections.values())
    rows = [",".join([str(i)] + [v[i] if i < len(v) else "" for v in sections.values()]) for i in range(longest)]
    out = "\n".join([",".join(["step"] + names)] + rows) + "\n"
    counts = ", ".join(f"{n} ({len(v)})" for n, v in sections.items())
    return out.encode(), (f"a heading line then one number a line per series: read as {counts}, the value's place "
                          "in its section as the step (the file names no epoch)")


_DISC_LOSS = lazy_re(r"^(?:d|disc|dis|discriminator|critic)[_-](?:[a-z]+[_-])?loss(?:[_-][a-z]+)?$")
ACC_RANGE = (0.0, 1.0)


def keras_disc(data: bytes, name: str) -> tuple[bytes, str] | None:
    """A Keras discriminator's ``train_on_batch`` results saved a line each (mnistgan195 ``d_loss.txt``,
    ``d_loss_real.txt``: ``0.642 0.587``): compiled with ``metrics=['accuracy']``, the model returns ``[loss, acc]``
    (eriklindernoren/Keras-GAN prints them as ``[D loss: %f, acc.: %.2f%%]``), so a file named as a discriminator's
    loss (``d_loss``, ``d_loss_fake``, ``disc_loss``) of two unnamed columns, the second a share in [0, 1], is the
    loss and its accuracy: ``<stem>``, ``<stem>_acc``, the line's place the step. Before, ``_loss_shapes`` guessed
    train, then validation loss. None for any other file."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if _DISC_LOSS().match(stem.lower()) is None:
        return None
    text = bytes(data).decode("utf-8", "replace").lstrip("\ufeff")
    rows = [line.replace(",", " ").split() for line in text.splitlines() if line.strip()]
    if len(rows) < MIN_VALUES or not all(len(r) == 2 and all(_NUMBER().match(c) for c in r) for r in rows):
        return None
    acc = [float(r[1]) for r in rows]
    if not all(ACC_RANGE[0] <= a <= ACC_RANGE[1] for a in acc):
        return None
    out = "\n".join([f"step,{stem},{stem}_acc"] + [f"{i},{r[0]},{r[1]}" for i, r in enumerate(rows)]) + "\n"
    return out.encode(), (f"no header: a discriminator's loss file of two columns, the second in [0, 1]: read as "
                          f"{stem}, {stem}_acc (a Keras model's train_on_batch [loss, accuracy]), the line's place "
                          "as the step")


def reshape(data: bytes, name: str) -> tuple[bytes, str] | None:
    """``table``, else ``keras_disc``, else ``_loss_shapes.reshape`` (a loss log's other unnamed shapes)."""
    from . import _loss_shapes

    return table(data) or keras_disc(data, name) or _loss_shapes.reshape(data, name)
