"""A metric file named with a qualifier before its metric word (``list_train_lgg_acc_fold0.csv``) beside a paired run's
loss files is read as ``<split>_<qualifier>_<metric>`` (``discover_qualmetric``; public kdflair201)."""
from __future__ import annotations

import warnings

import numpy as np

from loganalyzer import discover, load_run


def _write(folder, rng):
    """The files as kdflair201's script writes them: ``np.savetxt(f, [history], delimiter=',')``, 50 epochs."""
    n = 50
    series = {
        "train_loss": np.linspace(1.6, 0.87, n), "val_loss": np.r_[0.89, 0.87, np.linspace(1.9, 2.55, n - 2)],
        "train_acc": np.linspace(0.58, 0.87, n), "val_acc": np.full(n, 0.62) + rng.normal(0, 0.01, n),
        "train_lgg_acc": np.linspace(0.5, 0.92, n), "val_lgg_acc": np.linspace(1.43, 4.0, n),
    }
    for key, values in series.items():
        np.savetxt(folder / f"list_{key}_fold0.csv", [values], delimiter=",")


def test_qualified_accuracy_files_are_read_beside_the_plain_ones(tmp_path):
    _write(tmp_path, np.random.default_rng(0))
    problems: list = []
    (run,) = discover(tmp_path, problems)
    names = sorted(f.path.rsplit("/", 1)[-1] for f in run.files)
    assert "list_train_lgg_acc_fold0.csv" in names and "list_val_lgg_acc_fold0.csv" in names
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = load_run(run).scalars
    counts = frame.groupby("tag").size().to_dict()
    assert counts == {t: 50 for t in ("train_loss", "val_loss", "train_acc", "val_acc", "train_lgg_acc", "val_lgg_acc")}
    lgg = frame[frame.tag == "val_lgg_acc"].sort_values("step")["value"].to_numpy()
    assert abs(lgg[0] - 1.43) < 1e-9 and abs(lgg[-1] - 4.0) < 1e-9
    plain = frame[frame.tag == "val_acc"]["value"]
    assert plain.max() < 1  # the plain accuracy keeps its own file's values
