"""A training's printed log split into files named by the epochs each holds: one run (for ``_joblog_files.group``).

A training resumed from a checkpoint often logs into a new file named by its epoch range, the first session's file
renamed alike (public eraimagenet154 ``training-01-61.log`` then ``training-62-90.log``: an ImageNet ResNet-50
stopped after epoch 61 and resumed at 62, a Lightning logger's ``EPOCH 62 TRAIN - Loss: ..`` lines going on where the
first file ended). Read as two runs, each half was judged alone. Files of one folder named ``<stem><sep><a><sep><b>
.<ext>`` (``-`` or ``_`` between; ``a`` < ``b`` whole numbers), same stem and extension, whose ranges chain (each
starts one after the one before it ends), each printing an epoch/step counter whose first value lies in its own
range and comes after the previous file's last, are one run: its files in range order, the loader joining them as
sessions of one run. A file with no such counter, or one counting again from below (two fine-tunings named
``finetune_layers_0_5.log``/``finetune_layers_6_11.log``, two days' ``train_2024_05_06.log``/``train_2024_07_08.log``,
a breaker's cases), is no later session: the names alone chain by chance.
"""
from __future__ import annotations

import re

from ._joblog_rotated import _HEAD, _first_counter

_RANGE = re.compile(r"^(?P<stem>.*?[A-Za-z][^/]*?)[-_](?P<a>\d{1,6})[-_](?P<b>\d{1,6})(?P<ext>\.[A-Za-z]+)?$")


# an epoch/step counter printed on one line ('EPOCH 62 TRAIN', 'Epoch: 3'), not 'Max Epochs: 90' nor a word at a
# line's end before the next line's time stamp
_COUNTER = re.compile(rb"(?i)\b(?:epoch|step|iter(?:ation)?)[ \t]*[:=#]?[ \t]*(\d+)")


def _last_counter(fs, path: str) -> int | None:
    """The last epoch/step counter (``_COUNTER``) printed in the file's tail; None when none or unreadable."""
    try:
        with fs.open_bytes(path) as data:
            found = _COUNTER.findall(bytes(data[max(0, len(data) - _HEAD):]))
    except Exception:  # unreadable: the loader reports it
        return None
    return int(found[-1]) if found else None


def start(name: str) -> int:
    """Sort key: the first epoch a file's name gives (0 for a name with no range)."""
    m = _RANGE.match(name)
    return int(m.group("a")) if m else 0


def chains(fs, full, d: str, names: set) -> dict[str, str]:
    """{file name: its chain's key} for the files of folder ``d`` (``names``) that make a chain of epoch ranges."""
    groups: dict[tuple, list[tuple[int, int, str]]] = {}
    for name in names:
        m = _RANGE.match(name)
        if m is not None and int(m.group("a")) < int(m.group("b")):
            groups.setdefault((m.group("stem"), m.group("ext") or ""), []).append(
                (int(m.group("a")), int(m.group("b")), name))
    out: dict[str, str] = {}
    at = (lambda n: full(f"{d}/{n}" if d else n))
    for (stem, ext), files in groups.items():
        files.sort()
        if len(files) < 2 or any(b[0] != a[1] + 1 for a, b in zip(files, files[1:])):
            continue
        firsts = [_first_counter(fs, at(name), _COUNTER) for _, _, name in files]
        if any(f is None or not a <= f <= b for f, (a, b, _) in zip(firsts, files)):
            continue  # a file with no counter, or whose own lies outside the range its name gives: no such session
        lasts = [_last_counter(fs, at(name)) for _, _, name in files[:-1]]
        if any(last is None or first <= last for last, first in zip(lasts, firsts[1:])):
            continue  # a file counting again from at or below the previous one's last: another training
        out.update({name: f"{stem}{ext}" for _, _, name in files})
    return out
