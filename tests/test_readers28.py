"""readers28: printed-log faults left from stop 27, each fixed as a kind and printed here by a real tiny torch loop
(or written by the real SummaryWriter / a real Lightning Trainer):

- a validation pass printed as running averages by a ``ProgressMeter`` (WS-DAN, pytorch/examples ImageNet): one
  point per pass, the last line's average (``_progress_meterpass``);
- a progress bar's postfix holding several validation metrics: every evaluation gives each metric a point
  (joblog ``_rows``);
- an epoch printed as its running mean line by line: the last line of each epoch (``_joblog_repeats``), and a last
  ``Val acc`` line without newline read (``_joblog_scan._needle_hits``);
- a headerless final metrics report ending the log: one test record (``_joblog_testblock``), no training accuracy;
- conlleval lines printed just before the ``Iter: N`` line that reports them (``_joblog_ahead``);
- detectron2's timing scalars never take a role;
- a different training appended after another is its own run, not a resume (``_joblog_restart``).
"""
from __future__ import annotations

import contextlib
import io
import json
import logging
import math
import sys
import warnings

import pytest

from loganalyzer import read_scalars

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _series(frame, tag, run=None):
    rows = frame[(frame.tag == tag) & ((frame.dir == run) if run is not None else True)]
    return list(zip(rows.step.tolist(), [round(v, 6) for v in rows.value.tolist()]))


def _quiet_read(path, resolve=False):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=resolve, jobs=1)
    return frame, [str(w.message) for w in caught]


def _task(seed=0, n=240, d=8):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = (x[:, :3].sum(1) > 0).long()
    return x, y


class _Avg:
    """pytorch/examples imagenet/main.py's ``AverageMeter``: ``val`` and the running ``avg``."""

    def __init__(self):
        self.val = self.avg = self.sum = self.count = 0.0

    def update(self, val, n=1):
        self.val, self.sum, self.count = val, self.sum + val * n, self.count + n
        self.avg = self.sum / self.count


# ---------------------------------------------------------------- 1. ProgressMeter validation passes


def _meter_log(path, *, extra_lines: bool, epochs=3, train_batches=12, val_batches=9, freq=4):
    """A loop printing as pytorch/examples' ``ProgressMeter`` (``Epoch: [e][i/N]\\tTime ..\\tLoss v (avg)\\tAcc@1 ..``,
    ``Test: [i/N]\\t..`` every ``freq`` batches, `` * Acc@1 x Acc@5 y`` after the pass); ``extra_lines``: WS-DAN's
    (17314796423/WS_DAN_SAC train.log, 7f338de) own meters on lines of their own (``cos_sim_loss  0.311 (0.311)``)
    after each line. Returns {epoch: (last Test line's loss avg, its cos avg, the summary's Acc@1)}."""
    torch.manual_seed(0)
    x, y = _task()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    out, lines, trained = {}, [], []
    for epoch in range(epochs):
        loss_m, acc_m, cos_m = _Avg(), _Avg(), _Avg()
        for i in range(train_batches):
            xb, yb = x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            cos = F.cosine_similarity(logits[:, :1], logits[:, 1:], dim=0).abs().item()
            loss_m.update(loss.item())
            acc_m.update((logits.argmax(1) == yb).float().mean().item() * 100)
            cos_m.update(cos)
            if i % freq == 0:
                lines.append(f"Epoch: [{epoch}][{i}/{train_batches}]\tTime 0.101 (0.105)\tData 0.010 (0.011)\t"
                             f"Loss {loss_m.val:.4f} ({loss_m.avg:.4f})\tAcc@1 {acc_m.val:6.2f} ({acc_m.avg:6.2f})")
                trained.append((epoch * train_batches + i, round(loss_m.val, 4)))
                if extra_lines:
                    lines.append(f"cos_sim_loss  {cos_m.val:.3f} ({cos_m.avg:.3f})")
        loss_m, acc_m, cos_m = _Avg(), _Avg(), _Avg()
        with torch.no_grad():
            for i in range(val_batches):
                xb, yb = x[192 + i * 5:192 + (i + 1) * 5], y[192 + i * 5:192 + (i + 1) * 5]
                logits = model(xb)
                loss_m.update(F.cross_entropy(logits, yb).item())
                acc_m.update((logits.argmax(1) == yb).float().mean().item() * 100)
                cos_m.update(F.cosine_similarity(logits[:, :1], logits[:, 1:], dim=0).abs().item())
                if i % freq == 0:
                    lines.append(f"Test: [{i}/{val_batches}]\tTime 0.050 (0.051)\tLoss {loss_m.val:.4f} "
                                 f"({loss_m.avg:.4f})\tAcc@1 {acc_m.val:6.2f} ({acc_m.avg:6.2f})")
                    if extra_lines:
                        lines.append(f"cos_sim_loss  {cos_m.val:.3f} ({cos_m.avg:.3f})")
                    last = (round(loss_m.avg, 4), round(cos_m.avg, 3))
        lines.append(f" * Acc@1 {acc_m.avg:.3f} Acc@5 100.000")
        out[epoch] = (*last, round(acc_m.avg, 3))
    path.write_text("\n".join(lines) + "\n")
    return out, trained


@pytest.mark.parametrize("extra_lines", [True, False], ids=["wsdan", "imagenet"])
def test_progress_meter_validation_pass_is_one_point_per_epoch(tmp_path, extra_lines):
    log = tmp_path / "train.log"
    passes, trained = _meter_log(log, extra_lines=extra_lines)
    frame, _ = _quiet_read(log)
    ends = [e * 12 + 8 for e in range(3)]  # the step of the last training line before each pass
    assert _series(frame, "val_Loss") == [(s, passes[e][0]) for e, s in zip(range(3), ends)]
    assert _series(frame, "val_Acc@1") == [(s, passes[e][2]) for e, s in zip(range(3), ends)]
    assert _series(frame, "Loss") == trained
    if extra_lines:  # the pass's own meter: its running average at the pass's end; training's lines stay training
        assert _series(frame, "val_cos_sim_loss") == [(s, passes[e][1]) for e, s in zip(range(3), ends)]
        assert len(_series(frame, "cos_sim_loss")) == len(trained)
    else:
        assert "val_cos_sim_loss" not in set(frame.tag)


# ---------------------------------------------------------------- 2. a bar's postfix of several validation metrics


_LIGHTNING = r'''
import sys, io, contextlib, warnings, logging, torch
import pytorch_lightning as pl
warnings.filterwarnings("ignore")
logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
torch.manual_seed(0)
x = torch.randn(64, 4); y = (x[:, 0] > 0).long()
class M(pl.LightningModule):
    def __init__(self, lr):
        super().__init__(); self.lin = torch.nn.Linear(4, 2); self.lr = lr
    def training_step(self, b, i):
        loss = torch.nn.functional.cross_entropy(self.lin(b[0]), b[1])
        self.log("train_loss", loss, prog_bar=True)
        return loss
    def validation_step(self, b, i):
        out = self.lin(b[0])
        self.log("val_acc", (out.argmax(1) == b[1]).float().mean(), prog_bar=True)
        self.log("val_auc", torch.nn.functional.cross_entropy(out, b[1]), prog_bar=True)
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)
dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=8)
vl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x[:8], y[:8]), batch_size=8)
buf = io.StringIO()
with contextlib.redirect_stderr(buf):
    pl.Trainer(max_epochs=5, logger=False, enable_checkpointing=False, enable_model_summary=False,
               num_sanity_val_steps=0, callbacks=[pl.callbacks.TQDMProgressBar()]).fit(M(float(sys.argv[1])), dl, vl)
sys.stdout.write(buf.getvalue())
'''


@pytest.mark.slow
def test_lightning_bar_gives_every_validation_metric_a_point_at_every_evaluation(tmp_path):
    """public Breeze-Zero/SPH6004Groupwork ``logs/train_stdout.txt`` (e522111): a Lightning TQDM bar whose postfix
    carries ``val_acc`` and ``val_auc``; two evaluations in a row printing the same ``val_acc`` lost its points (19
    of 26, ``val_auc`` 21). Here the learning rate is 0: every evaluation prints the same values, and each of the 5
    must still be a point of both (the validation bar drawn between tells them apart)."""
    pytest.importorskip("pytorch_lightning")
    import subprocess

    log = tmp_path / "train_stdout.txt"
    done = subprocess.run([sys.executable, "-c", _LIGHTNING, "0.0"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Validation DataLoader 0" in done.stdout
    log.write_text(done.stdout)
    frame, _ = _quiet_read(log)
    acc, auc = _series(frame, "val_acc"), _series(frame, "val_auc")
    assert [s for s, _ in acc] == [s for s, _ in auc] == [8, 16, 24, 32, 40]
    assert len({v for _, v in acc}) == 1 and len({v for _, v in auc}) == 1


def test_tqdm_postfix_one_metric_unchanged_keeps_the_other_evaluations(tmp_path):
    """Sibling without Lightning: a loop's own ``tqdm`` bar with ``set_postfix(loss=.., val_acc=.., val_loss=..)``;
    the validation accuracy of a small set repeats between epochs while its loss moves: both keep a point at each
    epoch where either changed (before: only where val_acc itself changed)."""
    tqdm = pytest.importorskip("tqdm").tqdm
    torch.manual_seed(1)
    x, y = _task(seed=1, n=64, d=4)
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    buf = io.StringIO()
    evals = []
    post = {}
    for epoch in range(6):
        bar = tqdm(total=4, desc=f"Epoch {epoch}", file=buf, mininterval=0, ascii=True)
        for i in range(4):
            loss = F.cross_entropy(model(x[i * 8:(i + 1) * 8]), y[i * 8:(i + 1) * 8])
            opt.zero_grad()
            loss.backward()
            opt.step()
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.4f}", **post)
        with torch.no_grad():
            out = model(x[56:])
            post = {"val_acc": f"{(out.argmax(1) == y[56:]).float().mean().item():.3f}",
                    "val_loss": f"{F.cross_entropy(out, y[56:]).item():.4f}"}
        evals.append(post)
        bar.set_postfix(loss=f"{loss.item():.4f}", **post)
        bar.close()
    accs = [e["val_acc"] for e in evals]
    assert len(set(accs)) < len(accs)  # the small set's accuracy repeats
    log = tmp_path / "train.log"
    log.write_text(buf.getvalue())
    frame, _ = _quiet_read(log)
    acc, vloss = _series(frame, "val_acc"), _series(frame, "val_loss")
    assert [v for _, v in vloss] == [float(e["val_loss"]) for e in evals]
    assert [s for s, _ in acc] == [s for s, _ in vloss]
    assert [v for _, v in acc] == [float(a) for a in accs]


# ---------------------------------------------------------------- 3. running means per epoch


def _running_mean_log(path, *, running: bool, epochs=6, batches=40, every=5, newline_at_end=False):
    """public Aruen24/mobilenetv2-pytorch-2dliveness ``train.py`` (d9e5ed1): ``Epoch: e| train loss: <total/i>``
    every ``every`` batches, ``total/len(loader)`` after the loop, then ``Epoch e: Val acc is X%``; the public log
    ends without a newline. ``running=False``: the batch's own loss on each line (not a running mean)."""
    torch.manual_seed(0)
    x, y = _task(n=batches * 8 + 64)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    lines, last, accs = [], [], []
    for epoch in range(1, epochs + 1):
        total = 0.0
        for i in range(batches):
            loss = F.cross_entropy(model(x[i * 8:(i + 1) * 8]), y[i * 8:(i + 1) * 8])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            if i % every == 0 and i > 0:
                lines.append(f"Epoch: {epoch}| train loss: {total / i if running else loss.item()}")
        lines.append(f"Epoch: {epoch}| train loss: {total / batches if running else loss.item()}")
        last.append(total / batches)
        with torch.no_grad():
            acc = (model(x[-64:]).argmax(1) == y[-64:]).float().mean().item() * 100
        lines.append(f"Epoch {epoch}: Val acc is {acc}%")
        accs.append(acc)
    path.write_text("Training...\n" + "\n".join(lines) + ("\n" if newline_at_end else ""))
    return last, accs


def test_running_mean_lines_read_at_each_epochs_last_line(tmp_path):
    log = tmp_path / "train.log"
    last, accs = _running_mean_log(log, running=True)
    frame, notes = _quiet_read(log, resolve=True)  # the raw view keeps every printed line (readers28b)
    assert _series(frame, "train_loss") == [(e, round(v, 6)) for e, v in enumerate(last, 1)]
    assert len(_series(_quiet_read(log)[0], "train_loss")) == 6 * 8
    # the last 'Val acc' line has no newline: read (it was lost), as complete as the ones before
    assert _series(frame, "Val_acc") == [(e, round(a, 6)) for e, a in enumerate(accs, 1)]
    assert any("printed 8 times as a running mean" in n and "last line of each step" in n for n in notes), notes


def test_per_batch_lines_at_an_epoch_counter_still_averaged(tmp_path):
    """Sibling kept: lines printing each batch's own loss at the epoch counter are no running mean (they zig-zag):
    their mean per epoch, as before."""
    log = tmp_path / "train.log"
    _running_mean_log(log, running=False, newline_at_end=True)
    frame, notes = _quiet_read(log, resolve=True)
    assert len(_series(frame, "train_loss")) == 6
    assert any("the curve is their per-step mean" in n for n in notes), notes
    assert not any("running mean" in n for n in notes)


# ---------------------------------------------------------------- 4. a headerless final report


def _final_report_log(path, names):
    """public Aman2125/Rooftop-Image-segmentation ``training.log`` (e8994ec): ``Epoch e/N | Loss: x`` then, with no
    header, ``Accuracy : ..`` / ``Precision: ..`` / ``Recall   : ..`` / ``F1 Score : ..`` / ``IoU Score: ..``."""
    torch.manual_seed(0)
    x, y = _task()
    model = torch.nn.Linear(8, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    lines = []
    for epoch in range(1, 21):
        loss = F.cross_entropy(model(x[:192]), y[:192])
        opt.zero_grad()
        loss.backward()
        opt.step()
        lines.append(f"Epoch {epoch}/20 | Loss: {loss.item():.4f}")
    with torch.no_grad():
        pred = model(x[192:]).argmax(1)
    t = y[192:]
    tp = ((pred == 1) & (t == 1)).sum().item()
    figures = {"Accuracy": (pred == t).float().mean().item(), "Precision": tp / max((pred == 1).sum().item(), 1),
               "Recall": tp / max((t == 1).sum().item(), 1)}
    figures["F1 Score"] = 2 * figures["Precision"] * figures["Recall"] / max(figures["Precision"] + figures["Recall"],
                                                                              1e-9)
    figures["IoU Score"] = tp / max(((pred == 1) | (t == 1)).sum().item(), 1)
    width = max(len(n) for n in names)
    lines += [f"{n:<{width}}: {figures[n]}" for n in names]
    path.write_text("\n".join(lines) + "\n")
    return figures


def test_headerless_final_report_is_a_test_record(tmp_path):
    from _runs import verdict

    run_dir = tmp_path / "rooftop"
    run_dir.mkdir()
    figures = _final_report_log(run_dir / "training.log", ["Accuracy", "Precision", "Recall", "F1 Score",
                                                           "IoU Score"])
    frame, _ = _quiet_read(run_dir)
    assert _series(frame, "test_Accuracy") == [(20, round(figures["Accuracy"], 6))]
    assert _series(frame, "test_IoU_Score") == [(20, round(figures["IoU Score"], 6))]
    assert "Accuracy" not in set(frame.tag)  # before: a one-point *training* accuracy
    assert len(_series(frame, "Loss")) == 20
    roles = verdict(run_dir).to_dict()["roles"]
    assert roles.get("train_loss") == "Loss"
    # no training accuracy of one point; the test accuracy is placed as Lightning's one-point test_acc is
    # (curves_choose: the test pool when no validation series)
    assert "train_acc" not in roles and roles.get("val_acc") == "test_Accuracy"


def test_two_trailing_lines_or_no_metric_name_are_no_report(tmp_path):
    """Fewer than three lines, or names that are no metric's, are left as they were read."""
    log = tmp_path / "training.log"
    _final_report_log(log, ["Accuracy", "Precision"])
    frame, _ = _quiet_read(log)
    assert not any(str(t).startswith("test_") for t in set(frame.tag))


# ---------------------------------------------------------------- 5. conlleval before its Iter line


def _conlleval_log(path, sessions):
    """DengYangyong/medical_entity_recognize (``logs/train.log``, 30123cd): ``logging`` lines
    ``%(asctime)s - %(filename)s - %(funcName)s - %(levelname)s - %(message)s``; every ``steps_check`` iterations
    ``evaluate`` logs conlleval's ``processed .. tokens``, ``accuracy: ..%; precision: ..%; recall: ..%; FB1: ..``
    and per-entity lines, then ``train`` logs ``Iter: N | Train Loss: .. | Dev Loss: .. | Dev F1-macro: ..``. The
    clock is a simulated one (a dev evaluation takes 60 s here, not in the test)."""
    clock = [1_590_000_000.0]
    factory = logging.getLogRecordFactory()

    def record(*args, **kwargs):
        r = factory(*args, **kwargs)
        r.created, r.msecs = clock[0], (clock[0] % 1) * 1000
        return r

    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(filename)s - %(funcName)s - %(levelname)s - %(message)s"))
    log = logging.getLogger("readers28.conll")
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
    logging.setLogRecordFactory(record)
    expected = []
    try:
        for seed, iters in sessions:
            torch.manual_seed(seed)
            x, y = _task(seed=seed)
            model = torch.nn.Linear(8, 2)
            opt = torch.optim.Adam(model.parameters(), lr=0.05)
            log.info("lr             :\t0.001")
            log.info(" 开始训练模型 ...... ")
            points = []
            for it in range(iters):
                loss = F.cross_entropy(model(x[:192]), y[:192])
                opt.zero_grad()
                loss.backward()
                opt.step()
                clock[0] += 0.4
                if it % 10:
                    continue
                clock[0] += 60.0  # the evaluation
                with torch.no_grad():
                    out = model(x[192:])
                    dev = F.cross_entropy(out, y[192:]).item()
                acc = (out.argmax(1) == y[192:]).float().mean().item() * 100
                log.info("processed 4800 tokens with 480 phrases; found: 470 phrases; correct: 400.")
                log.info(f"accuracy:  {acc:.2f}%; precision:  {acc - 1:.2f}%; recall:  {acc - 2:.2f}%; "
                         f"FB1:  {acc - 1.5:.2f}")
                log.info(f"              DIS: precision:  {acc - 3:.2f}%; recall:  {acc - 4:.2f}%; FB1:  "
                         f"{acc - 3.5:.2f}  120")
                clock[0] += 0.1
                log.info(f"Iter: {it} | Train Loss: {loss.item():.4f} | Dev Loss: {dev:.4f} | Dev F1-macro: "
                         f"{acc / 100:.4f} | Time: 0:01:00 | *")
                points.append((it, round(acc - 1.5, 2)))
            expected.append(points)
    finally:
        logging.setLogRecordFactory(factory)
    path.write_text(buf.getvalue())
    return expected


def test_conlleval_printed_before_its_iter_line_takes_that_step(tmp_path):
    log = tmp_path / "train.log"
    expected = _conlleval_log(log, [(0, 51), (1, 31)])
    frame, _ = _quiet_read(log)
    assert sorted(set(frame.dir)) == ["train.log#1", "train.log#2"]
    for k, points in enumerate(expected, 1):
        assert _series(frame, "FB1", f"train.log#{k}") == points  # one point an evaluation, at its Iter
        assert [s for s, _ in _series(frame, "Dev_F1-macro", f"train.log#{k}")] == [s for s, _ in points]


# ---------------------------------------------------------------- 6. detectron2's timing scalars


@pytest.mark.parametrize("total", [True, False], ids=["total_loss", "components_only"])
def test_detectron2_timing_scalars_take_no_role(tmp_path, total):
    """detectron2's ``TensorboardXWriter`` writes ``time``, ``data_time``, ``rank_data_time``, ``eta_seconds`` (a
    falling counter) and ``lr`` (a linear warm-up) beside the losses (public Gralach/detectron_mine,
    KaneLindsay/OrbitalObjectDetector, Aaryan004/Pothole_Detection_Model_RCNNs event files): the timings are no
    loss, metric or finding; ``lr`` is the learning rate."""
    from torch.utils.tensorboard import SummaryWriter

    from _runs import verdict

    torch.manual_seed(0)
    x, y = _task()
    model = torch.nn.Sequential(torch.nn.Linear(8, 12), torch.nn.ReLU(), torch.nn.Linear(12, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.02)
    out = tmp_path / "output"
    tb = SummaryWriter(str(out))
    for itr in range(200):
        lr = 0.02 * min(1.0, (itr + 1) / 100)  # WarmupMultiStepLR's linear warm-up
        for group in opt.param_groups:
            group["lr"] = lr
        i = (itr % 12) * 16
        loss_cls = F.cross_entropy(model(x[i:i + 16]), y[i:i + 16])
        loss_box_reg = 0.01 * sum(p.pow(2).sum() for p in model.parameters())
        opt.zero_grad()
        (loss_cls + loss_box_reg).backward()
        opt.step()
        if (itr + 1) % 20:
            continue
        scalars = {"data_time": 0.002 + 0.001 * math.sin(itr), "eta_seconds": 0.3 * (199 - itr),
                   "loss_cls": loss_cls.item(), "loss_box_reg": loss_box_reg.item(), "lr": lr,
                   "rank_data_time": 0.002, "time": 0.3 + 0.01 * (itr % 3),
                   "fast_rcnn/cls_accuracy": (model(x[i:i + 16]).argmax(1) == y[i:i + 16]).float().mean().item()}
        if total:
            scalars["total_loss"] = loss_cls.item() + loss_box_reg.item()
        for k, v in scalars.items():
            tb.add_scalar(k, v, itr)
    tb.close()
    run = verdict(out).to_dict()
    roles = run["roles"]
    assert roles["lr"] == "lr"
    timing = {"time", "data_time", "rank_data_time", "eta_seconds"}
    assert not timing & set(roles.values()), roles
    if total:
        assert roles["train_loss"] == "total_loss"
    text = json.dumps([run["summary"], run["findings"], run["advice"]])
    assert not any(f"`{t}`" in text for t in timing), text


# ---------------------------------------------------------------- 7. another training appended


def _steps_log(lines, *, width, steps, every, offset, lr, seed, args=None):
    torch.manual_seed(seed)
    x, y = _task(seed=seed)
    model = torch.nn.Sequential(torch.nn.Linear(8, width), torch.nn.ReLU(), torch.nn.Linear(width, 2))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    if args is not None:
        lines.append(f"Namespace({args})")
    points = []
    for step in range(steps):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if (step + offset) % every == 0:
            lines.append(f"step {step + offset}: train loss {loss.item():.4f}")
            points.append((step + offset, round(loss.item(), 4)))
    return points


def test_second_training_with_other_arguments_is_its_own_run(tmp_path):
    """``python train.py`` twice into one log, the second with other arguments and printing ``(step + 1) % 10``
    (its first point at step 10, above the first training's step 0): before, a resume at step 10 whose resolved
    view dropped the first training's steps 110-200. The loss here is slow to fall (the DROP rule cannot tell)."""
    lines = []
    first = _steps_log(lines, width=16, steps=201, every=10, offset=0, lr=0.02, seed=0,
                       args="model='mlp16', lr=0.02")
    second = _steps_log(lines, width=64, steps=100, every=10, offset=1, lr=0.05, seed=1,
                        args="model='mlp64', lr=0.05")
    assert first[0][1] / [v for s, v in first if s <= 10][-1] < 2  # the loss-level rule alone would not split
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    frame, notes = _quiet_read(log, resolve=True)
    assert _series(frame, "train_loss", "train.log#1") == first
    assert _series(frame, "train_loss", "train.log#2") == second
    assert not any("resumed" in n for n in notes)


def test_resume_with_the_same_arguments_stays_a_later_session(tmp_path):
    """The sibling that must stay: the job relaunched from its step-100 checkpoint, the same arguments printed again
    and ``Resuming from checkpoint_100.pt``: one run, the later session replacing steps 100-200."""
    lines = []
    first = _steps_log(lines, width=16, steps=201, every=10, offset=0, lr=0.02, seed=0, args="model='mlp16'")
    lines.append("Namespace(model='mlp16')")
    lines.append("Resuming from checkpoint_100.pt")
    resumed = _steps_log(lines, width=16, steps=60, every=10, offset=100, lr=0.02, seed=0)
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    frame, notes = _quiet_read(log, resolve=True)
    assert set(frame.dir) == {"train.log"}
    assert _series(frame, "train_loss") == [p for p in first if p[0] < 100] + resumed
    assert any("resumed at step 100" in n for n in notes), notes


def test_loss_back_at_its_starting_level_is_a_new_training(tmp_path):
    """No arguments printed: the second training's loss starts again near the first's first value although the first
    had fallen far below it by that step."""
    lines = []
    first = _steps_log(lines, width=16, steps=201, every=10, offset=0, lr=1.5, seed=0)
    second = _steps_log(lines, width=64, steps=100, every=10, offset=1, lr=0.1, seed=1)
    assert first[0][1] / first[1][1] >= 2  # the first had halved its loss by step 10; the second starts high
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    frame, _ = _quiet_read(log, resolve=True)
    assert _series(frame, "train_loss", "train.log#1") == first
    assert _series(frame, "train_loss", "train.log#2") == second


def test_simple_nmt_mle_then_mrt_stage_are_two_runs(tmp_path):
    """kh-kim/simple-nmt ``train.py`` (43bd462): the MLE stage's ignite handlers print ``Epoch N - |param|=..
    |g_param|=.. loss=.. ppl=..`` and ``Validation - loss=.. ppl=.. best_loss=.. best_ppl=..``; with
    ``--rl_n_epochs`` the MRT stage follows in the same process from its own epoch 1, printing ``Epoch N - |param|=..
    |g_param|=.. BLEU=..`` and ``Validation - BLEU=.. best_BLEU=..``. Here the MLE stage's first line is epoch 0
    (``--init_epoch``-style offset) so the RL stage's epoch 1 lies above it: other series, its own run."""
    torch.manual_seed(0)
    x, y = _task()
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    norm = lambda ts: math.sqrt(sum(float(t.detach().norm()) ** 2 for t in ts))  # noqa: E731
    lines, mle, rl = [], [], []
    for epoch in range(0, 8):
        loss = F.cross_entropy(model(x[:192]), y[:192])
        opt.zero_grad()
        loss.backward()
        opt.step()
        lines.append("Epoch {} - |param|={:.2e} |g_param|={:.2e} loss={:.4e} ppl={:.2f}".format(
            epoch, norm(model.parameters()), norm(p.grad for p in model.parameters()), loss.item(),
            math.exp(loss.item())))
        with torch.no_grad():
            vl = F.cross_entropy(model(x[192:]), y[192:]).item()
        lines.append("Validation - loss={:.4e} ppl={:.2f} best_loss={:.4e} best_ppl={:.2f}".format(
            vl, math.exp(vl), vl, math.exp(vl)))
        mle.append((epoch, float(f"{loss.item():.4e}")))
    opt = torch.optim.SGD(model.parameters(), lr=1e-2)
    best = 0.0
    for epoch in range(1, 6):
        probs = model(x[:192]).softmax(1)
        sample = torch.multinomial(probs, 1).squeeze(1)
        reward = (sample == y[:192]).float()
        loss = -(probs.gather(1, sample[:, None]).squeeze(1).log() * (reward - reward.mean())).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        bleu = reward.mean().item() * 100
        lines.append("Epoch {} - |param|={:.2e} |g_param|={:.2e} BLEU={:.2f}".format(
            epoch, norm(model.parameters()), norm(p.grad for p in model.parameters()), bleu))
        with torch.no_grad():
            vb = (model(x[192:]).argmax(1) == y[192:]).float().mean().item() * 100
        best = max(best, vb)
        lines.append("Validation - BLEU={:.2f} best_BLEU={:.2f}".format(vb, best))
        rl.append((epoch, round(bleu, 2)))
    log = tmp_path / "train.log"
    log.write_text("\n".join(lines) + "\n")
    frame, notes = _quiet_read(log, resolve=True)
    assert _series(frame, "loss", "train.log#1") == mle
    assert _series(frame, "BLEU", "train.log#2") == rl
    assert not any("resumed" in n for n in notes)
