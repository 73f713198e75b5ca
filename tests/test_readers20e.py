"""readers20e: printed/JSON log leftovers of readers20a/b (/tmp/readers20a_inputs/FINDINGS.md), each shape printed or
written here from a real tiny torch training loop:

1. values in a tqdm bar's description (public dhairyag/ImageNet1k_ResNet50 @6664e9c ``log_output.md``:
   ``Train Epoch: 1 Loss: 5.872 Acc@1 3.611 Acc@5 11.045: 100%|...``), the test line's ``Acc@1: 8.434%`` and the
   per-epoch ``Learning rate: 0.005000`` were dropped; siblings: ``Epoch 2/3 | loss .. | acc ..`` and a ``Val Epoch``
   bar, pytorch/examples imagenet's ProgressMeter ``Acc@1  25.00 ( 12.50)``;
2. MMDetection 2.x: the COCOeval summary repeating the ``Epoch(val)`` line (public yvr1037/fenghuo-project-of-mmdet
   @7d51c08 ``mm.md``): every metric twice, ``*_copypaste`` a series;
3. DGL GraphSAGE (public SijingYu/GraphSAGE_MultiGPU @d1da384 ``loss.md``): ``GPU 493.6 MB`` a series, a caret-notation
   escape ``^[[BEpoch 00021 | ...`` a one-point ``BEpoch`` series splicing the run; sibling ``max mem: 5300``;
4. W&B's printed ``Run summary:`` (public MrCogito/Deep_learning_2023 @ebc402e) one-point series at step 0;
5. detectron2 ``metrics.json`` appended by a relaunch (public Kevindic0214/detectron2_training): iteration 19 twice.
"""
from __future__ import annotations

import json
import warnings

import pytest

from loganalyzer import read_scalars

torch = pytest.importorskip("torch")
tqdm = pytest.importorskip("tqdm").tqdm


def _read(path) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=True)
    return df, [str(w.message) for w in caught]


def _series(df, tag: str) -> tuple[list[int], list[float]]:
    s = df[df.tag == tag]
    return s.step.tolist(), s.value.round(4).tolist()


def _loop(epochs: int, batches: int, seed: int = 0):
    """Yield (epoch 1-based, batch, loss, top1 %, top5 %) of a tiny 6-class classifier, batch by batch."""
    torch.manual_seed(seed)
    x, y = torch.randn(batches * 8, 5), torch.randint(0, 6, (batches * 8,))
    model = torch.nn.Linear(5, 6)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    for epoch in range(1, epochs + 1):
        for b in range(batches):
            xb, yb = x[b * 8:(b + 1) * 8], y[b * 8:(b + 1) * 8]
            out = model(xb)
            loss = torch.nn.functional.cross_entropy(out, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            top = out.topk(5, 1).indices
            top1 = (top[:, 0] == yb).float().mean().item() * 100
            top5 = (top == yb[:, None]).any(1).float().mean().item() * 100
            yield epoch, b, loss.item(), top1, top5


# ------------------------------------------------------------------ 1. values in a tqdm bar's description


def test_tqdm_description_values_test_accuracies_and_lr_lines(tmp_path):
    """dhairyag/ImageNet1k_ResNet50's train.py: ``print(f"Epoch: {epoch}")``, ``Learning rate: {lr:.6f}``, a tqdm bar
    whose description holds the running loss/top-1/top-5, then ``Test set: Average loss: .., Acc@1: ..%, Acc@5:
    ..%``. Every value is read at its epoch; the bar's last redraw gives the epoch's point."""
    path = tmp_path / "log_output.md"
    expected = {}
    with open(path, "w", encoding="utf-8") as f:
        f.write("```bash\n")
        bar = None
        sums = [0.0, 0.0, 0.0]
        for epoch, b, loss, top1, top5 in _loop(3, 6):
            if b == 0:
                lr = 0.005 + 0.009 * (epoch - 1)
                print(f"Epoch: {epoch}\nLearning rate: {lr:.6f}", file=f, flush=True)
                bar = tqdm(total=6, file=f, mininterval=0, ascii=False, ncols=160)
                sums = [0.0, 0.0, 0.0]
            sums = [s + v for s, v in zip(sums, (loss, top1, top5))]
            means = [s / (b + 1) for s in sums]
            bar.set_description(f"Train Epoch: {epoch} Loss: {means[0]:.3f} Acc@1 {means[1]:.3f} Acc@5 {means[2]:.3f}")
            bar.update(1)
            if b == 5:
                bar.close()
                tl = means[0] * 0.9
                print(f"\nTest set: Average loss: {tl:.4f}, Acc@1: {means[1]:.3f}%, Acc@5: {means[2]:.3f}%\n\n",
                      file=f, flush=True)
                expected[epoch] = (round(float(f"{means[0]:.3f}"), 4), round(float(f"{means[1]:.3f}"), 4),
                                   round(float(f"{tl:.4f}"), 4), round(lr, 4))
        f.write("```\n")
    assert b"\r" in path.read_bytes()  # the bar really redrew in place
    df, _ = _read(path)
    assert _series(df, "Loss") == ([1, 2, 3], [expected[e][0] for e in (1, 2, 3)])
    assert _series(df, "Acc@1") == ([1, 2, 3], [expected[e][1] for e in (1, 2, 3)])
    assert _series(df, "Acc@5")[0] == [1, 2, 3]
    assert _series(df, "test_loss") == ([1, 2, 3], [expected[e][2] for e in (1, 2, 3)])
    assert _series(df, "test_Acc@1") == ([1, 2, 3], [expected[e][1] for e in (1, 2, 3)])
    assert _series(df, "test_Acc@5")[0] == [1, 2, 3]
    assert _series(df, "lr") == ([1, 2, 3], [expected[e][3] for e in (1, 2, 3)])


def test_description_siblings_epoch_of_and_validation_bar(tmp_path):
    """Sibling wording: ``Epoch 2/3 | loss 0.512 | acc 0.800`` (the planned epochs, ``|``-separated) and a validation
    bar ``Val Epoch: 2 Loss: .. Acc: ..`` (val_ values at the epoch); a description holding other words is no
    record (``Epoch 1 of training``)."""
    path = tmp_path / "train.log"
    train, val = {}, {}
    with open(path, "w", encoding="utf-8") as f:
        bar = None
        for epoch, b, loss, top1, _ in _loop(3, 4, seed=1):
            if b == 0:
                bar = tqdm(total=4, file=f, mininterval=0, ncols=160)
            bar.set_description(f"Epoch {epoch}/3 | loss {loss:.3f} | acc {top1 / 100:.3f}")
            bar.update(1)
            if b == 3:
                bar.close()
                train[epoch] = round(float(f"{loss:.3f}"), 4)
                vbar = tqdm(total=2, file=f, mininterval=0, ncols=160)
                for k in range(2):
                    vbar.set_description(f"Val Epoch: {epoch} Loss: {loss * 1.1:.3f} Acc: {top1:.2f}")
                    vbar.update(1)
                vbar.close()
                val[epoch] = round(float(f"{loss * 1.1:.3f}"), 4)
    df, _ = _read(path)
    assert _series(df, "loss") == ([1, 2, 3], [train[e] for e in (1, 2, 3)])
    assert _series(df, "acc")[0] == [1, 2, 3]
    assert _series(df, "val_Loss") == ([1, 2, 3], [val[e] for e in (1, 2, 3)])
    assert _series(df, "val_Acc")[0] == [1, 2, 3]


def test_imagenet_example_progress_meter_acc_at_k(tmp_path):
    """pytorch/examples imagenet/main.py (ProgressMeter/AverageMeter ``'{name} {val:6.2f} ({avg:6.2f})'``): the
    training ``Acc@1``/``Acc@5`` per batch and the validation summary `` * Acc@1 .. Acc@5 ..`` are read."""
    path = tmp_path / "imagenet.out"
    lines, sums, n = [], [0.0, 0.0, 0.0], 0
    for epoch, b, loss, top1, top5 in _loop(2, 4, seed=2):
        e = epoch - 1
        sums = [s + v for s, v in zip(sums, (loss, top1, top5))] if b else [loss, top1, top5]
        n = b + 1
        lines.append(f"Epoch: [{e}][{b:>2}/4]\tTime  0.012 ( 0.020)\tData  0.001 ( 0.002)\t"
                     f"Loss {loss:.4e} ({sums[0] / n:.4e})\tAcc@1 {top1:6.2f} ({sums[1] / n:6.2f})\t"
                     f"Acc@5 {top5:6.2f} ({sums[2] / n:6.2f})")
        if b == 3:
            lines.append(f"Test: [0/1]\tTime  0.010 ( 0.010)\tLoss {loss:.4e} ({loss:.4e})\t"
                         f"Acc@1 {top1:6.2f} ({top1:6.2f})\tAcc@5 {top5:6.2f} ({top5:6.2f})")
            lines.append(f" *   Acc@1 {top1:.3f} Acc@5 {top5:.3f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(path)
    steps, _ = _series(df, "Acc@1")
    assert steps == [0, 1, 2, 3, 4, 5, 6, 7]
    assert len(_series(df, "val_Acc@1")[0]) >= 2 and _series(df, "val_Acc@5")[0][-1] == 7


# ------------------------------------------------------------------ 2. MMDetection 2.x: COCO summary + Epoch(val)

_COCO = [("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]", 0),
         ("Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=1000 ]", 1),
         ("Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=1000 ]", 2),
         ("Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=1000 ]", 3),
         ("Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=1000 ]", 4),
         ("Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=1000 ]", 5),
         ("Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]", 6),
         ("Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=300 ]", 6),
         ("Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=1000 ]", 6),
         ("Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=1000 ]", 3),
         ("Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=1000 ]", 4),
         ("Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=1000 ]", 5)]


def test_mmdet2_val_metrics_once_without_copypaste(tmp_path):
    """mmdet 2.x prints COCOeval's table for bbox, then ``Epoch(val) [N][764]  bbox_mAP: .., bbox_mAP_copypaste: ...``:
    one ``val/bbox_mAP`` series per metric, no ``val_bbox/AP`` copy, no ``*_copypaste``; a COCO table with no
    ``Epoch(val)`` after it (a ``tools/test.py`` run) stays."""
    path = tmp_path / "20211221_215000.log"
    out, maps = [], {}
    for epoch, b, loss, top1, _ in _loop(3, 4, seed=3):
        out.append(f"2021-12-21 21:51:30,877 - mmdet - INFO - Epoch [{epoch}][{(b + 1) * 50}/200]\tlr: 1.978e-03, "
                   f"eta: 0:56:09, time: 0.303, data_time: 0.051, memory: 3050, loss_cls: {loss:.4f}, "
                   f"acc: {top1:.4f}, loss: {loss * 1.2:.4f}")
        if b == 3:
            ap = [round(top1 / 1000 + k / 100, 3) for k in range(7)]
            maps[epoch] = ap[0]
            out.append("2021-12-21 21:56:22,062 - mmdet - INFO - Evaluating bbox...\nLoading and preparing results...")
            out += [f" {label} = {ap[k]:.3f}" for label, k in _COCO]
            out.append(f"2021-12-21 21:56:24,156 - mmdet - INFO - Epoch(val) [{epoch}][764]\tbbox_mAP: {ap[0]:.4f}, "
                       f"bbox_mAP_50: {ap[1]:.4f}, bbox_mAP_75: {ap[2]:.4f}, bbox_mAP_copypaste: {ap[0]:.3f} "
                       f"{ap[1]:.3f} {ap[2]:.3f} {ap[3]:.3f} {ap[4]:.3f} {ap[5]:.3f}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    df, _ = _read(path)
    assert _series(df, "val/bbox_mAP") == ([200, 400, 600], [maps[e] for e in (1, 2, 3)])
    assert not [t for t in df.tag.unique() if "copypaste" in t or t.startswith("val_bbox/")]
    with open(path, "a", encoding="utf-8") as f:  # a test run printed after the training: its table is its own
        f.write("Evaluating bbox...\n" + "\n".join(f" {label} = 0.{k}00" for label, k in _COCO) + "\n")
    df, _ = _read(path)
    assert _series(df, "val_bbox/AP") == ([600], [0.0])
    assert len(_series(df, "val/bbox_mAP")[0]) == 3


# ------------------------------------------------------------------ 3. memory counters, caret-notation escapes


def test_dgl_gpu_memory_and_caret_escape(tmp_path):
    """DGL GraphSAGE's ``Epoch 00021 | Step 00020 | Loss .. | Train Acc .. | Speed (samples/sec) .. | GPU 493.6 MB``:
    GPU memory is no series; ``^[[B`` (a cursor-down code pasted in caret notation) before a line makes no
    ``BEpoch`` series and splits nothing."""
    path = tmp_path / "loss.md"
    lines, losses = [], []
    for epoch, b, loss, top1, _ in _loop(3, 3, seed=4):
        pre = "^[[B" if (epoch, b) == (2, 1) else ""
        lines.append(f"{pre}Epoch {epoch - 1:05d} | Step {b * 20:05d} | Loss {loss:.4f} | Train Acc {top1 / 100:.4f} | "
                     f"Speed (samples/sec) {12698.0 + b:.4f} | GPU {401.2 + epoch:.1f} MB")
        losses.append(round(float(f"{loss:.4f}"), 4))
        if b == 2:
            lines.append(f"Epoch Time(s): 7.{epoch}\nEval Acc 0.9{epoch}\nTest Acc: 0.8{epoch}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, caught = _read(path)
    assert set(df.tag.unique()) >= {"Loss", "Train_Acc", "Eval_Acc"}
    assert not [t for t in df.tag.unique() if "GPU" in t or "Epoch" in t or "Speed" in t]
    assert _series(df, "Loss")[1] == losses
    assert df.dir.nunique() == 1 and not [w for w in caught if "resumed" in w]


def test_memory_keys_are_no_series(tmp_path):
    """Sibling: ``max mem: 5300`` (torchvision MetricLogger / detectron2 wording in a ``key: value`` line) and
    ``mem 5.3 GiB`` are no series; a ``memory_loss`` is one."""
    path = tmp_path / "train.log"
    lines = []
    for epoch, b, loss, _, _ in _loop(2, 3, seed=5):
        step = (epoch - 1) * 3 + b
        lines.append(f"iter: {step}  loss: {loss:.4f}  memory_loss: {loss / 2:.4f}  max mem: {5300 + step}  "
                     f"mem 5.{step} GiB")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, _ = _read(path)
    assert set(df.tag.unique()) == {"loss", "memory_loss"}
    assert _series(df, "loss")[0] == [0, 1, 2, 3, 4, 5]


# ------------------------------------------------------------------ 4. W&B's printed run summary

def test_wandb_printed_run_summary_is_no_series(tmp_path):
    """``wandb.finish()`` prints ``Run history:`` sparklines and ``Run summary:`` last values (wandb 0.16 wording, as
    in the public log) under its own names: no one-point series at step 0; one line says so."""
    path = tmp_path / "job.out"
    lines, last = ["wandb: Tracking run with wandb version 0.16.0"], {}
    for epoch, b, loss, _, _ in _loop(3, 2, seed=6):
        if b == 1:
            lines.append(f"Epoch [{epoch}/3], Train Loss: {loss:.4f}, Validation Loss: {loss * 1.1:.4f}")
            last = {"train_loss": loss, "val loss": loss * 1.1}
    lines += ["wandb: ", "wandb: Run history:", "wandb: train_loss █▅▁", "wandb:   val loss █▄▁", "wandb: ",
              "wandb: Run summary:", f"wandb: train_loss {last['train_loss']:.5f}",
              f"wandb:   val loss {last['val loss']:.5f}", "wandb: ",
              "wandb: 🚀 View run x at: https://wandb.ai/a/b/runs/x"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df, caught = _read(path)
    assert set(df.tag.unique()) == {"Train_Loss", "Validation_Loss"}
    assert _series(df, "Train_Loss")[0] == [1, 2, 3]
    assert [w for w in caught if "W&B's printed run summary (line 10)" in w and "not read as series" in w]


# ------------------------------------------------------------------ 5. detectron2 metrics.json relaunched


def _json_rows(path, iterations, seed, start=0):
    with open(path, "a", encoding="utf-8") as f:
        for it, (_, _, loss, top1, _) in zip(range(start, 10_000), _loop(1, max(iterations) + 1, seed=seed)):
            if it in iterations:  # detectron2's JSONWriter: json.dumps(row, sort_keys=True) + "\n", append mode
                f.write(json.dumps({"data_time": 0.004, "eta_seconds": 99.8 - it, "fast_rcnn/cls_accuracy": top1,
                                    "iteration": it, "lr": 1e-5 * (it + 1), "total_loss": loss},
                                   sort_keys=True) + "\n")
                yield it, round(loss, 4)


def test_detectron2_metrics_json_relaunch_replaces_first_try(tmp_path):
    """A first try writing one row (iteration 19) then a relaunch from scratch appending 19, 39, 59: one point per
    iteration, the relaunch's, and the later-session line naming step 19."""
    path = tmp_path / "output" / "metrics.json"
    path.parent.mkdir()
    list(_json_rows(path, {19}, seed=7))
    second = dict(_json_rows(path, {19, 39, 59}, seed=8))
    df, caught = _read(path.parent)
    assert _series(df, "total_loss") == ([19, 39, 59], [second[i] for i in (19, 39, 59)])
    assert [w for w in caught if "later session" in w and "19" in w]


def test_epoch_keyed_json_lines_with_batches_are_no_sessions(tmp_path):
    """Guard: a user logger writing several rows per epoch keyed by ``epoch`` keeps them all (no session per row)."""
    path = tmp_path / "history.jsonl"
    rows = [{"epoch": epoch, "loss": round(loss, 4)} for epoch, _, loss, _, _ in _loop(2, 3, seed=9)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    df = read_scalars(str(path), resolve=False)
    assert len(df[df.tag == "loss"]) == 6
