"""How many trainings a candidate JSON history holds (for ``discover_sniff._sniff_fresh``): ``_json_model_count`` --
several models' Keras histories in one file (``readers/_json_models``: their names), trainings appended one after
another (JSON lines or a dict of lists restarting: ``json_history.trainings``, ``_json_models.appended_labels``), else
1; an unreadable file is a one-line ``Problem`` and 1. Moved from ``discover_sniff`` (which re-exports it) to keep
that module under the project's ~400-line rule; no change of behaviour."""
from __future__ import annotations

from .runs import Problem, os_reason


def _json_model_count(fs, path: str, head: bytes, problems: list):
    """Several models' Keras histories in one JSON (``readers/_json_models``): their names, else 1."""
    from .readers import _json_models, _json_restarting

    several = _json_models.HINT.search(head) is not None or _json_models.named_head(path, head) \
        or _json_models.KEYED_HEAD.match(head) is not None  # {"0.0": [{"epoch": 1, "loss": ..}, ..], "1e-07": ..}
    if not several and _json_models.LISTS_HEAD.search(head) is None:
        first = head.lstrip()[:1]
        if first not in (b"{", b"[") or (first == b"{" and b"\n" not in head.strip()):
            return 1  # (a list of per-epoch records may hold trainings appended too: ``_json_resumed.restarts``)
        from .readers import json_history
        try:  # JSON lines (or a list) holding trainings appended one after another (detectron2's metrics.json): '#1'..
            with fs.open_bytes(path) as data:
                return json_history.trainings(data)
        except OSError as e:
            problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
            return 1
    try:  # a dict of lists: histories appended one after another? ('#1', '#2'...)
        with fs.open_bytes(path) as data:
            found = _json_models.labels(data, path) if several else _json_models.appended_labels(data)
            if found == 1 and _json_restarting.may_restart(head):  # {"epochs": [1..10, 1..21], ..}
                from .readers import json_history

                return json_history.trainings(data)
            return found
    except OSError as e:
        problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
        return 1
