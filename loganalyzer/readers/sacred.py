"""Sacred's ``FileStorageObserver`` runs: ``<basedir>/<run id>/metrics.json``.

Sacred (``sacred.observers.FileStorageObserver``) gives every run a directory ``<basedir>/<_id>/`` holding
``run.json`` (status, host, times), ``config.json``, ``cout.txt`` (the captured output) and, once the run logged a
metric with ``_run.log_scalar(name, value, step=None)``, ``metrics.json``: the whole file rewritten at each metrics
flush (``log_metrics`` -> ``save_json``: ``json.dump(flatten(obj), sort_keys=True, indent=2)``) as one dict per
metric name::

    {"loss": {"steps": [0, 1, 2, ...], "timestamps": ["2023-10-10T07:12:22.428393", ...], "values": [42087.7, ...]},
     "grad_z_loc": {...}}

``steps`` are the steps given (or counted from 0 per metric), ``timestamps`` ``datetime.utcnow().isoformat()``
(UTC, no zone: read as UTC seconds for ``wall_time``), ``values`` what was logged (a numpy scalar flattened by
jsonpickle as ``{"py/object": "numpy.float64", "value": ...}`` is unwrapped, and so is a tensor/numpy repr string).
The run is the directory (``discover_group``); the file is read whole: a file cut while rewritten is no JSON and
is reported. A metric whose lists differ in length keeps the points all three give, with a line saying so.
"""
from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone

import numpy as np

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, scalar_frame
from ._text import no_rows
from ._text_clean import unwrap_number

FORMAT = "sacred"
FILE_NAME = "metrics.json"
# the head of such a file: a metric name, then its dict of lists (sorted keys: "steps" first; any order accepted)
_HEAD = re.compile(rb'^\s*\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\{\s*"(?:steps|timestamps|values)"\s*:\s*\[')
_PARTS = ("steps", "timestamps", "values")


def sniff(name: str, head: bytes) -> bool:
    """A ``metrics.json`` whose first metric is a dict of ``steps``/``timestamps``/``values`` lists."""
    return name == FILE_NAME and _HEAD.match(bytes(head).lstrip(b"\xef\xbb\xbf")) is not None


def _value(value) -> float | None:
    if isinstance(value, dict) and "value" in value:  # jsonpickle's numpy scalar: {"py/object": ..., "value": x}
        value = value["value"]
    if isinstance(value, str):
        return unwrap_number(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _wall(stamp) -> float:
    if not isinstance(stamp, str):
        return math.nan
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return math.nan
    if when.tzinfo is None:  # Sacred writes datetime.utcnow(): UTC without a zone
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def _step(step) -> int | None:
    number = _value(step)
    if number is None or not math.isfinite(number) or number != int(number):
        return None
    return int(number)


def _parse(data, path: str):
    raw = bytes(data).lstrip(b"\xef\xbb\xbf")
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise UnreadableFile(Problem(path, f"not UTF-8 text (byte {e.start}); not read", offset=e.start)) from None
    except json.JSONDecodeError as e:
        raise UnreadableFile(Problem(path, f"Sacred metrics.json that is no valid JSON (cut while rewritten?): "
                                           f"{e.msg} at byte {e.pos}", offset=e.pos)) from None
    except RecursionError:
        raise UnreadableFile(Problem(path, "JSON nested too deeply; not read")) from None
    if not isinstance(obj, dict):
        raise UnreadableFile(Problem(path, "a metrics.json that is no Sacred metrics dict (name -> steps/values)"))
    tags, steps, values, walls = [], [], [], []
    problems: list[Problem] = []
    skipped: list[str] = []
    for name, metric in obj.items():
        if not isinstance(metric, dict) or not isinstance(metric.get("values"), list):
            skipped.append(str(name))
            continue
        listed = [metric.get(part) if isinstance(metric.get(part), list) else [] for part in _PARTS]
        given_steps, stamps, logged = listed
        if not given_steps:  # no steps: Sacred counts them from 0 per metric
            given_steps = list(range(len(logged)))
        n = min(len(given_steps), len(logged))
        if len(given_steps) != len(logged) or (stamps and len(stamps) != len(logged)):
            problems.append(Problem(path, f"metric {name!r}: {len(given_steps)} steps, {len(stamps)} timestamps "
                                          f"and {len(logged)} values; the first {n} points read"))
        bad = 0
        for i in range(n):
            step, value = _step(given_steps[i]), _value(logged[i])
            if step is None or value is None:
                bad += 1
                continue
            tags.append(str(name))
            steps.append(step)
            values.append(value)
            walls.append(_wall(stamps[i]) if i < len(stamps) else math.nan)
        if bad:
            problems.append(Problem(path, f"metric {name!r}: {bad} point(s) with no whole-number step or no "
                                          "number as value; left out"))
    if skipped:
        problems.append(Problem(path, f"{len(skipped)} key(s) are no Sacred metric (no 'values' list): "
                                      + ", ".join(repr(s) for s in skipped[:6])))
    if not tags:
        problems.append(Problem(path, "holds no scalar: no metric with a number logged"))
    return tags, steps, values, walls, problems


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (no DataFrame)."""
    tags, steps, values, walls, problems = _parse(data, path)
    names: dict[str, int] = {}
    codes = np.array([names.setdefault(t, len(names)) for t in tags], dtype=np.int64)
    columns = ScalarColumns(list(names), codes, np.array(steps, dtype=np.int64), np.array(values, dtype=np.float64),
                            np.array(walls, dtype=np.float64))
    return columns, ReadResult(no_rows(), tuple(problems))


def read(data, path: str) -> ReadResult:
    """The points of a Sacred ``metrics.json`` (see the module docstring), metric by metric in logged order."""
    tags, steps, values, walls, problems = _parse(data, path)
    return ReadResult(scalar_frame(tags, steps, values, walls), tuple(problems))
