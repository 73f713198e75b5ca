"""Reader kinds named by the blind labellers of sets 161 (self-supervised), 162 (segmentation / super-resolution) and
163 (TF1/TF2 loops, older Keras), opened at stop 60, each failing on the stop's start code. Files are written with
the writer the project used (csv, tensorboardX) or in the program's exact printed format (small, hand-written from
its print call)."""
from __future__ import annotations

import json
import math

import loganalyzer

from _runs import runs_points


def _falling(n: int, a: float, b: float) -> list[float]:
    return [round(a + (b - a) * i / max(1, n - 1), 4) for i in range(n)]


# ---------------------------------------------------------------- 162: headerless CSV, a row per CV fold


def test_loss_csv_of_one_row_per_fold(tmp_path):
    """fsrcnn162: ``np.savetxt(f'{model}_Train_Loss.csv', fold_losses, delimiter=', ')`` -- 5 lines of 100 MSE values
    (one per fold), the test file beside it -- was 'no column named like a loss': nothing read. Now one run, each file
    the folds' mean per epoch under its split's name; camelCase names (``..._TrainLoss.csv``) pair too."""
    for stem, (train, test) in {"FSRCNN": ("Train_Loss", "Test_Loss"), "48_12_2Maps": ("TrainLoss", "TestLoss")}.items():
        run = tmp_path / stem
        run.mkdir()
        folds = {s: [[round((500 - 50 * s) * math.exp(-e / 10) + 60 + k + (3 if s else 0), 4) for e in range(100)]
                     for k in range(5)] for s in (0, 1)}
        for s, name in ((0, train), (1, test)):
            (run / f"{stem}_{name}.csv").write_text("\n".join(", ".join(map(str, r)) for r in folds[s]))
        (points,) = runs_points(run).values()
        for s, tag in ((0, "train_loss"), (1, "test_loss")):
            steps, values = points[tag]
            assert steps == list(range(100))
            assert all(abs(a - sum(c) / 5) < 1e-9 for a, c in zip(values, zip(*folds[s])))


def test_one_row_per_fold_needs_curves(tmp_path):
    """Rows of per-class values in no order (no curve along the row) stay unread."""
    run = tmp_path / "perclass"
    run.mkdir()
    rows = [[(7 * k + 13 * e) % 17 + 0.5 for e in range(20)] for k in range(4)]
    (run / "model_Train_Loss.csv").write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n")
    assert not any("train_loss" in p for p in runs_points(run).values())


# ---------------------------------------------------------------- 161: SimCLR's tqdm descriptions in a SLURM .err


def _simclr_err(epochs: int) -> str:
    """leftthomas/SimCLR ``main.py``: ``train_bar.set_description('Train Epoch: [{}/{}] Loss: {:.4f}'...)`` over
    2 batches and ``test_bar.set_description('Test Epoch: [{}/{}] Acc@1:{:.2f}% Acc@5:{:.2f}%'...)`` (kNN monitor),
    tqdm redrawing with carriage returns."""
    bar = "|##########|"
    out = []
    for e in range(1, epochs + 1):
        loss = 6.8 - 0.1 * e
        out.append(f"\r  0%|          | 0/2 [00:00<?, ?it/s]\rTrain Epoch: [{e}/{epochs}] Loss: {loss + 0.05:.4f}:   "
                   f"0%|          | 0/2 [00:01<?, ?it/s]\rTrain Epoch: [{e}/{epochs}] Loss: {loss:.4f}: 100%{bar} "
                   f"2/2 [00:02<00:00,  1.41s/it]\n")
        acc = 24.0 + e
        out.append(f"\rFeature extracting: 100%{bar} 3/3 [00:01<00:00,  2.39it/s]\n")
        out.append(f"\r  0%|          | 0/20 [00:00<?, ?it/s]\rTest Epoch: [{e}/{epochs}] Acc@1:{acc - 1:.2f}% "
                   f"Acc@5:{acc + 50:.2f}%:  50%|#####     | 10/20 [00:01<00:01,  3.91it/s]\rTest Epoch: [{e}/{epochs}] "
                   f"Acc@1:{acc:.2f}% Acc@5:{acc + 51:.2f}%: 100%{bar} 20/20 [00:02<00:00,  8.50it/s]\n")
    return "".join(out)


def test_simclr_bars_in_slurm_err(tmp_path):
    """diffaugsimclr161 ``<jobid>.err``: read as no training ('looks like progress under other names'); now the loss
    and the test accuracies at each epoch, the bars' last redraws."""
    (tmp_path / "35860941.err").write_text(_simclr_err(8))
    (points,) = runs_points(tmp_path).values()
    assert points["Loss"] == (list(range(1, 9)), [round(6.8 - 0.1 * e, 4) for e in range(1, 9)])
    assert points["test_Acc@1"] == (list(range(1, 9)), [24.0 + e for e in range(1, 9)])


# ---------------------------------------------------------------- 161: vicreg evaluate.py's JSON-lines stats


def test_vicreg_linear_eval_accuracy_lines(tmp_path):
    """facebookresearch/vicreg ``evaluate.py`` prints ``json.dumps(dict(epoch, step, lr_backbone, lr_head, loss,
    time))`` every print_freq steps and ``json.dumps(dict(epoch, acc1, acc5, best_acc1, best_acc5))`` after each
    epoch: the accuracy lines (no loss) were dropped. Now ``val_acc1``/``val_acc5`` in order, best_* left out."""
    lines = ["vicreg/evaluate.py --data-dir /data --pretrained exp/resnet50.pth --epochs 6"]
    acc, step = [], 0
    for e in range(6):
        lines.append(json.dumps({"epoch": e, "step": step, "lr_backbone": 0, "lr_head": 0.02 / (e + 1),
                                 "loss": round(2.0 / (e + 1), 4), "time": 10 * e}))
        step += 100
        acc.append(60.0 + 2 * e)
        lines.append(json.dumps({"epoch": e, "acc1": acc[-1], "acc5": 100.0, "best_acc1": max(acc), "best_acc5": 100.0}))
    (tmp_path / "epochs_6.txt").write_text("\n".join(lines) + "\n")
    (points,) = runs_points(tmp_path).values()
    assert points["val_acc1"][1] == acc
    assert points["val_acc1"][0] == points["loss"][0]  # each at its epoch's training step
    assert not any("best" in t for t in points)


# ---------------------------------------------------------------- 161: a linear probe's step-less lines


def test_linear_probe_lines_without_epoch(tmp_path):
    """simclropt161: ``Epoch k: Training Loss: x, Validation Loss: y, ..`` for the pretraining, then 100 lines
    ``Training loss: x,Validation loss: y`` of the probe with no epoch: all 100 sat at the last epoch's step. Now the
    probe is a run of its own, its lines at 1..n; the pretraining run is unchanged."""
    t = "2024-11-14 19:23:36,581 - INFO - "
    lines = [t + "Log started"]
    pre = _falling(12, 6.1, 4.6)
    for k, v in enumerate(pre, 1):
        lines.append(t + f"Epoch {k}: Training Loss: {v}, Validation Loss: {v + 0.02}, GPU Util: 99%, Training time "
                         f"per epoch: 56.4 sec,Memory usage: 1291.2 MB,Model size: 106.9 MB")
        lines.append(t + f"Model saved at epoch {k}")
    lines += [t + "Training complete", t + "Logistic Regression started", t + "Constants set: EPOCHS=8"]
    probe = _falling(8, 2.3, 1.0)
    for k, v in enumerate(probe, 1):
        lines.append(t + f"Training loss: {v},Validation loss: {v + 0.05}")
        lines.append(t + f"Model saved at epoch {k}")
    lines += [t + "Training complete", t + "Linear evaluation accuracy: 0.8591,NMI: 0.7496"]
    (tmp_path / "training_log_baseline.log").write_text("\n".join(lines) + "\n")
    runs = runs_points(tmp_path)
    first, second = (runs[k] for k in sorted(runs))
    assert first["Training_Loss"] == (list(range(1, 13)), pre)
    assert second["Training_loss"] == (list(range(1, 9)), probe)


# ---------------------------------------------------------------- 163: a pasted terminal session of two scripts


def test_pasted_session_of_two_scripts(tmp_path):
    """bambrozio/tensorflow-svhn ``NOTES.md``: ``$ python train_classifier.py`` (steps 0..), then ``$ python
    train_regressor.py`` printing ``Model restored.`` and steps from 100: read as a resume, the regressor replaced the
    classifier from step 100 on. Now two runs; the regressor's first validation line is its own."""
    out = ["(env) host:tensorflow-svhn user$ python train_classifier.py", "Starting without Saved Weights."]
    for s in range(0, 1100, 100):
        out.append(f"2019-05-23 00:58:48.399170: step {s}, loss = {2.3 - s / 1000:.2f}  learning rate = 0.075  "
                   f"(1.2 examples/sec; 25.6 sec/batch)")
        out.append(f"Minibatch accuracy: {0.1 + s / 2000:.2f}")
    out += ["", "(env) host:tensorflow-svhn user$ python train_regressor.py", "Model restored.",
            "Validation Accuracy: 0.59"]
    for s in range(100, 1600, 100):
        out.append(f"2019-05-23 05:46:38.317248: step {s}, loss = {5.8 - s / 400:.2f}  learning rate = 0.07  "
                   f"(1.2 examples/sec; 25.6 sec/batch)")
        out.append(f"Minibatch accuracy2: {0.6 + s / 5000:.2f}")
    (tmp_path / "NOTES.md").write_text("\n".join(out) + "\n")
    runs = runs_points(tmp_path)
    assert sorted(runs) == ["NOTES.md#1", "NOTES.md#2"]
    assert runs["NOTES.md#1"]["loss"][0] == list(range(0, 1100, 100))
    assert runs["NOTES.md#2"]["loss"][0] == list(range(100, 1600, 100))
    assert runs["NOTES.md#2"]["Validation_Accuracy"] == ([100], [0.59])


def test_same_script_run_again_stays_a_resume(tmp_path):
    """The same script launched again after a stop (its steps going on from where it stopped) stays one run."""
    out = ["user@host:~/proj$ python train.py"]
    out += [f"step {s}, loss = {3 - s / 1000:.3f}" for s in range(0, 600, 100)]
    out += ["user@host:~/proj$ python train.py --resume"]
    out += [f"step {s}, loss = {3 - s / 1000:.3f}" for s in range(400, 1000, 100)]
    (tmp_path / "session.log").write_text("\n".join(out) + "\n")
    assert len(runs_points(tmp_path)) == 1


# ---------------------------------------------------------------- 163: logs/train + logs/valid writers


def test_train_and_valid_writers_one_run(tmp_path):
    """``SummaryWriter(f"{logdir}/train")`` and ``SummaryWriter(f"{logdir}/valid")`` (fastai's split name) were two
    runs, the validation judged as a training; Keras's ``validation/`` already made one. Now one run."""
    from tensorboardX import SummaryWriter

    for split, off in (("train", 0.0), ("valid", 0.3)):
        w = SummaryWriter(str(tmp_path / "logs" / split))
        for i in range(20):
            w.add_scalar("loss", 2 * math.exp(-i / 5) + off, i)
        w.close()
    runs = loganalyzer.discover(str(tmp_path))
    assert len(runs) == 1
    assert sorted(f.dir for f in runs[0].files) == ["train", "valid"]
