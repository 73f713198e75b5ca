"""readers32: reader faults the forty-sixth and forty-seventh blind labellers found (held-out sets 46, 47) and two
left from set 44, each written or printed by a real tiny torch training in the shape of the public file named in
its test.

- YOLOv10's results.csv (``train/box_om`` .. ``train/dfl_oo``: the terms of its one-to-many and one-to-one heads, no
  word ``loss``) sniffed as a Keras CSV and no loss found in it: its runs had no training or validation loss.
- A JSON history one level down (``{"train_losses": {"total": [..], "i1": [..]}}``; ``{"history": [{epoch,
  train_loss, val_loss}, ..]}``) not found; a ``config`` list (``num_blocks: [2, 2, 2, 2]``) read as a series.
- GluonCV's ``[Epoch 0][Batch 50], Speed: .., CrossEntropy=..`` behind a logging source (``train_net.py[line:177] -
  INFO:``): 0 rows (the MXNet/Gluon reader matched its lines only at the start of the message).
- A nanoGPT fork's ``[eval] iter N: train X val Y lr Z`` (no word ``loss``) unread: no validation, no LR.
- ``[INFO | main.py:45] 2021-01-23 22:55:28,033: [Epoch    1] Loss: 2.307`` gave a series ``main.py`` (the source
  line 45) and the lines, printed every ``print_interval`` iterations naming only their epoch, all at the epoch.
- DGCNN's ``Train 0, loss: 2.689309, train acc: ...`` gave a series ``Train`` of epoch indices (and its ``train avg
  acc`` was taken for the training loss: an averaged accuracy is no loss).
- SwAV's ``Data 3.193 (3.193)`` (data-loading time) a series, ``Best Acc@1 so far`` a series ``test_so_far``,
  ``Acc@1 27.240`` lost and every point at step 0 (``Epoch[0] - Iter: [0/13]``).
- A tqdm bar redrawn past its ``total`` (``Epoch 1: 19it [05:01, ..., loss=86.7]``) read as an epoch summary
  ``loss_epoch`` (the last batches' postfix values, not the epoch means).
- ``Discriminator Accuracy (Loss): 0.5078125 (1.3683994)`` unread (set 44's cifartf44).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from loganalyzer.discover import discover

torch = pytest.importorskip("torch")

from test_readers20a import _read, _series  # noqa: E402  (the resolved view and warnings; a tag's points)
from test_readers31 import _batches  # noqa: E402  (a real tiny torch classifier trained by mini-batches)


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


# ------------------------------------------------------------------ 2: a history one level down in a JSON file

# public DeivanaiThiyagarajan/Multi-Image-Super-Resolution-for-Medical-Images
# (4bc6b5ff62675738ef47c143881a49ee27495ea0) results/progressive_unet_history.json:
#   {"train_losses": {"total": [0.2565, ...], "i1": [...], "i2": [...], "i3": [...]},
#    "test_metrics": {"i1": {"ssim_mean": 0.767, ...}, ...}, "config": {"epochs": 27, "loss_weights": {...}}, ...}
# and results/deepcnn_history.json: {"train_losses": [...], "val_losses": [...], "config": {"num_blocks": [2, 2, 2, 2]}}
# public KushalS16/English-odia_transformer (3d9b25088d8d11e6955f8fa2e7b7d234689e35ca) results/training_history.json:
#   {"history": [{"epoch": 1, "train_loss": 7.69, "val_loss": 7.25, "train_ppl": 2203.7, "val_ppl": 1413.7,
#   "step": 1250}, ...], "best_val_loss": 4.1, "device": "cuda", "epochs_completed": 20}


def _three_stage(epochs: int, seed: int = 0) -> dict:
    """A real tiny torch regressor with three outputs (weights 0.5, 1, 0.5) trained on their weighted sum: per epoch
    the total and each output's loss, and per epoch the validation total and perplexity-like exp of it."""
    torch.manual_seed(seed)
    x, xv = torch.randn(128, 5), torch.randn(32, 5)
    y, yv = x[:, :3] * 0.7 + 0.1, xv[:, :3] * 0.7 + 0.1
    model = torch.nn.Linear(5, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    w = torch.tensor([0.5, 1.0, 0.5])
    out = {"total": [], "i1": [], "i2": [], "i3": [], "val": []}
    for _ in range(epochs):
        per = ((model(x) - y) ** 2).mean(0)
        loss = (per * w).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        out["total"].append(loss.item())
        for k, v in zip(("i1", "i2", "i3"), per.tolist()):
            out[k].append(v)
        with torch.no_grad():
            out["val"].append((((model(xv) - yv) ** 2).mean(0) * w).sum().item())
    return out


def test_dict_of_lists_under_a_loss_key(tmp_path):
    """``json.dump({"train_losses": {"total": [..], "i1": [..]}, "test_metrics": {..}, "config": {..}})``: found,
    the total the training loss and the outputs' losses its components; the settings are no series."""
    import json

    from loganalyzer import load_run
    from loganalyzer.curves import find_curves

    h = _three_stage(12)
    doc = {"train_losses": {k: h[k] for k in ("total", "i1", "i2", "i3")},
           "test_metrics": {"i1": {"ssim_mean": 0.77, "psnr_mean": 27.9}, "average": {"ssim": 0.72}},
           "config": {"epochs": 12, "batch_size": 4, "loss_weights": {"w_i1": 0.5, "w_i2": 1.0, "w_i3": 0.5},
                      "num_blocks": [2, 2, 2, 2], "architecture": "Progressive UNet (3-stage)"},
           "timestamp": "2025-11-21T11:39:44.547078"}
    (tmp_path / "progressive_unet_history.json").write_text(json.dumps(doc, indent=4))
    (run,) = discover(tmp_path)
    assert run.format == "json_history"
    df, lines = _read(tmp_path)
    assert sorted(set(df.tag)) == ["train_losses/i1", "train_losses/i2", "train_losses/i3", "train_losses/total"]
    steps, total = _series(df, "train_losses/total")
    assert steps == list(range(12)) and total == pytest.approx(h["total"], abs=1e-4)
    (line,) = lines
    assert "'config' (the run's settings)" in line
    curves = find_curves(load_run(run).scalars)
    assert curves.train_loss.name == "train_losses/total"
    assert sorted(s.name for s in curves.components) == ["train_losses/i1", "train_losses/i2", "train_losses/i3"]


def test_config_lists_are_never_a_series(tmp_path):
    """``config.num_blocks`` ([2, 2, 2, 2]) beside a flat history was a 4-point series ``config/num_blocks``."""
    import json

    h = _three_stage(9)
    doc = {"train_losses": h["total"], "val_losses": h["val"], "best_val_loss": min(h["val"]),
           "config": {"batch_size": 4, "num_blocks": [2, 2, 2, 2], "loss_weights": [0.5, 1.0, 0.5]}}
    (tmp_path / "deepcnn_history.json").write_text(json.dumps(doc, indent=4))
    df, lines = _read(tmp_path)
    assert sorted(set(df.tag)) == ["train_losses", "val_losses"]
    assert _series(df, "val_losses")[1] == pytest.approx(h["val"], abs=1e-4)


def test_list_of_records_under_a_key(tmp_path):
    """``{"history": [{epoch, train_loss, val_loss, train_ppl, val_ppl, step}, ...], "best_val_loss": ..}``: found,
    each record at its ``step``; the keys beside the history named in one line."""
    import json
    import math

    from loganalyzer import load_run
    from loganalyzer.curves import find_curves

    h = _three_stage(10)
    records = [{"epoch": e + 1, "train_loss": t, "val_loss": v, "train_ppl": math.exp(t), "val_ppl": math.exp(v),
                "step": 125 * (e + 1)} for e, (t, v) in enumerate(zip(h["total"], h["val"]))]
    doc = {"history": records, "best_val_loss": min(h["val"]), "device": "cpu", "epochs_completed": 10}
    (tmp_path / "training_history.json").write_text(json.dumps(doc, indent=2))
    (run,) = discover(tmp_path)
    assert run.format == "json_history"
    df, lines = _read(tmp_path)
    steps, val = _series(df, "val_loss")
    assert steps == [125 * (e + 1) for e in range(10)] and val == pytest.approx(h["val"], abs=1e-4)
    (line,) = lines
    assert "'best_val_loss' (beside the history under 'history')" in line
    curves = find_curves(load_run(run).scalars)
    assert (curves.train_loss.name, curves.val_loss.name) == ("train_loss", "val_loss")


def test_records_without_a_loss_under_a_key_are_no_history(tmp_path):
    """A COCO-like annotation file (``"images": [{..}]``) or records holding no loss are no run."""
    import json

    (tmp_path / "annotations.json").write_text(json.dumps(
        {"info": {"description": "loss-free"}, "images": [{"id": 1, "width": 640}], "results": [{"id": 1}]}, indent=2))
    assert discover(tmp_path) == []


# ------------------------------------------------------------------ 3: GluonCV batch lines after a logging source

# public Sparks-zs/mxnet-object-detection (33302a42b6002e1007e2e407bf5bfcde3527e780) log/resnet18_SSD_train.log:
#   2020-09-02 13:28:31,118 - train_net.py[line:177] - INFO: [Epoch 0][Batch 50], Speed: 6.896 samples/sec,
#   CrossEntropy=8.60e-01, SmoothL1=3.74e-03, val_AP=0.168


def _logger(path: Path, fmt: str, name: str):
    """A real ``logging`` logger writing ``fmt`` lines into ``path``."""
    import logging

    logger = logging.getLogger(name)
    logger.handlers.clear()
    logger.propagate = False
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter(fmt))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger, handler


def _ssd_terms(epochs: int, batches: int, every: int, seed: int = 0) -> list[tuple]:
    """A real tiny torch two-term 'detector' (a class cross-entropy and a smooth-L1 box term, trained on their sum):
    (epoch, batch, running CE, running SmoothL1, val AP-like score) every ``every`` batches."""
    torch.manual_seed(seed)
    x, xv = torch.randn(batches * 16, 6), torch.randn(64, 6)
    y, yv = x[:, :3].argmax(1), xv[:, :3].argmax(1)
    box = x[:, 3:5] * 0.3
    model = torch.nn.Linear(6, 5)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    out = []
    for epoch in range(epochs):
        ce_sum = l1_sum = 0.0
        for b in range(batches):
            s = slice(b * 16, (b + 1) * 16)
            p = model(x[s])
            ce = torch.nn.functional.cross_entropy(p[:, :3], y[s])
            l1 = torch.nn.functional.smooth_l1_loss(p[:, 3:], box[s])
            opt.zero_grad()
            (ce + l1).backward()
            opt.step()
            ce_sum, l1_sum = ce_sum + ce.item(), l1_sum + l1.item()
            if b % every == 0:
                with torch.no_grad():
                    ap = (model(xv)[:, :3].argmax(1) == yv).float().mean().item()
                out.append((epoch, b, ce_sum / (b + 1), l1_sum / (b + 1), ap))
    return out


@pytest.mark.parametrize("fmt", ["%(asctime)s - %(filename)s[line:%(lineno)d] - %(levelname)s: %(message)s",
                                 "%(asctime)s - %(filename)s:%(lineno)d - %(levelname)s - %(message)s"])
def test_gluon_batch_lines_after_a_logging_source(tmp_path, fmt):
    """GluonCV SSD's ``[Epoch 0][Batch 50], Speed: ..., CrossEntropy=.., SmoothL1=.., val_AP=..`` behind a logging
    format naming the source file and line: every point read (0 rows before), at epoch x batches + batch."""
    path = tmp_path / "resnet18_SSD_train.log"
    logger, handler = _logger(path, fmt, "ssd32")
    points = _ssd_terms(4, 60, 25)
    for epoch, b, ce, l1, ap in points:
        logger.info("[Epoch %d][Batch %d], Speed: %.3f samples/sec, CrossEntropy=%.2e, SmoothL1=%.2e, val_AP=%.3f",
                    epoch, b, 6.9, ce, l1, ap)
    handler.close()
    df, lines = _read(tmp_path)
    assert sorted(set(df.tag)) == ["CrossEntropy", "SmoothL1", "val_AP"]
    steps, ce = _series(df, "CrossEntropy")
    assert steps == [e * 51 + b for e, b, *_ in points]  # 51 batches an epoch: the largest printed index + 1
    assert ce == pytest.approx([float(f"{p[2]:.2e}") for p in points], abs=1e-4)
    assert _series(df, "val_AP")[1] == pytest.approx([round(p[4], 3) for p in points], abs=1e-4)


# ------------------------------------------------------------------ 4: nanoGPT-fork eval lines without 'loss'

# public ethellight565/nanogpt-seis (dcf67169f39acbfc3d45127b957c15f1c140a1f4) checkpoints/train_mix.log:
#   [eval] iter 0: train 9.8578 val 9.8535 lr 7.50e-07
#   [train] iter 10: loss 8.6864 9240 ms/iter


def _nanogpt_fork(iters: int, every: int, eval_every: int, seed: int = 0) -> tuple[str, list, list]:
    """A real tiny torch bigram LM (nanoGPT's loop: estimate_loss on both splits every ``eval_every`` iterations,
    a warm-up then cosine LR) printed as the fork prints it: (text, [(iter, loss)], [(iter, train, val, lr)])."""
    import io
    import math

    torch.manual_seed(seed)
    vocab = 12
    data = torch.randint(0, vocab, (4000,))
    data = (data + torch.arange(4000) % 3) % vocab  # a learnable pattern
    train, val = data[:3600], data[3600:]
    emb = torch.nn.Embedding(vocab, vocab)
    opt = torch.optim.AdamW(emb.parameters(), lr=0.05)

    def lr_at(it):
        return 0.05 * (it + 1) / 20 if it < 20 else 0.005 + 0.045 * 0.5 * (1 + math.cos(math.pi * it / iters))

    def batch(split):
        src = train if split == "train" else val
        ix = torch.randint(0, len(src) - 2, (32,))
        return src[ix], src[ix + 1]

    buf, losses, evals = io.StringIO(), [], []
    print("[train] tokens/iter = 1,024 | train tokens = 3,600 | vocab = 12", file=buf)
    for it in range(iters + 1):
        lr = lr_at(it)
        for g in opt.param_groups:
            g["lr"] = lr
        if eval_every and it % eval_every == 0:
            with torch.no_grad():
                est = {s: sum(torch.nn.functional.cross_entropy(emb(x), y).item()
                              for x, y in (batch(s) for _ in range(4))) / 4 for s in ("train", "val")}
            evals.append((it, round(est["train"], 4), round(est["val"], 4), float(f"{lr:.2e}")))
            print(f"[eval] iter {it}: train {est['train']:.4f} val {est['val']:.4f} lr {lr:.2e}", file=buf)
        x, y = batch("train")
        loss = torch.nn.functional.cross_entropy(emb(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if it % every == 0 and it:
            losses.append((it, round(loss.item(), 4)))
            print(f"[train] iter {it}: loss {loss.item():.4f} {9240 if it == every else 412} ms/iter", file=buf)
    return buf.getvalue(), losses, evals


def test_eval_lines_naming_only_their_splits(tmp_path):
    """``[eval] iter N: train X val Y lr Z`` (no word ``loss``): the validation loss, the evaluated training loss
    and the LR read at iteration N beside the ``[train] iter N: loss X`` points (before: only ``loss``)."""
    text, losses, evals = _nanogpt_fork(200, 10, 50)
    (tmp_path / "train_mix.log").write_text(text)
    df, lines = _read(tmp_path)
    assert _series(df, "loss") == ([i for i, _ in losses], [v for _, v in losses])
    assert _series(df, "val_loss") == ([e[0] for e in evals], [e[2] for e in evals])
    assert _series(df, "train_loss") == ([e[0] for e in evals], [e[1] for e in evals])
    steps, lr = _series(df, "lr")
    assert steps == [e[0] for e in evals] and lr == pytest.approx([e[3] for e in evals], abs=1e-4)
    assert evals[-1][2] < evals[0][2]  # it learnt


def test_split_words_with_colons_or_epochs_stay_unread(tmp_path):
    """``epoch 3: train: 95.1, valid: 93.2`` may be accuracies: no loss is made of them; an eval line with only
    ``train`` is no validation either."""
    text, losses, _ = _nanogpt_fork(60, 10, 0)
    text += "epoch 3: train: 95.1, valid: 93.2\n[eval] iter 60: train 2.1\n"
    (tmp_path / "train.log").write_text(text)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}


# ------------------------------------------------------------------ 5: a '[LEVEL | file.py:N] time:' prefix; an
# epoch-only line every print_interval iterations

# public ketsuzhou/NIPS_ZSL (8e9b600e69707b11d465bbef98ffa7b12e60e6a3) log/train.log:
#   [INFO | config.py:57] 2021-01-23 22:50:01,961: {'dataset': 'CIFAR10', ..., 'batch_size': 25, ...,
#   'print_interval': 100, 'cuda': True, ...}
#   [INFO | main.py:45] 2021-01-23 22:55:28,033: [Epoch    1] Loss: 2.307 Acc: 24.000%
#   [INFO | main.py:48] 2021-01-23 22:55:28,034: Current learning rate is: 0.1

_ZSL_FORMAT = "[%(levelname)s | %(filename)s:%(lineno)d] %(asctime)s: %(message)s"


def _zsl_log(path: Path, epochs: int, iters: int, interval: int | None, seed: int = 0) -> list[tuple]:
    """A real tiny torch classifier trained by mini-batches, logged as NIPS_ZSL's main.py logs (its settings dict
    first, then every ``interval`` iterations the running loss and accuracy naming only the epoch): the points
    [(epoch, k, loss, acc)] as printed."""
    torch.manual_seed(seed)
    x = torch.randn(iters * 8, 4)
    y = x[:, :3].argmax(1)
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    logger, handler = _logger(path, _ZSL_FORMAT, f"zsl32{interval}")
    settings = {"dataset": "CIFAR10", "batch_size": 8, "epochs": epochs, "lr": 0.3}
    if interval is not None:
        settings["print_interval"] = interval
    logger.info(settings)
    logger.info("Number of model parameters: %d", sum(p.numel() for p in model.parameters()))
    out = []
    for epoch in range(1, epochs + 1):
        total = correct = 0.0
        for i in range(iters):
            xb, yb = x[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]
            p = model(xb)
            loss = torch.nn.functional.cross_entropy(p, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, correct = total + loss.item(), correct + (p.argmax(1) == yb).float().mean().item()
            if (i + 1) % (interval or 5) == 0:
                k = (i + 1) // (interval or 5) - 1
                out.append((epoch, k, round(total / (i + 1), 3), round(100 * correct / (i + 1), 3)))
                logger.info("[Epoch %4d] Loss: %.3f Acc: %.3f%%", epoch, total / (i + 1), 100 * correct / (i + 1))
                logger.info("Current learning rate is: %s", 0.3)
    handler.close()
    return out


def test_bracketed_logging_source_is_no_series_and_interval_places_the_lines(tmp_path):
    """No series ``main.py`` (the source line number 45, on every line); the k-th line of epoch e at iteration
    (e - 1) x 50 + (k + 1) x 10 (5 prints of every 10 iterations an epoch), not 5 points at step e."""
    points = _zsl_log(tmp_path / "train.log", 3, 50, 10)
    df, lines = _read(tmp_path)
    assert sorted(set(df.tag)) == ["Acc", "Loss"]
    steps, loss = _series(df, "Loss")
    assert steps == [(e - 1) * 50 + (k + 1) * 10 for e, k, *_ in points]
    assert loss == [p[2] for p in points]
    assert _series(df, "Acc")[1] == [p[3] for p in points]


def test_epoch_lines_without_an_interval_keep_their_values(tmp_path):
    """Without a print interval in the log the lines' iterations are unknown: every value still read, no source
    line number as a series."""
    points = _zsl_log(tmp_path / "train.log", 2, 25, None)
    df, _ = _read(tmp_path)
    assert sorted(set(df.tag)) == ["Acc", "Loss"]
    assert sorted(_series(df, "Loss")[1]) == sorted(p[2] for p in points)


# ------------------------------------------------------------------ 6: a split word followed by its epoch

# public packyan/DGCNN-Pytorch (d28d88f100412173521cd6b423f3e72d2a0bec99) checkpoints/train.log:
#   Train 0, loss: 2.689309, train acc: 0.450777, train avg acc: 0.239456


def test_split_word_then_counter_is_the_epoch(tmp_path):
    """DGCNN's ``Train %d, loss: %.6f, train acc: %.6f, train avg acc: %.6f`` and ``Test %d, ...``: no series
    ``Train``/``Test`` of epoch indices; every value at its epoch; the test loss a validation loss."""
    from loganalyzer import load_run
    from loganalyzer.curves import find_curves

    epochs = _batches(8, 10)
    torch.manual_seed(1)
    lines, train_losses, test_accs = [], [], []
    for epoch, (losses, vacc) in enumerate(epochs):
        loss = sum(v for _, v in losses) / len(losses)
        train_losses.append(round(loss, 6))
        test_accs.append(round(vacc, 6))
        lines.append("Train %d, loss: %.6f, train acc: %.6f, train avg acc: %.6f" % (epoch, loss, 0.5, 0.4))
        lines.append("Test %d, loss: %.6f, test acc: %.6f, test avg acc: %.6f" % (epoch, loss * 1.1, vacc, vacc - 0.1))
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert not {"Train", "Test"} & set(df.tag)
    # (stop 41: a line naming its split two ways -- `Train %d, loss` beside `train acc` -- gets the standard names)
    assert _series(df, "train_loss") == (list(range(8)), [round(v, 4) for v in train_losses])
    assert _series(df, "test_acc") == (list(range(8)), [round(v, 4) for v in test_accs])
    (run,) = discover(tmp_path)
    curves = find_curves(load_run(run).scalars)
    assert (curves.train_loss.name, curves.val_loss.name) == ("train_loss", "test_loss")


# ------------------------------------------------------------------ 7: SwAV's meter lines (Data time, running best)

# public abhinavagarwalla/swav-cifar10 (4369b58aff2dac7b9b1e40d53af2f2eac9be9481) checkpoints_linear/train.log:
#   INFO - 09/04/20 07:56:14 - 0:00:27 - Epoch[0] - Iter: [0/13]	Time 19.159 (19.159)	Data 3.193 (3.193)	Loss 6.7563 (6.7563)	Prec 4.834 (4.834)	LR 0.3
#   INFO - 09/04/20 07:56:49 - 0:01:02 - Test:	Time 4.750	Loss 103.7909	Acc@1 27.240	Best Acc@1 so far 27.2


def _swav_formatter():
    """facebookresearch/swav ``src/logger.py``'s ``LogFormatter`` (level, ``%x %X``, elapsed time, message)."""
    import logging
    import time
    from datetime import timedelta

    class LogFormatter(logging.Formatter):
        def __init__(self):
            super().__init__()
            self.start_time = time.time()

        def format(self, record):
            elapsed = round(record.created - self.start_time)
            prefix = "%s - %s - %s" % (record.levelname, time.strftime("%x %X"), timedelta(seconds=elapsed))
            message = record.getMessage().replace("\n", "\n" + " " * (len(prefix) + 3))
            return "%s - %s" % (prefix, message) if message else ""

    return LogFormatter()


def test_swav_meter_lines(tmp_path):
    """``Epoch[N] - Iter: [i/n]``, ``Data`` (data-loading time) and ``Test: ... Acc@1 X  Best Acc@1 so far Y``: the
    points at epoch x n + i, no series ``Data`` (nor ``Time``), the test accuracy read, no ``so_far`` series."""
    import logging

    path = tmp_path / "train.log"
    logger = logging.getLogger("swav32")
    logger.handlers.clear()
    logger.propagate = False
    handler = logging.FileHandler(path)
    handler.setFormatter(_swav_formatter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.info("============ Initialized logger ============")
    logger.info("arch: resnet50\nbatch_size: 4096\nepochs: 6\nlr: 0.3")
    best, points = 0.0, []
    for epoch, (losses, vacc) in enumerate(_batches(6, 13)):
        _, loss = losses[0]
        logger.info("============ Starting epoch %i ... ============", epoch)
        logger.info("Epoch[{0}] - Iter: [{1}/{2}]\tTime {3:.3f} ({3:.3f})\tData {4:.3f} ({4:.3f})\tLoss {5:.4f} ({5:.4f})"
                    "\tPrec {6:.3f} ({6:.3f})\tLR {7}".format(epoch, 0, 13, 4.2, 3.1 + epoch / 10, loss, 50.0, 0.3))
        best = max(best, 100 * vacc)
        logger.info("Test:\tTime {0:.3f}\tLoss {1:.4f}\tAcc@1 {2:.3f}\tBest Acc@1 so far {3:.1f}".format(
            2.0, loss * 1.1, 100 * vacc, best))
        points.append((epoch * 13, round(loss, 4), round(100 * vacc, 3)))
    handler.close()
    df, _ = _read(tmp_path)
    assert not {"Data", "Time", "test_so_far", "Test_so_far"} & set(df.tag)
    assert _series(df, "Loss") == ([p[0] for p in points], [p[1] for p in points])
    assert _series(df, "Test_Acc_1") == ([p[0] for p in points], [p[2] for p in points])
    assert _series(df, "LR")[1] == [0.3] * 6


# ------------------------------------------------------------------ 8: a tqdm bar redrawn past its total

# public hyunjun06/MusicStruct (e85dc247975444c470ea6d2b834d14835972e911) train_MuSBoD.out (\r-separated redraws):
#   Epoch 1: 100%|██████████| 14/14 [04:02<00:00, 17.64s/it, loss=88]
#   Epoch 1: 15it [04:02, 18.76s/it, loss=88]  ...  Epoch 1: 19it [05:01, 16.40s/it, loss=86.7]
#   Epoch 1 Loss: 91.7343


def test_bar_redrawn_past_its_total_is_no_epoch_summary(tmp_path):
    """A real tqdm bar given ``total=6`` over a loader of 9 batches: its ``Nit [..]`` redraws past the total are no
    ``loss_epoch`` series (they were the last batches' postfix values, not the epoch means): left out with a line;
    the bar's points up to its total and the printed epoch means are read."""
    tqdm = pytest.importorskip("tqdm").tqdm
    path = tmp_path / "train_MuSBoD.out"
    means = []
    with open(path, "w") as f:
        for epoch, (losses, _) in enumerate(_batches(4, 9), start=1):
            bar = tqdm(losses, total=6, desc=f"Epoch {epoch}", file=f, mininterval=0, miniters=1, ascii=False)
            for _, loss in bar:
                bar.set_postfix(loss=loss)
            bar.close()
            means.append(sum(v for _, v in losses) / len(losses))
            print(f"Epoch {epoch} Loss: {means[-1]:.4f}", file=f)
        print("Training finished.", file=f)
    df, lines = _read(tmp_path)
    assert sorted(set(df.tag)) == ["Loss", "loss"]
    assert _series(df, "Loss")[1] == [round(m, 4) for m in means]
    assert len(_series(df, "loss")[0]) >= 4 * 5
    (line,) = [x for x in lines if "past its total" in x]
    assert "left out" in line and "it [" in line


# ------------------------------------------------------------------ 9a: 'Name A (B): a (b)'

# public BoyDun/tensorflow-cifar-10 (f4dacc41cbefd8fdc891764a47f58e54c33723d2) train.out:
#   Global Step:     10, accuracy:  10.9%, loss = 2.30 (611.0 examples/sec, 0.21 sec/batch)
#   Discriminator Accuracy (Loss): 0.5078125 (1.3683994)


def test_value_pair_named_a_then_b_in_brackets(tmp_path):
    """``Discriminator Accuracy (Loss): a (b)`` after each ``Global Step:`` line: both values read, at that step
    (the line was unread)."""
    torch.manual_seed(0)
    x = torch.randn(400, 4)
    y = x[:, :3].argmax(1)
    model, disc = torch.nn.Linear(4, 3), torch.nn.Linear(3, 1)
    opt = torch.optim.SGD([*model.parameters(), *disc.parameters()], lr=0.2)
    lines, points = [], []
    for step in range(1, 51):
        xb, yb = x[(step % 50) * 8:(step % 50) * 8 + 8], y[(step % 50) * 8:(step % 50) * 8 + 8]
        logits = model(xb)
        loss = torch.nn.functional.cross_entropy(logits, yb)
        d = disc(logits.detach().softmax(1)).squeeze(1)
        target = (torch.arange(8) % 2).float()
        d_loss = torch.nn.functional.binary_cross_entropy_with_logits(d, target)
        opt.zero_grad()
        (loss + d_loss).backward()
        opt.step()
        if step % 10 == 0:
            acc = (logits.argmax(1) == yb).float().mean().item()
            d_acc = ((d > 0).float() == target).float().mean().item()
            lines.append("Global Step: {0:>6}, accuracy: {1:>6.1%}, loss = {2:.2f} ({3:.1f} examples/sec, "
                         "{4:.2f} sec/batch)".format(step, acc, loss.item(), 611.0, 0.21))
            lines.append(f"Discriminator Accuracy (Loss): {d_acc} ({d_loss.item():.8g})")
            points.append((step, round(d_acc, 4), round(d_loss.item(), 4)))
    (tmp_path / "train.out").write_text("\n".join(lines) + "\n")
    df, _ = _read(tmp_path)
    assert _series(df, "Discriminator_Accuracy") == ([p[0] for p in points], [p[1] for p in points])
    assert _series(df, "Discriminator_Loss") == ([p[0] for p in points], [p[2] for p in points])
    assert _series(df, "loss")[0] == [p[0] for p in points]


# public IamAnh47/TransAttUnet-LIDC (50ca3077bc555a6f2cf47eb261b50f337229fbb3) logs/train.log: 'Epoch [1]', then
# 'Training:   1%|  | 3/572 [.., loss=1.6438, dice=0.2134]' redraws (no epoch in the bar), then 'Train Loss: 0.7225 |
# Dice: 0.6443' and 'Val Loss:   0.2343 | Dice: 0.8861'


def test_bars_without_an_epoch_beside_step_less_lines(tmp_path):
    """Bars naming no epoch beside lines naming none either (the overrun rule crashed on the missing epoch: the
    whole log unread, 'internal error in the joblog reader')."""
    tqdm = pytest.importorskip("tqdm").tqdm
    path = tmp_path / "train.log"
    with open(path, "w") as f:
        for epoch, (losses, vacc) in enumerate(_batches(3, 6), start=1):
            print(f"Epoch [{epoch}]\n", file=f)
            bar = tqdm(losses, total=6, desc="Training", file=f, mininterval=0, miniters=1)
            for _, loss in bar:
                bar.set_postfix(loss=f"{loss:.4f}")
            bar.close()
            mean = sum(v for _, v in losses) / len(losses)
            print(f"Train Loss: {mean:.4f} | Acc: 0.5\nVal Loss:   {mean * 1.1:.4f} | Acc: {vacc:.4f}", file=f)
    df, lines = _read(tmp_path)
    assert not [x for x in lines if "internal error" in x]
    assert {"loss", "Train_Loss", "Val_Loss"} <= set(df.tag)
    assert len(_series(df, "Val_Loss")[0]) == 3
