"""A JSON list of per-epoch records resumed into the same list: the later session's rows (``json_history``).

A script that keeps its history as a list, loads it back when it resumes from a checkpoint and dumps it again after
each epoch (``log = json.load(f); log.append({"epoch": epoch, "avg_loss": ..., "time_sec": ...});
json.dump(log, f)``) re-logs the epoch it resumed at (public Alexndrs/diffusion-image-Generator ``train_log.json``::

    {"epoch": 3, "avg_loss": 0.0665997610712538, "time_sec": 209.85319471359253},
    {"epoch": 3, "avg_loss": 0.06698546459784313, "time_sec": 320.02476167678833},
    {"epoch": 4, ...

three times in 100 records). Read as one session, the series held two different values at epochs 3, 19 and 72 and
nothing said so. Here a record whose step is not above the record before it, with the very keys of that record,
starts a later session (``ReadResult.sessions``), so the resolved view's ``later_session_replaces`` keeps its points
at the re-logged steps, with its usual line; the raw view keeps every point. Only when certain: every record has its
own step key (``epoch``/``step``/...), each session's steps strictly increase, a session resumes after the first
record's step (back to the start would be another training, left as before), and sessions are few (at most one
per four records: a per-batch list repeats its epoch on every row and is no resume). A record going back is a
resume only when its text fields say the same as the record before it (``{"epoch": 5, "phase": "val", "loss":
0.36}`` after ``{"epoch": 5, "phase": "train", "loss": 0.2}`` is that epoch's validation, same keys) and at least
one more record goes on after it (``history.append({"epoch": 10, "loss": test_loss, ...})`` as the last record is a
test-set summary, not a session); else the rule is not taken.
"""
from __future__ import annotations


def sessions(rows: list, starts: list[int], steps: list[int | None], stepped: bool) -> list[int]:
    """The table indices where later sessions start; ``rows`` the records, ``starts`` the table index of each
    record's first point, ``steps`` each record's step (None when it gave no point); [] when not certain."""
    if not stepped or len(rows) < 4:
        return []
    out: list[int] = []
    first = last = None
    for i, (row, step) in enumerate(zip(rows, steps)):
        if step is None:
            continue
        if first is None:
            first = last = (i, step)
            continue
        prev_i, prev_step = last
        if step <= prev_step:
            if step <= first[1] or set(row) != set(rows[prev_i]) or _labels_differ(rows, row, rows[prev_i]):
                return []
            if not _goes_on(steps, i):
                return []  # a single record back (a test summary, an evaluation): no session of its own
            out.append(starts[i])
        last = (i, step)
    if not out or len(out) * 4 > len(rows):
        return []
    return out


def _labels_differ(rows: list, row: dict, prev: dict) -> bool:
    """A text field (``phase``/``split``/``mode``: few distinct values in the list) differing between the records."""
    for key, value in row.items():
        other = prev.get(key)
        if isinstance(value, str) and isinstance(other, str) and value != other:
            seen = {r.get(key) for r in rows if isinstance(r.get(key), str)}
            if len(seen) <= 4:
                return True
    return False


def _goes_on(steps: list, i: int) -> bool:
    """The record after ``i`` (the next one giving a point) goes on past its step."""
    for later in steps[i + 1:]:
        if later is not None:
            return later > steps[i]
    return False


def restarts(starts: list[int], steps: list[int | None], stepped: bool) -> list[int]:
    """The table indices of the records whose step went back to (or below) the first record's after rising above
    it: trainings appended to one list (public gans81 ``training_log.json``: epochs 0-7, then 0-14, then 0-49, read
    as one series holding two or three values at 23 epochs). Whether each is a training of its own or a counter reset
    of one is ``_json_trainings.cut``'s call (the loss started afresh or not), as for a JSON-lines file."""
    if not stepped:
        return []
    out: list[int] = []
    first = peak = None
    for start, step in zip(starts, steps):
        if step is None:
            continue
        if first is None:
            first = peak = step
        elif step <= first < peak:
            out.append(start)
            peak = step
        else:
            peak = max(peak, step)
    return out


def rows(table, records: list[dict]) -> bool:
    """Each record into ``table`` (``json_history._Table.row``) and the later sessions of a resumed list marked;
    True when those are restarts from the first step (``restarts``: trainings to cut, not resumes)."""
    starts, steps = [], []
    for i, row in enumerate(records):
        starts.append(len(table.tags))
        table.row(i, row)
        steps.append(table.steps[starts[-1]] if len(table.tags) > starts[-1] else None)
    table.sessions = sessions(records, starts, steps, table.stepped)
    if table.sessions:
        return False
    table.sessions = restarts(starts, steps, table.stepped)
    return bool(table.sessions)
