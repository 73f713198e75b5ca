"""An evaluation logged again at the same step with the same results (``json_history``, ``hf_trainer_state``).

transformers' ``Trainer.evaluate()`` appends ``{"eval_loss": .., "eval_<metric>": .., "eval_runtime": ..,
"eval_samples_per_second": .., "eval_steps_per_second": .., "epoch": .., "step": ..}`` to ``state.log_history``
each time it is called; a script calling it after ``train()`` (which evaluated at its last step already), or several
times (once per metric report), logs the same evaluation of the same weights at the same step two or three times,
only its timings differing (public bertmc ``log_history.json``: the final evaluation at step 3750 three times). Kept
all, the validation series held three points at one step. Here an entry whose every value but the timings equals an
earlier entry's at the same step is that evaluation again: left out, with a note. Entries whose metrics differ (two
evaluation sets at one step, a different checkpoint loaded) are all kept.
"""
from __future__ import annotations

import os
from collections import Counter

try:
    from . import _hfhistory  # the C ``eval_twins`` (setup.py builds it when a compiler is there)
except ImportError:  # pragma: no cover - the Python twin, ``_same_step_py``: the same answer
    _hfhistory = None

_TIMINGS = ("_runtime", "_samples_per_second", "_steps_per_second", "_timestamp")


def _key(entry: dict):
    """What makes an evaluation entry the same evaluation: its step and every non-timing value; None for an entry
    that is no evaluation (no ``eval_``/``test_`` metric) or has no step."""
    step = entry.get("step")
    if step is None or not _is_eval(entry):
        return None
    try:
        return tuple(sorted((str(k), repr(v)) for k, v in entry.items() if not str(k).endswith(_TIMINGS)))
    except TypeError:
        return None


def _same_step(entries: list) -> set | None:
    """``_same_step_py`` by the C extension's ``eval_twins`` when built (~65 -> ~10 us a 400-entry history, the 10k
    bench tree's HF files; ``LOGANALYZER_PURE_PYTHON=1``: the twin, which also decides what the C one leaves it)."""
    if _hfhistory is not None and type(entries) is list and os.environ.get("LOGANALYZER_PURE_PYTHON") != "1":
        got = _hfhistory.eval_twins(entries)
        if got is not NotImplemented:
            return got
    return _same_step_py(entries)


def _same_step_py(entries: list) -> set | None:
    """Indices of the evaluation entries that share their step with another evaluation entry (only those can repeat
    an evaluation: the key holds the step); None when a step is unhashable (then every entry is checked)."""
    try:
        try:  # (a list of dicts, as json gives: no isinstance a entry)
            steps = [entry.get("step") for entry in entries]
        except AttributeError:
            steps = [entry.get("step") if isinstance(entry, dict) else None for entry in entries]
        twice = {step for step, n in Counter(steps).items() if n > 1 and step is not None}
    except TypeError:
        return None
    by_step: dict = {}
    if twice:
        for i, step in enumerate(steps):
            if step in twice:
                by_step.setdefault(step, []).append(i)
    shared = set()
    for group in by_step.values():
        if len(group) > 1:
            evals = [i for i in group if _is_eval(entries[i])]
            if len(evals) > 1:
                shared.update(evals)
    return shared


def _is_eval(entry: dict) -> bool:
    """Whether ``entry`` holds an ``eval_``/``test_`` metric (JSON keys are strings: one join, not a loop)."""
    try:
        keys = "\0" + "\0".join(entry)
    except TypeError:
        return any(str(k).startswith(("eval_", "test_")) for k in entry)
    return "\0eval_" in keys or "\0test_" in keys


def drop(entries: list) -> tuple[list, str | None]:
    """(``entries`` less the evaluations logged again, a note naming them or None when none was).

    Only entries sharing a step with another are keyed (the key holds the step): a ~200-entry history whose steps
    are all distinct costs one pass of ``dict.get``, not a sorted key per entry."""
    shared = _same_step(entries)
    if shared is not None and not shared:
        return entries, None
    seen: set = set()
    kept, again = [], []
    for i, entry in enumerate(entries):
        key = _key(entry) if isinstance(entry, dict) and (shared is None or i in shared) else None
        if key is not None and key in seen:
            again.append(entry.get("step"))
            continue
        if key is not None:
            seen.add(key)
        kept.append(entry)
    if not again:
        return entries, None
    steps = sorted(set(again))
    shown = ", ".join(f"{s:,}" if isinstance(s, int) else str(s) for s in steps[:5])
    return kept, (f"{len(again)} evaluation(s) logged again with the same results at step(s) {shown} (evaluate() "
                  "called again on the same weights): each kept once")
