"""Logs whose suffix discovery's name tests missed: a pickled Keras history under a second or short suffix, and a
CSV log whose suffix is upper-case.

Pickled history, odd suffix. ``pickle.dump(H.history, open(save_path + '/' + model_name + '/loss_history.pickle.dat',
'wb'))`` is the save line of a family of Keras handwriting/OCR trainers (eight public copies of it; set 217's
crnnlite217 runs OCR_IAM_ver1 and OCR_Stickies_ver1: a protocol-3 dict ``{'val_loss': [...], 'loss': [...]}`` of 200
numpy floats each, 11,804 bytes), and ``pickle.dump(history.history, open('history.p', 'wb'))`` that of several
Keras tutorials' copies (six public files). Discovery took ``*.pkl``/``*.pickle`` only, so both were no run. Taken
here: a name ending ``.pickle.<x>``/``.pkl.<x>`` (``<x>`` 1-5 letters or digits) or ``.p``, whose stem (the name
with ``.pickle``/``.pkl`` as its suffix) is named like a history (``keras_pickle.named_like_history``: hist, log,
metric, training, loss), and whose first 64 bytes start a pickled dict or list (``keras_pickle.sniff``). Nothing is
unpickled here: ``readers/keras_pickle.py`` reads it with its restricted unpickler. A file named so that is no
pickle, or cannot be read, is named in the problems (a ``*.p`` one is left to the content sniff: ``.p`` is
other languages' suffix too). Given by name, such a file whose first bytes start a pickled dict or list is read the
same way (``discover_file``; a protocol-0 ``history.p`` was read as a printed log of no progress lines, a protocol-2
one passed over as no log).

Upper-case CSV. ``dataset.CSV`` / ``dataset_siamese.CSV`` (set 218's scvsn218: Keras ``CSVLogger`` output, header
``epoch,accuracy,loss,val_accuracy,val_loss``, 30 rows) were passed over: the text branch asked ``name.endswith``
of lower-case suffixes while the CSV sniff itself (``discover_sniff``) lower-cases the name. ``upper_csv`` says
whether a name ends ``.CSV``/``.TSV`` in any case that is not all lower (the lower ones take the text branch)."""
from __future__ import annotations

import re

from .fs import LocalFileSystem
from .runs import Problem, os_reason

FORMAT = "keras_pickle"
_ODD_PICKLE = re.compile(r"(?i)^(?P<stem>.+\.(?:pickle|pkl))\.[a-z0-9]{1,5}$|^(?P<short>.+)\.p$")


def pickle_stem(name: str) -> str | None:
    """The name a pickled history under an odd suffix would have under its own (``loss_history.pickle.dat`` ->
    ``loss_history.pickle``, ``history.p`` -> ``history.pickle``), or None for any other name (a hidden file too)."""
    if name.startswith(".") or not (m := _ODD_PICKLE.match(name)):
        return None
    return m.group("stem") or m.group("short") + ".pickle"


def odd_pickled_history(fs: LocalFileSystem, path: str, name: str, problems: list) -> bool:
    """Whether ``path`` (named ``name``) is a pickled history under an odd suffix: its stem named like a history
    and its first 64 bytes a pickled dict or list. A ``*.pickle.<x>``/``*.pkl.<x>`` file that cannot be read or is
    no pickled dict or list is named in ``problems`` (its name says pickle); a ``*.p`` one is left to the content
    sniff silently (``.p`` is other languages' suffix too)."""
    if (stem := pickle_stem(name)) is None:
        return False
    from .readers import keras_pickle

    if not keras_pickle.named_like_history(stem):
        return False
    says_pickle = not name.endswith(".p")
    try:
        head = fs.read_head(path, 64)
    except OSError as e:
        if says_pickle:
            problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
        return False
    if keras_pickle.sniff(head):
        return True
    if says_pickle:
        problems.append(Problem(path, "named like a pickled training history, but its first bytes are no pickled "
                                      "dict or list: not read (only pickle.dump(history.history, f) or of a list of "
                                      "losses is)"))
    return False


def upper_csv(name: str) -> bool:
    """Whether ``name`` ends ``.csv``/``.tsv`` in a case other than all lower (``dataset.CSV``)."""
    return name[-4:].lower() in (".csv", ".tsv") and not name.endswith((".csv", ".tsv")) and not name.startswith(".")
