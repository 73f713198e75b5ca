"""Verdict kinds of the sets opened at stop 64 (185-190), failing on the stop's start code, each with its guard.

- A detector that never saw a target (``verdict_notargets``): the public cattle186 cattle_pose_train (a YOLOv8-pose
  results.csv, train/box, pose, kobj and dfl loss 0 in all 100 rows, train/cls_loss 19.7 -> 0.007, every precision,
  recall and mAP 0), labelled `stalled` clearly, was `healthy` 0.91 on its cls_loss (balloons85 and team3seg162, the
  same shape, `healthy` too). The inputs here are a really trained tiny one-stage detector (torch), its losses
  computed as Ultralytics' v8DetectionLoss does (the box term over the anchors matched to a ground-truth box, 0 when
  none is; the classification BCE summed over every anchor and divided by max(1, the target score sum)), its
  metrics as its validator reports them (0 with no ground truth), written as Ultralytics 8.1+ ``save_metrics``
  writes results.csv. Guards: the same detector given its labels stays clear of it; a run whose box terms are 0
  but whose recall moved (anemia-yolo's shape) is not claimed.
"""
from __future__ import annotations

import numpy as np
import torch

from _runs import verdict

F = torch.nn.functional
KEYS = ["train/box_loss", "train/cls_loss", "train/dfl_loss", "metrics/precision(B)", "metrics/recall(B)",
        "metrics/mAP50(B)", "metrics/mAP50-95(B)", "val/box_loss", "val/cls_loss", "val/dfl_loss",
        "lr/pg0", "lr/pg1", "lr/pg2"]


def _data(n: int, seed: int, labelled: bool):
    """n images of 64 anchors (8 features each); an object sits on an anchor when its first feature is high."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 64, 8, generator=g)
    fg = x[..., 0] > 1.2
    box = x[..., 1:5] * 0.5 + 0.5  # the box offsets the head regresses (a function of the anchor's features)
    return x, (fg if labelled else torch.zeros_like(fg)), box


def _losses(model, x, fg, box):
    out = model(x)
    logit, pred = out[..., 0], out[..., 1:5]
    cls = F.binary_cross_entropy_with_logits(logit, fg.float(), reduction="sum") / max(1.0, float(fg.sum()))
    if fg.any():  # v8DetectionLoss: the box (IoU) and DFL terms only over the foreground anchors
        l1 = (pred[fg] - box[fg]).abs().sum(-1)
        return cls, l1.mean(), 0.5 * l1.mean()
    zero = torch.zeros((), requires_grad=False)
    return cls, zero, zero


def _metrics(model, x, fg, box) -> list[float]:
    """precision, recall, AP50 and an AP50-95 stand-in at confidence 0.5, as the validator reports them: 0 with no
    ground-truth box (``ap_per_class`` gets no target)."""
    if not fg.any():
        return [0.0, 0.0, 0.0, 0.0]
    with torch.no_grad():
        out = model(x)
    score = torch.sigmoid(out[..., 0]).flatten().numpy()
    truth = fg.flatten().numpy()
    good = ((out[..., 1:5] - box).abs().sum(-1) < 0.5).flatten().numpy() & truth
    hit = score > 0.5
    tp = float((hit & truth).sum())
    precision, recall = tp / max(1.0, float(hit.sum())), tp / float(truth.sum())
    order = np.argsort(-score)
    cum = np.cumsum(truth[order])
    ap = float(np.sum((cum / np.arange(1, len(order) + 1))[truth[order]]) / truth.sum())
    return [precision, recall, ap, ap * float(good.sum()) / float(truth.sum())]


def _yolo_results_csv(path, labelled: bool, epochs: int = 30) -> list[list[float]]:
    """Train 30 epochs and write results.csv; returns its rows. The learning rate: 0.01 with labels; 2e-5 without
    (the cls BCE is then summed over every anchor, divided by 1: 1,300 at first, as cattle186's 19.7 is large -- at
    0.01 it underflows to 0.0 within 3 epochs)."""
    torch.manual_seed(0)
    xs, fgs, boxes = _data(256, 1, labelled)
    xv, fgv, boxv = _data(64, 2, labelled)
    model = torch.nn.Linear(8, 5)
    opt = torch.optim.SGD(model.parameters(), lr=0.01 if labelled else 2e-5, momentum=0.9)
    rows = []
    for epoch in range(epochs):
        lr = opt.param_groups[0]["lr"]
        sums = np.zeros(3)
        for i in range(0, len(xs), 32):
            cls, iou, dfl = _losses(model, xs[i:i + 32], fgs[i:i + 32], boxes[i:i + 32])
            opt.zero_grad()
            (cls + iou + dfl).backward()
            opt.step()
            sums += [float(iou.detach()), float(cls.detach()), float(dfl.detach())]
        train = list(sums / (len(xs) // 32))
        with torch.no_grad():
            cls, iou, dfl = _losses(model, xv, fgv, boxv)
        rows.append([epoch + 1, 3.2 * (epoch + 1), *train, *_metrics(model, xv, fgv, boxv),
                     float(iou), float(cls), float(dfl), lr, lr, lr])
    n = len(KEYS) + 2
    with open(path, "w") as f:  # Ultralytics 8.1+ save_metrics: a '%s,' header, '%.5g,' rows
        f.write(("%s," * n % tuple(["epoch", "time", *KEYS])).rstrip(",") + "\n")
        for r in rows:
            f.write(("%.5g," * n % tuple(r)).rstrip(",") + "\n")
    return rows


def _kinds(s) -> set[str]:
    return {f.kind for f in (s.analysis.findings if s.analysis is not None else ())}


def test_a_detector_that_never_saw_a_target_is_stalled(tmp_path):
    run = tmp_path / "runs" / "pose" / "train"
    run.mkdir(parents=True)
    rows = _yolo_results_csv(run / "results.csv", labelled=False)
    assert all(r[2] == 0 and r[4] == 0 for r in rows) and rows[-1][3] < 0.2 * rows[0][3]  # only cls fell
    s = verdict(run)
    assert s.verdict == "stalled", (s.verdict, s.summary)
    assert "never" in s.summary and "box" in s.summary


def test_the_same_detector_given_its_labels_is_not_claimed(tmp_path):
    run = tmp_path / "runs" / "detect" / "train"
    run.mkdir(parents=True)
    rows = _yolo_results_csv(run / "results.csv", labelled=True)
    assert rows[-1][2] > 0 and rows[-1][8] > 0.3  # a box loss, a recall
    s = verdict(run)
    assert s.verdict != "stalled" and "no_targets" not in _kinds(s), (s.verdict, s.summary)


def test_box_terms_zero_but_a_metric_that_moved_is_not_claimed(tmp_path):
    run = tmp_path / "runs" / "detect" / "train"
    run.mkdir(parents=True)
    path = run / "results.csv"
    _yolo_results_csv(path, labelled=False)
    lines = path.read_text().splitlines()
    head = lines[0].split(",")
    recall = head.index("metrics/recall(B)")
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):  # anemia-yolo's shape: the box terms 0, the recall of stray boxes moving
        cells = line.split(",")
        cells[recall] = "%.5g" % (0.55 - 0.01 * i)
        out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n")
    s = verdict(run)
    assert "no_targets" not in _kinds(s), (s.verdict, s.summary)
