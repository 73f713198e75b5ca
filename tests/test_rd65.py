"""Reader kinds named by sets 191-196's blind labellers (opened at stop 65), each failing on the stop's start code.
Files are written with the writer the program used (``torch.save`` of DeepSDF's log dict)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from _runs import read_resolved, runs_points, verdict

torch = pytest.importorskip("torch")


def _decay(n: int, a: float, b: float, rate: float) -> list[float]:
    return [b + (a - b) * math.exp(-i / rate) for i in range(n)]


def _deepsdf_logs(path, epochs: int, batches: int, legacy: bool = False, numpy_scalars: bool = False) -> list[float]:
    """facebookresearch/DeepSDF ``train_deep_sdf.py`` ``save_logs``: ``torch.save({"epoch": epoch, "loss":
    loss_log, "learning_rate": lr_log, "timing": timing_log, "latent_magnitude": lat_mag_log, "param_magnitude":
    param_mag_log}, Logs.pth)`` -- ``loss_log`` one value a batch, the others one an epoch, ``lr_log`` one list of the
    param groups' rates an epoch. Returns the per-batch losses."""
    rng = np.random.default_rng(0)
    loss = [v * (1 + 0.05 * rng.standard_normal()) for v in _decay(epochs * batches, 0.04, 0.005, epochs * batches / 5)]
    scalar = np.float64 if numpy_scalars else float
    logs = {"epoch": epochs, "loss": loss,
            "learning_rate": [[5e-4 * 0.5 ** (e // 50), 1e-3 * 0.5 ** (e // 50)] for e in range(epochs)],
            "timing": [scalar(12.0 + rng.random()) for _ in range(epochs)],
            "latent_magnitude": [scalar(0.1 + 0.01 * e) for e in range(epochs)],
            "param_magnitude": {"lin0.weight": [scalar(3.0 + 0.01 * e) for e in range(epochs)],
                                "lin0.bias": [scalar(0.2) for _ in range(epochs)]}}
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(logs, path, _use_new_zipfile_serialization=not legacy)
    return loss


def test_deepsdf_logs_pth_is_read_on_the_batch_axis(tmp_path):
    """deepsdflj192 ``beds/Logs.pth``: 2000 epochs of 18 batches; the file was never discovered (its name says no
    ``loss``/``hist``). Now one run: the per-batch loss at 0..k*E-1, per-epoch series at each epoch's last batch, the
    learning rate one series per param group; the run is healthy."""
    loss = _deepsdf_logs(tmp_path / "beds" / "Logs.pth", epochs=120, batches=6)
    df, said = read_resolved(tmp_path)
    got = df.groupby("tag", observed=True).step.agg(["count", "min", "max"])
    assert got.loc["loss"].tolist() == [720, 0, 719]
    assert got.loc["timing"].tolist() == [120, 5, 719]
    assert got.loc["learning_rate/1"].tolist() == [120, 5, 719]
    assert "param_magnitude/lin0.weight" in got.index
    assert df[df.tag == "loss"].value.tolist() == pytest.approx(loss)
    assert not any("learning_rate" in w for w in said)
    summary = verdict(tmp_path / "beds")
    assert summary.verdict == "healthy"
    assert summary.roles.get("train_loss") == "loss"


def test_legacy_torch_save_with_numpy_scalars_is_read(tmp_path):
    """deepsdfreg192 ``sofas/Logs.pth``: torch < 1.6's format (a pickled magic number, no ZIP) holding ``np.float64``
    values, one batch an epoch: refused as "not a ZIP archive", then by torch's allow-list (numpy's scalar). Now read
    by ``torch.load(weights_only=True)`` with numpy's scalar and numeric dtypes allowed, each list per epoch."""
    loss = _deepsdf_logs(tmp_path / "sofas" / "Logs.pth", epochs=80, batches=1, legacy=True, numpy_scalars=True)
    assert (tmp_path / "sofas" / "Logs.pth").read_bytes()[:2] == b"\x80\x02"
    run = runs_points(tmp_path)["sofas/Logs.pth"]
    assert run["loss"][0] == list(range(80))
    assert run["loss"][1] == pytest.approx(loss, abs=1e-5)
    assert run["timing"][0] == list(range(80))
    assert run["learning_rate/0"][1][0] == pytest.approx(5e-4)


def test_a_logs_pth_checkpoint_is_no_history(tmp_path):
    """A model saved as ``logs.pth`` (a state dict of tensors, no ``epoch`` count): said in one line, no run."""
    (tmp_path / "a").mkdir()
    torch.save(torch.nn.Linear(3, 2).state_dict(), tmp_path / "a" / "logs.pth")
    df, said = read_resolved(tmp_path)
    assert len(df) == 0
    assert any("a/logs.pth" in w for w in said)
