"""Reader kinds of the sets opened at stop 66 (197-204), each failing on the stop's start code, with guards:

- a WideResNet adversarial-training log (public wrnadv201, Seonwoo Min's trainer: every line
  ``time.strftime('%m-%d %H:%M:%S') + '\\t' + text``) whose epoch table is tab-separated, ``ep split adv_loss adv_acc
  | split adv_loss adv_acc``: no line held a loss beside its value, the log was read as nothing;
- a continual-learning log (public hybridcl198) printing ``task=N  epoch=E  train_loss=x`` with one epoch per task:
  the epoch counter back at 0 on every task split it into 20 one-point runs, each judged "unknown";
- Transfer-Learning-Library's ``validate`` printing ``Test: [ 0/18]`` alone (``print_freq`` 100 over 18 batches,
  public tllibdann198): one batch's loss read as the evaluation's ``val_Loss`` (an "overfit" from batch noise).
"""
from __future__ import annotations

import subprocess
import sys
import time

import torch

import loganalyzer
from _runs import read_resolved, series_by_step, tiny_epochs


# ---------------------------------------------------------------- WideResNet tab-separated epoch table


class _Print:
    """The trainer's logger (its ``src/utils.py`` ``Print``): the stamp, a tab, the text, to the log file."""

    def __init__(self, f):
        self.f = f

    def __call__(self, text: str) -> None:
        print(time.strftime("%m-%d %H:%M:%S") + "\t" + text, file=self.f, flush=True)


def _wrn_log(path, epochs: int = 8, name: str = "adv", split: str = "test") -> list[tuple[float, ...]]:
    """The log as public wrnadv201's ``adv_train_wrn_log.txt`` lays it out: arguments, stage lines, the table."""
    torch.manual_seed(0)
    x = torch.randn(96, 6)
    y = (x[:, 0] + 0.3 * x[:, 1] > 0).long()
    rows = list(tiny_epochs(x, y, epochs, lr=0.5))
    with open(path, "w") as f:
        p = _Print(f)
        p("##### arguments #####")
        p("dataset: cifar10")
        p("-- num_epochs: %d" % epochs)
        f.write("\n")
        p("start training a model")
        p("\t".join(["ep", "split", f"{name}_loss", f"{name}_acc", "|", "split", f"{name}_loss", f"{name}_acc"]))
        for e, (loss, acc, vloss, vacc) in enumerate(rows, 1):
            p("\t".join(["%03d" % e, "train", "%.4f" % loss, "%.4f" % acc, "|", split, "%.4f" % vloss, "%.4f" % vacc]))
        p("end training a model")
        p("elapsed time:0:00:01.208410")
    return rows


def test_wrn_tab_table_read(tmp_path):
    rows = _wrn_log(tmp_path / "adv_train_wrn_log.txt")
    df, warned = read_resolved(tmp_path / "adv_train_wrn_log.txt")
    steps, values = series_by_step(df, "train_adv_loss")
    assert steps == list(range(1, 9))
    assert values == [round(r[0], 4) for r in rows]
    assert series_by_step(df, "test_adv_acc")[1] == [round(r[3], 4) for r in rows]
    assert set(df.tag.astype(str)) == {"train_adv_loss", "train_adv_acc", "test_adv_loss", "test_adv_acc"}
    assert not any("no line holds a loss" in w for w in warned)


def test_wrn_standard_table_read(tmp_path):
    """The standard (not adversarial) training's ``std_train_wrn_log.txt``: ``std_loss`` under the same layout."""
    rows = _wrn_log(tmp_path / "std_train_wrn_log.txt", name="std")
    df, _ = read_resolved(tmp_path / "std_train_wrn_log.txt")
    assert series_by_step(df, "test_std_loss")[1] == [round(r[2], 4) for r in rows]


def test_tab_table_unknown_split_not_read(tmp_path):
    """Guard: a split cell of no known split (``fold``) is no such table: nothing read, the log says so."""
    _wrn_log(tmp_path / "log.txt", split="fold")
    df, warned = read_resolved(tmp_path / "log.txt")
    assert "test_adv_loss" not in set(df.tag.astype(str))
    assert "fold_adv_loss" not in set(df.tag.astype(str))


def test_tab_table_one_row_not_read(tmp_path):
    """Guard: one row (the job stopped after its first epoch) is no curve."""
    _wrn_log(tmp_path / "log.txt", epochs=1)
    df, warned = read_resolved(tmp_path / "log.txt")
    assert df.empty
    assert warned


# ---------------------------------------------------------------- continual learning: 'task=N  epoch=E  train_loss='


def _cl_log(path, tasks: int = 6, epochs: int = 1, key: str = "task", start: int = 0) -> list[float]:
    """hybridcl198's trainer: a banner per task (``Task t+1/T | Classes (..)``), ``[HH:MM:SS] task=t  epoch=e
    train_loss=x`` per epoch, ``epoch=END`` with per-task accuracies; one linear head trained on each task's split."""
    torch.manual_seed(0)
    model = torch.nn.Linear(6, 2 * tasks)
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    losses = []
    stamp = lambda: time.strftime("[%H:%M:%S]")
    with open(path, "w") as f:
        print(f"{stamp()} Starting: split_toy_ewc_seed42", file=f)
        for t in range(tasks):
            print("=" * 60 + f"\n Task {t + 1}/{tasks}  | Classes ({2 * t}, {2 * t + 2})\n" + "=" * 60, file=f)
            print(f"{stamp()} Task {t} baseline (chance): {100 / (t + 1):.2f}%", file=f)
            x = torch.randn(64, 6) + t
            y = (x[:, 0] > t).long() + 2 * t
            for e in range(epochs):
                loss = torch.nn.functional.cross_entropy(model(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
                losses.append(round(loss.item(), 4))
                print(f"{stamp()} {key}={t + start}  epoch={e}  train_loss={losses[-1]}", file=f)
            accs = "  ".join(f"acc_task{i}={50.0 - i:.1f}" for i in range(t + 1))
            print(f"{stamp()} {key}={t + start}  epoch=END  time_sec=3.6  {accs}", file=f)
    return losses


def test_task_counter_one_training(tmp_path):
    losses = _cl_log(tmp_path / "split_toy_ewc_seed42.log")
    runs = loganalyzer.discover(str(tmp_path))
    assert len(runs) == 1
    df, _ = read_resolved(tmp_path / "split_toy_ewc_seed42.log")
    assert series_by_step(df, "train_loss") == (list(range(6)), losses)


def test_task_counter_several_epochs(tmp_path):
    """Two epochs per task: the steps go on across tasks (0..11), one run."""
    losses = _cl_log(tmp_path / "cl.log", epochs=2)
    assert len(loganalyzer.discover(str(tmp_path))) == 1
    df, _ = read_resolved(tmp_path / "cl.log")
    assert series_by_step(df, "train_loss") == (list(range(12)), losses)


def test_fold_counter_stays_apart(tmp_path):
    """Guard: ``fold=N`` (a fresh model per fold) is no part of one training: the folds stay runs of their own."""
    _cl_log(tmp_path / "cv.log", tasks=3, epochs=2, key="fold")
    assert len(loganalyzer.discover(str(tmp_path))) == 3


# ---------------------------------------------------------------- TLlib validate: 'Test: [ 0/18]' alone

# tllib.utils.meter's AverageMeter/ProgressMeter (pytorch/examples' format) and TLlib's train/validate loops
# (examples/domain_adaptation/image_classification/dann.py: progress.display(i) when i % print_freq == 0, then
# ' * Acc@1 {top1.avg:.3f}'), driving a tiny real training; VAL_BATCHES and PRINT_FREQ given on the command line
def _tllib_script() -> str:
    from test_printed_logs import IMAGENET
    head = IMAGENET[:IMAGENET.index("torch.manual_seed(0)")]
    return head + r"""
val_batches, print_freq = int(sys.argv[1]), int(sys.argv[2])
torch.manual_seed(0)
x = torch.randn(200 + 8 * val_batches, 8); y = (x[:, 0] > 0).long()
model = torch.nn.Linear(8, 2); opt = torch.optim.SGD(model.parameters(), lr=0.5)
def accuracy(out, t):
    return (out.argmax(1) == t).float().mean().item() * 100
for epoch in range(4):
    meters = [AverageMeter('Time', ':5.2f'), AverageMeter('Loss', ':6.2f'), AverageMeter('Cls Acc', ':3.1f')]
    progress = ProgressMeter(25, meters, prefix="Epoch: [{}]".format(epoch))
    for i in range(25):
        out = model(x[i * 8:(i + 1) * 8]); loss = torch.nn.functional.cross_entropy(out, y[i * 8:(i + 1) * 8])
        opt.zero_grad(); loss.backward(); opt.step()
        for m, v in zip(meters, (0.01, loss.item(), accuracy(out, y[i * 8:(i + 1) * 8]))):
            m.update(v, 8)
        if i % print_freq == 0:
            progress.display(i)
    vmeters = [AverageMeter('Time', ':6.3f'), AverageMeter('Loss', ':.4e'), AverageMeter('Acc@1', ':6.2f')]
    vprogress = ProgressMeter(val_batches, vmeters, prefix='Test: ')
    with torch.no_grad():
        for i in range(val_batches):
            xs, ys = x[200 + i * 8:208 + i * 8], y[200 + i * 8:208 + i * 8]
            out = model(xs)
            for m, v in zip(vmeters, (0.01, torch.nn.functional.cross_entropy(out, ys).item(), accuracy(out, ys))):
                m.update(v, 8)
            if i % print_freq == 0:
                vprogress.display(i)
    print(' * Acc@1 {top1.avg:.3f}'.format(top1=vmeters[2]))
    print("FINAL", vmeters[1].avg, file=sys.stderr)
"""


def _tllib_log(path, val_batches: int, print_freq: int) -> list[float]:
    with open(path, "wb") as f:
        done = subprocess.run([sys.executable, "-c", _tllib_script(), str(val_batches), str(print_freq)], stdout=f,
                              stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return [float(line.split()[1]) for line in done.stderr.decode().splitlines() if line.startswith("FINAL")]


def test_tllib_first_batch_is_no_validation_loss(tmp_path):
    _tllib_log(tmp_path / "train-2022-04-27-17_58_25.txt", val_batches=18, print_freq=20)
    df, _ = read_resolved(tmp_path / "train-2022-04-27-17_58_25.txt")
    tags = set(df.tag.astype(str))
    assert "val_Loss" not in tags  # batch 0 of 18: one batch's loss
    assert len(series_by_step(df, "val_Acc@1")[1]) == 4  # the summary's accuracy stays
    assert len(series_by_step(df, "Loss")[1]) == 8


def test_tllib_late_batch_kept(tmp_path):
    """Guard: a pass whose last printed batch is past half its batches (10 of 12) keeps its running average."""
    finals = _tllib_log(tmp_path / "train.txt", val_batches=12, print_freq=10)
    df, _ = read_resolved(tmp_path / "train.txt")
    values = series_by_step(df, "val_Loss")[1]
    assert len(values) == 4 and all(abs(v - f) < 0.2 for v, f in zip(values, finals))
