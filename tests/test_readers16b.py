"""Reader kinds of branch readers16b (breaker7's faults 7-11: printed job logs), each log printed by a real (tiny)
torch training loop in the test:

- clock times (``0:00:08``, ``0:00:27.742635``, ``ETA: 1:04``) are no metric values; ``Loss is 0.3`` is ``Loss``;
- PyTracking/SeqTrack ``LTRTrainer`` lines print running epoch averages: the epoch's value is its last line's.
"""
from __future__ import annotations

import datetime
import io
import time
import warnings

import torch

from loganalyzer import read_scalars

from _runs import one_thread  # noqa: F401,E402  (one_thread: autouse)


def scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


def series(df, tag):
    rows = df[df["tag"] == tag]
    return rows["step"].tolist(), rows["value"].tolist()


def _model_and_data(seed=0, n=48):
    torch.manual_seed(seed)
    x = torch.randn(n, 4)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    model = torch.nn.Linear(4, 2)
    return model, torch.optim.SGD(model.parameters(), lr=0.5), x, y


class AverageMeter:
    """``ltr.admin.stats.AverageMeter`` (PyTracking): the running mean of the values so far."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.val = self.avg = self.sum = self.count = 0

    def update(self, val, n=1):
        self.val = val
        self.sum += val * n
        self.count += n
        self.avg = self.sum / self.count


# ---------------------------------------------------------------- clock times

def test_clock_times_are_no_series_and_loss_is_names_loss(tmp_path):
    """A loop printing its elapsed time as ``str(timedelta)`` (``0:00:00.012345``) and ETAs as ``m:ss``: no series
    from the clocks or the words naming them; ``Loss is X Acc is Y`` gives ``Loss`` and ``Acc``."""
    model, opt, x, y = _model_and_data()
    start = datetime.datetime.now()
    lines, want_loss, want_acc = [], [], []
    batches = 12
    for i in range(batches):
        xb, yb = x[i * 4:(i + 1) * 4], y[i * 4:(i + 1) * 4]
        out = model(xb)
        loss = torch.nn.functional.cross_entropy(out, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        acc = (out.argmax(1) == yb).float().mean().item()
        elapsed = datetime.datetime.now() - start + datetime.timedelta(hours=i % 3, microseconds=1)
        # Capstone_DL_Object_detection's train.py print
        lines.append("%d/%d in %d epoch finished at time %s from start, Loss is %f Acc is %f"
                     % (i, batches, 0, elapsed, loss.item(), acc))
        want_loss.append(float("%f" % loss.item()))
        want_acc.append(float("%f" % acc))
        # SeqTrack variant: durations printed as h:mm:ss with words naming them
        left = datetime.timedelta(seconds=int(time.time()) % 7 * 61 + 75)
        lines.append(f"Epoch {i + 1} : {i + 1} / {batches} samples , time for last 50 samples : 0:00:08 hours , "
                     f"time left to finish the epoch : {left} hours , IoU: {acc:.5f}")
    (tmp_path / "train_log.txt").write_text("\n".join(lines) + "\n")
    df, _ = scalars(tmp_path)
    tags = set(df["tag"].astype(str))
    assert {"Loss", "Acc"} <= tags
    assert not tags & {"at_time", "in", "Loss_is", "Acc_is", "for_last", "since_beginning", "the_epoch", "ETA",
                       "time_left", "left", "the"}, tags
    assert series(df, "Loss")[1] == want_loss
    assert series(df, "Acc")[1] == want_acc


def test_keras_eta_minutes_are_no_series(tmp_path):
    """Keras 2's verbose=1 bar written with newlines: ``ETA: 1:04`` (over a minute left) is no ``ETA`` series, and
    the per-batch running means are no epoch points (the epoch's last line is)."""
    model, opt, x, y = _model_and_data(1)
    lines, final = ["Epoch 1/2"], []
    for epoch in range(2):
        if epoch:
            lines.append(f"Epoch {epoch + 1}/2")
        total = 0.0
        for i in range(12):
            xb, yb = x[i * 4:(i + 1) * 4], y[i * 4:(i + 1) * 4]
            loss = torch.nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            eta = "ETA: 1:04" if i < 4 else "ETA: 5s"
            bar = f"{i + 1:3d}/12 [{'=' * (i * 30 // 12) + '>':.<30}] - "
            lines.append(bar + (f"{eta} - loss: {total / (i + 1):.4f}" if i < 11 else
                                f"2s 3ms/step - loss: {total / (i + 1):.4f}"))
        final.append(float(f"{total / 12:.4f}"))
    (tmp_path / "training_log.txt").write_text("\n".join(lines) + "\n")
    df, _ = scalars(tmp_path)
    assert "ETA" not in set(df["tag"].astype(str))
    # written with newlines, each redraw is a running mean: the epoch's point is its last line's
    assert series(df, "loss") == ([1, 2], final)


# ---------------------------------------------------------------- PyTracking running averages

def _ltr_loop(print_line, summary=None, epochs=3, batches=7, print_interval=2, val_batches=3):
    """A PyTracking ``LTRTrainer``-style loop; ``print_line(loader, epoch, i, n, stats)`` makes each printed line
    (``_print_stats``); returns the lines and each epoch's final running means."""
    model, opt, x, y = _model_and_data(2, n=batches * 4)
    lines, final, final_val = [], [], []
    for epoch in range(1, epochs + 1):
        for name, n, train in (("train", batches, True), ("val", val_batches, False)):
            stats = {"Loss/total": AverageMeter(), "IoU": AverageMeter()}
            for i in range(1, n + 1):
                xb, yb = x[(i - 1) * 4:i * 4], y[(i - 1) * 4:i * 4]
                with torch.set_grad_enabled(train):
                    out = model(xb)
                    loss = torch.nn.functional.cross_entropy(out, yb)
                if train:
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                stats["Loss/total"].update(loss.item(), 4)
                stats["IoU"].update((out.argmax(1) == yb).float().mean().item(), 4)
                if i % print_interval == 0 or i == n:
                    lines.append(print_line(name, epoch, i, n, stats))
            (final if train else final_val).append(round(stats["Loss/total"].avg, 5))
            if summary is not None:
                lines.append(summary(name, epoch, stats))
    return lines, final, final_val


def _pytracking_line(name, epoch, i, n, stats):
    # ltr/trainers/ltr_trainer.py _print_stats
    print_str = '[%s: %d, %d / %d] ' % (name, epoch, i, n)
    print_str += 'FPS: %.1f (%.1f)  ,  ' % (120.3 + i, 118.0)
    for key, val in stats.items():
        print_str += '%s: %.5f  ,  ' % (key, val.avg)
    return print_str[:-5]


def test_pytracking_running_means_take_the_epochs_last_line(tmp_path):
    lines, final, final_val = _ltr_loop(_pytracking_line)
    (tmp_path / "slurm-7.out").write_text("\n".join(lines) + "\n")
    df, notes = scalars(tmp_path)
    assert series(df, "Loss/total") == ([1, 2, 3], final)
    assert series(df, "val_Loss/total") == ([1, 2, 3], final_val)
    assert "FPS" not in set(df["tag"].astype(str))
    assert not [n for n in notes if "tee?" in n or "per-step mean" in n], notes


def _seqtrack_line(name, epoch, i, n, stats):
    if name != "train":
        return f"[{name}] "
    s = (f"Epoch {epoch} : {i * 50} / {n * 50} samples , time for last 50 samples : 0:00:0{i % 9} hours , "
         f"time since beginning : 0:0{i % 6}:12 hours , time left to finish the epoch : 0:00:{i:02d} hours")
    return s + "".join(f" , {k}: {v.avg:.5f}" for k, v in stats.items()) + " , LR/group0: 0.000100"


def _seqtrack_summary(name, epoch, stats):
    if name != "train":
        return ""
    return f"Epoch [{epoch}] completed in 0:07:59 hours\n[train] " + " | ".join(
        f"{k}: {v.avg:.5f}" for k, v in stats.items()) + " | LearningRate/group0: 0.00010"


def test_seqtrack_sample_lines_and_epoch_summaries(tmp_path):
    """The SeqTrack variant (``Epoch 1 : 50 / 3500 samples , ...``) with its ``[train] ...`` epoch summary: one
    point per epoch, the summary's value (= the last running mean), no clock series, no 'written twice' note."""
    lines, final, _ = _ltr_loop(_seqtrack_line, _seqtrack_summary, val_batches=1)
    (tmp_path / "training_log.txt").write_text("Training log created at 2025-10-28T14:33:14\n" + "\n".join(lines) + "\n")
    df, notes = scalars(tmp_path)
    assert series(df, "Loss/total") == ([1, 2, 3], final)
    assert set(df["tag"].astype(str)) == {"Loss/total", "IoU", "LR/group0"}
    assert not [n for n in notes if "tee?" in n or "per-step mean" in n], notes


# ---------------------------------------------------------------- torchvision MetricLogger beside a tqdm bar

class SmoothedValue:
    """torchvision ``references/detection/utils.py`` SmoothedValue (window median, global average)."""

    def __init__(self, window_size=20, fmt="{median:.4f} ({global_avg:.4f})"):
        import collections
        self.deque, self.total, self.count, self.fmt = collections.deque(maxlen=window_size), 0.0, 0, fmt

    def update(self, value):
        self.deque.append(value)
        self.count += 1
        self.total += value

    def __str__(self):
        d = torch.tensor(list(self.deque))
        return self.fmt.format(median=d.median().item(), global_avg=self.total / self.count, value=self.deque[-1])


def _metric_logger_line(epoch, i, n, meters):
    # MetricLogger.log_every's log_msg (CUDA branch): header, [i/n], eta, meters, time, data, max mem
    width = len(str(n))
    parts = [f"Epoch: [{epoch}]", f"[{i:>{width}}/{n}]", "eta: 0:01:07"]
    parts += [f"{name}: {meter}" for name, meter in meters.items()]
    parts += ["time: 0.9177", "data: 0.0664", "max mem: 10131"]
    return "  ".join(parts)


def test_metric_logger_components_beside_a_tqdm_bar(tmp_path):
    """A torchvision-reference ``train_one_epoch`` (MetricLogger, ``print_freq`` 5) wrapped in the user's own tqdm
    bar (``loss=..., lr=...``), all into one log: the loss components come from the MetricLogger lines at their
    batch index, ``loss``/``lr`` from the bar at its counter; a bar redraw with a garbled counter is no point and
    sends no step back."""
    from tqdm import tqdm
    model, opt, x, y = _model_and_data(3, n=80)
    n = 20
    log = io.StringIO()
    meters = {"lr": SmoothedValue(1, "{value:.6f}"), "loss": SmoothedValue(), "loss_classifier": SmoothedValue(),
              "loss_box_reg": SmoothedValue()}
    want = {}
    bar = tqdm(total=n, desc="Epoch: [0]", file=log, mininterval=0, ascii=True)
    for i in range(n):
        xb, yb = x[i * 4:(i + 1) * 4], y[i * 4:(i + 1) * 4]
        out = model(xb)
        cls = torch.nn.functional.cross_entropy(out, yb)
        reg = 0.1 * out.pow(2).mean()
        loss = cls + reg
        opt.zero_grad()
        loss.backward()
        opt.step()
        for name, v in (("lr", opt.param_groups[0]["lr"]), ("loss", loss.item()), ("loss_classifier", cls.item()),
                        ("loss_box_reg", reg.item())):
            meters[name].update(v)
        bar.update(1)
        bar.set_postfix(loss=f"{loss.item():.4f}", lr=f"{opt.param_groups[0]['lr']:.6f}")
        if i == 7:  # another write over the bar's counter
            log.write("\rEpoch: [0]:  40%|####      sum_hansf/20 [00:13<3:07:23,  1.74it/s, loss=5.2010, lr=0.5]")
        if i % 5 == 0:
            log.write(_metric_logger_line(0, i, n, meters) + "\n")
            want[i] = float(f"{torch.tensor(list(meters['loss_classifier'].deque)).median().item():.4f}")
    bar.close()
    (tmp_path / "train_2025-07-26.log").write_text(log.getvalue())
    df, notes = scalars(tmp_path)
    tags = set(df["tag"].astype(str))
    assert {"loss", "lr", "loss_classifier", "loss_box_reg"} <= tags, tags
    assert not [t for t in tags if "sum_hansf" in t or t == "max_mem"], tags
    assert dict(zip(*series(df, "loss_classifier"))) == want
    steps, _ = series(df, "loss")
    assert steps == sorted(steps) and max(steps) == n, steps
    assert not [m for m in notes if "counter_reset" in m or "went back" in m], notes
    assert [m for m in notes if "garbled n/total counter" in m], notes


# ---------------------------------------------------------------- bracketed name and value lists

_GPTIME = r'''
import logging, os, sys, torch
logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                    format="%(asctime)s - %(name)s - %(levelname)s - %(message)s")
logger = logging.getLogger("GPTime.model.train")
torch.manual_seed(0)
x = torch.randn(64, 3); y = x.sum(1, keepdim=True)
model = torch.nn.Linear(3, 1); opt = torch.optim.SGD(model.parameters(), lr=0.05)
total = 0.0
for ep in range(1, 31):
    loss = torch.nn.functional.mse_loss(model(x), y)
    opt.zero_grad(); loss.backward(); opt.step()
    total += loss.item()
    if ep % 5 == 0:
        logger.info(f"Epoch {ep}\t[Avg. Loss, Loss]: {[round(total / ep, 4), round(loss.item(), 4)]}, 0")
os.makedirs(sys.argv[1]); os.makedirs(sys.argv[1])
'''


def test_bracketed_names_with_bracketed_values(tmp_path):
    """``logger.info(f"Epoch {ep}\\t[Avg. Loss, Loss]: {[avg, loss]}, 0")`` then a FileExistsError: ``Avg_Loss``
    and ``Loss`` at each printed epoch, and the ending says the job died after that progress."""
    import subprocess
    import sys
    script = tmp_path / "train.py"
    script.write_text(_GPTIME)
    run = tmp_path / "run"
    run.mkdir()
    with open(run / "job.out", "wb") as out:
        subprocess.run([sys.executable, str(script), str(tmp_path / "models")], stdout=out, stderr=subprocess.STDOUT,
                       check=False, timeout=120)
    text = (run / "job.out").read_text()
    assert "[Avg. Loss, Loss]: [" in text and "FileExistsError" in text
    df, _ = scalars(run)
    steps, values = series(df, "Loss")
    assert steps == [5, 10, 15, 20, 25, 30]
    assert series(df, "Avg_Loss")[0] == steps
    first = text.split("[Avg. Loss, Loss]: [", 1)[1].split("]", 1)[0]
    assert series(df, "Avg_Loss")[1][0] == float(first.split(",")[0]) and values[0] == float(first.split(",")[1])
    from loganalyzer.discover import discover
    from loganalyzer.load import load_run
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ended = load_run(discover(str(run))[0]).ended
    assert ended.exception == "FileExistsError" and "before any loss" not in ended.summary
    assert ended.step == 30


# ---------------------------------------------------------------- two values under one name; an opening counter

def test_slashed_pair_and_opening_counter(tmp_path):
    """``lr(main/disc) 3.00e-04/1.00e-04`` (two optimizers, Dual_D's print) is ``lr_main`` and ``lr_disc``; a line
    opening with ``i/N,`` counts its step from ``i`` (0-based, as printed)."""
    torch.manual_seed(4)
    main = torch.nn.Linear(3, 1)
    disc = torch.nn.Linear(1, 1)
    opt_m = torch.optim.Adam(main.parameters(), lr=3e-4)
    opt_d = torch.optim.Adam(disc.parameters(), lr=1e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt_m, 2, 0.5)
    x = torch.randn(32, 3)
    dual, counted, lrs = [], [], []
    for epoch in range(1, 6):
        loss = main(x).pow(2).mean()
        d_loss = disc(main(x).detach()).pow(2).mean()
        opt_m.zero_grad()
        loss.backward()
        opt_m.step()
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        lr_m, lr_d = opt_m.param_groups[0]["lr"], opt_d.param_groups[0]["lr"]
        lrs.append((float(f"{lr_m:.2e}"), float(f"{lr_d:.2e}")))
        dual.append(f"Epoch {epoch:03d}/100 | loss {loss.item():.4f} | dual_d {d_loss.item():.4f} | "
                    f"lr(main/disc) {lr_m:.2e}/{lr_d:.2e} | 0.1s")
        counted.append("%d/%d in %d epoch finished at time %s from start, Loss is %f Acc is %f"
                       % (epoch - 1, 5, 0, datetime.timedelta(seconds=epoch * 7.25), loss.item(), 0.5))
        sched.step()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "train_dual_d.log").write_text("\n".join(dual) + "\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "train_log.txt").write_text("\n".join(counted) + "\n")
    df, _ = scalars(tmp_path / "a")
    assert series(df, "lr_main") == ([1, 2, 3, 4, 5], [m for m, _ in lrs])
    assert series(df, "lr_disc") == ([1, 2, 3, 4, 5], [d for _, d in lrs])
    df, _ = scalars(tmp_path / "b")
    assert series(df, "Loss")[0] == [0, 1, 2, 3, 4]
