"""DeepXDE's saved loss history: ``loss.dat`` (``dde.saveplot(.., issave=True)``) and its LossHistory kept with
``np.savez``. Public set-190 PINN repositories commit 19 such ``loss.dat`` files, none of which was found before."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from loganalyzer import discover, read_scalars
from loganalyzer.readers import deepxde_dat

HEADER = "step, loss_train, loss_test, metrics_test"  # deepxde/utils/external.py save_loss_history


def _save(path, steps, train, test, metrics):
    """What ``save_loss_history`` writes: np.savetxt of [step | train terms | test terms | metrics]."""
    table = np.hstack((np.array(steps)[:, None], np.array(train), np.array(test), np.array(metrics)))
    np.savetxt(path, table, header=HEADER)


def _pivot(path):
    df = read_scalars(path, resolve=True)
    return df.pivot_table(index="step", columns="tag", values="value")


def test_loss_dat_reads_the_sums_of_the_terms_and_the_metric(tmp_path):
    """Two terms (PDE residual, boundary) and one metric: the boundary term is computed on the same points in
    training and test (the same column twice), which tells where the terms end and the metric begins."""
    steps = [0, 1000, 2000, 3000]
    train = [[3.0, 0.5], [0.3, 0.05], [0.03, 0.004], [0.01, 0.001]]
    test = [[3.5, 0.5], [0.4, 0.05], [0.05, 0.004], [0.02, 0.001]]
    metric = [[0.9], [0.3], [0.05], [0.02]]
    _save(tmp_path / "loss.dat", steps, train, test, metric)
    (tmp_path / "train.dat").write_text("# x, y\n0.1 0.2\n0.3 0.4\n")  # DeepXDE's data beside it: no run
    runs = discover(tmp_path)
    assert [(r.id, r.format) for r in runs] == [("loss.dat", "deepxde_dat")]
    table = _pivot(tmp_path)
    assert table.index.tolist() == steps
    assert table["train_loss"].round(6).tolist() == [3.5, 0.35, 0.034, 0.011]
    assert table["test_loss"].round(6).tolist() == [4.0, 0.45, 0.054, 0.021]
    assert table["test_metric"].tolist() == [0.9, 0.3, 0.05, 0.02]
    direct = _pivot(tmp_path / "loss.dat")  # the file given by name: the same
    assert direct.equals(table)


def test_a_split_the_file_does_not_show_is_said(tmp_path):
    """No column the same in training and test: read as the most terms (no metric, or one for an odd count), and
    one line says the split was not certain."""
    rng = np.random.default_rng(0)
    train, test = rng.uniform(1, 2, (5, 3)), rng.uniform(1, 2, (5, 3))
    _save(tmp_path / "loss.dat", range(0, 500, 100), train, test, np.empty((5, 0)))
    with pytest.warns(Warning, match=r"loss\.dat: 6 numbers a row and no column the same in training and test: "
                                     r"read as 3 loss term\(s\) each and 0 metric\(s\)"):
        table = _pivot(tmp_path)
    assert np.allclose(table["train_loss"], train.sum(axis=1)) and "test_metric" not in table
    assert deepxde_dat.split(np.hstack((np.zeros((5, 1)), train, test))) == (3, 0, False)


def test_a_row_cut_short_is_named_and_the_rest_read(tmp_path):
    train = [[2.0, 1.0], [1.0, 0.5], [0.5, 0.2]]
    _save(tmp_path / "loss.dat", [0, 10, 20], train, np.array(train) * [1.5, 1], [[0.5]] * 3)
    text = (tmp_path / "loss.dat").read_text().splitlines()
    text.append(text[-1].rsplit(" ", 2)[0])  # a job killed while writing the last row
    (tmp_path / "loss.dat").write_text("\n".join(text) + "\n")
    with pytest.warns(Warning, match=r"loss\.dat:5: a row of 4 numbers where the first had 6 \(cut short\?\)"):
        table = _pivot(tmp_path)
    assert table.index.tolist() == [0, 10, 20]


def test_a_header_only_file_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "loss.dat").write_text(f"# {HEADER}\n")
    with pytest.warns(Warning, match="a DeepXDE loss history with no rows"):
        assert read_scalars(tmp_path, resolve=True).empty


def test_loss_history_saved_with_savez_reads_the_terms_sums_at_its_steps(tmp_path):
    """np.savez(f, steps=lh.steps, train=lh.loss_train, test=lh.loss_test): a row of terms a display; the stage
    boundary's step written twice (Adam to L-BFGS) keeps the steps the axis."""
    steps = np.array([0, 200, 400, 400, 900])
    train = np.array([[5.0, 1.0], [1.0, 0.5], [0.5, 0.1], [0.5, 0.1], [0.1, 0.01]])
    np.savez(tmp_path / "model.pt_losshistory.npz", train=train, test=train * 1.5, steps=steps)
    table = _pivot(tmp_path)
    assert table.index.tolist() == [0, 200, 400, 900]
    assert table["train_loss"].round(6).tolist() == [6.0, 1.5, 0.6, 0.11]
    assert table["test_loss"].round(6).tolist() == [9.0, 2.25, 0.9, 0.165]
    assert "steps" not in table


TRAIN = """
    import os
    os.environ["DDE_BACKEND"] = "pytorch"
    import deepxde as dde
    import numpy as np
    import torch

    geom = dde.geometry.Interval(-1, 1)
    pde = lambda x, y: dde.grad.hessian(y, x) + np.pi ** 2 * torch.sin(np.pi * x)
    bc = dde.icbc.DirichletBC(geom, lambda x: 0, lambda _, on: on)
    data = dde.data.PDE(geom, pde, bc, 16, 2, solution=lambda x: np.sin(np.pi * x), num_test=20)
    model = dde.Model(data, dde.nn.FNN([1, 8, 8, 1], "tanh", "Glorot uniform"))
    model.compile("adam", lr=1e-2, metrics=["l2 relative error"])
    history, state = model.train(iterations=300, display_every=100)
    dde.saveplot(history, state, issave=True, isplot=False, output_dir="out")
"""


@pytest.mark.slow
def test_a_real_deepxde_training_is_read(tmp_path):
    """A real DeepXDE (pytorch backend) Poisson PINN: loss.dat read as one run, train.dat/test.dat beside it not."""
    pytest.importorskip("deepxde")
    subprocess.run([sys.executable, "-c", textwrap.dedent(TRAIN)], cwd=tmp_path, check=True, capture_output=True,
                   env={**os.environ, "DDE_BACKEND": "pytorch"})
    runs = discover(tmp_path / "out")
    assert [(r.id, r.format) for r in runs] == [("loss.dat", "deepxde_dat")]
    table = _pivot(tmp_path / "out")
    assert table.index.tolist() == [0, 100, 200, 300]
    assert set(table.columns) == {"train_loss", "test_loss", "test_metric"}
    assert table["train_loss"].iloc[-1] < table["train_loss"].iloc[0]
