"""How a run ended, as its experiment tracker recorded it: MLflow's run status, W&B's exit code, Sacred's status.

A job log says how a cluster job ended (``ending``); a run logged only through a tracker has no job log, but the
tracker wrote down how the run finished. ``tracker_hparams`` reads what the run's files beside its metrics hold
(for ``load.load_run``'s hparams) and ``tracker_ending`` turns it into an ``ending.Ended``:

- MLflow (``RunStatus`` in ``mlflow/entities/run_status.py``; the SQL store keeps the name, the file store's
  ``meta.yaml`` the number RUNNING=1, SCHEDULED=2, FINISHED=3, FAILED=4, KILLED=5): FINISHED is ``completed``;
  FAILED ``python_exception`` (the fluent API ends a run FAILED when an exception leaves ``with
  mlflow.start_run()``); KILLED ``cancelled`` (``mlflow.end_run(status="KILLED")``, ``mlflow runs`` tooling);
  RUNNING/SCHEDULED ``unknown`` (still running, or killed before it could end the run). The file store's
  ``params/<key>`` files are the run's hyper-parameters.
- W&B (``RunExitRecord.exit_code`` of the ``.wandb`` file, read by ``readers/wandb_run``; set by
  ``wandb/sdk/lib/exit_hooks.py``: the code given to ``sys.exit``, 1 for an uncaught exception, 255 for Ctrl-C,
  or what ``wandb.finish(exit_code=...)`` was handed): 0 ``completed``; 255 (KeyboardInterrupt), 130 and 143
  (SIGINT/SIGTERM by shell convention) ``cancelled``; 139 ``segfault``; any other ``python_exception`` "exited
  with code N". No exit record: nothing said (the W&B process may not have written one yet).
- Sacred (``FileStorageObserver``'s ``run.json`` beside ``metrics.json``: ``status`` COMPLETED, FAILED (with
  ``fail_trace``, the traceback as a list of lines: its last line names the exception), INTERRUPTED (Ctrl-C),
  TIMEOUT, RUNNING, QUEUED; its ``config.json`` holds the config): COMPLETED ``completed``, FAILED
  ``python_exception``, INTERRUPTED ``cancelled``, TIMEOUT ``time_limit``, RUNNING ``unknown`` naming the last
  heartbeat.

A job log's ending, when the run has one, comes first (it quotes the lines); this is used only without one.
"""
from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

from .fs import filesystem_for
from .runs import Run

if TYPE_CHECKING:
    from .ending import Ended

MLFLOW_STATUS = {1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED"}  # RunStatus
_MLFLOW_CAUSE = {"FINISHED": "completed", "FAILED": "python_exception", "KILLED": "cancelled",
                 "RUNNING": "unknown", "SCHEDULED": "unknown"}
_SACRED_CAUSE = {"COMPLETED": "completed", "FAILED": "python_exception", "INTERRUPTED": "cancelled",
                 "TIMEOUT": "time_limit", "RUNNING": "unknown", "QUEUED": "unknown"}
_EXIT_CAUSE = {0: "completed", 255: "cancelled", 130: "cancelled", 143: "cancelled", 139: "segfault"}
_MAX_BYTES = 1 << 20


def _plain(value) -> bool:
    return isinstance(value, (int, float, str, bool))


def _flat(data: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        elif _plain(value):
            out[f"{prefix}{key}"] = value
    return out


def _number(text: str):
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and text.strip().lstrip("-").isdigit() else value


def tracker_hparams(run: Run) -> dict:
    """What a tracker wrote beside the run's metrics: MLflow's ``meta.yaml`` status and times and its
    ``params/`` (file store), Sacred's ``run.json`` status and ``config.json``. Empty for other formats or when
    nothing can be read (an unreadable side file never stops the run's curves from being read)."""
    try:
        if run.format == "mlflow":
            return _mlflow_files(run.path)
        if run.format.startswith("sacred"):
            return _sacred_files(run.path)
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return {}


def _mlflow_files(path: str) -> dict:
    import yaml

    fs = filesystem_for(path)
    out: dict = {}
    meta = yaml.safe_load(fs.read_head(fs.join(path, "meta.yaml"), _MAX_BYTES)) or {}
    if isinstance(meta, dict):
        status = meta.get("status")
        out["mlflow.status"] = MLFLOW_STATUS.get(status, status) if isinstance(status, int) else status
        for key in ("start_time", "end_time"):
            if isinstance(meta.get(key), (int, float)):
                out[f"mlflow.{key}"] = meta[key] / 1000.0
        if meta.get("run_name"):
            out["mlflow.run_name"] = meta["run_name"]
    params = fs.join(path, "params")
    if fs.may_exist(params):
        try:
            entries = fs.list_dir(params)
        except OSError:
            entries = []
        for entry in entries:
            if entry.is_file and not entry.name.startswith("."):
                text = fs.read_head(fs.join(params, entry.name), 8000).decode("utf-8", "replace").strip()
                out[entry.name] = _number(text)
    return out


def _sacred_files(path: str) -> dict:
    fs = filesystem_for(path)
    out: dict = {}
    config = fs.join(path, "config.json")
    if fs.may_exist(config):
        data = json.loads(fs.read_head(config, _MAX_BYTES))
        if isinstance(data, dict):
            out.update(_flat(data))
    info = json.loads(fs.read_head(fs.join(path, "run.json"), _MAX_BYTES))
    if isinstance(info, dict):
        for key in ("status", "heartbeat", "stop_time", "start_time"):
            if isinstance(info.get(key), str):
                out[f"sacred.{key}"] = info[key]
        trace = info.get("fail_trace")
        if isinstance(trace, list) and trace and isinstance(trace[-1], str):
            out["sacred.exception"] = trace[-1].strip().splitlines()[-1] if trace[-1].strip() else ""
    return out


def last_step(steps) -> int | None:
    """The largest step in a run's combined ``steps`` column (None when empty)."""
    return int(steps.max()) if len(steps) else None


def tracker_ending(hparams: dict, last_step: int | None) -> Ended | None:
    """The run's ``Ended`` from a tracker's record in ``hparams`` (see the module docstring), None without one.
    ``last_step``: the last step logged, where the run got to."""
    from ._ending_text import advice_for, summary_for

    status = hparams.get("mlflow.status")
    sacred = hparams.get("sacred.status")
    code = hparams.get("wandb.exit_code")
    if isinstance(status, str) and status in _MLFLOW_CAUSE:
        cause, source, exception = _MLFLOW_CAUSE[status], f"MLflow's run status {status}", None
    elif isinstance(sacred, str) and sacred in _SACRED_CAUSE:
        cause, source = _SACRED_CAUSE[sacred], f"Sacred's run status {sacred}"
        exception = hparams.get("sacred.exception") or None
    elif isinstance(code, int) and not isinstance(code, bool):
        cause, source, exception = _EXIT_CAUSE.get(code, "python_exception"), f"W&B's exit code {code}", None
    else:
        return None
    detail = {"source": source}
    from .ending import Ended  # here: a run without a tracker's record imports no job-ending reader

    ended = Ended(cause, "", last_step, None, exception=exception, detail=detail)
    summary = summary_for(ended)
    if cause == "unknown":
        heartbeat = hparams.get("sacred.heartbeat")
        summary = (f"is still marked running by the tracker: running, or killed before it could say how it ended "
                   f"(the last step logged {last_step:,})" if last_step is not None else
                   "is still marked running by the tracker") + (f"; last heartbeat {heartbeat}" if heartbeat else "")
        advice = ("The tracker still marks the run as running: if no process is, it was killed before it could end "
                  "the run (SIGKILL, the OOM killer, a lost node or a time limit): ask the scheduler (sacct -j "
                  "JOBID -o State,ExitCode) and resume from the last checkpoint.",)
    elif cause == "python_exception":
        if code is not None and status is None and sacred is None:
            summary = f"exited with code {code}" + (f" at step {last_step:,}" if last_step is not None else "")
        advice = ((f"The run ended in an error ({exception})" if exception else "The run ended in an error") +
                  " as its tracker recorded it: the job's stderr (or the tracker's captured output) holds the "
                  "traceback; fix it and resume from the last checkpoint.",)
    else:
        advice = advice_for(ended)
    return replace(ended, summary=f"{summary} ({source})", advice=advice)
