"""Key/value shapes of printed lines rewritten into ``key: value`` pairs before ``_progress`` reads them
(``_progress_text.rewrite`` calls ``widened`` just before ``fix_line``). Each rule rests on a line shape of a public
log (reader audit 41r):

- a metric whose value is a dict of numbers, ``MAP: {'test_map@20': 0.5243, 'test_map@40': 0.5245}, Recall:
  {'test_recall@20': 0.3754}`` (logging of Bigtais/PatientTrajetoryForecasting ``training.log``, after ``Train
  Loss: 3.7911, Val Loss: 3.7229``): each inner key its own series (``test_map@20: 0.5243, ...``; a key that does
  not hold the dict's name gets it as a prefix, ``lr: {'backbone': 7e-05}`` -> ``lr_backbone``), only after a
  value of the line's own; a dict named by a split word (GraphGym's ``val: {...}``, ``_progress_splitdict``'s) or
  a configuration (``config: {'lr': 0.1}``) is left alone;
- a name qualified in parentheses, ``-Autoencoder Loss (total): 230.668`` (FalsoMoralista/FGDCC ``nohup.out``, an
  I-JEPA-style logger): ``Autoencoder_Loss_total: 230.668`` (the three words had been no key: the value was lost);
- two slash-joined names with a bracketed pair of values, ``Reconstruction/K-Means Loss: [0.653 / 230.014]`` (the
  same log): ``Reconstruction_Loss: 0.653, K-Means_Loss: 230.014`` (the second value had been dropped and the first
  named after both); a word before two split words names both, ``Loss Train/Val: [0.83 / 0.98]`` ->
  ``Loss_Train: 0.83, Loss_Val: 0.98``;
- a label before a bracketed list of pairs, ``server stats: [loss: 1.925`` / ``server stats: [accuracy: 69.735``
  (a federated-learning script's print, vinaikchhetri/WAFFLE-WM ``nohup.out``; the list's ``]`` never printed): the
  pairs alone (the accuracy line had been no ``name: value`` line and was dropped).

(The same log's debug ``print("Losses", losses)`` of a tensor list, ``Losses [tensor(171.98), tensor(151.70)]``,
still makes a one-point series ``Losses``: dropping it moved that log's run boundaries, not looked into yet.)
"""
from __future__ import annotations

import re

_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_SPLITS = frozenset({"train", "training", "val", "valid", "validation", "eval", "evaluation", "dev", "test"})

_DICT = re.compile(r"(?<![\w'\"])([A-Za-z][\w@-]*)\s*:\s*\{\s*((?:'[\w@.\-/]+'\s*:\s*" + _NUM + r"\s*,\s*)*'[\w@.\-/]+'"
                   r"\s*:\s*" + _NUM + r")\s*,?\s*\}")
_LABELLED_LIST = re.compile(r"^([A-Za-z][\w ]{0,30}):\s*\[\s*(?=[A-Za-z][\w ]*\s*[:=]\s*" + _NUM + r")")
_CONFIG = re.compile(r"(?i)conf|cfg|arg|param|opt|setting|kwargs")
_CONTAINER = re.compile(r"(?i)_?(?:metrics?|scores?|results?|stats|statistics|logs?|info)$")
_PAIR_BEFORE = re.compile(r"[A-Za-z][\w ]*\s*[:=]\s*" + _NUM + r"\b")  # a value of the line's own before the dict
_DICT_PAIR = re.compile(r"'([\w@.\-/]+)'\s*:\s*(" + _NUM + ")")
_QUALIFIED = re.compile(r"(?<![\w'\"])(-?)([A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,2}) \(([A-Za-z]\w*)\)(?=\s*[:=]\s*"
                        + _NUM + r"(?![\w.]|\s*\())")
_SLASH_PAIR = re.compile(r"(?<![\w/])((?:[A-Za-z]\w* )?)([A-Za-z][\w-]*)/([A-Za-z][\w-]*)((?: [A-Za-z]\w*)?)\s*[:=]\s*\[\s*(" + _NUM
                         + r")\s*/\s*(" + _NUM + r")\s*\]")

_SLASH_WORD = re.compile(r"/[A-Za-z]")  # what every _SLASH_PAIR match holds (a fast test before it)


def _dict(m: re.Match) -> str:
    if m.group(1).lower() in _SPLITS or _CONFIG.search(m.group(1)) or not _PAIR_BEFORE.search(m.string, 0, m.start()):
        return m.group(0)
    # 'lr: {'backbone': 7e-05}': lr_backbone; 'val_metrics: {'loss': ..}': val_loss; 'MAP: {'test_map@20': ..}' and
    # 'Other training metrics: {'accuracy_score': ..}' keep their keys (a container word names nothing)
    name = _CONTAINER.sub("", m.group(1))
    return ", ".join(f"{k if not name or name.lower() in k.lower() else f'{name}_{k}'}: {v}"
                     for k, v in _DICT_PAIR.findall(m.group(2)))


def _plain_label(label: str) -> bool:
    """A label that may be dropped: no counter (``Epoch 20: [..``, ``Step 100: [..`` give the step) and no split
    word (``Train: [..``, ``Validation: [..``, ``Eval results: [..`` give the split); those lines are left as
    printed for the readers that keep the label."""
    return not any(c.isdigit() for c in label) and not any(w.lower() in _SPLITS for w in label.split())


def _slash_pair(m: re.Match) -> str:
    lead, first, second, tail = m.group(1), m.group(2), m.group(3), m.group(4)
    if lead and not tail and first.lower() in _SPLITS and second.lower() in _SPLITS:
        # 'Loss Train/Val: [0.83 / 0.98]': the word before names both (Loss_Train, Loss_Val; breaker4 R10)
        lead, first, second = "", f"{lead.strip()}_{first}", f"{lead.strip()}_{second}"
    return f"{lead}{first}{tail}: {m.group(5)}, {second}{tail}: {m.group(6)}"


def _qualified(m: re.Match) -> str:
    lead = " " if m.group(1) else ""  # '-Autoencoder Loss (total)': the dash a separator
    return f"{m.group(1)}{lead}{m.group(2).replace(' ', '_')}_{m.group(3)}"


def widened(text: str) -> str:
    """``text`` with a labelled list of pairs, dict-valued metrics, parenthesised qualifiers and slash-joined
    pairs rewritten (module docstring)."""
    if ": [" in text and (m := _LABELLED_LIST.match(text)) is not None and _plain_label(m.group(1)):
        text = text[m.end():].rstrip()
        text = text[:-1].rstrip() if text.endswith("]") and "[" not in text else text
    if ": {" in text or ":{" in text:
        text = _DICT.sub(_dict, text)
    if " (" in text:
        text = _QUALIFIED.sub(_qualified, text)
    if "[" in text and "/" in text and _SLASH_WORD.search(text) is not None:  # (a word after a slash: '/val')
        text = _SLASH_PAIR.sub(_slash_pair, text)
    return text
