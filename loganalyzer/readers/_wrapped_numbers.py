"""One number written wrapped in a cell or a JSON string (moved out of ``_text_clean``, which re-exports every name
here): a one-number tensor/numpy repr (``tensor(3.1304, device='cuda:0')``, ``np.float64(0.25)``,
``<tf.Tensor: shape=(), dtype=float32, numpy=51.09>``) or a percentage (``0.82%``: 0.82) -- ``unwrap_numbers`` over a
pandas Series of stripped text, ``unwrap_number`` over one text; and a JSON value as a point's number
(``json_number``: a number, numeric text, or such a repr). Each gives None (NaN in ``unwrap_numbers``' values) for
anything else and raises nothing; several numbers in one repr are no match. No thresholds.
"""
from __future__ import annotations

import re


# A one-number tensor/array written with str() or repr(): ``tensor(3.1304, device='cuda:0', grad_fn=<DivBackward0>)``,
# ``tensor([0.5])``, numpy 2's ``np.float64(0.25)``, ``array(1.5, dtype=float32)`` (public UNet-SNGP losses.csv: a
# 100-epoch train/val log whose every cell is a CUDA tensor's repr was read as 0 rows). Several numbers are no match.
_WRAPPED = re.compile(
    r"^(?:tensor|tf\.Tensor|array|np\.float\d*|numpy\.float\d*|np\.int\d*|numpy\.int\d*)\(\s*(?:\[\s*)*"
    r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?nan|[-+]?inf)\s*(?:\]\s*)*(?:\)$|,\s*[a-z_]+\s*=)")


# TensorFlow's repr of a one-number tensor (``repr(loss)`` or an f-string's ``{loss!r}``; ``str(loss)`` is
# ``tf.Tensor(51.09, shape=(), dtype=float32)``, taken by ``_WRAPPED``): ``<tf.Tensor: shape=(), dtype=float32, numpy=51.09>``
_TF_REPR = re.compile(
    r"^<tf\.Tensor: shape=\((?:1,?)?\), dtype=\w+, numpy=(?:array\(\[?)?"
    r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?nan|[-+]?inf)\]?(?:, dtype=\w+\))?>$")


# a percentage cell (a progress column of a hand-written RL CSV: ``0.82%``): the number is the percent value
_PERCENT = re.compile(r"^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*%$")


def unwrap_numbers(cells, candidates):
    """(mask, values) of the ``cells`` (a pandas Series of stripped text) among ``candidates`` (a bool array) that
    hold one number wrapped as a tensor/numpy repr or written as a percentage (``0.82%``: 0.82), and that number
    (NaN elsewhere; ``nan``/``inf`` inside too)."""
    import numpy as np

    wrapped = cells.str.extract(_WRAPPED, expand=False).fillna(cells.str.extract(_PERCENT, expand=False)) \
        .fillna(cells.str.extract(_TF_REPR, expand=False))
    inside = np.asarray(candidates, dtype=bool) & wrapped.notna().to_numpy()
    values = np.full(len(cells), np.nan)
    if inside.any():
        values[inside] = [float(text) for text in wrapped[inside]]
    return inside, values


def unwrap_number(text: str) -> float | None:
    """The number inside one cell or JSON string written as a one-number tensor/numpy repr (``_WRAPPED``:
    ``"tensor(3.1155, device='cuda:0')"``) or as a percentage (``0.82%``: 0.82), else None."""
    found = _WRAPPED.match(text.strip()) or _PERCENT.match(text.strip()) or _TF_REPR.match(text.strip())
    return None if found is None else float(found.group(1))


_WRAPPED_START = frozenset("tanu< \t")  # tensor(, array(, np./numpy.: what unwrap_number takes
# one decimal number as JSON text ("10.7115", "-0.5", "1e-06"): no version ("1.2.3"), date, id with letters or blank
_NUMERIC_TEXT = re.compile(r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf|infinity)", re.IGNORECASE)


def json_number(value) -> float | None:
    """A JSON value as a point's number (``json_history``): a number (no bool), a number written as text
    (``{"loss": "10.7115"}``, as pandas reads it; ``"nan"``/``"inf"`` too, as ``str(float)`` writes them;
    ``_json_textnum`` says under which keys) or a one-number tensor/numpy repr (``json.dump(.., default=str)``
    of a tensor: ``"tensor(3.1155, device='cuda:0')"``); None for anything else."""
    if isinstance(value, str):
        if _NUMERIC_TEXT.fullmatch(value):
            return float(value)
        return unwrap_number(value) if value[:1] in _WRAPPED_START else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)
