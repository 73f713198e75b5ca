"""An HF ``trainer_state.json`` beside the event file of the same training (for ``load_sources.keep_once``).

The HF Trainer keeps every log in ``trainer_state.json``'s ``log_history`` (``{"loss": 1.3273, "grad_norm": 1.48,
"learning_rate": 0.0005, "epoch": 0.09, "step": 10}``, ``{"eval_bleu-4": 0.33, ..., "step": 500}``) and, with
``report_to="tensorboard"`` (the default while tensorboard is installed), its ``TensorBoardCallback`` writes the same
logs into ``OUTPUT_DIR/runs/<date>_<host>/events.out.tfevents.*`` at ``state.global_step`` under the names of
``transformers.integrations.rewrite_logs``: ``eval_x`` -> ``eval/x``, ``test_x`` -> ``test/x``, any other key ``k`` ->
``train/k``. ``discover`` makes the output dir one run with both (public AI-chatbot ``output/``: 6 checkpoints' states
and one event file, ``loss`` 300 points and ``train/loss`` 300 points, ``eval_bleu-4`` and ``eval/bleu-4``...), so
every series came twice under two names. Here each such pair is read once: from the side holding more points of the
paired series (the event file of a job that went on past its last saved checkpoint; the trainer_state when the event
file was lost or cut), the trainer_state on a tie (full-precision values, the Trainer's own names). One note says
which copy was left out: a ``runs.Note``, no warning (ux67 F6: it was a warning on every clean HF run), kept in the
run's notes (JSON ``notes``, the HTML report's "why these series"). Only when the two are one training: every paired series that shares steps holds the same
values there (float32, as the event file stores them) at 9 of 10 steps or more, and 2 shared points at least.
"""
from __future__ import annotations

import numpy as np

from .runs import Note


def event_name(key: str) -> str:
    """The event tag HF's ``rewrite_logs`` gives a ``log_history`` key."""
    if key.startswith("eval_"):
        return "eval/" + key[5:]
    if key.startswith("test_"):
        return "test/" + key[5:]
    return "train/" + key


def _points(items: list) -> dict[str, dict[int, float]]:
    """tag -> {step: value} over the (file, ScalarColumns) ``items`` (a later file's point wins)."""
    out: dict[str, dict[int, float]] = {}
    for _, columns in items:
        for code in np.unique(columns.tag_codes):
            rows = columns.tag_codes == code
            series = out.setdefault(str(columns.tags[code]), {})
            series.update(zip(columns.steps[rows].tolist(), columns.values[rows].tolist()))
    return out


def _same_training(state: dict, events: dict, pairs: dict[str, str]) -> bool:
    shared = agree = 0
    for key, tag in pairs.items():
        a, b = state[key], events[tag]
        steps = a.keys() & b.keys()
        if not steps:
            continue
        x = np.array([a[s] for s in steps], dtype=np.float32)
        y = np.array([b[s] for s in steps], dtype=np.float32)
        shared += len(steps)
        agree += int(np.sum(np.isclose(x, y, rtol=1e-6, atol=0, equal_nan=True)))
    return shared >= 2 and agree * 10 >= shared * 9


def hf_event_copies(read: list, notes: list | None) -> list:
    """``read`` ((file, ScalarColumns) of one run) with each series the trainer_state files and the event files
    both hold (under HF's two names) kept from one side only (module docstring)."""
    states = [(f, c) for f, c in read if f.format == "hf_trainer_state" and len(c)]
    events = [(f, c) for f, c in read if f.format == "tensorboard" and len(c)]
    if not states or not events:
        return read
    state, event = _points(states), _points(events)
    pairs = {key: event_name(key) for key in state if event_name(key) in event}
    if not pairs or not _same_training(state, event, pairs):
        return read
    from_events = sum(len(event[t]) for t in pairs.values()) > sum(len(state[k]) for k in pairs)
    drop_format, drop = ("hf_trainer_state", set(pairs)) if from_events else ("tensorboard", set(pairs.values()))
    out = []
    for file, columns in read:
        if file.format != drop_format or not len(columns):
            out.append((file, columns))
            continue
        keep = np.array([str(t) not in drop for t in columns.tags], dtype=bool)
        rows = keep[columns.tag_codes]
        out.append((file, columns.take(rows)))
        if notes is not None and not rows.all():
            kept = "the event file's (more points)" if from_events else "trainer_state.json's log_history"
            left = sorted({str(columns.tags[c]) for c in np.unique(columns.tag_codes[~rows])})
            names = ", ".join(left[:4]) + (f" and {len(left) - 4} more" if len(left) > 4 else "")
            notes.append(Note(file.path, f"{len(left)} series ({names}) are the HF Trainer's copy of the same logs "
                                            f"under TensorBoardCallback's other names (loss = train/loss, eval_x = "
                                            f"eval/x): each is read once, from {kept}; this file's copy is left out"))
    return out
