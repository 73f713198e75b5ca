"""Points of a user's own pattern (``_joblog_names._SETTINGS["patterns"]``): moved out of ``_joblog_scan``."""
from __future__ import annotations

from ._progress import Record


def user_hits(pattern, data) -> list:
    """The ``_Hit``s of a user's own ``--pattern`` regex (named groups: values; ``step`` / ``epoch``: the axis) over
    the log's bytes, one per match; a group that is no number is skipped."""
    from ._joblog_scan import _Hit  # (the scan imports this module)

    out = []
    for m in pattern.finditer(data):
        groups = {k: v for k, v in m.groupdict().items() if v is not None}
        step = groups.pop("step", None)
        epoch = groups.pop("epoch", None)
        values = []
        for key, raw in groups.items():
            try:
                values.append((key, float(raw.replace(b",", b""))))
            except ValueError:
                continue
        try:
            step_value = int(float(step)) if step is not None else (int(float(epoch)) if epoch is not None else None)
        except ValueError:
            step_value = None
        out.append(_Hit(m.start(), Record("user", tuple(values), step=step_value), False))
    return out
