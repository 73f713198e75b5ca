"""Accuracy lines that name their images, printed after each epoch beside loss lines (for ``_joblog_scan``).

Two phrasings the accuracy readers passed over (no ``name: value`` pair: words between the name and its number):

- ``train acc on train images is  18.73`` / ``test acc on test images is  32.55`` -- the Co-teaching / CIFAR-N
  noisy-label scripts' ``print('test acc on test images is ', test_acc)`` after each epoch's ``Epoch [1/100], Iter
  [50/390] Training Accuracy: 8.59, Loss: 2.37`` lines (public noisylabels219 CE_original: test accuracy best 90.13
  at epoch 66, then falling to 81.73 at 100 -- the overfitting of noisy labels -- unread; many forks print it so);
- ``Epoch [1/200] Test Accuracy on the 10000 test images: 40.9756 %`` -- an evaluation line beside a tqdm bar's
  ``Epoch [2/200], loss_sup: 3.3095: 100%|..`` (public noisylabels219 original_out, DISC on CIFAR-10: 101 epochs of
  test accuracy unread), as the PyTorch tutorials' ``'Test Accuracy on the 10000 test images: {} %'`` prints it.

Such a line is read as its ``<split> acc``/``<split> Accuracy`` alone (``test_acc``, ``Test_Accuracy``: the names
``accuracy_line`` gives ``test acc: 32.55``), at its own ``Epoch [e/N]``/``Epoch e`` when it has one, else at the
step of the progress line before it (as ``accuracy_line``'s step-less evaluations); a ``%`` is dropped, the value
kept as printed. The tutorial's ``Accuracy of the network on the 10000 test images: 54 %`` (no split before
``acc``) is left to ``_joblog_accuracy`` (read once, as the log's final test accuracy). None for any other line.
"""
from __future__ import annotations

import re

from ._progress import clean
from ._progress_acc import accuracy_line

NEEDLE = b" images"
_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_LINE = re.compile(
    r"(?:epoch\s*\[?\s*(?P<epoch>\d+)\s*(?:/\s*\d+\s*)?\]?\s*[,:|-]?\s*)?"
    r"(?P<name>(?:train(?:ing)?|test(?:ing)?|val(?:id|idation)?|eval(?:uation)?)\s+acc(?:uracy)?)"
    r"\s+on\s+(?:the\s+)?(?:\d+\s+)?(?:train(?:ing)?|test(?:ing)?|val(?:id|idation)?|eval(?:uation)?)\s+"
    r"(?:images|samples|set|data)\s*(?:is|:|=)\s*(?P<value>" + _NUM + r")\s*%?\s*", re.IGNORECASE)


def images_accuracy_line(raw: bytes):
    """The ``Record`` of one such line (module docstring), or None."""
    text = clean(raw)[0].strip()
    m = _LINE.fullmatch(text)
    if m is None:
        return None
    said = f"{m.group('name')}: {m.group('value')}"
    if m.group("epoch") is not None:
        said = f"Epoch {m.group('epoch')}: {said}"
    return accuracy_line(said.encode())
