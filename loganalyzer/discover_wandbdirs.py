"""W&B run dirs that are sessions of one run (for ``discover_group._group``): ``_wandb_sessions`` -- a run resumed
with ``wandb.init(id=..., resume=...)`` gets one ``offline-run-<time>-<id>[-N]`` dir per session; those of one id are
one run -- with ``_wandb_session`` (a dir's run id and start order) and its pattern ``_WANDB_RUN_DIR``. Moved from
``discover_group`` (which re-exports them) to keep that module under the project's ~400-line rule; no change of
behaviour."""
from __future__ import annotations

import re

from .discover import _parent


# wandb/offline-run-20240101_120000-<id>[-N]: a W&B run dir, named by its start time and the run's id (and a
# counter when a dir of that second exists: wandb_init.set_sync_dir_suffix); the id is in its run-<id>.wandb
_WANDB_RUN_DIR = re.compile(r"(?:offline-)?run-(\d{8}_\d{6})-(.+)")


def _wandb_session(d: str, names: list[str]) -> tuple[str, tuple] | None:
    """(run id, start order) of the W&B run dir ``d`` holding ``names``, None when it is not named like one."""
    match = _WANDB_RUN_DIR.fullmatch(d.rsplit("/", 1)[-1])
    if match is None or len(names) != 1:
        return None
    run_id, rest = names[0][len("run-"):-len(".wandb")], match.group(2)
    if rest == run_id:
        return run_id, (match.group(1), 0)
    head, _, counter = rest.rpartition("-")
    return (run_id, (match.group(1), int(counter))) if head == run_id and counter.isdigit() else None


def _wandb_sessions(wandb_runs: dict[str, list[str]], root_of) -> dict[str, list[tuple[tuple, str, str]]]:
    """Run root -> [(order, dir, file name)] of the W&B run dirs. A run resumed (``wandb.init(id=..., resume=...)``)
    gets a new dir per session with the same id (``offline-run-<time>-<id>``): the sessions of one id in one
    ``wandb/`` dir are ONE run, named by the newest dir (``latest-run``), their files in start order as the
    sessions of one dir (``dir`` ''), so ``combine``'s resume rules join them."""
    by_id: dict[tuple[str, str], list[tuple[tuple, str]]] = {}
    out: dict[str, list[tuple[tuple, str, str]]] = {}
    for d, names in wandb_runs.items():
        session = _wandb_session(d, names)
        if session is None or root_of(d) != d:
            out.setdefault(root_of(d), []).extend(((), d, name) for name in names)
            continue
        by_id.setdefault((_parent(d), session[0]), []).append((session[1], d))
    for dirs in by_id.values():
        dirs.sort()
        run = dirs[-1][1]
        for started, d in dirs:
            out.setdefault(run, []).extend((started, d, name) for name in wandb_runs[d])
    return out
