"""Stop 69 reader kinds from the opened dev sets 220 (trajectory / traffic forecasting) and 222 (low-level vision,
crowd counting): P2PNet's one-line ``run_log.txt`` (p2pgalaxy222 and five more), ..."""
from __future__ import annotations

import re
import time

import numpy as np
import torch

from _runs import read_resolved, read_values as _read
from loganalyzer.discover import discover


def _train(epochs: int = 12, seed: int = 0) -> tuple[list[float], list[float]]:
    """A small torch regression: per-epoch train and validation MSE (the numbers the real writers printed)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 4, generator=g)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 0.1 * torch.randn(256, generator=g)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    train, val = [], []
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x[64:]).squeeze(1), y[64:])
        loss.backward()
        opt.step()
        with torch.no_grad():
            val.append(float(torch.nn.functional.mse_loss(model(x[:64]).squeeze(1), y[:64])))
        train.append(float(loss.detach()))
    return train, val


def _p2pnet_log(path, train, val, *, eval_freq=2, newline=""):
    """The writes of P2PNet ``train.py`` (TencentYoutuResearch/CrowdCounting-P2PNet), in its order and formats."""
    with open(path, "a") as log_file:
        log_file.write("Eval Log %s\n" % time.strftime("%c"))
        log_file.write("Namespace(backbone='vgg16_bn', batch_size=8, epochs=%d, eval_freq=%d, lr=0.0001)"
                       % (len(train), eval_freq))
    mae, step = [], 0
    for epoch, loss in enumerate(train):
        with open(path, "a") as log_file:
            log_file.write("loss/loss@{}: {}".format(epoch, loss))
            log_file.write("loss/loss_ce@{}: {}{}".format(epoch, loss, newline))
        with open(path, "a") as log_file:
            log_file.write('[ep %d][lr %.7f][%.2fs]%s' % (epoch, 1e-4, 18.37, newline))
        if epoch % eval_freq == 0 and epoch != 0:
            result = (100 * val[epoch], 130 * val[epoch])
            mae.append(result[0])
            with open(path, "a") as log_file:
                log_file.write("mae:{}, mse:{}, time:{}, best mae:{}{}".format(result[0], result[1], 25.9,
                                                                               np.min(mae), newline))
            with open(path, "a") as log_file:
                log_file.write("metric/mae@{}: {}".format(step, result[0]))
                log_file.write("metric/mse@{}: {}".format(step, result[1]))
            step += 1


def test_p2pnet_one_line_run_log(tmp_path):
    """p2pgalaxy222 run_log.txt: a whole training on one line, read as 0 rows before."""
    train, val = _train(12)
    _p2pnet_log(tmp_path / "run_log.txt", train, val)
    assert (tmp_path / "run_log.txt").read_text().count("\n") == 1
    assert [r.id for r in discover(str(tmp_path))] == ["run_log.txt"]
    df, said = read_resolved(tmp_path / "run_log.txt")
    rows = df[df.tag == "loss/loss"].sort_values("step")
    assert rows.step.tolist() == list(range(12)) and np.allclose(rows.value, train)
    assert np.allclose(df[df.tag == "loss/loss_ce"].sort_values("step").value, train)
    ev = df[df.tag == "val_mae"].sort_values("step")
    assert ev.step.tolist() == [2, 4, 6, 8, 10]  # the epoch each evaluation followed, not the counter 0..4
    assert np.allclose(ev.value, [100 * val[e] for e in (2, 4, 6, 8, 10)])
    assert np.allclose(df[df.tag == "val_mse"].sort_values("step").value, [130 * val[e] for e in (2, 4, 6, 8, 10)])
    assert np.allclose(df[df.tag == "lr"].value, 1e-4)
    assert not any(str(t).startswith(("metric/", "loss/loss@", "ep")) for t in df.tag.unique())


def test_p2pnet_run_log_with_some_newlines(tmp_path):
    """p2pjayis222 run_log_vgg.txt: a newline after some writes (a fork's ``\\n``) -- read as 10 rows of ``ep``,
    ``lr`` and a ``loss/loss_ce@81`` tag before."""
    train, val = _train(15, seed=1)
    _p2pnet_log(tmp_path / "run_log.txt", train, val, eval_freq=5, newline="\n")
    series, _ = _read(tmp_path / "run_log.txt")
    assert np.allclose(series["loss/loss"], train) and len(series["val_mae"]) == 2
    assert not any("@" in t for t in series)


def test_p2pnet_without_writer_reads_the_mae_line(tmp_path):
    """A fork that writes no ``metric/`` pair (``writer`` None): the ``mae:.., mse:..`` line is the evaluation."""
    train, val = _train(9, seed=2)
    _p2pnet_log(tmp_path / "run_log.txt", train, val, eval_freq=3)
    text = (tmp_path / "run_log.txt").read_text()

    (tmp_path / "run_log.txt").write_text(re.sub(r"metric/m[as]e@\d+: [0-9.e-]+", "", text))
    series, _ = _read(tmp_path / "run_log.txt")
    assert np.allclose(series["val_mae"], [100 * val[e] for e in (3, 6)])
    assert np.allclose(series["val_mse"], [130 * val[e] for e in (3, 6)])
