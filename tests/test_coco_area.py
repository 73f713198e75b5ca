"""COCO's area buckets (``coco/AP (L)``, ``coco/AR (M)``, ``AP_L``) are metrics, not losses: the capital L standing
alone is read as a loss only outside them (readers._names_i18n.lone_l).

Public open liwei169 / roger169 (RTMPose ear keypoints, mmengine's ``scalars.json``): ``val/coco/AP (L)`` had been
taken as the validation loss and a clear healthy run called `overfit` 0.97 ("never improved on its first evaluation"
while it rose 0.016 -> 0.737). The log here is written as mmengine's LocalVisBackend writes it (one JSON object a
line: training lines with loss/lr/step, evaluation lines with the COCO keypoint stats names of xtcocotools) from a
really trained tiny torch regression whose "AP" is a real monotone function of its validation error."""
from __future__ import annotations

import json
import math

import torch

from loganalyzer.curves_names import words
from loganalyzer.scan import scan


def test_area_bucket_l_is_no_loss_but_paper_l_is():
    assert words("val/coco/AP (L)") == ["val", "coco", "ap", "l"]
    assert words("coco/AR_L")[-1] == "l" and "loss" not in words("mAP_L")
    assert words("train_L_vae") == ["train", "loss", "vae"] and words("D_L") == ["d", "loss"]


def test_a_keypoint_run_logging_coco_area_stats_is_judged_on_its_loss(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 2) + 0.05 * torch.randn(256, 2)
    xv, yv = x[200:], y[200:]
    model = torch.nn.Linear(8, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines = []
    for step in range(1, 301):
        loss = torch.nn.functional.mse_loss(model(x[:200]), y[:200])
        opt.zero_grad()
        loss.backward()
        opt.step()
        lines.append({"lr": 0.05, "loss": loss.item(), "loss_kpt": loss.item(), "epoch": 1 + step // 30, "step": step})
        if step % 30 == 0:
            with torch.no_grad():
                err = torch.nn.functional.mse_loss(model(xv), yv).item()
            ap = math.exp(-err)  # a keypoint AP rising as the error falls
            lines.append({"coco/AP": ap, "coco/AP .5": min(1.0, ap * 1.2), "coco/AP (M)": -1.0, "coco/AP (L)": ap,
                          "coco/AR": ap, "coco/AR (M)": -1.0, "coco/AR (L)": ap, "PCK": ap, "step": step // 30})
    run = tmp_path / "rtmpose"
    run.mkdir()
    (run / "scalars.json").write_text("".join(json.dumps(line) + "\n" for line in lines))
    [summary] = scan(run).runs
    assert summary.roles.get("val_loss") is None or "AP" not in summary.roles["val_loss"]
    assert summary.roles["train_loss"] == "loss"
    assert summary.verdict == "healthy", summary.summary
