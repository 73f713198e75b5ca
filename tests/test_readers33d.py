"""Reader faults found by the fiftieth/fifty-first blind labellers (readers33c). Each test prints the public file's
shape from a tiny real torch training; sources (eval/public/SOURCES.tsv):

1. abhoi/Inception_retrain (72efae3) ``log_train.txt``: TF retrain.py's ``Step 10: Cross entropy = 4.46`` after 101
   ``Looking for images in ..`` lines; ChikkaUdayaSai/yelpreview_text_classification_dl4j (0161914) ``train.log``:
   DL4J's ``Score at iteration 100 is 1.39`` and ``Evaluation Metrics`` blocks after the model summary.
2. swathysubu11/point_cloud_project (c2c121b) ``log_train.txt``: PointNet++ `` ---- batch: 010 ----`` blocks and
   ``**** EVAL EPOCH 000 START****`` blocks (was 4,811 runs).
3. aunnnn/PyTorch-YOLOv3 (0263d7d) ``log_train.txt``: ``[Epoch 0/30, Batch 5/7329] [Losses: x 0.27, .., total 11.26,
   recall: .., precision: ..]``.
4. marcopreziosi/VisualProductRecognition (f3612c7) ``log_train.txt``: ``Validation of epoch: 0 is done;`` behind a
   tqdm redraw, then `` loss: 5.13; acc: 0.19`` on the next line.
5. 494935318/pointclass2 (873531e) ``log_train.txt``: ``-----0------`` epoch headers.
6. liqing-lau/real_or_gen_ai (ff52f1e) ``logs/train_log.csv``: ``stage,epoch,phase,loss,..`` with train/val rows.
   ArtinABS/Image-Segmentation-Using-UNet (7c94cc1) ``logs/train_log.csv`` + ``logs/val_log.csv``, each opening
   with two ``1,..`` rows (a launch stopped after one epoch).
7. sigmalyj/nanoGPT (ea79e67) ``log_RoPE.txt``: `` nstep 1000: train loss .., val loss ..`` (a typo).
"""
from __future__ import annotations


import pytest

from loganalyzer import discover

torch = pytest.importorskip("torch")

from _runs import dir_series, read_resolved  # noqa: E402


def _same(series: tuple[list, list], expected: list) -> None:
    assert series[0] == [s for s, _ in expected]
    assert series[1] == pytest.approx([v for _, v in expected], abs=1e-6)


class _Classifier:
    """A tiny real classifier (a linear layer on blobs): ``step()`` trains one batch and returns its loss and
    accuracy, ``evaluate()`` the held-out loss and accuracy."""

    def __init__(self, seed: int, classes: int = 4, lr: float = 0.05):
        torch.manual_seed(seed)
        self.x = torch.randn(256, 6)
        self.y = ((self.x[:, :2].sum(1) > 0).long() + 2 * (self.x[:, 2] > 0).long()) % classes
        self.model = torch.nn.Linear(6, classes)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=lr)
        self.i = 0

    def step(self) -> tuple[float, float]:
        j = (self.i * 16) % 192
        self.i += 1
        out = self.model(self.x[j:j + 16])
        loss = torch.nn.functional.cross_entropy(out, self.y[j:j + 16])
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return loss.item(), (out.argmax(1) == self.y[j:j + 16]).float().mean().item()

    def evaluate(self) -> tuple[float, float]:
        with torch.no_grad():
            out = self.model(self.x[192:])
            return (torch.nn.functional.cross_entropy(out, self.y[192:]).item(),
                    (out.argmax(1) == self.y[192:]).float().mean().item())


# --- 1. progress with no loss word after a long header


def test_tf_retrain_lines_after_a_long_header_are_found_and_read(tmp_path):
    """retrain.py: ``tf.logging.info('Looking for images in ' + repr(dir_name))`` for each class (a Caltech-101 run
    prints 101 of them, more than 8 KiB here), then every 10 steps ``'%s: Step %d: Train accuracy = %.1f%%'``,
    ``'%s: Step %d: Cross entropy = %f'`` and ``'%s: Step %d: Validation accuracy = %.1f%%'``."""
    m, lines, loss, val = _Classifier(3), [], [], []
    lines += [f"Looking for images in 'class_{k:03d}_with_a_long_folder_name'" for k in range(300)]
    lines.append("Creating bottleneck at /tmp/bottleneck/accordion/image_0001.jpg.txt")
    stamp = "2017-04-09 05:42:{:02d}.159946: "
    for step in range(0, 60):
        lo, acc = m.step()
        if step % 10 == 0 or step == 59:
            loss.append((step, round(lo, 6)))
            val.append((step, round(100 * m.evaluate()[1], 1)))
            lines.append(stamp.format(step % 60) + f"Step {step}: Train accuracy = {100 * acc:.1f}%")
            lines.append(stamp.format(step % 60) + f"Step {step}: Cross entropy = {lo:f}")
            lines.append(stamp.format(step % 60) + f"Step {step}: Validation accuracy = {val[-1][1]:.1f}%")
    lines.append(f"Final test accuracy = {100 * m.evaluate()[1]:.1f}%")
    text = "\n".join(lines) + "\n"
    assert text.index("Step 0:") > 8192
    (tmp_path / "log_train.txt").write_text(text)
    assert [r.id for r in discover(tmp_path)] == ["log_train.txt"]
    frame, said = read_resolved(tmp_path)
    _same(dir_series(frame, "log_train.txt", "loss"), loss)
    _same(dir_series(frame, "log_train.txt", "val_accuracy"), val)
    assert dir_series(frame, "log_train.txt", "accuracy")[0] == [s for s, _ in loss]
    assert any("'Cross entropy'" in w for w in said)


def test_dl4j_score_and_evaluation_blocks_are_read(tmp_path):
    """DL4J: logback lines ``HH:mm:ss.SSS [main] INFO o.d.optimize.listeners.ScoreIterationListener - Score at
    iteration N is X`` (every 10 iterations here) after the model summary table, and EvaluativeListener's
    ``Evaluation Metrics`` block (`` Accuracy:        0.6162``, `` F1 Score:        0.6172``) once an epoch."""
    m, lines, loss, acc = _Classifier(5), [], [], []
    head = "06:36:54.967 [main] INFO org.nd4j.linalg.api.ops.executioner.DefaultOpExecutioner - "
    lines += [head + f"Blas vendor: [CUBLAS] {'=' * 120} {k}" for k in range(60)]
    lines.append("layer0 (DenseLayer)           6,4        28            W:{6,4}, b:{1,4}")
    it = 0
    for epoch in range(3):
        for _ in range(12):
            lo, _ = m.step()
            if it % 10 == 0:
                loss.append((it, lo))
                lines.append("06:38:16.402 [main] INFO org.deeplearning4j.optimize.listeners.ScoreIterationListener"
                             f" - Score at iteration {it} is {lo!r}")
            it += 1
        a = m.evaluate()[1]
        acc.append((loss[-1][0], round(a, 4)))
        lines += ["11:38:29.785 [main] INFO org.deeplearning4j.optimize.listeners.EvaluativeListener - Evaluation:",
                  "", "", "========================Evaluation Metrics========================",
                  " # of classes:    4", f" Accuracy:        {a:.4f}", f" Precision:       {a:.4f}",
                  f" Recall:          {a:.4f}", f" F1 Score:        {a:.4f}",
                  "Precision, recall & F1: macro-averaged (equally weighted avg. of 4 classes)", ""]
    text = "\n".join(lines) + "\n"
    assert text.index("Score at") > 8192
    (tmp_path / "train.log").write_text(text)
    assert [r.id for r in discover(tmp_path)] == ["train.log"]
    frame, _ = read_resolved(tmp_path)
    _same(dir_series(frame, "train.log", "loss"), loss)
    _same(dir_series(frame, "train.log", "val_accuracy"), acc)
    assert "Precision" not in set(frame.tag)


def test_one_cross_entropy_line_is_no_curve(tmp_path):
    """A single ``Cross entropy = `` line (a report, not a training) is not read as a loss curve."""
    (tmp_path / "train.log").write_text("Step 5: Cross entropy = 1.2\nFinal test accuracy = 50.0%\n")
    frame, _ = read_resolved(tmp_path)
    assert "loss" not in set(frame.tag)


# --- 2. PointNet++ part segmentation's batch blocks and EVAL EPOCH blocks


def test_pointnet2_batch_blocks_and_eval_epoch_blocks_are_one_run(tmp_path):
    """PointNet++ ``train_partseg``-style ``log_string``: relaunches that printed only ``**** EPOCH 000 ****`` and a
    time, then per epoch `` ---- batch: 010 ----`` / ``mean acc:`` / ``mean loss:`` every 10 batches and an
    evaluation block ``**** EVAL EPOCH 000 START****`` (its own batch counters) .. ``eval mean loss:`` ..
    ``**** EVAL EPOCH 000 END****``."""
    m, lines, loss, val = _Classifier(11), [], [], []
    for _ in range(3):  # aborted launches
        lines += ["Let's use 2 GPUs!", "**** EPOCH 000 ****", "2023-05-19 10:06:37.830741"]
    for epoch in range(4):
        if epoch:
            lines.append(f"**** EPOCH {epoch:03d} ****")
            lines.append("2023-05-19 16:04:05.972562")
        run = []
        for b in range(1, 31):
            run.append(m.step())
            if b % 10 == 0:
                lo = sum(x for x, _ in run) / len(run)
                loss.append((epoch * 30 + b, round(lo, 6)))
                lines += [f" ---- batch: {b:03d} ----", f"mean acc: {sum(a for _, a in run) / len(run):f}",
                          f"mean loss: {lo:f}"]
                run = []
        if epoch % 2 == 0:
            v = m.evaluate()
            val.append((epoch * 30 + 30, round(v[0], 6)))
            lines.append(f"**** EVAL EPOCH {epoch:03d} START****")
            lines += [f" ---- batch: {b:03d} ----" for b in range(10, 60, 10)]
            lines += [f"eval mean acc: {v[1]:f}", f"eval mean loss: {v[0]:f}", "mean IoU:19.2",
                      "IoU:64.22  0.00  0.00 63.96", f"**** EVAL EPOCH {epoch:03d} END****"]
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(tmp_path)] == ["log_train.txt"]
    frame, _ = read_resolved(tmp_path)
    _same(dir_series(frame, "log_train.txt", "mean_loss"), loss)
    _same(dir_series(frame, "log_train.txt", "eval_mean_loss"), val)


# --- 3. PyTorch-YOLOv3's old '[Losses: x .., total ..]' print


def test_pytorch_yolov3_losses_lines_are_read(tmp_path):
    """eriklindernoren/PyTorch-YOLOv3's old train.py: ``print('[Epoch %d/%d, Batch %d/%d] [Losses: x %f, y %f, w %f,
    h %f, conf %f, cls %f, total %f, recall: %.5f, precision: %.5f]' % ..)`` after skimage's warnings."""
    m, lines, total = _Classifier(13), [], []
    lines.append("/usr/lib/python3.6/site-packages/skimage/transform/_warps.py:110: UserWarning: Anti-aliasing")
    for epoch in range(2):
        for b in range(8):
            lo, acc = m.step()
            terms = [lo / 4, lo / 5, lo / 3, lo / 6]
            total.append((epoch * 8 + b, round(sum(terms), 6)))
            lines.append(f"[Epoch {epoch}/2, Batch {b}/8] [Losses: x {terms[0]:f}, y {terms[1]:f}, w {terms[2]:f}, "
                         f"h {terms[3]:f}, conf 0.000000, cls 0.000000, total {sum(terms):f}, recall: {acc:.5f}, "
                         f"precision: {acc / 2:.5f}]")
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    assert [r.id for r in discover(tmp_path)] == ["log_train.txt"]
    frame, _ = read_resolved(tmp_path)
    _same(dir_series(frame, "log_train.txt", "loss"), total)
    assert dir_series(frame, "log_train.txt", "loss_w")[0] == [s for s, _ in total]
    assert {"recall", "precision"} <= set(frame.tag)


# --- 7. ' nstep 1000:' (a typo) is the step, no series


def test_nanogpt_typo_nstep_is_the_step(tmp_path):
    """A nanoGPT fork printed ``print(f" nstep {iter_num}: train loss {l:.4f}, val loss {v:.4f}")`` once beside its
    ``step N: train loss .., val loss ..`` lines and ``iter N: loss .., time ..ms`` lines."""
    m, lines, val = _Classifier(17), [], []
    for it in range(0, 41):
        lo, _ = m.step()
        if it % 10 == 0:
            v = round(m.evaluate()[0], 4)
            val.append((it, v))
            lines.append(f"{' nstep' if it == 20 else 'step'} {it}: train loss {lo:.4f}, val loss {v:.4f}")
        lines.append(f"iter {it}: loss {lo:.4f}, time 95.38ms")
    (tmp_path / "log_RoPE.txt").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    assert "nstep" not in set(frame.tag)
    _same(dir_series(frame, "log_RoPE.txt", "val_loss"), val)


# --- 4. a validation header, then a step-less ' loss: ..; acc: ..' line


def test_validation_done_header_then_bare_values_are_validation(tmp_path):
    """MCS2023 baseline train.py: ``Epoch: 0; step: 20; loss: ..; acc: ..`` in the loop, ``Train process of epoch: 0
    is done; \\n loss: ..; acc: ..`` and, after tqdm's epoch bar redrew on the same line, ``Validation of epoch: 0 is
    done; \\n loss: ..; acc: ..``."""
    m, lines, val = _Classifier(19), [], []
    for epoch in range(3):
        run = []
        for b in range(1, 41):
            run.append(m.step())
            if b % 20 == 0:
                lines.append(f"Epoch: {epoch}; step: {b}; loss: {run[-1][0]:.4f}; acc: {run[-1][1]:.2f}")
        lines += ["", f"Train process of epoch: {epoch} is done; ",
                  f" loss: {sum(x for x, _ in run) / 40:.4f}; acc: {sum(a for _, a in run) / 40:.2f}", ""]
        v = m.evaluate()
        val.append(round(v[0], 4))
        lines += [f"\rEpochs:   2%|#         | {epoch + 1}/3 [11:47<9:38:07, 707.90s/it]Validation of epoch: {epoch} "
                  "is done; ", f" loss: {v[0]:.4f}; acc: {v[1]:.2f}", ""]
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    assert dir_series(frame, "log_train.txt", "val_loss")[1] == pytest.approx(val)
    assert not set(val) & set(dir_series(frame, "log_train.txt", "loss")[1])


# --- 5. '-----N------' epoch headers


def test_bare_number_between_rules_is_the_epoch(tmp_path):
    """A PointNet classification loop: ``log_string('-----%d------' % epoch)`` then ``train_mean loss: ..``,
    ``train_accuracy: ..``, ``test_mean loss: ..``, ``test_accuracy: ..``, no step on any line."""
    m, lines, test = _Classifier(23), [], []
    for epoch in range(5):
        run = [m.step() for _ in range(12)]
        v = m.evaluate()
        test.append((epoch, round(v[0], 6)))
        lines += [f"-----{epoch}------", f"train_mean loss: {sum(x for x, _ in run) / 12:f}",
                  f"train_accuracy: {sum(a for _, a in run) / 12:f}", f"test_mean loss: {v[0]:f}",
                  f"test_accuracy: {v[1]:f}"]
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    frame, _ = read_resolved(tmp_path)
    _same(dir_series(frame, "log_train.txt", "test_mean_loss"), test)
    assert dir_series(frame, "log_train.txt", "train_mean_loss")[0] == [0, 1, 2, 3, 4]


# --- 6. a 'stage' column beside the 'phase' column


def test_phase_column_splits_rows_beside_a_stage_column(tmp_path):
    """``pd.DataFrame(rows).to_csv('train_log.csv', index=False)`` of ``{'stage': 'stage1', 'epoch': e, 'phase':
    'train'|'val', 'loss': .., 'accuracy': ..}`` rows, train and validation alternating, one stage here."""
    pd = pytest.importorskip("pandas")
    m, rows = _Classifier(29), []
    for epoch in range(1, 5):
        run = [m.step() for _ in range(12)]
        rows.append({"stage": "stage1", "epoch": epoch, "phase": "train", "loss": sum(x for x, _ in run) / 12,
                     "accuracy": sum(a for _, a in run) / 12})
        v = m.evaluate()
        rows.append({"stage": "stage1", "epoch": epoch, "phase": "val", "loss": v[0], "accuracy": v[1]})
    pd.DataFrame(rows).to_csv(tmp_path / "train_log.csv", index=False)
    frame, _ = read_resolved(tmp_path)
    run = frame.dir.iloc[0]
    assert "loss" not in set(frame.tag)
    assert dir_series(frame, run, "val_loss") == ([1, 2, 3, 4], pytest.approx([r["loss"] for r in rows[1::2]]))
    assert dir_series(frame, run, "train_loss")[1] == pytest.approx([r["loss"] for r in rows[::2]])


# --- 6b. train_log.csv + val_log.csv, each opening with an aborted launch's epoch 1


def test_split_pair_with_an_aborted_first_epoch_is_one_run(tmp_path):
    """A loop appending ``epoch,loss,mIoU`` rows with ``csv.writer`` to ``train_log.csv`` and ``val_log.csv``: a
    first launch wrote epoch 1 and stopped (its summed loss), the second wrote epochs 1..6."""
    import csv

    m = _Classifier(31)
    files = {name: open(tmp_path / name, "w", newline="") for name in ("train_log.csv", "val_log.csv")}
    writers = {name: csv.writer(f) for name, f in files.items()}
    for w in writers.values():
        w.writerow(["epoch", "loss", "mIoU"])
    run = [m.step() for _ in range(12)]
    writers["train_log.csv"].writerow([1, sum(x for x, _ in run), 0.16])  # the aborted launch: a sum
    writers["val_log.csv"].writerow([1, m.evaluate()[0], 0.2])
    val = []
    for epoch in range(1, 7):
        run = [m.step() for _ in range(12)]
        writers["train_log.csv"].writerow([epoch, sum(x for x, _ in run) / 12, sum(a for _, a in run) / 12])
        v = m.evaluate()
        val.append(v[0])
        writers["val_log.csv"].writerow([epoch, v[0], v[1]])
    for f in files.values():
        f.close()
    runs = discover(tmp_path)
    assert len(runs) == 1 and {f.path.rsplit("/", 1)[-1] for f in runs[0].files} == {"train_log.csv", "val_log.csv"}
    frame, said = read_resolved(tmp_path)
    run = runs[0].id
    assert dir_series(frame, run, "val_loss") == ([1, 2, 3, 4, 5, 6], pytest.approx(val))
    assert dir_series(frame, run, "train_loss")[0] == [1, 2, 3, 4, 5, 6]
    assert any("written twice at the top" in w for w in said)
