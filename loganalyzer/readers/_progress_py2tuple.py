"""A tuple printed by Python 2's ``print`` statement (used by ``_progress_text.rewrite``).

``print('Epoch: ', epoch)`` in Python 2 prints the tuple's repr, ``('Epoch: ', 1)``; a Keras GAN script (public
dcgan131 ``nohup.out``) prints ``('dcgan Loss: ', [array(0.9504697, dtype=float32), array(0.1171875,
dtype=float32)], '\\t discriminator loss', [array(0.5477794, dtype=float32), array(0.7890625, dtype=float32)])`` after
``('after epoch: ', 5)``: each string names the value after it; a list is what Keras' ``train_on_batch`` returns
with ``metrics=[..]``, ``[loss, metric..]``, whose first item is the named loss (the metrics have no name in the
line and are left out). Nothing was read (no ``name: value`` pair in the printed text). Rewritten as ``name: value,
name: value`` (the one-number arrays already unwrapped by ``unwrapped_numbers``), only when every item alternates
a quoted name and a number or a list of numbers. A multi-value numpy array printed whole (``'D loss:',
array([0.7012, 0.5988], dtype=float32)``: the same Keras ``[loss, acc]`` list converted by ``np.array``) is such a
list, its first value the loss; a name holding an apostrophe is printed in double quotes by Python's repr
(``("G's loss: ", 2.01, 'epoch', 0)``). Both were left unread (a breaker's brk_pr py2_array_multi, py2_apostrophe).
A name then a dict is spaCy 2's ``print('Losses', losses)`` under Python 2 (public ncbiner160 ``log_train.txt``:
``('Losses', {u'ner': 0.186})`` once per epoch, the dict's keys unicode literals): rewritten as Python 3 prints it,
``Losses {'ner': 0.186}``, which the reader reads as ``ner_loss`` (it read nothing).
"""
from __future__ import annotations

import re

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?nan|[-+]?inf"
_LIST = r"\[\s*(?:" + _NUM + r")(?:\s*,\s*(?:" + _NUM + r"))*\s*\]"
_VALUE = r"(?:" + _NUM + r")|" + _LIST + r"|array\(\s*" + _LIST + r"(?:\s*,\s*dtype=\w+)?\s*\)"
_QUOTED = r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)\""""
_ITEM = re.compile(r"\s*(?:" + _QUOTED + r")\s*,\s*(" + _VALUE + r")\s*(?:,|$)")
_TUPLE = re.compile(r"^\(\s*(?:" + _QUOTED + r")\s*,.*\)$")
_FIRST = re.compile(_NUM)
_POSSESSIVE = re.compile(r"'s\b")
_DICT_TUPLE = re.compile(r"^\(\s*(?:'([^'\\]+)'|\"([^\"\\]+)\")\s*,\s*(\{[^{}]*\})\s*\)$")
_UNICODE_KEY = re.compile(r"(?<=[{,\s])u(?=['\"])")


def tuple_print(text: str) -> str:
    """``text`` rewritten as ``name: value`` pairs when it is a Python 2 printed tuple (module docstring), else as
    it is."""
    if _TUPLE.match(text) is None:
        return text
    if (d := _DICT_TUPLE.match(text)) is not None:  # ('Losses', {u'ner': 0.18}): Python 3's 'Losses {'ner': 0.18}'
        return f"{(d.group(1) or d.group(2)).strip()} {_UNICODE_KEY.sub('', d.group(3))}"
    body, pairs, pos = text[1:-1], [], 0
    while pos < len(body):
        m = _ITEM.match(body, pos)
        if m is None:
            return text
        name = (m.group(1) if m.group(1) is not None else m.group(2)).replace("\\t", " ").replace("\\n", " ").strip().rstrip(":=").strip()
        name = _POSSESSIVE.sub("", name).replace("'", "").replace('"', "")  # "G's loss": the G loss ('s_loss' else)
        if not name:
            return text
        value = m.group(3)
        if value.startswith(("[", "array(")):
            value = _FIRST.search(value).group(0)
        pairs.append(f"{name}: {value}")
        pos = m.end()
    return ", ".join(pairs) if pairs else text
