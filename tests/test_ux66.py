"""Faults a newcomer found with real writers (stop 66, ux66): each case writes its logs with the framework itself
in a child process (``test_breaker_readers.run_child``) and checks what read_scalars and the scan make of them."""
from __future__ import annotations

from pathlib import Path

import pytest

from loganalyzer.scan import scan
from test_breaker_readers import LIGHTNING, run_child, warned  # noqa: E402 (tests/ is on sys.path)

LATE = "the first training row is at epoch 3, step"


@pytest.fixture(scope="module")
def lightning_resumed(tmp_path_factory) -> Path:
    """``same/``: a fit to epoch 3 resumed (``ckpt_path``) to epoch 6 with ``CSVLogger(version=0)`` both times --
    Lightning deletes the first session's metrics.csv ("Previous log files in this directory will be deleted");
    ``new/``: the same resumed into the default new version (version_0, then version_1 from epoch 3); ``sparse/``:
    one fit whose ``log_every_n_steps`` is longer than an epoch (its first row is late, and no resume);
    ``both/``: the resume of ``same/`` with a TensorBoardLogger beside the CSVLogger (its event files keep both)."""
    root = tmp_path_factory.mktemp("lightning_resumed")
    run_child(root, LIGHTNING + """
def fit(logger, epochs, ckpt=None, **kw):
    torch.manual_seed(0)
    trainer = pl.Trainer(max_epochs=epochs, logger=logger, default_root_dir=str(logger[0].root_dir if
                         isinstance(logger, list) else logger.root_dir), **{**quiet, **kw})
    trainer.fit(Tiny(), data(0), data(1), ckpt_path=ckpt)
    return trainer.checkpoint_callback.best_model_path

ckpt = fit(CSVLogger("same", name="", version=0), 3)
fit(CSVLogger("same", name="", version=0), 6, ckpt)
ckpt = fit(CSVLogger("new", name=""), 3)
fit(CSVLogger("new", name=""), 6, ckpt)
fit(CSVLogger("sparse", name=""), 6, log_every_n_steps=20)
loggers = lambda: [CSVLogger("both", name="", version=0), TensorBoardLogger("both", name="", version=0)]
ckpt = fit(loggers(), 3)
fit(loggers(), 6, ckpt)
""")
    return root


@pytest.mark.slow
def test_a_resumed_fits_metrics_csv_says_its_first_steps_are_not_in_it(lightning_resumed):
    for folder in ("same/version_0", "new/version_1"):
        path = lightning_resumed / folder / "metrics.csv"
        first = path.read_text().splitlines()[1]
        assert first.startswith("3,"), first  # the writer's own file: the resumed session's rows only
        for resolve in (False, True):
            table, said = warned(path, resolve=resolve)
            assert int(table.step.min()) > 20
            late = [m for m in said if LATE in m]
            assert len(late) == 1 and folder in late[0], said
            assert "resumed with ckpt_path" in late[0] and "judged from step" in late[0]
    report = scan([str(lightning_resumed / "same")])
    (run,) = report.runs
    assert any(LATE in w for w in run.warnings)


@pytest.mark.slow
def test_no_late_start_line_for_a_whole_file_or_beside_event_files(lightning_resumed):
    for folder in ("new/version_0", "sparse/version_0", "both/version_0"):
        _table, said = warned(lightning_resumed / folder, resolve=True)
        assert not [m for m in said if "first training row" in m], (folder, said)
    sparse = [r for r in (lightning_resumed / "sparse/version_0/metrics.csv").read_text().splitlines()[1:]
              if "train_loss" not in r and r.split(",")[2]]  # (columns: epoch, step, train_loss, val_loss)
    assert sparse and not sparse[0].startswith("0,"), sparse[:3]  # its first training row is late, one stride in


SKLEARN = """
import sys
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier
X, y = make_classification(400, random_state=0, flip_y=0.3)
early = sys.argv[1] == "early"
MLPClassifier(verbose=True, max_iter=200 if early else 15, early_stopping=early, n_iter_no_change=3,
              hidden_layer_sizes=(100,), random_state=0).fit(X, y)
"""


@pytest.mark.parametrize("how", ["early", "max_iter"])
def test_sklearn_mlp_verbose_log_says_how_it_ended(how, tmp_path):
    """scikit-learn's MLP ``verbose=True`` output, stdout and stderr to one log as a batch job's ``2>&1``: its
    early-stopping line and its max_iter ConvergenceWarning are clean ends, not "ending not recorded"."""
    import subprocess
    import sys

    (tmp_path / "fit.py").write_text(SKLEARN)
    with open(tmp_path / "train.log", "wb") as out:
        subprocess.run([sys.executable, "fit.py", how], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
                       check=True, timeout=120)
    (tmp_path / "fit.py").unlink()
    text = (tmp_path / "train.log").read_text()
    assert ("consecutive epochs. Stopping." in text) == (how == "early"), text[-500:]
    assert ("Maximum iterations (15) reached" in text) == (how == "max_iter"), text[-500:]
    (run,) = scan([str(tmp_path / "train.log")]).runs
    last = max(int(line.split()[1].rstrip(",")) for line in text.splitlines() if line.startswith("Iteration "))
    assert run.ended is not None and run.ended.cause == "completed", run.ended
    assert run.ended.step == last
    assert bool(run.ended.detail.get("early_stopping")) == (how == "early")
    assert run.analysis.summary.startswith("[ended: completed]") or "completed" in str(run.ended.summary)
