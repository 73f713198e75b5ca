"""What keeps ``loganalyzer serve`` inside its bounds: the bind-address check, the token comparison, and the rule that
nothing a request names may lead outside the configured roots.

Paths. Requests never carry file paths: a run is named by its id, looked up in the latest scan. What the service
then reads (a run's files for ``/api/runs/{id}/report``) is checked here first: its real path (symlinks resolved)
must lie inside the real path of one of the roots, and no symlink below it may point outside them. Runs that
discovery reached through a symlink leading out of the roots are left out of what the service serves
(``inside_roots``). URL roots (``s3://...``) have no symlinks: a URL is inside a root when it starts with it.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Sequence

from ..fs import is_url

LOOPBACK_NAMES = ("localhost",)
MAX_WALK = 20_000  # entries looked at below one run before giving up (a run is a few files)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) only accepts connections from this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_matches(given: str | None, token: str) -> bool:
    """Constant-time comparison of a presented token with the configured one (False for None)."""
    if given is None:
        return False
    return secrets.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode("utf-8", "surrogateescape"))


def _real(path: str) -> str:
    return os.path.realpath(path)


def _under(path: str, root: str, sep: str) -> bool:
    root = root.rstrip(sep) or sep
    return path == root or path.startswith(root if root.endswith(sep) else root + sep)


def inside_roots(path: str, roots: Sequence[str]) -> bool:
    """Whether ``path`` (a run's directory or file, as a scan reports it) really lies inside one of ``roots``:
    symlinks resolved for local paths, prefix for URLs. ``..`` never helps: paths are resolved first."""
    if is_url(path):
        return any(is_url(r) and _under(path, r, "/") for r in roots)
    real = _real(path)
    return any(not is_url(r) and _under(real, _real(r), os.sep) for r in roots)


def escaping_links(path: str, roots: Sequence[str]) -> list[str]:
    """Symlinks at or below the local ``path`` whose targets lie outside every root (at most a few named); an
    OSError walking is no escape (nothing can be read there either). Stops after MAX_WALK entries, naming the walk
    itself as the problem."""
    if is_url(path):
        return []
    found: list[str] = []
    if os.path.islink(path) and not inside_roots(path, roots):
        return [path]
    if not os.path.isdir(path):
        return []
    seen = 0
    for directory, dirs, files in os.walk(path, followlinks=False):
        for name in dirs + files:
            seen += 1
            if seen > MAX_WALK:
                return found + [f"{path}: more than {MAX_WALK} entries"]
            full = os.path.join(directory, name)
            if os.path.islink(full) and not inside_roots(full, roots):
                found.append(full)
                if len(found) >= 5:
                    return found
    return found


def safe_member(name: str) -> str | None:
    """An archive member's name as a relative POSIX path that stays inside the extraction directory, or None when
    it would not (absolute, a drive, ``..``, empty, NUL)."""
    if not name or "\x00" in name:
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return "/".join(parts)


def safe_file_name(name: str | None, default: str = "upload.log") -> str:
    """The last component of an uploaded file's name, without path or control characters (``default`` when
    nothing is left). Kept otherwise: the name tells the readers the format (``events.out.tfevents.*``,
    ``metrics.csv``, ``slurm-1.out``)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in "\x00")
    name = name.strip().lstrip(".")
    return name[:200] or default
