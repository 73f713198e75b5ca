"""readers32: reader faults the forty-sixth and forty-seventh blind labellers found (held-out sets 46, 47) and two
left from set 44, each written or printed by a real tiny torch training in the shape of the public file named in
its test.

- YOLOv10's results.csv (``train/box_om`` .. ``train/dfl_oo``: the terms of its one-to-many and one-to-one heads, no
  word ``loss``) sniffed as a Keras CSV and no loss found in it: its runs had no training or validation loss.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)


# ------------------------------------------------------------------ 1: YOLOv10's two heads' loss terms

# public AbdulRafay03/Signature-recognition (57b46a18dcf667c73fd431d0ec34561d0c724a92) runs/detect/train2/results.csv:
#                   epoch,           train/box_om,           train/cls_om,           train/dfl_om,           train/box_oo,
#   ...,   metrics/precision(B),      metrics/recall(B),       metrics/mAP50(B),    metrics/mAP50-95(B),
#   val/box_om, ..., val/dfl_oo,                 lr/pg0,                 lr/pg1,                 lr/pg2
#                       1,                  1.241,                 3.1768,                 1.4759,                 1.0334,

_TERMS = ("box", "cls", "dfl")


def _two_heads(epochs: int, seed: int = 0) -> list[dict]:
    """A real tiny torch 'detector' trained with two heads (one-to-many, one-to-one) on a box, a class and a
    distribution term each, the objective their sum (YOLOv10's v10DetectLoss): per epoch, its results.csv metrics."""
    torch.manual_seed(seed)
    x, xv = torch.randn(256, 6), torch.randn(64, 6)
    box, boxv = x[:, :4] * 0.5, xv[:, :4] * 0.5
    cls, clsv = (x[:, 4] > 0).float(), (xv[:, 4] > 0).float()
    bins, binsv = (x[:, 5].clamp(-1.9, 1.9) * 2 + 4).long(), (xv[:, 5].clamp(-1.9, 1.9) * 2 + 4).long()
    heads = torch.nn.ModuleList(torch.nn.Linear(6, 4 + 1 + 8) for _ in range(2))
    opt = torch.optim.SGD(heads.parameters(), lr=0.1)

    def terms(xx, bb, cc, dd):
        out = []
        for h in heads:
            p = h(xx)
            out.append((torch.nn.functional.l1_loss(p[:, :4], bb),
                        torch.nn.functional.binary_cross_entropy_with_logits(p[:, 4], cc),
                        torch.nn.functional.cross_entropy(p[:, 5:], dd)))
        return out

    rows = []
    for epoch in range(epochs):
        sums = torch.zeros(6)
        for i in range(8):
            s = slice(i * 32, (i + 1) * 32)
            t = terms(x[s], box[s], cls[s], bins[s])
            loss = sum(sum(h) for h in t)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sums += torch.tensor([v.item() for h in t for v in h])
        with torch.no_grad():
            tv = [v.item() for h in terms(xv, boxv, clsv, binsv) for v in h]
            acc = ((heads[1](xv)[:, 4] > 0).float() == clsv).float().mean().item()
        row = {f"train/{n}_{h}": sums[k * 3 + j].item() / 8 for k, h in enumerate(("om", "oo"))
               for j, n in enumerate(_TERMS)}
        row |= {"metrics/precision(B)": acc, "metrics/recall(B)": acc, "metrics/mAP50(B)": acc * 0.9,
                "metrics/mAP50-95(B)": acc * 0.6}
        row |= {f"val/{n}_{h}": tv[k * 3 + j] for k, h in enumerate(("om", "oo")) for j, n in enumerate(_TERMS)}
        row |= {"lr/pg0": 0.1 * (1 - epoch / epochs), "lr/pg1": 0.1, "lr/pg2": 0.1}
        rows.append(row)
    return rows


def _save_metrics_v10(path: Path, epoch: int, metrics: dict) -> None:
    """THU-MIG yolov10's ``BaseTrainer.save_metrics`` (Ultralytics 8.1): header only into a new file, padded to 23
    characters, no ``time`` column; values ``%23.5g``."""
    keys, vals = list(metrics), list(metrics.values())
    n = len(metrics) + 1
    s = "" if path.exists() else ("%23s," * n % tuple(["epoch", *keys])).rstrip(",") + "\n"
    with open(path, "a") as f:
        f.write(s + ("%23.5g," * n % tuple([epoch + 1, *vals])).rstrip(",") + "\n")


def test_yolov10_two_head_terms_are_its_losses(tmp_path):
    """Sniffed as Ultralytics; the training and validation losses are the sums of both heads' six terms (the
    objective v10DetectLoss trains on), each term kept as a series of its own."""
    from loganalyzer import load_run
    from loganalyzer.curves import find_curves

    path = tmp_path / "train2" / "results.csv"
    path.parent.mkdir()
    rows = _two_heads(10)
    for epoch, row in enumerate(rows):
        _save_metrics_v10(path, epoch, row)
    (run,) = discover(tmp_path)
    assert run.format == "ultralytics_csv"
    df, lines = _read(tmp_path)
    assert lines == []
    steps, box = _series(df, "train/box_oo")
    assert steps == list(range(1, 11)) and box == pytest.approx([r["train/box_oo"] for r in rows], abs=1e-4)
    curves = find_curves(load_run(run).scalars)
    heads = [f"{n}_{h}" for n in _TERMS for h in ("om", "oo")]
    assert curves.train_loss.name == " + ".join(sorted(f"train/{t}" for t in heads))
    assert curves.val_loss.name == " + ".join(sorted(f"val/{t}" for t in heads))
    want = [sum(r[f"val/{t}"] for t in heads) for r in rows]
    assert curves.val_loss.values.tolist() == pytest.approx(want, rel=1e-3)
    assert curves.train_loss.values[-1] < curves.train_loss.values[0]  # the sum trained on fell
    assert curves.val_metric.name == "metrics/mAP50-95(B)"


def test_two_head_names_only_in_a_detector_s_csv(tmp_path):
    """A Keras history with a ``box_om`` column but no ``metrics/`` column stays a Keras CSV: only the header of a
    results.csv decides."""
    path = tmp_path / "history.csv"
    path.write_text("epoch,loss,box_om,val_loss\n0,1.0,0.5,1.1\n1,0.8,0.4,1.0\n")
    (run,) = discover(tmp_path)
    assert run.format == "keras_csv"

