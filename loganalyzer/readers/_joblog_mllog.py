"""MLPerf's ``:::MLLOG {json}`` records in a job log (``joblog``).

The MLPerf reference and submission code logs through ``mlperf_logging.mllog``: every event is one line
``:::MLLOG {"namespace": "", "time_ms": ..., "event_type": "POINT_IN_TIME", "key": "eval_accuracy", "value": 0.72,
"metadata": {"file": ..., "lineno": ..., "epoch_num": 2697192}}``, printed by a torchrun/srun job whose ranks prefix
their lines (``0: ``, ``[1,0]<stdout>:``). Such a log holds no ``loss`` word on its eval lines, so the printed-shape
parsers gave no point (and discovery said "no loss, epoch or progress-bar line").

Read here: each record whose key is ``eval_accuracy`` or ends in ``loss`` (``train_loss``, ``eval_loss``), and the
loss-named entries of a ``tracked_stats`` dict, at the step the record's metadata names (``samples_count``,
``epoch_num``, ``step``, ``epoch_count``: whichever it carries, as the benchmark's logging says). Other keys (hyper-
parameters, ``run_start``/``run_stop``, ``throughput``) are no series. A step-less evaluation line printed right after
an ``eval_*`` record (BERT's ``{'global_steps': 196, 'eval_loss': 4.05, 'eval_mlm_accuracy': 0.379}``) is the same
evaluation: it takes the record's step, its step counter dropped; other step-less lines among the records are
left out with one note (``beside_records``).
"""
from __future__ import annotations

import json

from ._progress import Record, clean
from ._linestart import line_start

NEEDLE = b":::MLLOG"
_STEP_META = ("samples_count", "epoch_num", "step", "epoch_count")
_MAX_RECORDS = 500_000


def _values(key: str, value) -> list[tuple[str, float]]:
    """The series one record gives: (tag, value) pairs."""
    if isinstance(value, bool):
        return []
    if key == "eval_accuracy" or key.endswith("loss"):
        return [(key, float(value))] if isinstance(value, (int, float)) else []
    if key == "tracked_stats" and isinstance(value, dict):
        return [(k, float(v)) for k, v in value.items()
                if "loss" in k and isinstance(v, (int, float)) and not isinstance(v, bool)]
    return []


def _step(metadata) -> int | None:
    if not isinstance(metadata, dict):
        return None
    for name in _STEP_META:
        v = metadata.get(name)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return int(v)
    return None


def mllog_hits(data, size: int, notes: list) -> list[tuple[int, int, Record | None]]:
    """(segment start, segment end, record or None) of every ``:::MLLOG`` line in ``data`` (None: a record that
    gives no series, still an MLLOG line that no other shape may read); ``notes`` gets one line for records that
    could not be decoded."""
    out: list = []
    bad, pos = 0, 0
    while (p := data.find(NEEDLE, pos)) >= 0:
        start = line_start(data, p)
        end = data.find(b"\n", p)
        end = size if end < 0 else end
        pos = end + 1
        if len(out) >= _MAX_RECORDS:
            notes.append(f"more than {_MAX_RECORDS:,} :::MLLOG records: the rest not read")
            break
        text, rank, _ = clean(bytes(data[start:end]).rstrip(b"\r"))
        at = text.find(":::MLLOG")
        try:
            obj = json.loads(text[at + len(":::MLLOG"):])
        except ValueError:
            bad += 1
            out.append((start, end, None))
            continue
        if not isinstance(obj, dict):
            out.append((start, end, None))
            continue
        key = str(obj.get("key", ""))
        values = _values(key, obj.get("value"))
        step = _step(obj.get("metadata"))
        if not values or step is None:
            out.append((start, end, None))
            continue
        kind = "eval" if key.startswith(("eval", "val", "test")) else "train"
        out.append((start, end, Record("mllog", tuple(values), step=step, kind=kind, rank=rank, own_step=True)))
    if bad:
        notes.append(f"{bad:,} :::MLLOG line(s) hold no valid JSON record (cut or garbled): not read")
    return out


def with_mllog(data, size: int, hits: list, make_hit, notes: list) -> list:
    """``hits`` (the printed-shape hits, file order) with the MLLOG lines' hits in place of whatever the shapes
    made of those lines; ``make_hit(offset, record)`` builds a hit. ``hits`` itself when ``data`` has no record."""
    if data.find(NEEDLE) < 0:
        return hits
    found = mllog_hits(data, size, notes)
    spans = [(s, e) for s, e, _ in found]
    out, i = [], 0
    for h in hits:  # both in file order: drop hits inside an MLLOG line
        while i < len(spans) and spans[i][1] < h.offset:
            i += 1
        if i < len(spans) and spans[i][0] <= h.offset <= spans[i][1]:
            continue
        out.append(h)
    out += [make_hit(s, r) for s, _, r in found if r is not None]
    out.sort(key=lambda h: h.offset)
    return out


def beside_records(hits: list, notes: list) -> list:
    """``hits`` less what MLLOG records make stepless: an evaluation line printed right after an ``eval_*`` record
    of the same rank is that evaluation (it takes the record's step, its printed step counters -- ``global_steps``
    -- dropped); any other step-less line among the records (BERT's closing ``{'final_loss': 0.0, 'e2e_time': ..}``)
    has no step on the records' axis: left out, named in one line of ``notes``."""
    previous = None
    seen = False
    left: list = []
    out = []
    for h in hits:
        r = h.record
        if r.shape == "mllog":
            previous = r if r.kind == "eval" else None
            seen = True
            out.append(h)
            continue
        if seen and r.step is None:
            if previous is not None and r.kind == "eval" and r.rank == previous.rank:
                values = tuple((k, v) for k, v in r.values if not k.rstrip("s").endswith("step"))
                h.record = Record("mllog", values, step=previous.step, kind="eval", rank=r.rank, own_step=True)
            else:
                left += [k for k, _ in r.values if k not in left]
                previous = None
                continue
        previous = None
        out.append(h)
    if left:
        notes.append(f"printed value(s) with no step among MLPerf :::MLLOG records not read ({', '.join(left[:6])}"
                     f"{', ...' if len(left) > 6 else ''}): they have no place on the records' axis")
    return out


def nothing_read(data) -> str | None:
    """Why an MLPerf log gave no point (its records hold no eval_accuracy or loss), None for other logs."""
    if data.find(NEEDLE) < 0:
        return None
    return ("MLPerf :::MLLOG records, but none holds eval_accuracy or a loss at a step (samples_count/epoch_num in "
            "its metadata); no curve, only how the job ended")
