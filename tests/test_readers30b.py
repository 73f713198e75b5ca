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

import numpy as np
import pytest

import loganalyzer

torch = pytest.importorskip("torch")

from _runs import dir_series, read_resolved  # noqa: E402


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
    frame, said = read_resolved(tmp_path)
    for name, losses in written.items():
        steps, values = dir_series(frame, f"training_history.json#{name}", "loss")
        assert steps == list(range(len(losses)))
        assert np.allclose(values, losses)
    assert set(frame.tag) == {"loss"}


def test_one_model_named_loss_list_is_the_files_run(tmp_path):
    losses = _autoencoder_losses(2, 12, 3)
    (tmp_path / "loss_history.json").write_text(json.dumps({"LSTM": losses}))
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["loss_history.json"]
    frame, _ = read_resolved(tmp_path)
    assert np.allclose(dir_series(frame, "loss_history.json", "loss")[1], losses)


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
    frame, _ = read_resolved(tmp_path / "b")
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
    frame, _ = read_resolved(tmp_path)
    steps, values = dir_series(frame, "train_log.txt", "val_miou")
    assert np.allclose(values, mious)
    assert len(steps) == 8 and steps == sorted(steps)
    assert len(dir_series(frame, "train_log.txt", "loss")[0]) == 8


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
    frame, _ = read_resolved(tmp_path)
    assert np.allclose(dir_series(frame, "log/train.log", "train_loss")[1], tl)
    steps, values = dir_series(frame, "log/train.log", "val_loss")
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
    frame, said = read_resolved(tmp_path)
    assert not said
    assert set(frame.tag) == {"train/box_loss", "train/obj_loss", "train/cls_loss", "metrics/precision",
                              "metrics/recall", "metrics/mAP_0.5", "metrics/mAP_0.5:0.95", "val/box_loss",
                              "val/obj_loss", "val/cls_loss"}
    for tag, values in written.items():
        steps, got = dir_series(frame, "exp/results.txt", tag)
        assert steps == list(range(12)) and np.allclose(got, values)


def test_yolov5_results_txt_appended_training_is_a_second_run_and_a_cut_line_is_said(tmp_path):
    first, _ = _yolov5_results(6)
    second, written = _yolov5_results(5)
    cut = second.splitlines(keepends=True)
    (tmp_path / "results.txt").write_text(first + "".join(cut[:-1]) + cut[-1][:40] + "\n")
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["results.txt#1", "results.txt#2"]
    frame, said = read_resolved(tmp_path)
    assert any("results.txt:11: " in s and "not a YOLOv5 results.txt row" in s for s in said)
    assert np.allclose(dir_series(frame, "results.txt#2", "train/box_loss")[1], written["train/box_loss"][:-1])


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


# --- 4 and 9. a phase's counter ('Fine-Tune Epoch 1', 'SupCon Step [10/200]'), MalConv's '[ (0 ) Loss:'


def _classifier_epochs(seed: int, epochs: int, lr: float = 0.1) -> list[tuple[float, float, float]]:
    """(train loss, val loss, val accuracy %) per epoch of a tiny classifier trained for real."""
    torch.manual_seed(seed)
    x, xv = torch.randn(128, 6), torch.randn(64, 6)
    w = torch.randn(6, 4)
    y, yv = (x @ w).argmax(1), (xv @ w).argmax(1)
    model = torch.nn.Linear(6, 4)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    out = []
    for _ in range(epochs):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            vloss = torch.nn.functional.cross_entropy(model(xv), yv).item()
            acc = (model(xv).argmax(1) == yv).float().mean().item() * 100
        out.append((loss.item(), vloss, acc))
    return out


def test_fine_tune_epochs_are_the_phases_own_epochs(tmp_path):
    """DarshilDC05/CNN_BiLSTM_Hangman_AI (2239c9a): train.py prints ``Epoch {e} | Train Loss: {:.4f} | Val Loss:
    {:.4f} | Val Accuracy: {:.2f}%``, then finetune_model.py (launched after it, the same log) ``Fine-Tune Epoch {e} |
    ...``. The three fine-tune epochs were all at step 5 beside a series ``Fine-Tune_Epoch`` (1, 2, 3)."""
    main, tune = _classifier_epochs(0, 5), _classifier_epochs(1, 3, lr=0.02)
    lines = ["--- Starting Training for Deep Model ---"]
    lines += [f"Epoch {e} | Train Loss: {t:.4f} | Val Loss: {v:.4f} | Val Accuracy: {a:.2f}%"
              for e, (t, v, a) in enumerate(main, 1)]
    lines += ["Training complete!", "", "(pytorch) user@host:~/hangman_ai$ python finetune_model.py",
              "Loading pre-trained model weights from 'hangman_bilstm_model.pth'...", "",
              "--- Starting Specialized Fine-Tuning Phase ---"]
    lines += [f"Fine-Tune Epoch {e} | Train Loss: {t:.4f} | Val Loss: {v:.4f} | Val Accuracy: {a:.2f}%"
              for e, (t, v, a) in enumerate(tune, 1)]
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path, resolve=False)
    assert not any("epoch" in t.lower() for t in set(frame.tag))
    tuned = frame[(frame.tag == "Train_Loss") & np.isin(frame.value.round(4), [round(t, 4) for t, _, _ in tune])]
    assert len(tuned) == 3 and tuned.groupby("dir", observed=True).step.nunique().max() == 3
    first = frame[(frame.tag == "Val_Loss") & np.isin(frame.value.round(4), [round(v, 4) for _, v, _ in main])]
    assert sorted(first.step) == [1, 2, 3, 4, 5]


def test_phase_step_counter_is_the_step_not_a_series(tmp_path):
    """Anurag9000/Image-Classification (bfc50f1): python logging ``%(asctime)s - %(levelname)s - %(message)s`` with
    ``SupCon Step [{step}/{total}] - Loss: {loss:.4f}`` every 10 steps of a contrastive pre-training: was a series
    ``SupCon_Step`` (10, 20, ...) and every loss at step 0."""
    import logging

    torch.manual_seed(0)
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    log = logging.getLogger("readers30b.supcon")
    log.propagate = False
    handler = logging.FileHandler(tmp_path / "training_log.txt")
    handler.setFormatter(logging.Formatter("%(asctime)s - %(levelname)s - %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.info("===> Starting SupCon Pretraining Phase")
    losses = []
    for step in range(1, 81):
        x = torch.randn(32, 8)
        z = torch.nn.functional.normalize(model(x), dim=1)
        z2 = torch.nn.functional.normalize(model(x + 0.1 * torch.randn(32, 8)), dim=1)
        loss = torch.nn.functional.cross_entropy(z @ z2.T / 0.5, torch.arange(32))  # a SimCLR/SupCon-style loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 10 == 0:
            log.info(f"SupCon Step [{step}/80] - Loss: {loss.item():.4f}")
            losses.append(round(loss.item(), 4))
    handler.close()
    log.removeHandler(handler)
    frame, _ = read_resolved(tmp_path, resolve=False)
    assert set(frame.tag) == {"Loss"}
    steps, values = dir_series(frame, "training_log.txt", "Loss")
    assert steps == list(range(10, 81, 10)) and np.allclose(values, losses)


def test_parenthesised_epoch_counter_is_the_step_as_printed(tmp_path):
    """0x13enny/MalConv (dff1fff) nohup.out: ``TP:.., TN:..`` then ``[ (0 ) Loss:  0.382, train_Acc: 0.94802,
    valid_Loss: 0.361, valid_Acc: 0.97700]`` per epoch, 0-based: the lines were at their ordinals 1..5."""
    epochs = _classifier_epochs(2, 5)
    lines = ["Namespace(batch_size=128, lr=0.0002, max_epoch=200, resume_epoch=100)"]
    for e, (t, v, a) in enumerate(epochs):
        lines.append("TP:1783, TN:171, FP:23, FN:17")
        lines.append(f"[ ({e} ) Loss:  {t:.3f}, train_Acc: {a / 100:.5f}, valid_Loss: {v:.3f}, valid_Acc: {a / 100:.5f}]")
    (tmp_path / "nohup.out").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    steps, values = dir_series(frame, "nohup.out", "val_Loss")
    assert steps == [0, 1, 2, 3, 4] and np.allclose(values, [round(v, 3) for _, v, _ in epochs])


# --- 5. Demucs: progress lines beside the epoch summaries; 6. PaddleVideo's END epoch lines


def _demucs_log(epochs: int) -> tuple[str, list, list]:
    """The shape of a Demucs solver's log (public ApiaoSamaa/audio_sep ``train_log.txt``; facebookresearch/demucs
    solver.py: ``logger.info(f'Train Summary | Epoch {epoch + 1} | {_summary(formatted)}')``, its ``LogProgress``
    lines ``Train | Epoch 1 | 143/573 | 1.45 it/sec | Loss 0.2343 | ...``, validation of the model and its EMA
    copies, each a pass of its own, then ``Valid Summary``): a tiny regressor trained for real, the progress lines
    the running mean of the epoch's batch losses."""
    torch.manual_seed(0)
    x, y = torch.randn(96, 5), torch.randn(96, 1)
    xv, yv = torch.randn(32, 5), torch.randn(32, 1)
    model = torch.nn.Linear(5, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines, train, valid = [], [], []
    for epoch in range(1, epochs + 1):
        lines += ["-" * 70, "Training..."]
        seen = []
        for b in range(6):
            loss = torch.nn.functional.l1_loss(model(x[b * 16:(b + 1) * 16]), y[b * 16:(b + 1) * 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
            seen.append(loss.item())
            if b % 2 == 1:
                mean = sum(seen) / len(seen)
                lines.append(f"Train | Epoch {epoch} | {b + 1}/6 | 1.45 it/sec | Loss {mean:.4f} | Reco {mean:.4f}")
        train.append(round(sum(seen) / len(seen), 4))
        lines.append(f"Train Summary | Epoch {epoch} | Loss={train[-1]:.4f} | Reco={train[-1]:.4f}")
        lines += ["-" * 70, "Cross validation..."]
        with torch.no_grad():
            for _ in ("main", "ema_batch_0", "ema_epoch_1"):
                for k in (1, 2):
                    part = torch.nn.functional.l1_loss(model(xv[:16 * k]), yv[:16 * k]).item()
                    lines.append(f"Valid | Epoch {epoch} | {k}/3 | 0.31 it/sec | Loss {part:.4f} | Reco {part:.4f}")
            v = torch.nn.functional.l1_loss(model(xv), yv).item()
        valid.append(round(v, 4))
        lines.append(f"Valid Summary | Epoch {epoch} | Loss={v:.4f} | Reco={v:.4f} | Best={min(valid):.4f} | "
                     "Bname=main | Penalty=221.5717")
    return "\n".join(f"- {line}" for line in lines) + "\n", train, valid


def test_demucs_progress_lines_beside_the_epoch_summaries_are_left_out(tmp_path):
    text, train, valid = _demucs_log(6)
    (tmp_path / "train_log.txt").write_text(text)
    frame, said = read_resolved(tmp_path, resolve=False)
    steps, values = dir_series(frame, "train_log.txt", "Valid_Loss")
    assert steps == [1, 2, 3, 4, 5, 6] and np.allclose(values, valid)
    steps, values = dir_series(frame, "train_log.txt", "Train_Loss")
    assert steps == [1, 2, 3, 4, 5, 6] and np.allclose(values, train)
    assert not any("printed" in s and "times" in s for s in said)


def test_a_name_run_into_a_text_value_is_no_key():
    """The public log's summary lines have two fields run together (``Bname=ema_batch_0enalty=312.6947``): no series
    ``ema_batch_0enalty``. (``Best=`` after the scores is the best so far, no series of its own since stop 62.)"""
    from loganalyzer.readers._progress import parse

    record = parse(b"- Valid Summary | Epoch 12 | Loss=0.1349 | Reco=0.1349 | Best=0.1349 | "
                   b"Bname=ema_batch_0enalty=312.6947")
    assert [t for t, _ in record.values] == ["Valid_Loss", "Valid_Reco"]


def _paddlevideo_log(epochs: int, batches: int = 3) -> tuple[str, list, list, list]:
    """PaddleVideo (paddlevideo/utils/record.py: ``log_batch`` every ``log_interval`` batches, ``log_epoch`` at the
    end of each pass; public justld/3D-ResNets_paddle ``log/train.log``): ``epoch:[  1/25 ] train step:0    loss:
    4.97011 lr: 0.010000 top1: ...`` and ``END epoch:1   train loss_avg: 3.94312  top1_avg: ...``, the validation
    pass the same with ``val``; a tiny classifier trained for real."""
    torch.manual_seed(0)
    x, xv = torch.randn(3 * batches * 16, 6), torch.randn(48, 6)
    w = torch.randn(6, 5)
    y, yv = (x @ w).argmax(1), (xv @ w).argmax(1)
    model = torch.nn.Linear(6, 5)
    opt = torch.optim.SGD(model.parameters(), lr=0.01 * 10)
    lines, t_avg, v_avg, v_top1 = [], [], [], []
    stamp = "[12/25 14:22:40]"
    for epoch in range(1, epochs + 1):
        seen, hits = [], []
        for b in range(batches):
            xb, yb = x[b * 16:(b + 1) * 16], y[b * 16:(b + 1) * 16]
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            top1 = (model(xb).argmax(1) == yb).float().mean().item()
            seen.append(loss.item())
            hits.append(top1)
            lines.append(f"{stamp} epoch:[{epoch:>3d}/{epochs:<3d}] train step:{b:<4d} loss: {loss.item():.5f} lr: "
                         f"0.010000 top1: {top1:.5f} top5: 1.00000 batch_cost: 0.5 sec, reader_cost: 0.1 sec, ips: "
                         "32.9 instance/sec.")
        t_avg.append(round(sum(seen) / batches, 5))
        lines.append(f"{stamp} END epoch:{epoch:<3d}  train loss_avg: {t_avg[-1]:.5f}  top1_avg: "
                     f"{sum(hits) / batches:.5f} top5_avg: 1.00000 avg_batch_cost: 0.5 sec, avg_reader_cost: 0.1 sec, "
                     "batch_cost_sum: 199.9 sec, avg_ips: 47.7 instance/sec.")
        with torch.no_grad():
            parts = [(torch.nn.functional.cross_entropy(model(xv[i:i + 16]), yv[i:i + 16]).item(),
                      (model(xv[i:i + 16]).argmax(1) == yv[i:i + 16]).float().mean().item()) for i in (0, 16, 32)]
        for b, (vl, vt) in enumerate(parts):
            lines.append(f"{stamp} epoch:[{epoch:>3d}/{epochs:<3d}] val step:{b:<4d} loss: {vl:.5f} top1: {vt:.5f} "
                         "top5: 1.00000 batch_cost: 0.04 sec, reader_cost: 0.0 sec, ips: 60.8 instance/sec.")
        v_avg.append(round(sum(p[0] for p in parts) / 3, 5))
        v_top1.append(round(sum(p[1] for p in parts) / 3, 5))
        lines.append(f"{stamp} END epoch:{epoch:<3d}  val loss_avg: {v_avg[-1]:.5f} top1_avg: {v_top1[-1]:.5f} "
                     "top5_avg: 1.00000 avg_batch_cost: 0.04 sec, avg_reader_cost: 0.0 sec, batch_cost_sum: 63.1 "
                     "sec, avg_ips: 60.8 instance/sec.")
    return "\n".join(lines) + "\n", t_avg, v_avg, v_top1


def test_paddlevideo_epoch_lines_keep_train_and_val_apart(tmp_path):
    text, t_avg, v_avg, v_top1 = _paddlevideo_log(8)
    (tmp_path / "train.log").write_text(text)
    frame, _ = read_resolved(tmp_path, resolve=False)
    tags = set(frame.tag)
    assert not any(t.lower().startswith("end") for t in tags)
    steps, values = dir_series(frame, "train.log", "train_loss_avg")
    assert len(steps) == 8 and np.allclose(values, t_avg) and steps == sorted(set(steps))
    vsteps, values = dir_series(frame, "train.log", "val_loss_avg")
    assert vsteps == steps and np.allclose(values, v_avg)
    assert np.allclose(dir_series(frame, "train.log", "val_top1_avg")[1], v_top1)
    assert len(dir_series(frame, "train.log", "top1_avg")[0]) == 8  # the training's, not merged with validation's
    assert "val_loss" not in tags  # the validation batches' running lines: the END line is the pass's value
    loss_steps = dir_series(frame, "train.log", "loss")[0]
    assert len(loss_steps) == 24 and loss_steps == sorted(set(loss_steps))


# --- 10. a Keras fit log saved under an odd extension


def test_keras_fit_output_saved_as_rb_is_found_in_a_folder(tmp_path):
    """derekchen14/snippet_rnn ``results/0508_results.rb``: Keras ``fit`` output (verbose=2) saved under ``.rb``; found
    when given, not in its folder. Here real Keras (torch backend) prints it."""
    import contextlib
    import io
    import os

    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    rng = np.random.RandomState(0)
    x = rng.randn(160, 6).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        history = model.fit(x, y, epochs=4, validation_split=0.25, verbose=2)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "0508_results.rb").write_text(out.getvalue())
    (tmp_path / "results" / "results_plot.rb").write_text("puts 'loss: 0.5'\n")  # code that names a loss: no run
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["results/0508_results.rb"]
    frame, _ = read_resolved(tmp_path)
    assert np.allclose(dir_series(frame, "results/0508_results.rb", "val_loss")[1], history.history["val_loss"],
                       atol=1e-4)
