"""How ``loganalyzer serve`` notices that logs changed: file-system events (watchdog: inotify, FSEvents, ...) for
local roots, polling for the rest.

``--watch auto`` (the default) watches a root with watchdog when the package is installed, the root is a local
path and its file system is not a network or FUSE one (NFS, CIFS/SMB, Lustre, GPFS, CephFS, 9p, ``fuse.*``: there
events from other machines never arrive); every other root is polled. ``--watch watchdog`` insists (an error when
watchdog is missing; URL roots are still polled: buckets have no events), ``--watch poll`` never uses events.
Polling rescans every ``--poll`` seconds, and it goes on under watchdog too, as a safety net for events the kernel
dropped. An event only asks for a rescan: the service waits until the tree has been quiet a moment (debounce), and
the store makes the rescan read only what changed.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence

from ..fs import is_url

log = logging.getLogger("loganalyzer.service.watch")

WATCH_MODES = ("auto", "watchdog", "poll")
NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smb", "smb2", "smbfs", "smb3", "lustre", "gpfs", "ceph", "9p",
                        "afs", "glusterfs", "beegfs", "wekafs", "davfs", "sshfs", "ncpfs", "panfs", "virtiofs",
                        "vboxsf", "ocfs2", "gfs2", "orangefs", "pvfs2", "cvfs", "quobyte"})
# Events that mean content changed (opened / closed-without-writing / attribute-only do not)
CHANGE_EVENTS = frozenset({"created", "deleted", "modified", "moved", "closed"})


class WatchError(ValueError):
    """Watching cannot be set up as asked: one line."""


def mount_type(path: str, mounts_file: str = "/proc/mounts") -> str | None:
    """The file-system type of the mount holding ``path`` (Linux ``/proc/mounts``; None where unknown)."""
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as f:
            rows = [line.split() for line in f]
    except OSError:
        return None
    real = os.path.realpath(path)
    best, kind = "", None
    for row in rows:
        if len(row) < 3:
            continue
        point = row[1].replace("\\040", " ")
        if (real == point or real.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, row[2]
    return kind


def is_network_fs(path: str) -> bool:
    kind = mount_type(path)
    return kind is not None and (kind in NETWORK_FS or kind.startswith("fuse"))


def have_watchdog() -> bool:
    try:
        import watchdog.observers  # noqa: F401
    except ImportError:
        return False
    return True


def plan(roots: Sequence[str], mode: str) -> dict[str, str]:
    """root -> 'watchdog' or 'poll' for ``mode`` (see the module docstring). Raises WatchError for
    ``watchdog`` without the package, or an unknown mode."""
    if mode not in WATCH_MODES:
        raise WatchError(f"--watch must be one of {', '.join(WATCH_MODES)}, got {mode!r}")
    if mode == "watchdog" and not have_watchdog():
        raise WatchError("--watch watchdog needs the Python package 'watchdog': pip install 'loganalyzer[service]'")
    usable = mode != "poll" and have_watchdog()
    out = {}
    for root in roots:
        local = not is_url(root)
        if usable and local and (mode == "watchdog" or not is_network_fs(root)):
            out[root] = "watchdog"
        else:
            out[root] = "poll"
    return out


class Watcher:
    """watchdog observers over the roots planned 'watchdog'; ``on_change(path)`` is called (on watchdog's thread)
    for every content change except in ``ignore`` (exact paths: the store's own files)."""

    def __init__(self, roots: Sequence[str], on_change: Callable[[str], None], ignore: Sequence[str] = ()):
        self.roots = list(roots)
        self.on_change = on_change
        self.ignore = {os.path.realpath(p) for p in ignore}
        self.events = 0
        self._observer = None

    def start(self) -> list[str]:
        """Start watching; the roots that could not be watched (inotify limits...), left to polling."""
        if not self.roots:
            return []
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type not in CHANGE_EVENTS:
                    return
                paths = [event.src_path, getattr(event, "dest_path", "") or ""]
                paths = [os.fsdecode(p) for p in paths if p]
                if all(os.path.realpath(p) in watcher.ignore for p in paths):
                    return
                watcher.events += 1
                try:
                    watcher.on_change(paths[0])
                except Exception:
                    log.exception("change callback failed")

        self._observer = Observer()
        failed = []
        for root in self.roots:
            try:
                self._observer.schedule(Handler(), root, recursive=True)
            except OSError as error:
                log.warning("cannot watch %s (%s): polling it", root, error)
                failed.append(root)
        try:
            self._observer.start()
        except OSError as error:  # e.g. inotify watch or instance limits
            log.warning("cannot start watching (%s): polling instead", error)
            self._observer = None
            return list(self.roots)
        return failed

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(10)
            self._observer = None
