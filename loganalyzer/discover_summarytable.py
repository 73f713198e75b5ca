"""A CSV of one row per configuration or fold -- a sweep's or a cross-validation's summary -- is no training run.

A sweep script ends with ``pd.DataFrame(summary).to_csv("results.csv")`` (``lr,bs,best_val_loss,final_train_loss``,
a row per configuration beside the configurations' own run folders), a k-fold script with ``cv_summary.csv``
(``fold,val_loss,val_accuracy``, a row per fold beside ``fold_k/log.csv``): a newcomer breaker's layouts. Read as a
history, the rows became steps and the table a run with a verdict (`stalled` over three configurations' final
losses). Such a table is told by its header (``summary``): no step, epoch or iteration column, and either every
loss-like column named as a summary (``best_``, ``final_``, ``min_``, ``last_``, ``mean_`` ...) or a ``fold`` /
``config`` / ``trial`` column keying the rows while the file's name says summary, results, sweep or cv. Discovery
then names it in one line and makes no run of it; HF's ``all_results.json`` is treated the same way
(``json_summary``).
"""
from __future__ import annotations

import re

_STEP_WORDS = frozenset({"epoch", "epochs", "step", "steps", "global_step", "iter", "iteration", "iterations",
                         "batch", "round", "update", "updates", "trainer/global_step", "_step"})
_SUMMARY_PREFIX = re.compile(r"(?i)^(?:best|final|min|max|last|mean|avg|average|lowest|highest)[_ ./-]")
_ROW_KEYS = frozenset({"fold", "kfold", "cv_fold", "config", "trial", "trial_id", "run", "run_id", "seed", "model"})
_SUMMARY_NAME = re.compile(r"(?i)(?:summary|results?|sweep|cv|leaderboard|grid)[^/]*\.csv$")
MAX_ROWS = 500  # a summary lists configurations or folds, not thousands of steps


# the line boundaries of ``str.splitlines`` ("\r\n" one of them)
_LINE_END = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _header(head: bytes) -> list[str] | None:
    """The first non-blank line's cells, when a second non-blank line follows (None otherwise): the lines found
    one at a time, as ``text.splitlines()`` cuts them, up to the second (not all ~150 of a CSV's 8 KB head)."""
    text = bytes(head).lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    first, start = None, 0
    for end in _LINE_END.finditer(text):
        line, start = text[start:end.start()], end.end()
        if line.strip():
            if first is not None:
                break
            first = line
    else:
        if first is None or not text[start:].strip():
            return None
    return [c.strip().strip('"').lower() for c in first.split(",")]


def summary_table(name: str, head: bytes, rows: int | None = None) -> str | None:
    """Why a plain CSV (``name``, its first bytes ``head``) is a summary of runs and no run (module docstring), or
    None. ``rows``: its data rows when known (a table of more than ``MAX_ROWS`` is a history)."""
    names = _header(head)
    if not names or rows is not None and rows > MAX_ROWS:
        return None
    names = [n for n in names if n and n != "unnamed: 0"]
    if any(n in _STEP_WORDS or n.endswith(("_epoch", "_step")) for n in names):
        return None
    losses = [n for n in names if "loss" in n]
    if losses and all(_SUMMARY_PREFIX.match(n) for n in losses):
        return (f"a summary of runs (its loss columns {', '.join(losses[:4])} are each run's best or final value, "
                "a row per configuration; no step column): no run, no verdict")
    keys = [n for n in names if n in _ROW_KEYS]
    if keys and _SUMMARY_NAME.search(name):
        return (f"a summary of runs (a row per {keys[0]}, no step column): no run, no verdict; the runs are read "
                "from their own logs")
    return None
