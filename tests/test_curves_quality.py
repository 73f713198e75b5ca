"""A bare PSNR/SSIM column of an epoch table is the validation loop's task metric (``curves_quality``).

leftthomas/SRGAN's ``train.py`` and its forks write ``statistics/srf_<scale>_train_results.csv`` with pandas,
``Epoch,Loss_D,Loss_G,Score_D,Score_G,PSNR,SSIM``: the losses and scores are the training batches' means, the PSNR
and SSIM the validation loop's (``netG.eval()`` over ``val_loader``). Real runs (open set 191, labelled blind):
vsrgan191 (Soumyadeepj/VSRGAN, PSNR best 21.2 at epoch 9, 14.0 at 100 while Loss_G kept falling) and srgan-clair191
exp8 (Clair3/SRGAN, PSNR best 26.3 at 77, 24.7 at 500), both clear overfits judged healthy on the losses alone.
Really written: a tiny denoiser trained here, its table written the way ``train.py`` writes it.
"""
from __future__ import annotations

import sys
import warnings
from math import log10
from pathlib import Path

import pandas as pd
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

from loganalyzer import read_scalars  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402

PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"


def public(name: str) -> Path:
    path = PUBLIC / name
    if not path.is_dir():
        pytest.skip("eval/public absent")
    return path


@pytest.mark.parametrize("name", ["vsrgan191__srf_4_train_results", "srgan-clair191__exp8_4_train_results"])
def test_an_srgan_table_is_judged_on_its_validation_psnr(name):
    run = verdict(public(name))
    assert any(n.startswith("validation metric: PSNR (a bare image-quality column") for n in run.notes)
    assert run.analysis.label == "overfit"


def _denoiser_table(out: Path, *, every: int = 1) -> Path:
    """A 3x3-conv denoiser trained 12 epochs on noisy smooth images; per epoch the training loss mean and the
    validation set's PSNR and SSIM-like score, saved as SRGAN's ``train.py`` saves them (``DataFrame(...).to_csv(
    index_label='Epoch')``); ``every``: the index step (an iteration count instead of the epoch)."""
    g = torch.Generator().manual_seed(0)
    clean = torch.nn.functional.avg_pool2d(torch.rand(96, 1, 20, 20, generator=g), 5, 1)
    noisy = clean + 0.1 * torch.randn(clean.shape, generator=g)
    model = torch.nn.Conv2d(1, 1, 3, padding=1)
    opt = torch.optim.Adam(model.parameters(), lr=3e-2)
    results = {"loss": [], "psnr": [], "ssim": []}
    for _ in range(12):
        total = 0.0
        for i in range(0, 64, 16):
            loss = torch.nn.functional.mse_loss(model(noisy[i:i + 16]), clean[i:i + 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() / 4
        with torch.no_grad():
            sr, hr = model(noisy[64:]), clean[64:]
            mse = float(((sr - hr) ** 2).mean())
            corr = float(torch.corrcoef(torch.stack([sr.flatten(), hr.flatten()]))[0, 1])
        results["loss"].append(total)
        results["psnr"].append(10 * log10(float(hr.max()) ** 2 / mse))
        results["ssim"].append(corr)
    path = out / "srf_4_train_results.csv"
    pd.DataFrame(data={"Loss_G": results["loss"], "PSNR": results["psnr"], "SSIM": results["ssim"]},
                 index=range(every, every * 12 + 1, every)).to_csv(path, index_label="Epoch")
    return path


def _curves(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return find_curves(read_scalars(path, resolve=True))


def test_a_really_written_epoch_table_takes_psnr_as_the_validation_metric(tmp_path):
    curves = _curves(_denoiser_table(tmp_path))
    assert curves.val_metric is not None and curves.val_metric.tag == "PSNR"
    assert ("validation metric: srf_4_train_results.csv/PSNR (a bare image-quality column of an epoch table, written by "
            "the validation loop)") in curves.notes


def test_a_per_iteration_table_keeps_its_bare_psnr_out(tmp_path):
    # steps 100, 200..: a training log may print the batch's own PSNR; no epoch table, no role
    curves = _curves(_denoiser_table(tmp_path, every=100))
    assert curves.val_metric is None


def test_a_named_split_beside_it_keeps_the_bare_psnr_out(tmp_path):
    path = _denoiser_table(tmp_path)
    table = pd.read_csv(path)
    table["val_loss"] = table["Loss_G"] * 1.1
    table.to_csv(path, index=False)
    curves = _curves(path)
    assert curves.val_metric is None or curves.val_metric.tag != "PSNR"
