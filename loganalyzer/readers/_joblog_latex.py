"""LaTeX's own ``*.out`` files are no job output (``discover``, ``_joblog_names.sniff``).

hyperref writes the PDF bookmarks of ``paper.tex`` to ``paper.out`` (``\\BOOKMARK [1][-]{section.1}{...}{}% 1``, one
line a heading; older versions ``\\BOOKMARK [1][-]{section.1}{Introduction}{}``), and a repository that keeps a
report beside its training logs kept a fake ``unknown`` run with scheduler (sacct) advice. A ``*.out`` whose first
line is such a bookmark, or that sits beside a ``.tex``/``.aux``/``.toc`` of the same stem, is LaTeX's: no run.
"""
from __future__ import annotations

import re

_BOOKMARK = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*\\BOOKMARK\s*\[")
_LATEX_SIBLINGS = (".tex", ".aux", ".toc")


def bookmarks(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is hyperref's bookmark file."""
    return _BOOKMARK.match(bytes(head[:64])) is not None


def latex_output(name: str, names) -> bool:
    """Whether ``name`` is a ``*.out`` beside a ``.tex``/``.aux``/``.toc`` of the same stem (``names``: the file
    names of its directory)."""
    if not name.endswith(".out"):
        return False
    stem = name[:-4]
    return any(stem + suffix in names for suffix in _LATEX_SIBLINGS)
