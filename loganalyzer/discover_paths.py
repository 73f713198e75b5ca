"""The relative tree paths discovery walks and groups by ('.' the root, POSIX '/' between names), and the orders of
names within them: ``_parent``, ``_child``, ``_ancestors``, ``_relative``, ``natural_key`` (digit runs compared as
numbers), ``_checkpoint_order`` (HF ``checkpoint-<N>`` dirs by N, pattern ``_CHECKPOINT``), ``is_event_file``. Moved
from ``discover`` (which re-exports every name: the ``discover_*`` modules and tests import them from there) to keep
that module under the project's ~400-line rule; no change of behaviour."""
from __future__ import annotations

import re
from collections.abc import Iterator

_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
_DIGITS = re.compile(r"(\d+)")


def is_event_file(name: str) -> bool:
    return "tfevents" in name and not name.endswith(".profile-empty")


def natural_key(name: str) -> tuple:
    """Sort key comparing digit runs as numbers: event files written in one second differ in a counter suffix."""
    parts = _DIGITS.split(name)  # text, digits, text, ...: the digit runs at the odd places
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


def _parent(rel: str) -> str:
    """Parent of a relative dir path ('.' is the root, the parent of a top-level name)."""
    cut = rel.rfind("/")
    return "." if cut < 0 else rel[:cut]


def _child(rel: str, name: str) -> str:
    return name if rel == "." else f"{rel}/{name}"


def _ancestors(rel: str) -> Iterator[str]:
    """Proper ancestors of a relative dir path, nearest first, ending with '.'."""
    while rel != ".":
        rel = _parent(rel)
        yield rel


def _relative(rel: str, root: str) -> str:
    """``rel`` relative to ``root`` (an ancestor-or-self), '' for the root itself."""
    if rel == root:
        return ""
    return rel if root == "." else rel[len(root) + 1 :]


def _checkpoint_order(rel_dir: str) -> tuple:
    match = _CHECKPOINT.match(rel_dir.rsplit("/", 1)[-1])
    return (0, int(match.group(1)), rel_dir) if match else (0, float("inf"), rel_dir)
