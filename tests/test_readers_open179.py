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


def _coqui_block(step: int, disc: float, gen: float) -> str:
    """One train step block as coqui-ai/Trainer's ``console_logger.print_train_step`` prints it (Trainer >= 0.0.20:
    the time first), its ANSI escapes' ESC bytes lost as in a log pasted into a document (public banglavits180)."""
    return (f"[1m --> TIME: 2025-05-14 10:30:10 -- STEP: {step % 630}/630 -- GLOBAL_STEP: {step}[0m\n"
            f"| > loss_disc: {disc} ({disc})\n| > loss_0: {disc} ({disc})\n"
            f"| > grad_norm_0: tensor(7.8930, device='cuda:0') (tensor(20.8855, device='cuda:0'))\n"
            f"| > loss_gen: 2.3 (2.2)\n| > loss_mel: {gen - 12} ({gen - 12})\n| > loss_1: {gen} ({gen})\n"
            f"| > grad_norm_1: tensor(159.8710, device='cuda:0') (tensor(248.6020, device='cuda:0'))\n"
            f"| > current_lr_0: 0.0002\n| > step_time: 0.6971 (0.7194715509511004)\n")


def test_a_coqui_log_with_timed_step_lines_pasted_into_markdown(tmp_path):
    """Coqui Trainer's ``--> TIME: .. -- STEP: 99/630 -- GLOBAL_STEP: 877100`` step lines were not step blocks, and a
    ``tensor(..)`` value ended a block (the generator's total after it lost): a VITS fine-tune saved as
    ``finetune 4.md`` was not discovered (public banglavits180, both runs `missing`)."""
    text = "# Fine-tuning Training Log\n\n## Training Output\n\n```\n > Training Environment:\n[4m[1m > EPOCH: 0/50[0m\n"
    text += "".join(_coqui_block(877000 + 100 * k, 2.6 - 0.01 * k, 28.0 - 0.1 * k) for k in range(1, 30)) + "```\n"
    (tmp_path / "finetune 4.md").write_text(text)
    runs = loganalyzer.discover(str(tmp_path))
    assert [r.id for r in runs] == ["finetune 4.md"]
    df = _read(tmp_path)
    loss = df[df.tag == "loss"].sort_values("step")
    assert loss.step.iloc[0] == 877100 and len(loss) == 29 and loss.value.iloc[0] == 27.9
    assert abs(df[df.tag == "loss_disc_total"].value.iloc[0] - 2.59) < 1e-9 and "grad_norm_1" in set(df.tag)

    run = verdict(_public("banglavits180__finetune-4"))
    assert run.roles["train_loss"] == "loss" and run.verdict == "healthy", run.analysis.summary


def _dlll(kind: str, step, data: dict, t: float = 1594037158.19) -> str:
    """One line as NVIDIA dllogger's ``JSONStreamBackend.log``/``metadata`` writes it (``"DLLL {}\\n".format(
    json.dumps(dict(timestamp=str(..), datetime=str(..), elapsedtime=str(..), type=.., step=step, data=data)))``)."""
    import json

    if kind == "METADATA":
        return "DLLL " + json.dumps({"timestamp": str(t), "elapsedtime": "2.4e-05", "datetime": "2020-07-06",
                                     "type": "METADATA", "metric": step, "metadata": data}) + "\n"
    return "DLLL " + json.dumps({"timestamp": str(t), "datetime": "2020-07-06", "elapsedtime": "0.1", "type": "LOG",
                                 "step": step, "data": data}) + "\n"


def test_an_nvidia_dllogger_stream_is_a_run(tmp_path):
    """FastPitch's ``nvlog.json`` (``DLLL {json}`` lines; step ``[epoch, iteration, per epoch]``, an epoch's summary
    at ``[epoch]``) was not discovered: public fastpitchterry180 `missing`."""
    text = _dlll("METADATA", "train_loss", {"name": "loss", "format": ":>5.2f"})
    text += _dlll("LOG", "PARAMETER", {"epochs": 1500}) + _dlll("LOG", "PARAMETER", {"output": "./output/"})
    for epoch in (1, 2):
        for it in range(1, 11):
            text += _dlll("LOG", [epoch, it, 10], {"train_loss": 30.0 - epoch * 10 - it * 0.5, "took": 0.2,
                                                   "lrate_change": "3.79E-04 -> 3.83E-04"}, 1594037160.0 + it)
        text += _dlll("LOG", [epoch], {"avg_train_loss": 25.0 - epoch, "val_loss": 26.0 - epoch})
    text += _dlll("LOG", [], {"avg_train_loss": 23.0})
    out = tmp_path / "output"
    out.mkdir()
    (out / "nvlog.json").write_text(text)
    assert [r.id for r in loganalyzer.discover(str(tmp_path))] == ["output/nvlog.json"]
    df = _read(out / "nvlog.json")
    loss = df[df.tag == "train_loss"].sort_values("step")
    assert loss.step.tolist() == list(range(1, 21)) and loss.value.iloc[-1] == 5.0
    assert df[df.tag == "val_loss"].sort_values("step").step.tolist() == [10, 20]
    assert "lrate_change" not in set(df.tag) and len(df[df.tag == "avg_train_loss"]) == 2

    run = verdict(_public("fastpitchterry180__output"))
    assert run.roles["train_loss"] == "train_loss" and run.verdict == "healthy", run.analysis.summary


def test_a_flair_loss_tsv_with_a_blank_train_precision_cell(tmp_path):
    """flair's ``ModelTrainer`` (0.4-0.6) writes a blank cell then ``_`` for the train scores it did not compute:
    every row one field more than the header, so each ``DEV_*``/``TEST_*`` column was read one to the left
    (``DEV_LOSS`` from ``_``, the loss in ``DEV_PRECISION``: five flair runs of set 179, labelled `healthy`, were
    `overfit` on a ``TEST_LOSS`` of F-scores)."""
    header = ("EPOCH\tTIMESTAMP\tBAD_EPOCHS\tLEARNING_RATE\tTRAIN_LOSS\tTRAIN_PRECISION\tTRAIN_RECALL\tTRAIN_ACCURACY"
              "\tTRAIN_F-SCORE\tDEV_LOSS\tDEV_PRECISION\tDEV_RECALL\tDEV_ACCURACY\tDEV_F-SCORE\tTEST_LOSS"
              "\tTEST_PRECISION\tTEST_RECALL\tTEST_ACCURACY\tTEST_F-SCORE\n")
    rows = "".join(f"{e}\t19:56:{10 + e}\t0\t0.1000\t{19.0 / (e + 1)}\t\t_\t_\t_\t_\t{15.0 / (e + 1)}\t0.{e}\t0.{e}1"
                   f"\t0.{e}2\t0.{e}3\t_\t0.{e}4\t0.{e}5\t0.{e}6\t0.{e}7\n" for e in range(8))
    (tmp_path / "loss.tsv").write_text(header + rows)
    df = _read(tmp_path / "loss.tsv")
    dev = df[df.tag == "DEV_LOSS"].sort_values("step")
    assert np.allclose(dev.value, [15.0 / (e + 1) for e in range(8)])
    assert np.allclose(df[df.tag == "TEST_F-SCORE"].sort_values("step").value, [float(f"0.{e}7") for e in range(8)])
    assert "TEST_LOSS" not in set(df.tag)

    run = verdict(_public("mooddj179__model_stuff_loss"))
    assert run.roles["val_loss"] == "DEV_LOSS" and run.verdict == "healthy", run.analysis.summary
