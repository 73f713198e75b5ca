"""A JSON history whose loss is named by its kind, not by the word ``loss`` (used by ``readers/json_history.py``).

A VAE / VQ toy's ``json.dump({"val_rec": [..], "angle": [..], "entropy": [..], "dead": [..]}, f)`` (public vqtoy174
``logs.json``: the validation reconstruction error per epoch beside codebook statistics) names no ``loss``; it was
"not a log file loganalyzer reads" and the run was read from its ``stdout.txt`` (six printed lines of the same
values, no loss word: 0 rows). A split-prefixed reconstruction / divergence / likelihood term (``val_rec``,
``train_recon``, ``test_kl``, ``val_nll``, ``val_elbo``, ``train_mse``) is such a loss: the file is a history, the
term its loss series (the curves stage's component names, ``curves_names``, give it its role).
"""
from __future__ import annotations

import re

_WORDS = r"rec|recon|reconstruction|kl|kld|nll|elbo|mse|bce"
_TAG = re.compile(r"(?:train|training|val|valid|validation|test|eval)[_/](?:" + _WORDS + r")", re.IGNORECASE)
# in a JSON head: such a key opening a list ('"val_rec": [')
HEAD = re.compile(rb'"(?:train|training|val|valid|validation|test|eval)[_/](?:' + _WORDS.encode()
                  + rb')"\s*:\s*\[', re.IGNORECASE)


def loss_tag(tag: str) -> bool:
    """True for a split-prefixed loss term with no ``loss`` in its name (module docstring): ``val_rec``."""
    return _TAG.fullmatch(tag) is not None
