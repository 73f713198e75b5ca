"""LLaMA-Factory's ``trainer_log.jsonl`` beside the same training's HF ``trainer_state.json`` (for ``load_sources``).

LLaMA-Factory's ``LogCallback.on_log`` writes each log of the HF Trainer it runs into ``OUTPUT_DIR/trainer_log.jsonl``
(``{"current_steps": 5, "loss": 2.3475, "lr": 1.83e-06, "epoch": 0.0023, ...}``), the Trainer itself the same logs
into ``trainer_state.json``'s ``log_history`` (``{"step": 5, "loss": 2.3475, "learning_rate": 1.83e-06,
"grad_norm": 6.88, "epoch": 0.0023}``): ``discover`` makes the directory one run with both files. The
trainer_state is the richer source (grad norms, eval metrics by their HF names, the final summary), so each series
it holds is read from it; the log gives only its series the state lacks and the points past the state's last step
of a series (a state saved at a checkpoint before the job went on), its ``lr`` named ``learning_rate`` as the
state's. One line says so.
"""
from __future__ import annotations

import numpy as np

from .runs import Problem

LOG_NAME = "trainer_log.jsonl"
_RENAMED = {"lr": "learning_rate"}  # LogCallback's name -> the Trainer's


def _is_log(file) -> bool:
    return file.format == "json_history" and file.path.replace("\\", "/").rsplit("/", 1)[-1] == LOG_NAME


def log_copies(read: list, notes: list | None) -> list:
    """``read`` ((file, ScalarColumns) of one run) with each ``trainer_log.jsonl`` cut to what the trainer_state
    files of its dir lack (module docstring)."""
    if not any(_is_log(f) for f, _ in read) or not any(f.format == "hf_trainer_state" for f, _ in read):
        return read
    out = []
    for file, columns in read:
        if not _is_log(file) or not len(columns):
            out.append((file, columns))
            continue
        last: dict[str, int] = {}  # series -> the trainer_state's last step of it
        for f, c in read:
            if f.format == "hf_trainer_state" and f.dir == file.dir and len(c):
                for code in np.unique(c.tag_codes):
                    top = int(c.steps[c.tag_codes == code].max())
                    last[str(c.tags[code])] = max(top, last.get(str(c.tags[code]), top))
        if not last:
            out.append((file, columns))
            continue
        tags = [_RENAMED.get(str(t), str(t)) for t in columns.tags]
        ends = np.array([last.get(t, np.iinfo(np.int64).min) for t in tags], dtype=np.int64)
        rows = columns.steps > ends[columns.tag_codes]
        kept = columns.take(rows)
        kept = type(kept)(tags, kept.tag_codes, kept.steps, kept.values, kept.wall_times)
        out.append((file, kept))
        if notes is not None and not rows.all():
            added = f"this file gives only the {int(rows.sum())} point(s) it lacks" if rows.any() else \
                "this file adds nothing"
            text = (f"LLaMA-Factory's copy of the HF logs that trainer_state.json of this directory holds: each series "
                    f"is read once, from trainer_state.json; {added}")
            notes.append(Problem(file.path, text))
    return out
