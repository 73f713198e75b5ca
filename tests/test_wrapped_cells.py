"""CSV cells holding a one-number tensor or numpy scalar as str()/repr() wrote it: ``tensor(3.1304,
device='cuda:0', grad_fn=<DivBackward0>)``, numpy 2's ``np.float64(0.25)``. They were "no numbers" and the run read
as 0 rows (public Andrew-Linville/UNet-SNGP ``losses.csv``, 100 epochs, seen by the twenty-third labeller); the
number inside is the value the user logged. A tensor of several numbers stays no number (reported, not guessed).

The file is written by the real writers: ``csv.writer`` rows of torch loss tensors (with their ``grad_fn``) and numpy
scalars' reprs, from a tiny model really trained; plus the public file's own first rows (CUDA tensors).
"""
from __future__ import annotations

import csv
import warnings

import numpy as np
import pytest

from loganalyzer import discover, read_scalars

torch = pytest.importorskip("torch")


def test_tensor_and_numpy_reprs_are_read(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(64, 4)
    y = x.sum(1, keepdim=True)
    want = {"Train_loss": [], "Val_loss": [], "np_loss": []}
    with open(tmp_path / "losses.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Epoch", "Train_loss", "Val_loss", "np_loss"])
        for epoch in range(1, 11):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            opt.step()
            with torch.no_grad():
                val = torch.nn.functional.mse_loss(model(x), y)
            w.writerow([epoch, loss / 1, val, repr(np.float64(val.item()))])
            want["Train_loss"].append(float(str(loss / 1)[7:13]))
            want["Val_loss"].append(float(str(val)[7:13]))
            want["np_loss"].append(val.item())
    assert "grad_fn=<DivBackward0>" in (tmp_path / "losses.csv").read_text()
    assert len(discover(tmp_path)) == 1
    df = read_scalars(tmp_path)
    for tag, values in want.items():
        got = df[df.tag == tag].sort_values("step")
        assert got.step.tolist() == list(range(1, 11))
        assert got.value.tolist() == pytest.approx(values, rel=1e-4)


def test_the_public_cuda_rows_and_what_stays_no_number(tmp_path):
    (tmp_path / "losses.csv").write_text(
        "Epoch,Train_loss,Val_loss,Embedding\n"
        "1,\"tensor(3.1304, device='cuda:0', grad_fn=<DivBackward0>)\",\"tensor(2.9495, device='cuda:0')\","
        "\"tensor([0.1, 0.2])\"\n"
        "2,\"tensor(3.0639, device='cuda:0', grad_fn=<DivBackward0>)\",\"tensor(nan, device='cuda:0')\","
        "\"tensor([0.3, 0.4])\"\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(tmp_path)
    assert df[df.tag == "Train_loss"].value.tolist() == [3.1304, 3.0639]
    val = df[df.tag == "Val_loss"].value.tolist()
    assert val[0] == 2.9495 and np.isnan(val[1])  # a NaN tensor is a NaN point, not a dropped cell
    assert "Embedding" not in set(df.tag)  # several numbers: no value to take
    assert any("'Embedding' holds no numbers" in str(w.message) for w in caught)
