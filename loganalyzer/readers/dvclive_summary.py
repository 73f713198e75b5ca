"""DVCLive's summary of a run: ``<dir>/metrics.json`` (DVCLive 2/3) or ``<dir>.json`` beside the dir (0.x/1.x), the
last value of every metric, nested by the metric's path (``{"train": {"loss": 0.88}, "eval": {"loss": 0.24},
"step": 2}``). No point: its numbers are the run's hparams ``summary/<path>`` (``summary/train/loss``), as
``json_summary`` keeps a flat one (``discover_dvclive`` adds it to the DVCLive dir's run)."""
from __future__ import annotations

import json

from ..runs import Problem
from . import ReadResult, UnreadableFile
from ._text import no_rows


def _flat(obj, prefix: str, out: dict) -> None:
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            _flat(value, name + "/", out)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[f"summary/{name}"] = float(value)


def read(data, path: str) -> ReadResult:
    """No point; the summary's numbers as hparams ``summary/<metric path>``."""
    try:
        obj = json.loads(bytes(data).lstrip(b"\xef\xbb\xbf").decode("utf-8"))
    except (ValueError, RecursionError) as e:
        raise UnreadableFile(Problem(path, f"DVCLive summary that is not valid JSON: {e}")) from None
    if not isinstance(obj, dict):
        raise UnreadableFile(Problem(path, "DVCLive summary that is not a JSON object of metrics"))
    out: dict = {}
    _flat(obj, "", out)
    return ReadResult(no_rows(), (), hparams=out)
