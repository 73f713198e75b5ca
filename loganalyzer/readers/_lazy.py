"""Regexes compiled on first use: ``_LINE = lazy_re(r"...")`` at module level, ``_LINE().finditer(text)`` where used.

A printed log's parse imports ~170 reader modules holding ~350 regexes; most logs print none of the shapes a given
module reads (a Caffe glog line, an OpenNMT step, a nested tqdm bar), and compiling its pattern at import cost every
scan up to ~5 ms a pattern. ``lazy_re`` gives a ``functools.cache``'d builder: the pattern is compiled once, on the
first call, and each later call costs a cache hit (~50 ns)."""
from __future__ import annotations

import functools
import re
from collections.abc import Callable


def lazy_re(pattern, flags: int = 0) -> Callable[[], re.Pattern]:
    """A zero-argument builder of ``re.compile(pattern, flags)``, compiled on its first call and kept."""

    @functools.cache
    def compiled() -> re.Pattern:
        return re.compile(pattern, flags)

    return compiled
