"""readers30b: loader faults two blind labellers (sets 40/41) found, fixed by kind; each log written here by a tiny
real torch training loop in the public log's own shape (the print/dump lines of the public script, quoted with their
source), never the held-out files themselves.

1. ``{model name: [per-epoch losses]}`` JSON in ``training_history.json`` (public Cass490/Qft-eeg): one run per model.
3. Segmentation validation lines with no loss (``[val] epoch:N miou:0.48``, public Alex8211101/UNetpp4HSI): read.
7. ``train.log`` + ``valid.log`` of one training in one folder (public AotY/Pytorch-NCM ``log/``): one run.
8. YOLOv5's header-less ``results.txt`` alone in its folder: a run, series named as YOLOv5's SummaryWriter names them.
"""
from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import loganalyzer
from loganalyzer import read_scalars

torch = pytest.importorskip("torch")


def _read(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=resolve)
    return frame, [str(w.message) for w in caught]


def _series(frame, run: str, tag: str) -> tuple[list, list]:
    g = frame[(frame.dir == run) & (frame.tag == tag)].sort_values("step")
    return g.step.tolist(), g.value.tolist()


def _autoencoder_losses(seed: int, epochs: int, hidden: int) -> list[float]:
    """A tiny autoencoder's per-epoch reconstruction loss (Qft-eeg trains a quantum VAE and a classical AE on EEG
    windows and keeps ``losses.append(epoch_loss)`` for each)."""
    torch.manual_seed(seed)
    x = torch.randn(64, 8)
    model = torch.nn.Sequential(torch.nn.Linear(8, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 8))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    losses = []
    for _ in range(epochs):
        loss = torch.nn.functional.mse_loss(model(x), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


# --- 1. {model name: [losses]}


def test_model_named_loss_lists_are_one_run_per_model(tmp_path):
    """Cass490/Qft-eeg (7165862) ``training_history.json``: ``{"Quantum_QVAE": [150 floats], "Classical_AE": [150
    floats]}``, written by ``json.dump({"Quantum_QVAE": qvae_losses, "Classical_AE": ae_losses}, f)``. Was "not a log
    file loganalyzer reads" and read_scalars gave an empty table."""
    written = {"Quantum_QVAE": _autoencoder_losses(0, 30, 2), "Classical_AE": _autoencoder_losses(1, 25, 4)}
    (tmp_path / "training_history.json").write_text(json.dumps(written))
    runs = loganalyzer.discover(tmp_path)
    assert sorted(r.id for r in runs) == ["training_history.json#Classical_AE", "training_history.json#Quantum_QVAE"]
    frame, said = _read(tmp_path)
    for name, losses in written.items():
        steps, values = _series(frame, f"training_history.json#{name}", "loss")
        assert steps == list(range(len(losses)))
        assert np.allclose(values, losses)
    assert set(frame.tag) == {"loss"}


def test_one_model_named_loss_list_is_the_files_run(tmp_path):
    losses = _autoencoder_losses(2, 12, 3)
    (tmp_path / "loss_history.json").write_text(json.dumps({"LSTM": losses}))
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["loss_history.json"]
    frame, _ = _read(tmp_path)
    assert np.allclose(_series(frame, "loss_history.json", "loss")[1], losses)


def test_named_lists_not_taken_for_models_when_the_name_or_keys_say_otherwise(tmp_path):
    """A dict of number lists in a file not named as a loss record (a data dump), or whose keys name measures or
    splits (one model's series: read as before, or not at all) is no set of models."""
    losses = _autoencoder_losses(3, 10, 3)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "features.json").write_text(json.dumps({"alpha": losses, "beta": losses}))
    assert loganalyzer.discover(tmp_path / "a") == []
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "history.json").write_text(json.dumps({"train_acc": losses, "val_acc": losses}))
    assert [r.id for r in loganalyzer.discover(tmp_path / "b")] in ([], ["history.json"])
    frame, _ = _read(tmp_path / "b")
    assert "loss" not in set(frame.tag)


# --- 3. mIoU lines with no loss


def _unetpp_log(epochs: int) -> tuple[str, list[float]]:
    """Alex8211101/UNetpp4HSI (a55c8aa) train.py prints, per epoch, ``[train] epoch:{e} iter:{i}/{n} {p:.2f}%
    lr:{lr:.6f} loss:{loss:.6f} ETA:{eta:.1f}min`` and, after validation, ``[val] epoch:{e} miou:{miou:.2f}``; here
    a tiny per-pixel classifier trained for real, its mIoU computed on held-out pixels."""
    torch.manual_seed(0)
    x, xv = torch.randn(256, 6), torch.randn(128, 6)
    w = torch.randn(6, 3)
    y, yv = (x @ w).argmax(1), (xv @ w).argmax(1)
    model = torch.nn.Linear(6, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines, mious = [f"Total Epoch:{epochs} Image_size:(256, 256) Training num:288  Validation num:72"], []
    for epoch in range(epochs):
        for i in range(2):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i == 0:
                lines.append(f"[train] epoch:{epoch} iter:{i}/2 {i * 50:.2f}% lr:0.050000 loss:{loss.item():.6f} "
                             "ETA:0.0min")
        with torch.no_grad():
            pred = model(xv).argmax(1)
        ious = [((pred == c) & (yv == c)).sum().item() / max(1, ((pred == c) | (yv == c)).sum().item())
                for c in range(3)]
        mious.append(round(sum(ious) / 3, 2))
        lines.append(f"[val] epoch:{epoch} miou:{mious[-1]:.2f}")
        if epoch == 0 or mious[-1] >= max(mious[:-1]):
            lines.append(f"[save] Best Model saved at epoch:{epoch} =============================")
    return "\n".join(lines) + "\n", mious


def test_miou_validation_lines_without_a_loss_are_read(tmp_path):
    text, mious = _unetpp_log(8)
    (tmp_path / "train_log.txt").write_text(text)
    frame, _ = _read(tmp_path)
    steps, values = _series(frame, "train_log.txt", "val_miou")
    assert np.allclose(values, mious)
    assert len(steps) == 8 and steps == sorted(steps)
    assert len(_series(frame, "train_log.txt", "loss")[0]) == 8


def test_previous_is_no_iou_word():
    from loganalyzer.readers._progress_task import task_line

    assert task_line(b"epoch 3 previous: 0.52") is None
    assert task_line(b"Epoch 3 | val mIoU: 0.61 | Dice: 0.74").values == (("val_mIoU", 0.61), ("val_Dice", 0.74))


# --- 7. train.log + valid.log


def _ncm_logs(epochs: int) -> tuple[str, str, list, list]:
    """AotY/Pytorch-NCM (b982912) writes ``log/train.log`` and ``log/valid.log``, each ``epoch,loss,ppl,accuracy``
    then ``'{}, {:.5f}, {:.5f},{:.3f}'``-style lines; here a tiny LM-like classifier trained for real."""
    torch.manual_seed(0)
    x, xv = torch.randn(128, 10), torch.randn(64, 10)
    y, yv = torch.randint(0, 5, (128,)), torch.randint(0, 5, (64,))
    model = torch.nn.Linear(10, 5)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    train, valid, tl, vl = ["epoch,loss,ppl,accuracy"], ["epoch,loss,ppl,accuracy"], [], []
    for epoch in range(epochs):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        acc = (model(x).argmax(1) == y).float().mean().item() * 100
        with torch.no_grad():
            vloss = torch.nn.functional.cross_entropy(model(xv), yv).item()
            vacc = (model(xv).argmax(1) == yv).float().mean().item() * 100
        tl.append(round(loss.item(), 5))
        vl.append(round(vloss, 5))
        train.append(f"{epoch}, {loss.item():.5f}, {np.exp(loss.item()):.5f},{acc:.3f}")
        valid.append(f"{epoch}, {vloss:.5f}, {np.exp(vloss):.5f},{vacc:.3f}")
    return "\n".join(train) + "\n", "\n".join(valid) + "\n", tl, vl


def test_train_log_and_valid_log_of_one_header_are_one_run(tmp_path):
    train, valid, tl, vl = _ncm_logs(10)
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "train.log").write_text(train)
    (tmp_path / "log" / "valid.log").write_text(valid)
    runs = loganalyzer.discover(tmp_path)
    assert [r.id for r in runs] == ["log/train.log"]
    frame, _ = _read(tmp_path)
    assert np.allclose(_series(frame, "log/train.log", "train_loss")[1], tl)
    steps, values = _series(frame, "log/train.log", "val_loss")
    assert steps == list(range(10)) and np.allclose(values, vl)
    assert {"train_ppl", "val_ppl", "train_accuracy", "val_accuracy"} <= set(frame.tag)


def test_split_named_logs_of_other_headers_stay_apart(tmp_path):
    """Two split-named logs written by different code (other columns) are not one training's."""
    train, valid, _, _ = _ncm_logs(5)
    (tmp_path / "train.log").write_text(train)
    (tmp_path / "valid.log").write_text(valid.replace("epoch,loss,ppl,accuracy", "epoch,loss,accuracy,ppl"))
    assert sorted(r.id for r in loganalyzer.discover(tmp_path)) == ["train.log", "valid.log"]


# --- 8. YOLOv5 results.txt


def _yolov5_results(epochs: int, first: int = 0) -> tuple[str, dict]:
    """ultralytics/yolov5 train.py before v6 (v4.0, 2021-01), at each epoch's end::

        s = ('%10s' * 2 + '%10.4g' * 6) % ('%g/%g' % (epoch, epochs - 1), mem, *mloss, targets.shape[0], imgs.shape[-1])
        f.write(s + '%10.4g' * 7 % results + '\\n')  # P, R, mAP@.5, mAP@.5-.95, val_loss(box, obj, cls)

    with those format strings; the three loss terms and the metrics come from a tiny torch model trained for real
    (a box regression, an objectness and a class head)."""
    torch.manual_seed(first)
    x, xv = torch.randn(96, 6), torch.randn(48, 6)
    box, obj, cls = torch.randn(96, 4), (torch.rand(96) > 0.5).float(), torch.randint(0, 3, (96,))
    boxv, objv, clsv = torch.randn(48, 4), (torch.rand(48) > 0.5).float(), torch.randint(0, 3, (48,))
    model = torch.nn.Linear(6, 8)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)

    def terms(out, b, o, c):
        return (torch.nn.functional.mse_loss(out[:, :4], b), torch.nn.functional.binary_cross_entropy_with_logits(
            out[:, 4], o), torch.nn.functional.cross_entropy(out[:, 5:], c))

    lines, written = [], {"train/box_loss": [], "val/cls_loss": [], "metrics/mAP_0.5": []}
    for epoch in range(first, epochs):
        tb, to, tc = terms(model(x), box, obj, cls)
        opt.zero_grad()
        (tb + to + tc).backward()
        opt.step()
        mloss = torch.tensor([tb.item(), to.item(), tc.item(), (tb + to + tc).item()])
        with torch.no_grad():
            out = model(xv)
            vb, vo, vc = (t.item() for t in terms(out, boxv, objv, clsv))
            hit = (out[:, 5:].argmax(1) == clsv).float()
        p, r = hit.mean().item(), (hit * objv).sum().item() / max(1.0, objv.sum().item())
        results = (p, r, p * r, p * r / 2, vb, vo, vc)
        mem = '%.3gG' % 4.17
        s = ('%10s' * 2 + '%10.4g' * 6) % ('%g/%g' % (epoch, epochs - 1), mem, *mloss, 5, 640)
        lines.append(s + '%10.4g' * 7 % results + '\n')
        written["train/box_loss"].append(float('%.4g' % tb.item()))
        written["val/cls_loss"].append(float('%.4g' % vc))
        written["metrics/mAP_0.5"].append(float('%.4g' % (p * r)))
    return "".join(lines), written


def test_yolov5_results_txt_alone_is_a_run(tmp_path):
    text, written = _yolov5_results(12)
    (tmp_path / "exp").mkdir()
    (tmp_path / "exp" / "results.txt").write_text(text)
    runs = loganalyzer.discover(tmp_path)
    assert [(r.id, r.format) for r in runs] == [("exp/results.txt", "yolov5_txt")]
    frame, said = _read(tmp_path)
    assert not said
    assert set(frame.tag) == {"train/box_loss", "train/obj_loss", "train/cls_loss", "metrics/precision",
                              "metrics/recall", "metrics/mAP_0.5", "metrics/mAP_0.5:0.95", "val/box_loss",
                              "val/obj_loss", "val/cls_loss"}
    for tag, values in written.items():
        steps, got = _series(frame, "exp/results.txt", tag)
        assert steps == list(range(12)) and np.allclose(got, values)


def test_yolov5_results_txt_appended_training_is_a_second_run_and_a_cut_line_is_said(tmp_path):
    first, _ = _yolov5_results(6)
    second, written = _yolov5_results(5)
    cut = second.splitlines(keepends=True)
    (tmp_path / "results.txt").write_text(first + "".join(cut[:-1]) + cut[-1][:40] + "\n")
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["results.txt#1", "results.txt#2"]
    frame, said = _read(tmp_path)
    assert any("results.txt:11: " in s and "not a YOLOv5 results.txt row" in s for s in said)
    assert np.allclose(_series(frame, "results.txt#2", "train/box_loss")[1], written["train/box_loss"][:-1])


def test_yolov5_results_txt_beside_its_event_file_is_left_to_that_run(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    text, written = _yolov5_results(5)
    (tmp_path / "exp").mkdir()
    (tmp_path / "exp" / "results.txt").write_text(text)
    writer = SummaryWriter(str(tmp_path / "exp"))
    for step, value in enumerate(written["train/box_loss"]):
        writer.add_scalar("train/box_loss", value, step)
    writer.close()
    runs = loganalyzer.discover(tmp_path)
    assert [(r.id, r.format) for r in runs] == [("exp", "tensorboard")]
