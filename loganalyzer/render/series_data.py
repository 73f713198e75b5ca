"""The curves of one run as the interactive charts want them (the dashboard's ``/series`` route and the HTML
report's explore panel): every scalar series of the run, re-read from its path with ``discover`` + ``load_run``
(the resume-resolved view the verdict judged), each downsampled by ``downsample`` with the verdict's evidence
steps, NaN edges, spikes and best point kept, with wall times when the format has them, and the run's hparams.

JSON-safe: non-finite values are the strings ``"NaN"``, ``"Infinity"``, ``"-Infinity"`` (JavaScript's
``Number()`` reads them back), missing wall times ``null``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from .downsample import downsample

ROLE_ORDER = ("train_loss", "val_loss", "lr")


class SeriesError(Exception):
    """The run cannot be re-read: ``status`` (404: gone, 409: changed) and one line."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _number(value: float, digits: int) -> float | str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float(f"{value:.{digits}g}")


def encode_values(values: Iterable[float], digits: int = 6) -> list:
    """Values as JSON-safe numbers (``digits`` significant digits), non-finite ones as strings."""
    return [_number(float(v), digits) for v in values]


def encode_walls(walls: np.ndarray, digits: int = 2) -> tuple[float | None, list | None]:
    """(first wall time, offsets from it in seconds rounded to ``digits`` decimals) or (None, None) when there are
    none."""
    walls = np.asarray(walls, dtype=np.float64)
    finite = np.isfinite(walls)
    if not finite.any():
        return None, None
    start = float(walls[finite].min())
    cast = int if digits <= 0 else float
    return round(start, 3), [cast(round(float(w - start), digits)) if ok else None for w, ok in zip(walls, finite)]


def _plain(value):
    """An hparam value as JSON: numbers, strings and bools as they are, anything else as text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        value = float(value) if isinstance(value, (float, np.floating)) else int(value)
        return value if not isinstance(value, float) or math.isfinite(value) else str(value)
    return str(value)


def pick_run(runs, path: str, run_id: str):
    """The run of a rediscovery of ``path`` that is ``run_id`` (the path's own run; for a file of several
    appended runs, the one with the same ``#N``), or None."""
    same = [r for r in runs if r.path == path] or list(runs)
    if len(same) <= 1:
        return same[0] if same else None
    suffix = run_id.rpartition("#")[2] if "#" in run_id else None
    for r in same:
        if suffix is not None and r.id.endswith("#" + suffix):
            return r
    return same[0]


def series_of(loaded, roles: Mapping[str, str] | None = None, force_steps: Iterable[int] = (),
              max_points: int = 600, other_points: int | None = None, max_series: int | None = None,
              digits: int = 6, wall_digits: int = 2) -> list[dict]:
    """The series of a loaded run (``LoadedRun``) as JSON-ready dicts: ``name``, ``role`` ('' when none),
    ``x`` ('step'/'epoch'), ``steps``, ``values``, ``wall0`` + ``wall`` (offsets, seconds) and ``points`` (the
    full count). Role series first (train, val, lr), then by name; series with no role get ``other_points``
    points (default ``max_points``) and at most ``max_series`` of them are kept; ``digits``: significant digits of
    the values, ``wall_digits``: decimals of the wall-time offsets."""
    roles = dict(roles or {})
    by_name = {name: role for role, name in roles.items()}
    force = [int(s) for s in force_steps if s is not None]
    table = loaded.scalars
    out = []
    if len(table) == 0:
        return out
    from ..history_axis import frame_lengths, per_epoch_history

    x = "epoch" if loaded.run.format == "keras_csv" or per_epoch_history(loaded.run.format, frame_lengths(table)) \
        else "step"
    for (dir_, tag), group in table.groupby(["dir", "tag"], observed=True, sort=True):
        name = f"{dir_}/{tag}" if dir_ else str(tag)
        role = by_name.get(name, "")
        steps = group["step"].to_numpy(dtype=np.int64)
        values = group["value"].to_numpy(dtype=np.float64)
        walls = group["wall_time"].to_numpy(dtype=np.float64)
        budget = max_points if role or other_points is None else other_points
        idx = downsample(steps, values, budget, force_steps=force)
        wall0, wall = encode_walls(walls[idx], wall_digits)
        out.append({"name": name, "role": role, "x": x,
                    "steps": steps[idx].tolist(), "values": encode_values(values[idx], digits), "wall0": wall0,
                    "wall": wall, "points": int(len(values))})
    order = {role: i for i, role in enumerate(ROLE_ORDER)}
    out.sort(key=lambda s: (order.get(s["role"], len(order) if s["role"] else len(order) + 1), s["name"]))
    if max_series is not None:
        roled = [s for s in out if s["role"]]
        out = roled + [s for s in out if not s["role"]][:max_series]
    return out


def run_series(path: str, run_id: str, roles: Mapping[str, str] | None = None, force_steps: Iterable[int] = (),
               max_points: int = 600, **limits) -> dict:
    """Re-read the run ``run_id`` at ``path`` and return ``{"run", "series", "hparams"}`` (``series_of``).
    Raises SeriesError (404) when the path is gone or holds no such run."""
    from ..discover import discover
    from ..load import load_run

    try:
        runs = discover(path)
    except FileNotFoundError:
        raise SeriesError(404, f"run {run_id!r} is gone from disk since the last scan") from None
    found = pick_run(runs, path, run_id)
    if found is None:
        raise SeriesError(404, f"run {run_id!r} is no longer found at its path")
    loaded = load_run(found)
    return {"run": run_id, "series": series_of(loaded, roles, force_steps, max_points, **limits),
            "hparams": {str(k): _plain(v) for k, v in sorted(loaded.hparams.items())}}
