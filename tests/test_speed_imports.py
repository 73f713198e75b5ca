"""Start-up (issue 12, "zero fuss"): what ``import loganalyzer``, ``loganalyzer --help`` and a scan of a tree import
before (or without) any work of theirs. Asserted on ``sys.modules`` in a fresh process (other tests import
everything), never on time; ``make bench`` and whole-process timings say what it saves."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

PRINTED = ("loganalyzer.readers.joblog", "loganalyzer.readers.notebook", "loganalyzer.readers._joblog_",
           "loganalyzer.readers._progress")
HEAVY = ("numpy", "pandas", "rich", "sqlalchemy", "torch")

PROBE = """
import json, runpy, sys
sys.argv = ['loganalyzer'] + sys.argv[1:]
if sys.argv[1:] == ['import']:
    import loganalyzer
else:
    try:
        runpy.run_module('loganalyzer', run_name='__main__')
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)))
"""


REPO = Path(__file__).resolve().parent.parent


def _modules(*args) -> set[str]:
    """The modules a fresh ``loganalyzer ARGS`` process holds at its end (``import``: only ``import loganalyzer``),
    run in the checkout (its package first on sys.path)."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _printed(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith(PRINTED))


def test_import_loganalyzer_imports_no_reader_and_no_numpy():
    modules = _modules("import")
    assert "loganalyzer.discover" in modules  # loganalyzer.discover is there, its readers are not
    assert not [m for m in modules if m.startswith("loganalyzer.readers")]
    assert not [m for m in HEAVY if m in modules]
    assert "importlib.metadata" not in modules  # __version__ is looked up when asked for (~80 ms)


def test_help_imports_no_stage():
    for args in (["--help"], ["scan", "--help"], ["report", "--help"]):
        modules = _modules(*args)
        assert "loganalyzer.cli.scan" in modules
        stages = [m for m in ("loganalyzer.scan", "loganalyzer.verdict", "loganalyzer.render", "loganalyzer.load",
                              "loganalyzer.readers") if m in modules]
        assert not stages, (args, stages)
        assert not [m for m in HEAVY if m in modules], args
        assert "importlib.metadata" not in modules, args


def test_a_csv_tree_imports_no_printed_log_module_and_a_printed_log_does(tmp_path):
    """Neither imports pandas; only the printed log imports the job-log reader."""
    tables = tmp_path / "tables"
    tables.mkdir()
    pd.DataFrame({"epoch": range(6), "loss": [1.0, 0.8, 0.6, 0.5, 0.45, 0.42],
                  "val_loss": [1.1, 0.9, 0.7, 0.6, 0.58, 0.57]}).to_csv(tables / "training.csv", index=False)
    out = tmp_path / "a.json"
    modules = _modules("scan", "--no-cache", str(tables), "-o", str(out))
    assert [run["run"] for run in json.loads(out.read_text())["runs"]] == ["training.csv"]
    assert "loganalyzer.readers.plain_csv" in modules and "loganalyzer.scan" in modules
    assert _printed(modules) == []
    assert "pandas" not in modules and "loganalyzer.ending" not in modules  # nor the job-ending reader

    printed = tmp_path / "printed"
    printed.mkdir()
    with open(printed / "train.log", "w") as log:  # what a plain torch-style loop prints
        for epoch, (loss, val) in enumerate([(1.0, 1.1), (0.8, 0.9), (0.6, 0.7), (0.5, 0.6), (0.45, 0.58)], 1):
            log.write(f"Epoch {epoch}: train loss {loss:.4f}, val loss {val:.4f}\n")
    out = tmp_path / "b.json"
    modules = _modules("scan", "--no-cache", str(printed), "-o", str(out))
    assert [run["run"] for run in json.loads(out.read_text())["runs"]] == ["train.log"]
    assert "loganalyzer.readers.joblog" in modules
    assert "pandas" not in modules  # the job-log reader hands the loader bare columns


def test_the_names_the_command_line_offers_are_the_stages_names():
    from loganalyzer import names
    from loganalyzer.ending import CAUSES
    from loganalyzer.executor import EXECUTORS
    from loganalyzer.render import EXTENSIONS, FORMATS, RENDERERS, REPORT_FORMATS
    from loganalyzer.verdict import VERDICTS

    assert names.FORMATS == FORMATS == tuple(RENDERERS)
    assert set(names.REPORT_FORMATS) - {"html"} <= set(RENDERERS) and names.REPORT_FORMATS == REPORT_FORMATS
    assert names.EXTENSIONS == EXTENSIONS and set(EXTENSIONS.values()) <= set(FORMATS) | {"html"}
    assert names.VERDICTS == VERDICTS and names.CAUSES == CAUSES and names.EXECUTORS == EXECUTORS


LAZY_PROBE = """
import importlib, json, pkgutil, sys
import loganalyzer.readers as readers
for info in pkgutil.iter_modules(readers.__path__):
    importlib.import_module('loganalyzer.readers.' + info.name)
builders = {}
for name, module in sorted(sys.modules.items()):
    if name.startswith('loganalyzer.readers.'):
        for attr, value in vars(module).items():
            if getattr(value, '__qualname__', '') == 'lazy_re.<locals>.compiled':
                builders[name + '.' + attr] = value.cache_info().currsize
print(json.dumps(builders))
"""


def test_lazy_patterns_are_compiled_on_first_use_only():
    """Every reader module imported, no ``lazy_re`` pattern is compiled yet (the job-log shapes most logs never
    print: ~25 ms of a scan's start); the first call compiles it once, the same pattern as ``re.compile``."""
    import re

    from loganalyzer.readers import _joblog_caffe
    from loganalyzer.readers._lazy import lazy_re

    done = subprocess.run([sys.executable, "-c", LAZY_PROBE], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    builders = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(builders) >= 40 and "loganalyzer.readers._joblog_caffe._LINE" in builders
    assert {name for name, compiled in builders.items() if compiled} == set()
    built = lazy_re(r"(?m)^epoch (\d+)", re.IGNORECASE)
    assert built.cache_info().currsize == 0
    assert built() is built() and (built().pattern, built().flags) == (r"(?m)^epoch (\d+)",
                                                                    re.compile(r"(?m)^epoch (\d+)", re.I).flags)
    assert _joblog_caffe._LINE().match("I0412 10:00:00.123456  1234 solver.cpp:218] Iteration 20, loss = 0.5")


def _same_columns(a, b) -> bool:
    return a.tags == b.tags and all(
        getattr(a, f).dtype == getattr(b, f).dtype and getattr(a, f).tobytes() == getattr(b, f).tobytes()
        for f in ("tag_codes", "steps", "values", "wall_times"))


def test_point_columns_are_the_tables_columns():
    """The job-log reader's columns (no pandas) are what ``ScalarColumns.from_frame`` made of its table: the same
    sorted tags, codes, steps, values (NaN and infinities as printed) and NaN wall times."""
    from loganalyzer.readers import ScalarColumns, point_columns, scalar_frame

    cases = [([], [], []),
             (["val_loss", "loss", "loss", "Loss", "é_acc", "loss"], [3, 1, 2, 2, 9, 2**40],
              [0.5, float("nan"), float("inf"), -0.0, 1e-300, 2.0])]
    for tags, steps, values in cases:
        assert _same_columns(point_columns(tags, steps, values),
                             ScalarColumns.from_frame(scalar_frame(tags, steps, values)))


def test_job_columns_are_read_jobs_tables_columns(tmp_path):
    """``joblog.read_job_columns`` (the loader's path) gives the columns of ``read_job``'s tables, its raw view's
    too (two ranks printing each step without a prefix: averaged, every point kept raw), the same problems,
    sessions and ending facts. Logs printed by tiny torch loops: one through tqdm, resumed (``benchmarks/resumed_log``),
    one on two ranks."""
    pytest = __import__("pytest")
    pytest.importorskip("torch")
    sys.path.insert(0, str(REPO / "benchmarks"))
    from resumed_log import write

    from loganalyzer.readers import ScalarColumns, joblog

    resumed = tmp_path / "resumed.log"
    write(str(resumed), 4)
    import torch

    ranks = tmp_path / "ranks.log"  # two ranks of a data-parallel loop, each printing its loss, no rank prefix
    torch.manual_seed(0)
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    models = [torch.nn.Linear(4, 1) for _ in range(2)]
    with open(ranks, "w") as log:
        for step in range(12):
            for rank, model in enumerate(models):
                loss = torch.nn.functional.mse_loss(model(x[rank::2]), y[rank::2])
                loss.backward()
                with torch.no_grad():
                    for p in model.parameters():
                        p -= 0.1 * p.grad
                        p.grad = None
                log.write(f"step {step}: train loss {loss.item():.4f}\n")
    averaged = []
    for path in (resumed, ranks):
        data = path.read_bytes()
        for segment in (None, 0, 5):
            joblog._CACHE.clear()
            result, facts = joblog.read_job(data, str(path), segment)
            joblog._CACHE.clear()
            columns, raw, bare, bare_facts = joblog.read_job_columns(data, str(path), segment)
            assert _same_columns(columns, ScalarColumns.from_frame(result.scalars))
            assert (raw is None) == (result.raw_scalars is None)
            if raw is not None:
                assert _same_columns(raw, ScalarColumns.from_frame(result.raw_scalars))
                averaged.append((path.name, segment))
            assert (bare.problems, bare.sessions, bare_facts) == (result.problems, result.sessions, facts)
            assert len(bare.scalars) == 0
    assert ("ranks.log", None) in averaged  # the averaged case was met
