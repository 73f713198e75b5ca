"""Git LFS pointer files: a repository that keeps its logs in Git LFS, cloned without ``git lfs pull`` (or with
``GIT_LFS_SKIP_SMUDGE=1``), holds a small text file where each log should be.

Format (Git LFS specification, https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md, "The Pointer"): UTF-8
``key value`` lines, the first key always ``version`` (``version https://git-lfs.github.com/spec/v1``; blobs of the
pre-release tool say ``https://hawser.github.com/spec/v1``), then ``oid sha256:<hex>`` and ``size <bytes>``; "pointer
files must be less than 1024 bytes in size". Such a file named like a log (``metrics.csv``, ``results.csv``, an event
file, ``trainer_state.json``) is no log and no run: discovery reports it, one line naming the file, instead of
skipping it as "not a log" (``discover``) or failing to parse it (the loader: ``pointer_problem``).
"""
from __future__ import annotations

from ..fs import stat_key  # per event/HF file: no import statement in small_pointer (~2 us)
from ..runs import Problem

MAX_SIZE = 1024  # the spec: a pointer file is less than 1024 bytes
_VERSIONS = (b"version https://git-lfs.github.com/spec/", b"version https://hawser.github.com/spec/")
MESSAGE = "a Git LFS pointer, not the log itself: run `git lfs pull`"


def is_pointer(head) -> bool:
    """Whether the first bytes of a file are those of a Git LFS pointer (its first line is the spec's version)."""
    return bytes(head[:48]).startswith(_VERSIONS)


def problem(path: str) -> Problem:
    return Problem(path, MESSAGE)


def small_pointer(fs, path: str, problems: list) -> bool:
    """Whether ``path`` (a file discovery takes by its name alone: an event file, ``trainer_state.json``, a W&B
    ``.wandb``) is a Git LFS pointer; a Problem naming it is appended then. Only a file under ``MAX_SIZE`` bytes is
    opened (its size from the stat / the remote listing), so a tree of real logs costs one stat per such file."""
    key = stat_key(path)
    if key is None or key[0] >= MAX_SIZE or key[0] < len(_VERSIONS[0]):
        return False
    try:
        head = fs.read_head(path, 64)
    except OSError:
        return False  # the loader reports what is wrong with it
    if not is_pointer(head):
        return False
    problems.append(problem(path))
    return True


def pointer_problem(data, path: str) -> Problem | None:
    """For the loader: the Problem of a file that holds a Git LFS pointer (None for any other file)."""
    if len(data) < MAX_SIZE and is_pointer(data):
        return problem(path)
    return None
