"""readers18b: structured logs found by breaker9 (DVCLive run dirs, HF Trainer stdout saved with its tqdm bar, one
training's losses saved as two files named by split). Every input is written by the real writer's code path (or
printed by a real tiny training loop) here."""
from __future__ import annotations

import csv
import json
import os
import time

import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover

torch = pytest.importorskip("torch")


class _Live:
    """What DVCLive's ``Live.log_metric``/``next_step`` write (dvclive/plots/metric.py ``Metric.dump``: a
    ``csv.DictWriter`` with ``delimiter="\\t"``, ``lineterminator="\\n"``, appending a row per call; summary
    ``metrics.json``): DVCLive 3 ``<dir>/plots/metrics/<name>.tsv`` with ``step <leaf>``; ``old=True``: DVCLive 1.x
    ``<dir>/scalars/<name>.tsv`` with ``timestamp step <name>`` and the summary ``<dir>.json``.
    (dvclive itself is not installed here.)"""

    def __init__(self, d, old=False):
        self.dir, self.old, self.step, self.summary = str(d), old, 0, {}

    def log_metric(self, name, value):
        sub = "scalars" if self.old else os.path.join("plots", "metrics")
        path = os.path.join(self.dir, sub, name + ".tsv")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        row = {"timestamp": int(time.time() * 1000), "step": self.step, name: value} if self.old else \
            {"step": self.step, os.path.basename(name): value}
        existed = os.path.exists(path)
        with open(path, "a", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, row.keys(), delimiter="\t", lineterminator="\n")
            if not existed:
                w.writeheader()
            w.writerow(row)
        node = self.summary
        for part in name.split("/")[:-1]:
            node = node.setdefault(part, {})
        node[name.split("/")[-1]] = value

    def next_step(self):
        self.step += 1
        out = self.dir + ".json" if self.old else os.path.join(self.dir, "metrics.json")
        with open(out, "w") as f:
            json.dump({**self.summary, "step": self.step}, f, indent=4)


def _train_dvclive(live, epochs=6, val_split="eval"):
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 0.0]) + 0.1 * torch.randn(64)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    train, val = [], []
    for epoch in range(epochs):
        loss = torch.nn.functional.mse_loss(model(x[:48]).squeeze(1), y[:48])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            vloss = torch.nn.functional.mse_loss(model(x[48:]).squeeze(1), y[48:]).item()
        live.log_metric("train/loss", loss.item())
        live.log_metric(f"{val_split}/loss", vloss)
        live.log_metric("epoch", epoch)
        live.log_metric("accuracy", 1.0 / (1.0 + vloss))
        train.append(loss.item())
        val.append(vloss)
        live.next_step()
    return train, val


@pytest.mark.parametrize("old", [False, True])
def test_dvclive_dir_is_one_run_tagged_by_path(tmp_path, old):
    """A DVCLive dir is ONE run; each metric's tag is its path below plots/metrics/ (scalars/), the split kept."""
    train, val = _train_dvclive(_Live(tmp_path / "proj" / "dvclive", old=old), val_split="valid" if old else "eval")
    runs = discover(tmp_path / "proj")
    assert [r.id for r in runs] == ["dvclive"]
    assert {os.path.basename(f.path) for f in runs[0].files} >= {"loss.tsv", "epoch.tsv", "accuracy.tsv"}
    df = read_scalars(tmp_path / "proj", resolve=True)
    vsplit = "valid" if old else "eval"
    assert set(df["dir"]) == {"dvclive"}
    assert set(df["tag"]) == {"train/loss", f"{vsplit}/loss", "epoch", "accuracy"}
    got = df[df["tag"] == "train/loss"].sort_values("step")
    assert got["step"].tolist() == list(range(6))
    assert got["value"].tolist() == pytest.approx(train)
    got = df[df["tag"] == f"{vsplit}/loss"].sort_values("step")
    assert got["value"].tolist() == pytest.approx(val)
    if old:  # DVCLive 1.x's timestamp (ms) is the wall time (s)
        assert got["wall_time"].between(time.time() - 600, time.time() + 1).all()


def test_dvclive_two_dirs_two_runs_and_bad_row_said(tmp_path):
    """Two DVCLive dirs are two runs; a broken row is left out with one warning naming file and line."""
    _train_dvclive(_Live(tmp_path / "dvclive"))
    _train_dvclive(_Live(tmp_path / "dvclive-metrics", old=True), epochs=3)
    bad = tmp_path / "dvclive" / "plots" / "metrics" / "train" / "loss.tsv"
    with open(bad, "a") as f:
        f.write("7\tnot-a-number\n")
    assert sorted(r.id for r in discover(tmp_path)) == ["dvclive", "dvclive-metrics"]
    from loganalyzer.load import load_run

    run = next(r for r in discover(tmp_path) if r.id == "dvclive")
    loaded = load_run(run)
    said = [str(p) for p in loaded.problems if "loss.tsv" in str(p)]
    assert len(said) == 1 and "line 8" in said[0], said
    assert loaded.scalars[loaded.scalars["tag"] == "train/loss"]["step"].tolist() == list(range(6))
