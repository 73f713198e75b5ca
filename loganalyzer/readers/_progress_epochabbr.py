"""An epoch counter abbreviated to ``E``/``Ep`` at a line's start (for ``readers/_progress_text.rewrite``).

``print(f"E{epoch:3d}/{epochs} | Loss:{loss:.4f} | TrA:{acc:.2f}% ...")`` (public resgat76 training_output.log)::

    E  1/500 | Loss:4.2306 | TrA:38.29% TrF1:38.29% | VAcc:46.25% VF1:46.25% | ETA:218.7min | BestVAcc:46.25%
    E100/500 | Loss:0.1044 | TrA:90.82% TrF1:90.82% | VAcc:80.00% VF1:80.00% | ETA:160.2min | BestVAcc:86.25%

``E  1/500`` is the epoch and its total, not a metric: the space the width pads in had made a series ``E`` (epochs
1-99 only: at 100 the padding is gone and ``E100/500`` read as nothing), and the lines had no step. The counter is
written ``Epoch 1/500`` when it opens the line, is ``N/M`` (N <= M) and is followed by a separator and a named
value (a byte-order mark before the first line is dropped with it). A k-fold script's fold before it (``F1/5 E  3/50
| Loss:0.43 | VAcc:43.00%``) goes with it (each fold's epochs counting again from 1 split the folds into runs).
"""
from __future__ import annotations

import re

_ABBR = re.compile(r"^\ufeff?(?:(?:F|Fold|fold)\s*\d+\s*/\s*\d+\s+)?"
                   r"(?:E|Ep|EP|ep)\s*(\d+)\s*/\s*(\d+)(?=\s*[|,;:\]]?\s+[A-Za-z])")


def epoch_abbreviated(text: str) -> str:
    """``text`` with an opening ``E  1/500`` written ``Epoch 1/500`` (module docstring)."""
    m = _ABBR.match(text)
    if m is None or int(m.group(1)) > int(m.group(2)):
        return text
    return f"Epoch {m.group(1)}/{m.group(2)}" + text[m.end():]
