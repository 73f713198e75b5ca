"""Stop 63: reader faults named by the blind labellers of sets 179-181 (NLP fine-tunes, TTS, remote sensing), opened
at this stop. Each kind is tested on a file its real writer wrote here and, where the checkout has it, on the public
run that showed it."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import public_run as _public, verdict  # noqa: E402

import loganalyzer  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402


def _read(path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.read_scalars(str(path), resolve=True)


def test_a_csv_of_python_dict_cells_is_read(tmp_path):
    """pandas' ``to_csv`` of per-epoch metric dicts, one column per split (public edcd181 ``train_metrics.csv``:
    "its header names no step, epoch or loss column", nothing read): each dict key is a series
    ``<split>_<key>``, the row number the epoch."""
    train = [{"net_loss": 0.5 / (e + 1), "net_accuracy": 40.0 + e, "note": "x"} for e in range(6)]
    val = [{"net_loss": 0.6 / (e + 1), "net_accuracy": 39.0 + e} for e in range(6)]
    path = tmp_path / "train_metrics.csv"
    pd.DataFrame({"train": train, "val": val}).to_csv(path, index=False)
    assert path.read_text().splitlines()[1].startswith("\"{'net_loss': 0.5")  # the writer's real shape
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = loganalyzer.read_scalars(str(path), resolve=True)
    assert sorted(df.tag.unique()) == ["train_net_accuracy", "train_net_loss", "val_net_accuracy", "val_net_loss"]
    loss = df[df.tag == "val_net_loss"].sort_values("step")
    assert loss.step.tolist() == [1, 2, 3, 4, 5, 6] and np.allclose(loss.value, [0.6 / k for k in range(1, 7)])
    assert any("is a Python dict" in str(w.message) for w in caught)

    df = _read(_public("edcd181__Mid-Conc-Fusion"))
    loss = df[df.tag == "train_net_loss"].sort_values("step")
    assert len(loss) == 15 and loss.value.iloc[0] == 0.3600783348083496


def test_mce_is_a_mean_cross_entropy_loss():
    """GeoSeg's CSV names its loss ``trn_MCE``/``val_MCE`` (mean cross-entropy) beside ``trn_OAcc``: the run was
    `unknown`, "no usable loss" (public geoseg181 SegNet/UNet Vaihingen)."""
    def table(tags):
        return pd.concat([pd.DataFrame({"dir": "", "tag": t, "step": np.arange(10), "value": np.linspace(2, 1, 10),
                                        "wall_time": np.nan}) for t in tags], ignore_index=True)

    curves = find_curves(table(["trn_MCE", "val_MCE", "trn_FPS"]))
    assert curves.train_loss.tag == "trn_MCE" and curves.val_loss.tag == "val_MCE"
    run = verdict(_public("geoseg181__SegNet-3x6x24-Vaihingen_iter_5000"))
    assert run.roles["train_loss"] == "trn_MCE" and run.verdict != "unknown"
