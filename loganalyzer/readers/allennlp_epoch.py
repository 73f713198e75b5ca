"""AllenNLP's per-epoch metrics files: ``<serialization_dir>/metrics_epoch_<N>.json``, one epoch each.

``GradientDescentTrainer`` (allennlp/training/gradient_descent_trainer.py, ``_try_train``) dumps after every epoch
``common_util.dump_metrics(os.path.join(self._serialization_dir, f"metrics_epoch_{epoch}.json"), metrics)``: one flat
dict, ``{"best_epoch": 1, "peak_worker_0_memory_MB": .., "training_duration": "0:00:03", "epoch": 3,
"training_loss": .., "training_accuracy": .., "validation_loss": .., "best_validation_loss": .., ...}``, and at the
end ``metrics.json`` (the last epoch's, plus test metrics). Each file alone is a one-row summary: discovery listed
none of them and no line said so (a breaker's ``allennlp_serdir``, stop 45). ``discover_allennlp`` makes the files
of one directory ONE run, each file a source at its epoch; this reader reads one file as the points of that epoch:
step = its ``epoch`` key (else the ``N`` of its name), each number a series. AllenNLP's bookkeeping is no series:
``epoch``, ``best_epoch``, ``training_start_epoch``, ``training_epochs``, ``training_duration`` and the running best
``best_validation_*`` (a copy of the best epoch's ``validation_*``). Other keys holding no number are named in one line.
"""
from __future__ import annotations

import json
import re

import numpy as np

from ..runs import Problem
from . import NO_ROWS, ReadResult, ScalarColumns, UnreadableFile

FORMAT = "allennlp_epoch"
NAME = re.compile(r"metrics_epoch_(\d+)\.json")
_BOOKKEEPING = frozenset({"epoch", "best_epoch", "training_start_epoch", "training_epochs", "training_duration"})


def epoch_of(name: str) -> int | None:
    """The ``N`` of a file named ``metrics_epoch_<N>.json``, None for any other name."""
    m = NAME.fullmatch(name)
    return int(m.group(1)) if m else None


def sniff(name: str, head: bytes) -> bool:
    """Whether a JSON file is one of these: its name, and a dict first."""
    return epoch_of(name) is not None and bytes(head).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """The epoch's numbers as points at its step (module docstring); a file that is no JSON dict is unreadable."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        obj = json.loads(bytes(data).lstrip(b"\xef\xbb\xbf").decode("utf-8"))
    except (ValueError, RecursionError) as e:
        raise UnreadableFile(Problem(path, f"not a JSON dict as AllenNLP writes metrics_epoch_N.json: {e}")) from None
    if not isinstance(obj, dict):
        raise UnreadableFile(Problem(path, "not a JSON dict as AllenNLP writes metrics_epoch_N.json: "
                                           f"a {type(obj).__name__}"))
    epoch = obj.get("epoch")
    step = epoch if isinstance(epoch, int) and not isinstance(epoch, bool) else epoch_of(name)
    tags, values, other = [], [], []
    for key, value in obj.items():
        if key in _BOOKKEEPING or key.startswith("best_validation_"):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            tags.append(str(key))
            values.append(float(value))
        else:
            other.append(f"{key!r} ({type(value).__name__})")
    problems = (Problem(path, f"{len(other)} key(s) hold no number and are no series: {', '.join(other[:5])}"),) \
        if other else ()
    n = len(tags)
    columns = ScalarColumns(tags, np.arange(n, dtype=np.int64), np.full(n, step or 0, dtype=np.int64),
                            np.asarray(values, dtype=np.float64), np.full(n, np.nan))
    return columns, ReadResult(NO_ROWS, problems)


def read(data, path: str) -> ReadResult:
    """``read_columns`` as a ``ReadResult`` whose ``scalars`` is the table."""
    from . import scalar_frame

    columns, result = read_columns(data, path)
    frame = scalar_frame([columns.tags[i] for i in columns.tag_codes], columns.steps, columns.values,
                         columns.wall_times)
    return ReadResult(frame, result.problems)
