"""A segmentation model's masks overfit while its summed validation loss kept falling (loganalyzer/verdict_maskrise.py).

The runs are Ultralytics YOLO-seg ``results.csv`` files (``BaseTrainer.save_metrics``' header and ``%.6g`` rows, as
tests/test_readers5.py writes them) holding the numbers of a real tiny training loop: a small conv net segments one
rectangle per noisy 16x16 image (binary cross-entropy per pixel: the mask loss ``seg_loss``), beside a box regressor
(L1, ``box_loss``) and a brightness classifier (cross-entropy, ``cls_loss``) that generalise and keep falling on
the validation images; the mask mAP over IoU 0.5:0.95 is the share of validation images whose mask IoU reaches each
threshold, averaged (one instance per image). Trained on 4 images the mask term overfits and the masks get worse;
on 6 images its loss rises as much but the mask mAP went on improving after the loss's best (overconfidence, not
worse masks).
"""
from __future__ import annotations

from pathlib import Path

import torch

from _runs import public_run, verdict

F = torch.nn.functional


def _images(n: int, seed: int, size: int = 16, noise: float = 1.0):
    g = torch.Generator().manual_seed(seed)
    x, m = torch.zeros(n, 1, size, size), torch.zeros(n, 1, size, size)
    c, b = torch.zeros(n, dtype=torch.long), torch.zeros(n, 4)
    for i in range(n):
        w, h = (int(v) for v in torch.randint(4, 9, (2,), generator=g))
        x0 = int(torch.randint(0, size - w, (1,), generator=g))
        y0 = int(torch.randint(0, size - h, (1,), generator=g))
        cls = int(torch.randint(0, 2, (1,), generator=g))
        m[i, 0, y0:y0 + h, x0:x0 + w] = 1
        x[i, 0] = m[i, 0] * (0.6 + 0.8 * cls)
        c[i], b[i] = cls, torch.tensor([x0, y0, x0 + w, y0 + h]) / size
    return x + noise * torch.randn(x.shape, generator=g), m, c, b


class _Seg(torch.nn.Module):
    def __init__(self, ch: int = 32):
        super().__init__()
        self.body = torch.nn.Sequential(*(layer for i in range(3) for layer in (
            torch.nn.Conv2d(1 if i == 0 else ch, ch, 3, padding=1), torch.nn.ReLU())))
        self.seg, self.cls, self.box = torch.nn.Conv2d(ch, 1, 1), torch.nn.Linear(2, 2), torch.nn.Linear(64, 4)

    def forward(self, x):
        pooled = torch.stack([x.mean((1, 2, 3)), x.amax((1, 2, 3))], 1)
        return self.seg(self.body(x)), self.cls(pooled), torch.sigmoid(self.box(F.avg_pool2d(x, 2).flatten(1)))


def _losses(net, x, m, c, b):
    masks, logits, boxes = net(x)
    return (F.binary_cross_entropy_with_logits(masks, m), F.cross_entropy(logits, c),
            (boxes - b).abs().sum(1).mean(), masks)


def _mask_map(masks, m) -> tuple[float, float]:
    pred, true = masks > 0, m > 0.5
    iou = (pred & true).sum((1, 2, 3)).float() / (pred | true).sum((1, 2, 3)).float().clamp(min=1)
    return (float(torch.stack([(iou >= t).float().mean() for t in torch.arange(0.5, 0.96, 0.05)]).mean()),
            float((iou >= 0.5).float().mean()))


def _yolo_seg(run: Path, n_train: int, epochs: int = 80) -> list[dict]:
    """Train, writing ``run/results.csv`` as Ultralytics 8.3 does (``save_metrics``: the header into a new file,
    then one row per epoch); returns the rows."""
    from test_readers5 import _save_metrics

    torch.manual_seed(0)
    torch.set_num_threads(1)
    train, val = _images(n_train, 1), _images(64, 2)
    net = _Seg()
    heads = list(net.cls.parameters()) + list(net.box.parameters())
    opt = torch.optim.Adam([{"params": list(net.body.parameters()) + list(net.seg.parameters())},
                            {"params": heads}], lr=3e-3)
    run.mkdir(parents=True)
    rows = []
    for epoch in range(epochs):
        net.train()
        seg, cls, box, _ = _losses(net, *train)
        opt.zero_grad()
        (seg + cls + box).backward()
        opt.step()
        net.eval()
        with torch.no_grad():
            tseg, tcls, tbox, _ = _losses(net, *train)
            vseg, vcls, vbox, masks = _losses(net, *val)
        m5095, m50 = _mask_map(masks, val[1])
        row = {"train/box_loss": float(tbox), "train/seg_loss": float(tseg), "train/cls_loss": float(tcls),
               "metrics/mAP50(M)": m50, "metrics/mAP50-95(M)": m5095, "val/box_loss": float(vbox),
               "val/seg_loss": float(vseg), "val/cls_loss": float(vcls), "lr/pg0": 3e-3}
        _save_metrics(run / "results.csv", epoch, 10.0 * (epoch + 1), row)
        rows.append(row)
    return rows


def _best(rows, key, lowest=True):
    values = [r[key] for r in rows]
    i = values.index(min(values) if lowest else max(values))
    return i, values[i]


def test_mask_loss_rising_as_the_mask_map_falls_is_overfit(tmp_path):
    rows = _yolo_seg(tmp_path / "train", n_train=4)
    i, best = _best(rows, "val/seg_loss")
    j, peak = _best(rows, "metrics/mAP50-95(M)", lowest=False)
    total = [r["val/box_loss"] + r["val/seg_loss"] + r["val/cls_loss"] for r in rows]
    # the shape: the mask loss turned at ~half the run and ended far above its best, the mask mAP peaked there and
    # fell back, while the summed validation loss was still lower at the end than at the mask loss's best
    assert i < 0.7 * len(rows) and rows[-1]["val/seg_loss"] > 1.5 * best, (i, best, rows[-1]["val/seg_loss"])
    assert abs(j - i) <= 8 and rows[-1]["metrics/mAP50-95(M)"] < 0.9 * peak, (j, peak)
    assert total[-1] < total[i]
    s = verdict(tmp_path)
    assert s.verdict == "overfit" and s.confidence <= 0.6, (s.verdict, s.confidence, s.summary)
    assert "val/seg_loss" in s.summary and "mAP50-95(M)" in s.summary, s.summary
    assert any(f.kind == "mask_overfit" for f in s.analysis.findings), s.analysis.findings


def test_mask_loss_rising_while_the_mask_map_holds_stays_healthy(tmp_path):
    """Guard: the mask loss rose as far after its best, but the mask mAP went on improving well after that best
    (its peak 16 epochs later, 20% of the run; the loss grew from overconfident pixels): not this rule's overfit."""
    rows = _yolo_seg(tmp_path / "train", n_train=6)
    i, best = _best(rows, "val/seg_loss")
    j, _ = _best(rows, "metrics/mAP50-95(M)", lowest=False)
    assert rows[-1]["val/seg_loss"] > 1.5 * best and j - i > 0.1 * len(rows), (i, j)
    s = verdict(tmp_path)
    assert s.verdict == "healthy", (s.verdict, s.summary)
    assert not any(f.kind == "mask_overfit" for f in s.analysis.findings)


def test_public_yolo_seg_runs_whose_masks_overfit():
    """The public runs that showed the kind (eval/public dev, labelled `overfit`, `healthy` before)."""
    for name in ("oilquant205__train", "abdcv63__train"):
        s = verdict(public_run(name))
        assert s.verdict == "overfit", (name, s.verdict, s.summary)
        assert any(f.kind == "mask_overfit" for f in s.analysis.findings), name
