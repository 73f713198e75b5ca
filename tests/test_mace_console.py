"""MACE's console log beside its results file is one run (public tepigs187: two runs, the log's evaluation loss judged
as a training loss). The files as mace/cli/run_train.py writes them: ``tools.setup_logger``'s logging format into
``{tag}.log`` and ``tools.MetricsLogger``'s ``json.dumps(dict)`` lines into ``{tag}_train.txt``."""
from __future__ import annotations

import json
import logging

import loganalyzer as la
from loganalyzer.load import load_run

TAG = "TePIGS_model_run-123"


def _mace_run(folder) -> None:
    folder.mkdir(parents=True)
    logger = logging.getLogger("mace_test_console")
    logger.handlers, logger.propagate = [], False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(folder / f"{TAG}.log", "w")
    handler.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d %(levelname)s: %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger.addHandler(handler)
    logger.info("MACE version: 0.3.5")
    logger.info("Started training")
    with open(folder / f"{TAG}_train.txt", "w") as results:
        def evaluate(epoch, loss):
            results.write(json.dumps({"loss": loss, "rmse_e_per_atom": 0.02 - 0.0005 * (epoch or 0),
                                      "rmse_f": 0.24, "mode": "eval", "epoch": epoch}) + "\n")
            logger.info(f"Epoch {epoch}: loss={loss:.4f}, RMSE_E_per_atom={20.0 - 0.5 * (epoch or 0):.1f} meV, "
                        f"RMSE_F={240.0:.1f} meV / A")
        evaluate(None, 0.5885)
        for epoch in range(10):
            for batch in range(20):
                results.write(json.dumps({"loss": 5.2 - 0.02 * epoch + 0.3 * (batch % 3), "time": 0.5,
                                          "mode": "opt", "epoch": epoch}) + "\n")
            if epoch % 2 == 0:
                evaluate(epoch, 0.504 - 0.001 * epoch)
    logger.info("Training complete")
    logger.info("Done")
    handler.close()


def test_the_console_log_joins_its_results_run(tmp_path):
    _mace_run(tmp_path / "mace")
    (run,) = la.discover(tmp_path / "mace")
    assert run.id == f"{TAG}_train.txt"
    assert sorted(f.path.rsplit("/", 1)[1] for f in run.files) == [f"{TAG}.log", f"{TAG}_train.txt"]
    loaded = load_run(run)
    counts = loaded.scalars.groupby("tag", observed=True).step.count()
    assert counts["loss"] == 10 and counts["val_loss"] == 5  # the log's `Epoch N: loss=` lines are no training points
    assert "RMSE_F" not in counts
    assert loaded.ended is not None and loaded.ended.cause == "completed"  # the console's 'Done', not the results'
    df = la.read_scalars(tmp_path / "mace", resolve=True)
    assert df.groupby("tag", observed=True).step.count()["loss"] == 10


def test_a_log_without_mace_banner_stays_its_own_run(tmp_path):
    _mace_run(tmp_path / "other")
    log = tmp_path / "other" / f"{TAG}.log"
    log.write_text(log.read_text().replace("MACE version: 0.3.5", "my trainer 1.0"))
    assert len(la.discover(tmp_path / "other")) == 2


def test_the_console_format_is_no_eager_reader_before_workers_fork():
    # the new format maps to the job-log reader: like "joblog" it is imported in a worker only when a tree has logs
    import subprocess
    import sys

    code = ("import sys\nfrom loganalyzer.executor import _warm_up\n_warm_up()\n"
            "print('loganalyzer.readers.joblog' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr[-2000:]
