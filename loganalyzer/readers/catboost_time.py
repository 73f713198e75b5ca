"""CatBoost's ``time_left.tsv`` (``iter Passed Remaining``): how long a training took and had left, no curve.

Read only to say so: no point, one line (``discover_catboost``)."""
from __future__ import annotations

from ..runs import Problem
from . import ReadResult, empty_frame


def read(data, path: str) -> ReadResult:
    """No point: the file is CatBoost's time table; one problem says it was left out."""
    return ReadResult(empty_frame(), (Problem(path, "CatBoost's time table (milliseconds passed and remaining per "
                                                    "iteration): timing, no training curve; left out"),))
