"""Glob patterns given as PATH (``loganalyzer scan 'runs/*/version_0'``) expanded here, and said.

The fault (stop-70 break test, docs/breaker70.md): a pattern the shell did not expand -- quoted, from a config or a CI
variable, a Windows shell, or ``**`` in a shell without globstar -- was taken for a path: "Error: runs/*/version_0:
no such file or directory", exit 2, with the runs right there. Each PATH that does not exist as written, is no URL,
and holds glob characters (``*``, ``?``, ``[``) is replaced by its matches in name order (``glob.glob``, ``**``
recursive), with one line on stderr saying so; a path that exists as written (a folder named ``run[1]``) is kept,
and a pattern matching nothing is left for the "no such file or directory" line.
"""
from __future__ import annotations

import glob
import os

import click


def expanded(paths: tuple[str, ...]) -> tuple[str, ...]:
    """``paths`` with each unexpanded glob pattern replaced by its matches (a line on stderr per pattern)."""
    out: list[str] = []
    for path in paths:
        if "://" in path or not glob.has_magic(path) or os.path.lexists(path):
            out.append(path)
            continue
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            out.append(path)
            continue
        shown = ", ".join(matches[:3]) + (f" and {len(matches) - 3:,} more" if len(matches) > 3 else "")
        click.echo(f"Note: {path} is a pattern (not expanded by the shell): scanning its {len(matches):,} "
                   f"match{'es' if len(matches) != 1 else ''} ({shown})", err=True)
        out.extend(m for m in matches if m not in out)
    return tuple(out)
