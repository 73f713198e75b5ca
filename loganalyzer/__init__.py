"""loganalyzer: reads deep-learning training logs after the fact and diagnoses runs.

    import loganalyzer
    report = loganalyzer.analyze("runs/")              # ScanReport: a verdict per run, as `loganalyzer scan` prints
    df = loganalyzer.read_scalars("lightning_logs/")   # dir, tag, step, value, wall_time
    for run in loganalyzer.discover("logs/"):
        loaded = loganalyzer.load_run(run)

The table-building and analysing calls import pandas on first use, so ``import loganalyzer`` stays light.
"""
from __future__ import annotations

from .discover import discover
from .runs import LoadedRun, Problem, Run, SourceFile


def _version() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("loganalyzer")
    except PackageNotFoundError:  # running from a source checkout that was never installed
        return "0.1.0"


_FROM_LOAD = ("load_run", "read_scalars", "read_histograms", "read_hparams", "LogReadWarning")
_FROM_SCAN = ("analyze", "AnalysisOptions", "ScanReport", "RunSummary")


def __getattr__(name: str):
    if name == "__version__":  # on first use: importlib.metadata costs ~80 ms, half of `import loganalyzer`
        globals()["__version__"] = version = _version()
        return version
    if name in _FROM_LOAD:
        from . import load

        return getattr(load, name)
    if name in _FROM_SCAN:
        from . import scan

        return getattr(scan, name)
    raise AttributeError(f"module 'loganalyzer' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"__version__"} | set(_FROM_LOAD) | set(_FROM_SCAN))


__all__ = [
    "__version__", "analyze", "AnalysisOptions", "ScanReport", "RunSummary",
    "discover", "load_run", "read_scalars", "read_histograms", "read_hparams", "LogReadWarning",
    "Run", "SourceFile", "LoadedRun", "Problem",
]
