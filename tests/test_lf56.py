"""Stop 56 leftovers (branch lf56): NaN texts on the run's own axis, an inf gradient norm ending a blown-up run,
percentages beside the logged values they are computed from, and a job's .err traceback beside its .out."""
from __future__ import annotations

import csv
import math
import re
import warnings

import numpy as np
import pytest

import loganalyzer


def scan(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.analyze(path, config=False)


def _one(path):
    report = scan(path)
    assert len(report.runs) == 1, [r.id for r in report.runs]
    return report, report.runs[0]


def _texts(run) -> str:
    v = run.analysis
    return " ".join([v.summary, *(f.message for f in v.findings), *v.advice])


# ---------------------------------------------------------------- 1. NaN texts name the axis the run is logged on

def _keras_csv(path, *, grad_from=None, loss_from=None, val_from=7, epochs=12):
    """What Keras' CSVLogger writes (``epoch`` first, then the logs' keys sorted): a NaN is written as ``nan``."""
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["epoch", "grad_norm", "loss", "val_loss"])
        for e in range(epochs):
            loss = 2.0 * 0.85 ** e
            nan = float("nan")
            w.writerow([e, nan if grad_from is not None and e >= grad_from else 1.0 + 0.1 * e,
                        nan if loss_from is not None and e >= loss_from else loss,
                        nan if e >= val_from else 1.1 * loss])


def _no_step_words(text: str):
    assert not re.search(r"\bsteps? \d", text), text


def test_keras_csv_val_loss_nan_says_epoch(tmp_path):
    _keras_csv(tmp_path / "training.log", val_from=7, loss_from=7, grad_from=7)
    _, run = _one(tmp_path)
    text = _texts(run)
    assert run.analysis.label == "nan" and "epoch 7" in text, text
    _no_step_words(text)  # the grad-norm finding said "from step 7"


def test_keras_csv_grad_norm_first_says_epoch(tmp_path):
    """The gradient norm broke first (_signal_nan_verdict): its summary, the loss it quotes, the validation loss
    that followed and the advice all on epochs."""
    _keras_csv(tmp_path / "training.log", grad_from=5, val_from=7)
    _, run = _one(tmp_path)
    text = _texts(run)
    assert run.analysis.label == "nan" and run.analysis.evidence["signal"] == "grad_norm", text
    assert "became NaN at epoch 5" in text and "at epoch 4, the last log before the break" in text, text
    assert "non-finite from epoch 7" in text and "just before epoch 5" in text, text
    _no_step_words(text)


def test_tensorboardx_grad_norm_nan_says_step(tmp_path):
    """A tensorboardX run logged per step keeps "step N"; its Keras-style ``epoch_*`` twin says "epoch N"."""
    from tensorboardX import SummaryWriter

    for name, prefix, every in (("steps", "train/", 100), ("epochs", "epoch_", 1)):
        w = SummaryWriter(str(tmp_path / name))
        for i in range(20):
            w.add_scalar(prefix + "loss", 2.0 * 0.9 ** i, i * every)
            w.add_scalar(prefix + "grad_norm", float("nan") if i >= 12 else 1.0 + 0.05 * i, i * every)
        w.close()
    steps = scan(tmp_path / "steps").runs[0].analysis
    epochs = scan(tmp_path / "epochs").runs[0].analysis
    assert steps.label == "nan" and "became NaN at step 1,200" in steps.summary, steps.summary
    assert epochs.label == "nan" and "became NaN at epoch 12" in epochs.summary, epochs.summary
    _no_step_words(" ".join([epochs.summary, *epochs.advice]))


# ---------------------------------------------------------------- 2. an inf gradient norm ending a blown-up run

def _train_blowup(logdir, lr: float, stop_on_nonfinite: bool):
    """A real tiny regression trained with SGD at a learning rate far too high, logged per step with torch's
    SummaryWriter (loss and the total gradient norm ``clip_grad_norm_`` returns); ``stop_on_nonfinite``: the loop
    breaks on a non-finite norm or loss after logging it (what many training scripts do)."""
    torch = pytest.importorskip("torch")
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1) + 0.1 * torch.randn(256, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    logged = []
    with SummaryWriter(str(logdir)) as w:
        for step in range(40):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
            w.add_scalar("train/loss", loss.item(), step)
            w.add_scalar("train/grad_norm", norm.item(), step)
            logged.append((loss.item(), norm.item()))
            if stop_on_nonfinite and not (math.isfinite(norm.item()) and math.isfinite(loss.item())):
                break
            opt.step()
    return logged


def test_inf_grad_norm_after_huge_loss_is_nan(tmp_path):
    logged = _train_blowup(tmp_path / "run", lr=1.0, stop_on_nonfinite=True)
    last_loss, last_norm = logged[-1]
    assert math.isfinite(last_loss) and last_loss > 1e20 and math.isinf(last_norm), logged  # the blow-up is real
    _, run = _one(tmp_path / "run")
    v = run.analysis
    assert v.label == "nan", v.summary  # was `diverged` 0.50
    assert v.evidence["series"] == "train/grad_norm" and v.evidence["first_nonfinite_step"] == len(logged) - 1
    assert "the last of its" in v.summary and "finite again after" not in _texts(run), _texts(run)


def test_loss_inf_with_inf_grad_norm_is_nan_and_no_fp16_skip_said(tmp_path):
    logged = _train_blowup(tmp_path / "run", lr=0.5, stop_on_nonfinite=True)
    assert math.isinf(logged[-1][0]), logged
    _, run = _one(tmp_path / "run")
    assert run.analysis.label == "nan"
    text = _texts(run)
    assert "finite again after" not in text and "fp16 loss scaling" not in text, text  # the norm's last log is inf
    assert "non-finite at its last log (step" in text, text


def test_one_inf_grad_norm_beside_a_calm_loss_stays_a_finding(tmp_path):
    """fp16 loss scaling skipping an overflowing step at the last log: the loss never blew up, no `nan`."""
    from tensorboardX import SummaryWriter

    with SummaryWriter(str(tmp_path)) as w:
        for i in range(60):
            w.add_scalar("train/loss", 2.0 * 0.95 ** i + 0.3, i * 10)
            w.add_scalar("train/grad_norm", float("inf") if i == 59 else 1.0, i * 10)
    _, run = _one(tmp_path)
    assert run.analysis.label != "nan", run.analysis.summary


# ---------------------------------------------------------------- 3. a percentage beside the numbers it comes from

def _pct_of(text: str) -> list[tuple[float, float, int, str]]:
    return [(float(a.replace(",", "")), float(b.replace(",", "")), int(p), w) for a, b, p, w in re.findall(
        r"([\d.,]+) -> ([\d.,]+), (\d+)% (lower|higher)", text)]


def test_stalled_percentage_matches_the_quoted_values(tmp_path):
    """A flat noisy loss whose first log is low and last log high: the logged values rose ~10% while the smoothed
    level fell ~5%; the summary said "went from 2.133 ... to 2.341 ...; smoothed, 5% lower"."""
    from tensorboardX import SummaryWriter

    rng = np.random.default_rng(1)
    values = 2.3 + 0.3 * rng.standard_normal(200)
    with SummaryWriter(str(tmp_path)) as w:
        for i, v in enumerate(values):
            w.add_scalar("train/loss", float(v), i * 10)
    _, run = _one(tmp_path)
    v = run.analysis
    first, last = float(values[0]), float(values[-1])
    logged = round(100 * abs(last / first - 1))
    assert v.label == "stalled", v.summary
    said = re.search(r"(\d+)% (lower|higher) as logged", v.summary)
    assert said and int(said.group(1)) == logged and said.group(2) == ("higher" if last > first else "lower"), \
        v.summary
    for a, b, p, word in _pct_of(v.summary):  # the smoothed share is quoted with its own ends
        assert abs(100 * abs(1 - b / a) - p) <= 1 and word == ("lower" if b < a else "higher"), v.summary


def test_close_shares_keep_the_short_text(tmp_path):
    from tensorboardX import SummaryWriter

    with SummaryWriter(str(tmp_path)) as w:
        for i in range(100):
            w.add_scalar("train/loss", 0.3 + 2.0 * math.exp(-i / 15), i)
    _, run = _one(tmp_path)
    assert "as logged" not in run.analysis.summary and "smoothed, " in run.analysis.summary, run.analysis.summary


# ---------------------------------------------------------------- 4. a job's .err traceback beside its .out

ERR = '''Traceback (most recent call last):
  File "/home/u/proj/train.py", line 88, in <module>
    main()
  File "/home/u/proj/train.py", line 71, in main
    batch = next(it)
FileNotFoundError: [Errno 2] No such file or directory: '/scratch/u/data/img_04512.png'
'''


def _keras_out(n=15, total=30):
    return "".join(f"Epoch {e}/{total}\n100/100 [==============================] - 3s 30ms/step - loss: "
                   f"{2.3 * 0.9 ** e:.4f} - val_loss: {2.4 * 0.9 ** e:.4f}\n" for e in range(1, n + 1))


def test_err_traceback_beside_out_is_the_ending_not_a_warning(tmp_path):
    (tmp_path / "train_1234.out").write_text(_keras_out())
    (tmp_path / "train_1234.err").write_text(ERR)
    report, run = _one(tmp_path)
    assert run.ended.cause == "python_exception"
    last_line = "FileNotFoundError: [Errno 2] No such file or directory: '/scratch/u/data/img_04512.png'"
    assert last_line in run.ended.summary, run.ended.summary
    assert any(last_line in f.message for f in run.analysis.findings), run.analysis.findings
    assert not any("train_1234.err" in w for w in run.warnings), run.warnings  # was "no training progress ..."


def test_err_traceback_alone_still_warns(tmp_path):
    """Without a curve beside it, the .err is the whole run: its note stays."""
    (tmp_path / "train_1234.err").write_text(ERR)
    report = scan(tmp_path)
    warned = [w for r in report.runs for w in r.warnings] + [str(e) for e in report.errors]
    assert any("train_1234.err" in w for w in warned) or not report.runs, (warned, report.runs)
