"""readers19a: the MXNet / GluonCV / PyTorch-Encoding family of printed logs (breaker10 F1, F3, F4, F5, F7 and the
gluon_cifar_wrn note). Every log is printed by a real (tiny) torch training loop with the format strings of the
writers (mxnet.callback.Speedometer / mxnet.module.BaseModule.fit / GluonCV's train scripts / tqdm)."""
from __future__ import annotations

import logging
import warnings

import torch
from tqdm import tqdm

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _series(df, tag):
    rows = df[df.tag == tag].sort_values("step")
    return rows.step.tolist(), rows.value.tolist()


def _loop(epochs, batches, seed=0):
    """A tiny classifier trained for real: yields (epoch, batch, loss, accuracy, lr) after every batch."""
    torch.manual_seed(seed)
    x = torch.randn(64, 4)
    y = (x[:, 0] > 0).long()
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    for epoch in range(epochs):
        for batch in range(batches):
            opt.zero_grad()
            out = model(x)
            loss = torch.nn.functional.cross_entropy(out, y)
            loss.backward()
            opt.step()
            acc = (out.argmax(1) == y).float().mean().item()
            yield epoch, batch, loss.item(), acc, opt.param_groups[0]["lr"]


def _logger(path):
    log = logging.getLogger(f"readers19a.{path.name}")
    log.handlers.clear()
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(levelname)s:root:%(message)s"))  # logging.basicConfig's format
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return log, handler


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_scalars(str(path), resolve=True)


def test_mxnet_speedometer_log_one_run_with_validation(tmp_path):
    """MXNet Module.fit: 'Epoch[0] Batch [20]\\tSpeed: ..\\tTrain-accuracy=..', 'Epoch[0] Time cost=..',
    'Epoch[0] Validation-accuracy=..'; a resumed second session (epochs 3.. again) continues the one curve."""
    path = tmp_path / "resnet-18.log"
    log, handler = _logger(path)
    log.info("Namespace(batch_size=128, depth=18, frequent=10, lr=0.1, model_load_epoch=0, retrain=False)")
    for epoch, batch, loss, acc, lr in _loop(5, 31):
        if batch and batch % 10 == 0:  # Speedometer(batch_size, frequent=10)
            log.info("Epoch[%d] Batch [%d]\tSpeed: %.2f samples/sec\t%s=%f", epoch, batch, 695.97, "Train-accuracy", acc)
        if batch == 30:
            log.info("Epoch[%d] Resetting Data Iterator", epoch)
            log.info("Epoch[%d] Time cost=%.3f", epoch, 72.598)
            log.info("Epoch[%d] Validation-%s=%f", epoch, "accuracy", acc * 0.9)
    log.info("Namespace(batch_size=128, depth=18, frequent=10, lr=0.1, model_load_epoch=3, retrain=True)")
    for epoch, batch, loss, acc, lr in _loop(2, 31, seed=1):
        epoch += 3
        if batch and batch % 10 == 0:
            log.info("Epoch[%d] Batch [%d]\tSpeed: %.2f samples/sec\t%s=%f", epoch, batch, 700.0, "Train-accuracy", acc)
        if batch == 30:
            log.info("Epoch[%d] Time cost=%.3f", epoch, 70.1)
            log.info("Epoch[%d] Validation-%s=%f", epoch, "accuracy", acc * 0.9)
    handler.close()
    assert len(discover(str(tmp_path))) == 1
    df = _read(path)
    assert df.dir.nunique() == 1
    assert set(df.tag) == {"train_accuracy", "val_accuracy"}  # no Speed, no Time cost
    steps, _ = _series(df, "train_accuracy")
    assert steps[:3] == [10, 20, 30] and steps[3] == 31 + 10  # epoch x 31 (batches learnt: 30 + 1) + batch
    assert steps[-1] == 4 * 31 + 30 and len(steps) == 15  # epochs 3-4 resumed replace the first session's
    vsteps, _ = _series(df, "val_accuracy")
    assert vsteps == [31, 62, 93, 124, 155]


def test_gluon_classification_pose_and_detection_lines(tmp_path):
    """GluonCV: 'Epoch[0] Batch [9]\\tSpeed: ..\\tloss=..\\tlr=..', the epoch's 'Epoch[0]\\t\\tSpeed: .. over 9 secs
    \\tloss=..', '[Epoch 0] training: accuracy=..', '[Epoch 0] validation: err-top1=.. err-top5=..'; detection's
    '[Epoch 0][Batch 9], LR: .., Speed: .., ObjLoss=..', '[Epoch 0] Training cost: .., ObjLoss=..' and the
    multi-line 'Validation:' block (mAP read)."""
    pose, det = tmp_path / "pose" / "simple_pose.log", tmp_path / "det" / "yolo3_voc.log"
    pose.parent.mkdir()
    det.parent.mkdir()
    plog, ph = _logger(pose)
    dlog, dh = _logger(det)
    dlog.info("Start training from [Epoch 0]")
    for epoch, batch, loss, acc, lr in _loop(4, 20):
        if (batch + 1) % 10 == 0:
            plog.info("Epoch[%d] Batch [%d]\tSpeed: %f samples/sec\t%s=%f\t%s=%f\t%s=%.3f", epoch, batch, 1826.4,
                      "loss", loss, "lr", lr, "heatmap_accuracy", acc)
            dlog.info("[Epoch {}][Batch {}], LR: {:.2E}, Speed: {:.3f} samples/sec, {}={:.3f}, {}={:.3f}, {}={:.3f}"
                      .format(epoch, batch, lr, 108.25, "ObjLoss", loss * 3, "BoxCenterLoss", loss, "ClassLoss", loss))
        if batch == 19:
            plog.info("Epoch[%d]\t\tSpeed: %d samples/sec over %d secs\tloss=%f", epoch, 1552, 96, loss)
            plog.info("[Epoch %d] training: %s=%f", epoch, "accuracy", acc)
            plog.info("[Epoch %d] speed: %d samples/sec\ttime cost: %f", epoch, 1789, 717.1)
            plog.info("[Epoch %d] validation: err-top1=%f err-top5=%f", epoch, 1 - acc, (1 - acc) / 2)
            dlog.info("[Epoch {}] Training cost: {:.3f}, {}={:.3f}, {}={:.3f}, {}={:.3f}".format(
                epoch, 602.9, "ObjLoss", loss * 3, "BoxCenterLoss", loss, "ClassLoss", loss))
            dlog.info("[Epoch {}] Validation: \n{}".format(epoch, "\n".join(
                f"{k}={v}" for k, v in (("aeroplane", acc / 2), ("train", acc / 3), ("mAP", acc / 2.5)))))
    ph.close()
    dh.close()
    df = _read(pose)
    assert df.dir.nunique() == 1  # one training, not one run per epoch
    assert set(df.tag) == {"loss", "lr", "heatmap_accuracy", "loss_epoch", "accuracy_epoch", "val_err_top1",
                           "val_err_top5"}
    steps, _ = _series(df, "loss")
    assert steps == [9, 19, 29, 39, 49, 59, 69, 79]  # epoch x 20 + batch
    assert _series(df, "val_err_top1")[0] == [20, 40, 60, 80]
    df = _read(det)
    assert df.dir.nunique() == 1
    assert set(df.tag) == {"lr", "ObjLoss", "BoxCenterLoss", "ClassLoss", "ObjLoss_epoch", "BoxCenterLoss_epoch",
                           "ClassLoss_epoch", "val_mAP"}  # never 'Training_cost', 'Speed', nor the class APs
    steps, values = _series(df, "val_mAP")
    assert steps == [20, 40, 60, 80] and len(values) == 4


def test_tqdm_description_values_segmentation_and_depth(tmp_path):
    """PyTorch-Encoding / GluonCV segmentation: 'Epoch 0, training loss 0.830: 100%|███| ..' and 'Epoch 0, validation
    pixAcc: 0.901, mIoU: 0.418: 100%|███| ..' (tqdm set_description, redrawn with \\r); monodepth2's plain 'Epoch 1,
    validation abs_REL: .. RMSE: .., RMSE_log: ..' beside 'Epoch 1 iteration 0010/0020: training loss 0.1'."""
    seg, depth = tmp_path / "seg" / "psp_citys.log", tmp_path / "depth" / "monodepth2.log"
    seg.parent.mkdir()
    depth.parent.mkdir()
    losses: dict = {}
    with open(seg, "w") as out, open(depth, "w") as dout:
        print("Starting Epoch: 0\nTotal Epochs: 3", file=out)
        gen = _loop(3, 20)
        for epoch in range(3):
            tbar = tqdm(range(20), file=out, mininterval=0, ascii=False)
            total = 0.0
            for i in tbar:
                _, _, loss, acc, _ = next(gen)
                total += loss
                tbar.set_description("Epoch %d, training loss %.3f" % (epoch, total / (i + 1)))
                if i % 10 == 0:
                    print("Epoch %d iteration %04d/%04d: training loss %.3f" % (epoch, i, 20, loss), file=dout)
            tbar.close()
            losses[epoch] = round(total / 20, 3)
            vbar = tqdm(range(5), file=out, mininterval=0)
            for i in vbar:
                vbar.set_description("Epoch %d, validation pixAcc: %.3f, mIoU: %.3f" % (epoch, acc, acc / 2))
            vbar.close()
            print("Epoch %d, validation abs_REL: %.3f sq_REL: %.3f RMSE: %.3f, RMSE_log: %.3f Delta_1: %.3f "
                  "Delta_2: %.3f Delta_2: %.3f" % (epoch, loss, loss, 4.4, 0.18, acc, acc, acc), file=dout)
    df = _read(seg)
    steps, values = _series(df, "training_loss")
    assert steps == [0, 1, 2] and values == [losses[0], losses[1], losses[2]]  # each epoch once, its last redraw
    assert _series(df, "val_pixAcc")[0] == [0, 1, 2] and _series(df, "val_mIoU")[0] == [0, 1, 2]
    df = _read(depth)
    assert _series(df, "training_loss")[0] == [0, 10, 20, 30, 40, 50]
    for tag in ("val_abs_REL", "val_sq_REL", "val_RMSE", "val_RMSE_log", "val_Delta_1", "val_Delta_2",
                "val_Delta_2_2"):
        assert _series(df, tag)[0] == [10, 30, 50], tag  # at the training step before each


def test_gluon_cifar_train_val_are_accuracies(tmp_path):
    """GluonCV train_cifar10.py: '[Epoch %d] train=%f val=%f loss=%f time: %f' -- train/val are the accuracies; a
    'val' outside [0, 1] on such a line (a loss) keeps its name."""
    path, other = tmp_path / "a" / "cifar_resnet20.log", tmp_path / "b" / "other.log"
    path.parent.mkdir()
    other.parent.mkdir()
    log, handler = _logger(path)
    last = {}
    for epoch, batch, loss, acc, lr in _loop(4, 10):
        if batch == 9:
            log.info("[Epoch %d] train=%f val=%f loss=%f time: %f", epoch, acc, acc * 0.95, loss, 41.09)
            last = {"acc": acc, "loss": loss}
    handler.close()
    other.write_text("".join(f"[Epoch {e}] train={1.5 - e / 10:f} val={1.7 - e / 10:f} loss={1.5 - e / 10:f} "
                             f"time: 40.0\n" for e in range(4)))
    df = _read(path)
    assert set(df.tag) == {"train_accuracy", "val_accuracy", "loss"}
    steps, values = _series(df, "train_accuracy")
    assert steps == [0, 1, 2, 3] and abs(values[-1] - last["acc"]) < 1e-6
    assert _series(df, "val_accuracy")[0] == [0, 1, 2, 3]
    assert set(_read(other).tag) == {"train", "val", "loss"}


def test_gluon_detector_terms_are_losses_and_err_top1_no_accuracy(tmp_path):
    """CenterNet's '[Epoch 0][Batch 9], Speed: .., LR=.., WHL1=.., CenterRegL1=.., HeatmapFocal=..' names no 'loss':
    its terms are the losses (it was 'no usable loss'); GluonCV's 'err-top1' is an error, never the accuracy."""
    from loganalyzer.curves import find_curves
    from loganalyzer.load import load_run

    path = tmp_path / "center_net_voc_train.log"
    log, handler = _logger(path)
    log.info("Start training from [Epoch 0]")
    for epoch, batch, loss, acc, lr in _loop(3, 20):
        if (batch + 1) % 10 == 0:
            log.info("[Epoch {}][Batch {}], Speed: {:.3f} samples/sec, LR={}, {}={:.3f}, {}={:.3f}, {}={:.3f}".format(
                epoch, batch, 104.9, lr, "WHL1", loss / 2, "CenterRegL1", loss / 4, "HeatmapFocal", loss * 50))
        if batch == 19:
            log.info("[Epoch %d] validation: err-top1=%f err-top5=%f", epoch, 1 - acc, (1 - acc) / 2)
    handler.close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = discover(str(path))
        curves = find_curves(load_run(run).scalars)
    assert curves.train_loss is not None and "HeatmapFocal" in curves.train_loss.name
    assert curves.val_acc is None or "err" not in curves.val_acc.name


def test_epoch_validation_line_alone_does_not_claim_the_file(tmp_path):
    """'[Epoch 0] validation: acc=..' without MXNet/Gluon batch lines: the file's own training lines are still read."""
    path = tmp_path / "train.log"
    with open(path, "w") as out:
        for epoch, batch, loss, acc, lr in _loop(3, 5):
            print(f"epoch {epoch} step {epoch * 5 + batch} | train loss {loss:.4f}", file=out)
            if batch == 4:
                print(f"[Epoch {epoch}] validation: acc={acc:.4f}", file=out)
    df = _read(path)
    assert len(_series(df, "train_loss")[0]) == 15
