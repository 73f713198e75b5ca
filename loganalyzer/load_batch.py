"""The sources of many runs read ahead together where a batch reader takes them (``readers/_batchcsv``: plain Keras
and Lightning CSV files parsed many at a time), for ``read_scalars`` over a big tree; ``load.run_pieces`` takes a
file's read from here and reads the others itself, so the table and the warnings are what per-file reading gives.
"""
from __future__ import annotations

from .fs import is_url, read_local, read_once, take

BIG = 8 << 20  # bytes: a file this big is read on its own (its per-file cost is small next to its parse)


def prefetch(runs) -> dict:
    """``{path: load._Source}`` of the files of ``runs`` read here; a file left out (another format, a segment of
    an appended file, a URL, not of the plain kind, unreadable) is for ``load._read_source``."""
    from .load import _Source
    from .readers import _batchcsv

    items = []
    for run in runs:
        for file in run.files:
            if file.format not in _batchcsv.FORMATS or file.segment is not None or is_url(file.path):
                continue
            data = take(file.path)  # discovery read it already (``fs.read_once``)
            if data is None:
                try:
                    data = read_local(file.path, BIG + 1)
                except OSError:
                    continue
            if 0 < len(data) <= BIG:
                items.append((file.path, file.format, data))
    ready = {}
    files = {file.path: file for run in runs for file in run.files}
    for path, (columns, result) in _batchcsv.read_many(items).items():
        source = ready[path] = _Source(files[path])
        source.columns, source.result = columns, result
    return ready


def read_pieces(path, resolve: bool, warn) -> list[tuple]:
    """The combine pieces of every run under ``path`` (``load.run_pieces``), problems to ``warn`` in discovery's
    and then the runs' order: each small CSV opened once (``fs.read_once``), the plain ones parsed many at a time.
    The cyclic garbage collector is off meanwhile, as in ``load_parallel._read_task``: what is read is freed by
    reference counts, and the collections it triggered walked every imported module's objects for nothing (2,000-run
    mixed tree, one process: ~430 young, ~38 middle and 3 full collections, ~8% of the call); on again after."""
    import gc

    if not gc.isenabled():
        return _read_pieces(path, resolve, warn)
    gc.disable()
    try:
        return _read_pieces(path, resolve, warn)
    finally:
        gc.enable()


def _read_pieces(path, resolve: bool, warn) -> list[tuple]:
    from .load import _discover_warned, run_pieces

    pieces = []
    with read_once():
        runs = list(_discover_warned(path, warn))
        ready = prefetch(runs)
        for run in runs:
            pieces.extend(run_pieces(run, resolve, warn, ready))
    return pieces
